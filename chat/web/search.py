"""Clause search and clause records shared by the retrieval-only adapters (Dify's `/retrieval`, the MCP
`search_clauses` tool): which documents exist, a 0–1 score per hit, the JSON form of a clause.

Retrieval itself is the `index.Retriever`'s; whether a query has anything close at all is the refusal
policy's (`refusal.refusal_reason` → OUT_OF_SCOPE), so a query the chat would refuse as out of scope
returns no clauses here either. The adapters only turn `Found` records into their wire format.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..live import pinned
from ..question import plan, sanitize, search_text
from ..records import RefusalReason
from ..refusal import refusal_reason
from ..settings import Settings

if TYPE_CHECKING:  # subtle: index imports faiss; importing the web package must stay light
    from index import Hit

#: The knowledge id / document filter meaning "every document in the index".
ALL_DOCUMENTS = "all"


@dataclass(frozen=True)
class Found:
    """One clause found for a query: the retriever's `Hit`, its score on 0–1, and its document's title."""

    hit: Hit
    score: float
    title: str

    def metadata(self) -> dict:
        h = self.hit
        return clause_record(h.clause, self.title, text=False) | {"rank": h.rank, "dense": round(h.dense, 4),
                                                                    "bm25": round(h.lexical, 4)}


def clause_record(clause, title: str, *, text: bool = True) -> dict:
    """The JSON form of a clause for integrations: ids, label, document, and (by default) its exact text."""
    out = {"key": clause.key, "document": clause.doc_id, "document_title": title, "clause": clause.clause_id,
           "label": clause.label, "lead": clause.lead, "part": clause.part, "order": clause.order}
    return out | {"text": clause.text} if text else out


def document_ids(retriever) -> list[str]:
    """Documents in the index, in index order."""
    return list(dict.fromkeys(c.doc_id for c in retriever.clauses))


def document_titles(settings: Settings, retriever) -> dict[str, str]:
    """doc_id → title from the document's own head (the doc_id where it has none or cannot be read)."""
    from ..retriever import corpus_fingerprint

    titles = _titles(corpus_fingerprint(settings))
    return {d: titles.get(d) or d for d in document_ids(retriever)}


@functools.lru_cache(maxsize=8)
def _titles(fingerprint: tuple[tuple[str, int, int], ...]) -> dict[str, str]:
    """Titles of the corpus files named in `fingerprint` (re-read when one of them changes)."""
    from ingest import ingest_batch

    return {d.doc_id: d.meta.title for d in ingest_batch(path for path, _, _ in fingerprint).documents}


def _unit_score(mode: str, top: float) -> Callable:
    """A hit's score on 0–1: dense is a cosine; BM25 is scaled by the best candidate's; the hybrid score
    (`index.retrieve.fuse_per_document`: the clause's min-max fused score within its document, plus its
    document's best, plus the document's prior) by its largest possible value."""
    if mode == "bm25":
        return lambda h: h.score / top if top > 0 else 0.0
    if mode == "hybrid":
        from index.retrieve import PRIMARY_PRIOR

        return lambda h: min(1.0, max(0.0, h.score / (2.0 + PRIMARY_PRIOR)))
    return lambda h: min(1.0, max(0.0, h.score))


def search_clauses(query: str, *, retriever, settings: Settings, top_k: int, documents: set[str] | None = None,
                   keep: Callable[[Found], bool] | None = None, score_threshold: float = 0.0) -> list[Found]:
    """The best `top_k` clauses for `query`, optionally only from `documents` and those `keep` accepts.

    Args:
        top_k: at most `settings.max_retrieval_top_k` are returned, whatever is asked.
        documents: doc_ids to search (None: all).
        keep: a filter on each candidate (e.g. Dify's metadata condition).
        score_threshold: drop clauses scoring below it (0–1).
    Returns:
        [] when the query has nothing close to it (the chat's out-of-scope refusal).
    Raises:
        QuestionError: empty query. ValueError: top_k < 1.
    """
    if top_k < 1:
        raise ValueError(f"top_k must be >= 1, got {top_k}")
    top_k = min(top_k, settings.max_retrieval_top_k)
    text, _ = sanitize(query, settings.max_question_chars)
    retriever = pinned(retriever)  # one index for the whole search
    p = plan(text)
    filtered = documents is not None or keep is not None
    pool = min(len(retriever.clauses), max(top_k, settings.retrieval_candidates) if filtered else top_k)
    hits = retriever.search(search_text(p.query), top_k=pool, mode=settings.retriever,
                            dense_weight=settings.dense_weight)
    if documents is not None:
        hits = [h for h in hits if h.clause.doc_id in documents]
    if refusal_reason(p, hits) is RefusalReason.OUT_OF_SCOPE:
        return []
    titles = document_titles(settings, retriever)
    score = _unit_score(settings.retriever, max((h.score for h in hits), default=0.0))
    found = [Found(hit=h, score=round(score(h), 4), title=titles.get(h.clause.doc_id, h.clause.doc_id)) for h in hits]
    found = [f for f in found if f.score >= score_threshold and (keep is None or keep(f))]
    return found[:top_k]
