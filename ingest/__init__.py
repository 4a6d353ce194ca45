"""Stage 1 — documents → citable clauses.

Entry point: `load_documents(paths)`; `load_bundled()` gives the bundled resolution.
"""

from .errors import IngestError
from .loaders import SUPPORTED_SUFFIXES, read_text
from .parser import parse_document
from .names import document_type, short_name
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
    "SUPPORTED_SUFFIXES",
    "Clause",
    "Document",
    "DocumentMeta",
    "IngestError",
    "Paragraph",
    "all_clauses",
    "bundled_path",
    "clean",
    "doc_id_for",
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
