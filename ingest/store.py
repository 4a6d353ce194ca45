"""Load documents from files and write/read the ingested clauses as JSON Lines.

Output folder layout (byte-identical for the same input):
    documents.jsonl  one line per document: doc_id, source name, content hash, metadata
    clauses.jsonl    one line per clause, in document order
Writes go to temporary files that are renamed into place, so a failed run leaves the old output.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .errors import IngestError
from .limits import Limits
from .loaders import read_text
from .parser import parse_document
from .records import BUNDLED_DOC_ID, Clause, Document

DOCUMENTS_FILE = "documents.jsonl"
CLAUSES_FILE = "clauses.jsonl"


def bundled_path() -> Path:
    """Path of the bundled resolution (镇人大常〔2023〕31号) inside the installed package."""
    return Path(str(resources.files("ingest") / "data" / f"{BUNDLED_DOC_ID}.txt"))


def doc_id_for(path: str | Path) -> str:
    """A document's id: its file stem, with characters that would break a `doc:clause` name replaced."""
    stem = Path(path).stem.strip()
    return re.sub(r"[\s:/\\]+", "-", stem) or "document"


def load_document(path: str | Path, *, short_name: str | None = None, limits: Limits | None = None) -> Document:
    """Read and parse one document file. Raises `IngestError` naming the file on bad input
    (`DocumentTooLarge` when it is over `limits`: what one staff upload may cost).

    `short_name` overrides the short name derived from the title (names.py)."""
    path = Path(path)
    text = read_text(path, limits=limits)
    return parse_document(text, doc_id=doc_id_for(path), path=path.name, short_name=short_name, limits=limits)


def load_documents(paths: Iterable[str | Path]) -> list[Document]:
    """Read and parse several files, all or nothing: the first bad file raises (building an index needs
    every document). Two files with the same doc_id are an error. `batch.ingest_batch` reports per file."""
    docs: list[Document] = []
    seen: dict[str, str] = {}
    for path in paths:
        doc = load_document(path)
        if doc.doc_id in seen:
            raise IngestError(path, f"doc_id {doc.doc_id!r} is already used by {seen[doc.doc_id]}; rename one")
        seen[doc.doc_id] = str(path)
        docs.append(doc)
    return docs


def load_bundled() -> Document:
    return load_document(bundled_path())


def all_clauses(docs: Iterable[Document]) -> list[Clause]:
    return [c for d in docs for c in d.clauses]


def write_jsonl(docs: list[Document], out_dir: str | Path) -> tuple[Path, Path]:
    """Write `documents.jsonl` and `clauses.jsonl` into `out_dir` atomically (temp file, then rename)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise IngestError(out, "output path exists and is not a folder; choose a folder for --out")
    out.mkdir(parents=True, exist_ok=True)
    doc_lines = [_dumps(d.to_dict()) for d in docs]
    clause_lines = [_dumps(c.to_dict()) for c in all_clauses(docs)]
    targets = []
    for name, lines in ((DOCUMENTS_FILE, doc_lines), (CLAUSES_FILE, clause_lines)):
        targets.append((_write_temp(out, "".join(line + "\n" for line in lines)), out / name))
    for tmp, final in targets:
        os.replace(tmp, final)
    return out / DOCUMENTS_FILE, out / CLAUSES_FILE


def read_clauses(path: str | Path) -> list[Clause]:
    """Read `clauses.jsonl` (or a folder holding it) back into `Clause` records."""
    path = Path(path)
    if path.is_dir():
        path = path / CLAUSES_FILE
    if not path.exists():
        raise IngestError(path, "no clauses file; run `policy-qa ingest PATH --out DIR` first")
    clauses = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            clauses.append(Clause.from_dict(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            raise IngestError(path, f"line {n} is not a clause record ({e})") from e
    return clauses


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _write_temp(folder: Path, text: str) -> str:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".jsonl")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp
