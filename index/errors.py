"""Domain errors of the index stage; the CLI and the page turn them into messages that say what to do."""


class IndexError_(Exception):
    """Base class (named with a trailing underscore so it never shadows the builtin `IndexError`)."""


class IndexNotFoundError(IndexError_):
    """No index at the expected folder."""


class IndexMismatchError(IndexError_):
    """The index was built with another embedder or from another corpus."""


class CorpusChangedError(IndexMismatchError):
    """The index was built from other documents than the ones asked for."""


class IndexFormatError(IndexMismatchError):
    """The index was written by an older version of this program, in a format it no longer reads."""


class IndexCorruptError(IndexError_):
    """A file of the index is missing, truncated or fails its checksum."""


class EmbedderUnavailableError(RuntimeError):
    """An embedder or reranker could not be loaded (missing extra, model not found)."""
