"""Stage 1 — documents → citable clauses.

Entry point: `load_documents(paths)` (all or nothing) or `ingest_batch(paths)` (each file on its own;
`ingest_files(paths, out_dir)` is what `policy-qa ingest` calls); `load_bundled()` gives the bundled
resolution.
"""

from .batch import BatchReport, FileResult, ingest_batch, ingest_files
from .errors import DocumentTooLarge, IngestError
from .limits import Limits
from .loaders import SUPPORTED_SUFFIXES, read_text
from .names import document_type, short_name
from .ocr import character_accuracy
from .parser import parse_document
from .records import BUNDLED_DOC_ID, Clause, Document, DocumentMeta, Paragraph
from .store import (
    all_clauses,
    bundled_path,
    doc_id_for,
    load_bundled,
    load_document,
    load_documents,
    read_clauses,
    write_jsonl,
)
from .text import clean, split_sentences

__all__ = [
    "BUNDLED_DOC_ID",
    "BatchReport",
    "FileResult",
    "SUPPORTED_SUFFIXES",
    "Clause",
    "Document",
    "DocumentMeta",
    "DocumentTooLarge",
    "IngestError",
    "Limits",
    "Paragraph",
    "all_clauses",
    "bundled_path",
    "character_accuracy",
    "clean",
    "doc_id_for",
    "ingest_batch",
    "ingest_files",
    "document_type",
    "load_bundled",
    "load_document",
    "load_documents",
    "parse_document",
    "read_clauses",
    "read_text",
    "short_name",
    "split_sentences",
    "write_jsonl",
]
