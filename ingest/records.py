"""Records that leave the ingest stage: a parsed document and its citable clauses.

This module owns only the data shapes and their JSON form; parsing lives in `parser.py`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: doc_id of the bundled resolution; its clauses are cited by bare clause_id (EVAL_FORMAT.md).
BUNDLED_DOC_ID = "zhenhai-2023-31"

#: How a clause_id is shown inside a Chinese citation, e.g. 〔第7条〕 or 〔文头〕.
_SPECIAL_LABELS = {"header": "文头", "preamble": "序言", "footer": "文尾"}


@dataclass(frozen=True)
class Clause:
    """One citable unit of a document (EVAL_FORMAT.md: `header`, `preamble`, `1`…`11`, `footer`).

    `text` is the clean wording (page breaks and half-width punctuation repaired, no clause
    number); `span` is the (start, end) character range of the unit in the decoded source text.
    """

    doc_id: str
    clause_id: str
    text: str
    sentences: tuple[str, ...]
    span: tuple[int, int]
    part: str = ""
    lead: str = ""
    order: int = 0

    @property
    def key(self) -> str:
        """The name a citation and a metric use: bare for the bundled resolution, else `doc:clause`."""
        return self.clause_id if self.doc_id == BUNDLED_DOC_ID else f"{self.doc_id}:{self.clause_id}"

    @property
    def label(self) -> str:
        """The citation label in Chinese, e.g. `第7条`, `文头`, `p3`; prefixed by doc_id for other docs."""
        base = _SPECIAL_LABELS.get(self.clause_id)
        if base is None:
            base = f"第{self.clause_id}条" if self.clause_id.isdigit() else self.clause_id
        return base if self.doc_id == BUNDLED_DOC_ID else f"{self.doc_id}:{base}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["sentences"] = list(self.sentences)
        d["span"] = list(self.span)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Clause:
        return cls(
            doc_id=d["doc_id"],
            clause_id=d["clause_id"],
            text=d["text"],
            sentences=tuple(d["sentences"]),
            span=(int(d["span"][0]), int(d["span"][1])),
            part=d.get("part", ""),
            lead=d.get("lead", ""),
            order=int(d.get("order", 0)),
        )


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata parsed from a resolution's head and foot; empty strings where the text has none."""

    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    adopted_date: str = ""
    adopted_session: str = ""
    issuing_office: str = ""
    print_date: str = ""


@dataclass(frozen=True)
class Document:
    """A parsed document: where it came from, its content hash, metadata and clauses in order."""

    doc_id: str
    source: str
    content_hash: str
    meta: DocumentMeta
    clauses: tuple[Clause, ...] = field(default_factory=tuple)
    numbered: bool = True

    def to_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "content_hash": self.content_hash,
            "numbered": self.numbered,
            "n_clauses": len(self.clauses),
            "meta": asdict(self.meta),
        }
