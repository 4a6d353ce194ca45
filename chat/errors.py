"""Domain errors of the answer stage; the page, the API and the CLI turn them into notices."""


class BackendUnavailableError(RuntimeError):
    """An LLM backend failed (refused, timed out, HTTP error, malformed reply). Never carries a secret."""


class QuestionError(ValueError):
    """The question cannot be answered as given (empty, no words); the message says how to fix it."""
