"""Ingest many files where each succeeds or fails on its own: one unparseable file no longer aborts a run.

`ingest_batch(paths)` returns a `BatchReport` (per file: ok with its Document, or failed with the
reason); `ingest_files(paths, out_dir)` is what `policy-qa ingest` calls: it ingests, writes the
documents that parsed, and returns the same report for the CLI to print. `store.load_documents` keeps
raising on the first bad file for callers that need all or nothing (building an index).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import IngestError
from .records import Document
from .store import doc_id_for, load_document, write_jsonl


@dataclass(frozen=True)
class FileResult:
    """One file of a batch: `document` when it parsed, else `error` saying why not."""

    path: str
    doc_id: str
    document: Document | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.document is not None


@dataclass(frozen=True)
class BatchReport:
    """The outcome of a batch, file by file, in the order given."""

    results: tuple[FileResult, ...] = field(default_factory=tuple)
    written: tuple[str, ...] = ()  # files written by `ingest_files` (documents.jsonl, clauses.jsonl)

    @property
    def documents(self) -> list[Document]:
        return [r.document for r in self.results if r.document is not None]

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line: `5 of 6 files ingested, 1 failed`."""
        n = len(self.results)
        return f"{n - len(self.failed)} of {n} files ingested" + (f", {len(self.failed)} failed" if self.failed else "")


def ingest_batch(
    paths: Iterable[str | Path],
    *,
    short_names: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Read and parse every file; a file that fails is reported, not raised.

    Args:
        paths: document files (.txt .md .html .docx .pdf).
        short_names: doc_id → the short name citations use, overriding the one derived from the title.
        progress: optional callable(done, total).

    A second file with a doc_id already taken fails with a reason naming the first. A second document
    whose citation name (short name) is taken is cited by its doc_id instead, with a warning, so every
    citation names one document.
    """
    paths = [Path(p) for p in paths]
    names = dict(short_names or {})
    results: list[FileResult] = []
    taken: dict[str, str] = {}
    cited_as: dict[str, str] = {}  # citation name → doc_id
    for i, path in enumerate(paths, start=1):
        doc_id = doc_id_for(path)
        try:
            if doc_id in taken:
                raise IngestError(path, f"doc_id {doc_id!r} is already used by {taken[doc_id]}; rename one")
            doc = _unique_citation_name(load_document(path, short_name=names.get(doc_id)), cited_as)
            taken[doc_id] = str(path)
            results.append(FileResult(str(path), doc_id, document=doc))
        except IngestError as e:
            results.append(FileResult(str(path), doc_id, error=str(e)))
        except Exception as e:  # noqa: BLE001 - a parser bug in one file must not abort the batch
            results.append(FileResult(str(path), doc_id, error=f"{path}: unexpected {e.__class__.__name__}: {e}"))
        if progress:
            progress(i, len(paths))
    return BatchReport(tuple(results))


def ingest_files(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    strict: bool = False,
    short_names: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """What `policy-qa ingest PATHS --out DIR` does: ingest, write the documents that parsed to
    `out_dir` (documents.jsonl, clauses.jsonl, atomically), return the report.

    Args:
        strict: write nothing when any file failed (the previous output stays untouched).
    """
    report = ingest_batch(paths, short_names=short_names, progress=progress)
    if (strict and not report.ok) or not report.documents:
        return report
    docs_file, clauses_file = write_jsonl(report.documents, out_dir)
    return BatchReport(report.results, (str(docs_file), str(clauses_file)))


def _unique_citation_name(doc: Document, cited_as: dict[str, str]) -> Document:
    """`doc`, cited by its doc_id when another document of the batch already uses its citation name."""
    name = doc.clauses[0].cite_as if doc.clauses else ""
    if not name:
        return doc
    if cited_as.setdefault(name, doc.doc_id) == doc.doc_id:
        return doc
    note = f"citation name {name!r} is already used by {cited_as[name]}; citing this document as {doc.doc_id!r}"
    return replace(doc, clauses=tuple(replace(c, cite_as=doc.doc_id) for c in doc.clauses),
                   warnings=(*doc.warnings, note))
