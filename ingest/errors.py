"""Domain errors of the ingest stage. The core raises them; the CLI turns them into one-line messages."""


class IngestError(ValueError):
    """A document that cannot be ingested. The message names the file and what is wrong."""

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class DocumentTooLarge(IngestError):
    """A document over one of the caller's `limits.Limits`; `limit` names the field that was exceeded."""

    def __init__(self, path: object, problem: str, *, limit: str):
        self.limit = limit
        super().__init__(path, problem)
