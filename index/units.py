"""Retrieval units: each clause whole, and each of its sentences, remembering the clause they belong to.

Why these units (chosen on eval/data/dev.jsonl; figures in the closing note of the index issue): a long
clause such as 第8条 covers eight topics, so its whole-clause vector is a blur and a question about one
of them is won by a sentence unit, while a question about the clause's theme is won by the clause unit
or its lead title (kept as a unit of its own). The clause score is the best of its units (max
aggregation; mean-of-top-2 and sum were no better). Sentences are embedded without their clause's title
as a prefix: on dev that lost recall@3 (0.93 → 0.90). A multi-sentence clause's own vector is 0.75 of
its opening (first 100 characters: title and topic) embedded as one text and 0.25 of the length-weighted
mean of its sentence vectors (store.WHOLE_TEXT_WEIGHT, WHOLE_TEXT_CHARS). The mean alone was used until
stop 21; on the tuning sets (hybrid recall@1, `policy-qa eval`) the mix took dev 0.902 → 0.914,
everyday-dev 0.589 → 0.600, everyday-heldout2 0.700 → 0.760, heldout 0.886 → 0.879, the others equal,
and confidently wrong summed over seven sets 0.62 → 0.49. Mixing the whole clause instead of its
opening scored the same (summed recall@1 5.46 against 5.42) at half the indexing speed; weights 0.5 and
1.0 were a little worse.

The head, preamble and foot of a resolution also get a unit that names what they are, in the element
names of Chinese official documents (GB/T 9704-2012: 发文字号, 抄送机关, 印发日期…): the foot never says
"抄送" (it says "送："), yet that is the word a reader asks with. On dev (its first 90 questions):
questions about the document's parts 3/6 → 4/6 at rank 1, recall@3 of all questions 0.96 → 0.99.

Re-examined for everyday wording (issue 18; dev + test + eval/data/everyday-dev.jsonl, R@1/R@3 of the
everyday questions, with the concept vocabulary and the character channel on): adding windows of two
adjacent sentences 0.54/0.74 → 0.54/0.74 (alone, before the character channel: +0.01); sub-sentence
units split at ，： 0.49/0.67 (English R@1 up, R@3 down); each sentence once more in everyday words (its
official terms replaced from the concept vocabulary) 0.54/0.79; windows and everyday paraphrases
together 0.57/0.77. None was kept: each adds 40–160 vectors to embed for one or two questions, and the
build of the bundled resolution has to stay about 3 s.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest import Clause

#: `Unit.sentence` of a unit that is the whole clause, and of one that names the clause's role.
WHOLE = -1
ROLE = -2

#: The role unit's text, by clause_id (the parser gives these ids to the parts of any resolution).
ROLE_NAMES = {
    "header": "发文机关、发文字号（文号）、标题、通过日期和通过会议",
    "preamble": "制定本决定的目的和依据",
    "footer": "抄送机关、印发机关和印发日期",
}


@dataclass(frozen=True)
class Unit:
    """One searchable piece of text: a sentence (`sentence` ≥ 0), the whole clause (WHOLE), or the name
    of the clause's role in the document (ROLE)."""

    clause: str  # the clause key (`7`, or `doc:3` for other documents)
    sentence: int
    text: str


def make_units(clauses: list[Clause]) -> list[Unit]:
    """Per clause: the whole clause, then each sentence when it has more than one, then its role name."""
    units: list[Unit] = []
    for c in clauses:
        units.append(Unit(c.key, WHOLE, c.text))
        if len(c.sentences) > 1:
            units.extend(Unit(c.key, i, s) for i, s in enumerate(c.sentences))
        if c.clause_id in ROLE_NAMES:
            units.append(Unit(c.key, ROLE, ROLE_NAMES[c.clause_id]))
    return units
