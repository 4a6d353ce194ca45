"""Domain errors of the answer stage; the page, the API and the CLI turn them into notices."""


class BackendUnavailableError(RuntimeError):
    """An LLM backend failed (refused, timed out, HTTP error, malformed reply). Never carries a secret."""


class QuestionError(ValueError):
    """The question cannot be answered as given (empty, no words); the message says how to fix it."""


class DocumentError(ValueError):
    """A staff document operation that cannot be done as asked (chat/documents.py); the message says what
    was wrong and how to fix it, and names files by their upload name, never by a server path. The
    subclasses tell an edge which status to answer with."""


class UploadRejected(DocumentError):
    """The upload is not a usable document file (bad name, empty, content that does not match its type)."""


class UnsupportedType(UploadRejected):
    """The file type is not one staff may upload."""


class UploadTooLarge(UploadRejected):
    """The upload is over `Settings.max_upload_bytes`."""


class StagingFull(DocumentError):
    """Too many uploads wait in the staging folder (`Settings.max_staged_uploads`)."""


class DuplicateDocument(DocumentError):
    """A document with this doc_id or this text is already in the corpus."""


class UnknownDocument(DocumentError):
    """No such document or upload."""


class NotRemovable(DocumentError):
    """The document is not one staff added here (the bundled resolution, or one configured with --docs)."""


class NotPublishable(DocumentError):
    """The upload did not parse cleanly (an error, or coverage under 100%)."""


class RebuildBusy(DocumentError):
    """A rebuild of the index is already running in this server."""


class ChangeConflict(DocumentError):
    """The documents folder changed under a change (another server sharing the home added or removed a
    file meanwhile); nothing was replaced or lost."""
