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


_SNIPPET_CHARS = 24


def repeated_number(path: object, printed: str, first: tuple[int, str], second: tuple[int, str], *,
                    cited_as: str = "", lists: bool = True) -> IngestError:
    """The error for a number that two units carry at the same level, in words a staff member can act on:
    which number, on which two lines (with the start of each), and what to change.

    Args:
        printed: the number as the document prints it (（1）, 第2条, 1.2).
        first, second: (line, paragraph text) of the two paragraphs that carry it.
        cited_as: the id both would get, when it is not just the printed number (一（二） for （二） under 一、).
        lists: the numbering is a list that may start again under a heading (not a law's articles).
    """
    def show(line: int, text: str) -> str:
        return f"line {line} “{text[:_SNIPPET_CHARS]}{'…' if len(text) > _SNIPPET_CHARS else ''}”"

    both = f", so both would be cited as {cited_as}" if cited_as and cited_as != printed else ""
    fix = (f"Renumber one of them, or, if line {second[0]} starts a list of its own, put the heading it belongs "
           "to before it" if lists else "Renumber one of them")
    return IngestError(path, f"the number {printed} appears twice at the same level: {show(*first)} and "
                             f"{show(*second)}{both}. {fix}; then add the document again")
