"""Metric functions: plain functions over lists, checked against hand-computed cases in the tests.

Conventions (docs/eval-format.md): a question's rank is the best 1-based rank of any of its gold clauses
among the distinct clause IDs retrieved, in order (None when none was retrieved). nDCG@5 follows the
same "any gold clause counts" rule: 1/log2(1 + rank) when rank <= 5, else 0 (ideal DCG is 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def first_rank(ranked: Sequence[str], gold: Sequence[str]) -> int | None:
    """Best rank of any gold clause among the distinct IDs of `ranked` (duplicates count once)."""
    distinct: list[str] = []
    for key in ranked:
        if key not in distinct:
            distinct.append(key)
    ranks = [distinct.index(g) + 1 for g in gold if g in distinct]
    return min(ranks) if ranks else None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr(ranks: Sequence[int | None]) -> float:
    if not ranks:
        return 0.0
    return sum(1.0 / r for r in ranks if r) / len(ranks)


def ndcg_at(ranks: Sequence[int | None], k: int = 5) -> float:
    if not ranks:
        return 0.0
    return sum(1.0 / math.log2(1 + r) for r in ranks if r is not None and r <= k) / len(ranks)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def answer_metrics(rows: Sequence[dict], known: set[str]) -> dict[str, float]:
    """The answer metrics of docs/eval-format.md.

    Each row: answerable (bool), refused (bool), cited (list of clause IDs), context (list of the
    clause IDs given to the generator), gold (list of clause IDs); optionally answer (str), facts
    (list of strings, or None when the question has none) and doc (a doc_id, or "").
    """
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    answered = [r for r in answerable if not r["refused"]]
    judged_rows = [r for r in rows if not r.get("unjudged")]  # --unknown-ids miss: no gold ID the index has
    judged = [r for r in answered if not r.get("unjudged")]
    citations = [(c, r) for r in rows for c in r["cited"]]
    valid = [1 for c, r in citations if c in known and c in r["context"]]
    with_facts = [r for r in rows if not r["refused"] and r.get("facts")]
    with_doc = [r for r in rows if not r["refused"] and r.get("doc")]
    return {
        "answered_rate": len(answered) / len(answerable) if answerable else 0.0,
        "refusal_accuracy": (sum(1 for r in unanswerable if r["refused"] and not r["cited"]) / len(unanswerable)
                             if unanswerable else 0.0),
        "citation_valid_rate": len(valid) / len(citations) if citations else 1.0,
        "citation_hit_rate": (sum(1 for r in judged if set(r["cited"]) & set(r["gold"])) / len(judged)
                              if judged else 0.0),
        "confidently_wrong": sum(is_confidently_wrong(r) for r in judged_rows) / len(judged_rows) if judged_rows else 0.0,
        "facts_hit": sum(facts_found(r.get("answer", ""), r["facts"]) for r in with_facts) / len(with_facts) if with_facts else 0.0,
        "doc_hit": (sum(any(_doc_of(c) == r["doc"] for c in r["cited"]) for r in with_doc) / len(with_doc)
                    if with_doc else 0.0),
    }


def is_confidently_wrong(row: dict) -> bool:
    """Answered (not refused) although wrong: the question is unanswerable, or no citation is gold. A question
    whose every gold ID is one the index lacks (`eval --unknown-ids miss`) cannot be judged: never counted."""
    if row["refused"] or row.get("unjudged"):
        return False
    return not row["answerable"] or not set(row["cited"]) & set(row["gold"])


def facts_found(answer: str, facts: Sequence[str]) -> bool:
    """The answer contains at least one of the facts, whitespace ignored.

    >>> facts_found("加快 3号线 建设", ["3号线", "7号线"])
    True
    """
    flat = "".join(answer.split())
    return any("".join(f.split()) in flat for f in facts)


def _doc_of(key: str) -> str:
    from ingest import BUNDLED_DOC_ID

    return key.split(":", 1)[0] if ":" in key else BUNDLED_DOC_ID
