"""Retrieval units: each clause whole, and each of its sentences, remembering the clause they belong to.

Why both (chosen on the dev questions, see eval/README and the closing notes): a long clause such as
第8条 covers eight topics, so its whole-clause vector is a blur and a question about one of them is
won by the sentence unit; a question about a clause's overall theme is won by the clause unit. The
clause score is the best of its units (max aggregation). Each sentence carries its clause's lead
title as context, because "要加快……" alone does not say what it is about.
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
    units: list[Unit] = []
    for c in clauses:
        context = c.lead or c.part.split("、", 1)[-1]
        units.append(Unit(c.key, -1, f"{context}：{c.text}" if context and not c.lead else c.text))
        if len(c.sentences) > 1:
            for i, s in enumerate(c.sentences):
                if c.lead and s.rstrip("。") == c.lead:
                    continue  # the lead title alone is already inside every sentence's context
                units.append(Unit(c.key, i, f"{context}：{s}" if context else s))
    return units
