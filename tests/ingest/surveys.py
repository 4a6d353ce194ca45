"""The public documents under tests/data, read for the ingest tests: a survey document by its folder and
name (cached: a document is parsed once per session), and a document's clauses by id."""

from functools import cache
from pathlib import Path

from ingest import load_document

DATA = Path(__file__).parent.parent / "data"


def survey_path(folder: str, name: str) -> Path:
    """tests/data/`folder`/`name`.* (the one file of that name, whatever its format)."""
    return next((DATA / folder).glob(f"{name}.*"))


@cache
def survey_doc(folder: str, name: str):
    return load_document(survey_path(folder, name))


def by_id(doc) -> dict:
    """The document's clauses by clause_id."""
    return {c.clause_id: c for c in doc.clauses}
