"""Retrieval units: each clause whole, and each of its sentences, remembering the clause they belong to.

Why these units (chosen on eval/data/dev.jsonl; figures in the closing note of the index issue): a long
clause such as 第8条 covers eight topics, so its whole-clause vector is a blur and a question about one
of them is won by a sentence unit, while a question about the clause's theme is won by the clause unit
or its lead title (kept as a unit of its own). The clause score is the best of its units (max
aggregation; mean-of-top-2 and sum were no better). Sentences are embedded without their clause's title
as a prefix: on dev that lost recall@3 (0.93 → 0.90). A multi-sentence clause's own vector is the
length-weighted mean of its sentence vectors (cosine 0.97–0.99 to embedding the whole clause, same
recall on dev, half the embedding time).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest import Clause


@dataclass(frozen=True)
class Unit:
    """One searchable piece of text; `sentence` is -1 for the whole clause."""

    clause: str  # the clause key (`7`, or `doc:3` for other documents)
    sentence: int
    text: str


def make_units(clauses: list[Clause]) -> list[Unit]:
    """Per clause: the whole clause, then each sentence when it has more than one."""
    units: list[Unit] = []
    for c in clauses:
        units.append(Unit(c.key, -1, c.text))
        if len(c.sentences) > 1:
            units.extend(Unit(c.key, i, s) for i, s in enumerate(c.sentences))
    return units
