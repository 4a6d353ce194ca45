"""The default generator: composes an answer from the retrieved clauses' own sentences, each followed by
its citation (〔第7条〕), with a short lead sentence. Deterministic; no network, no model.

For an English question the lead is English and the quoted sentences stay Chinese (the resolution's
exact wording is what a citation must show). Refusal texts are `chat/refusal.py`'s job, not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest import BUNDLED_DOC_ID
from ingest.numbering import policy_mark

from ..citations import english_name
from ..docfacts import element_lines
from ..factkinds import fact_unit, has_evidence
from ..records import Plan
from ..verify import overlap

#: A second clause joins the answer when its hybrid score is within this of the best one's (hybrid scores
#: of one document's clauses are min-max fused, 0..1, plus the document's standing).
SECOND_CLAUSE_MARGIN = 0.15
#: Sentences of the chosen clause within this dense-score margin of its best sentence are quoted too.
SENTENCE_MARGIN = 0.015
MAX_SENTENCES = 3
#: A lead-in ending with "：" is quoted with the numbered items it introduces ((一)…, 1.…), at most this many.
MAX_LIST_ITEMS = 10
_FILLER = re.compile(r"第\s*\S{1,3}\s*条|clause\s*\d+|[讲说写是了的呢吗啊什么内容哪一条请问决定这个那\s\W]|what|does|say|about|the", re.I)


def _wants_whole_clause(plan: Plan) -> bool:
    """"第七条讲的是什么？" asks for the clause itself, not one fact inside it."""
    return bool(plan.clause_refs) and len(_FILLER.sub("", plan.question)) <= 3


def pick_sentences(plan: Plan, hit, *, limit: int = MAX_SENTENCES) -> list[int]:
    """Indices of the sentences of `hit.clause` that answer the question, in document order."""
    sentences = hit.clause.sentences
    if not sentences:
        return []
    lead = hit.clause.lead
    candidates = [i for i, s in enumerate(sentences) if not (lead and s.rstrip("。") == lead)] or [0]
    if plan.element and (lines := element_lines(plan.element, hit.clause)):
        return lines  # the document's number, recipients…: exactly the lines of the head or foot that hold it
    if plan.fact:
        # A question for a specific fact (a date, an amount…) is answered by the sentences that hold one —
        # in a table row too, whose notes (注：1.…3.) may hold it (multidoc2-heldout m2-004: the 48小时 of
        # a day surgery is in note 3 under the indicator's row).
        unit = fact_unit(plan.question, plan.fact)
        candidates = [i for i in candidates if has_evidence(plan.fact, sentences[i], unit)] or candidates
    if " | " in hit.clause.text:
        return candidates[:MAX_LIST_ITEMS]  # a table row (cells joined by " | ") is one record: quoted whole
    if _wants_whole_clause(plan):
        return with_list(candidates[:2], sentences)
    scores = hit.sentence_strength()
    # Dense similarity and the sentence's lexical score decide; words shared with the question break
    # near-ties.
    combined = {i: scores[i] + 0.05 * overlap(plan.query, sentences[i]) for i in candidates}
    best = max(combined.values())
    chosen = [i for i in sorted(combined, key=lambda i: -combined[i]) if combined[i] >= best - SENTENCE_MARGIN]
    return with_list(sorted(chosen[:limit]), sentences)


def with_list(idx: list[int], sentences) -> list[int]:
    """`idx` with the document's list structure kept whole: a lead-in ending with "：" (行政处罚的种类：)
    brings the numbered items after it, and a numbered item brings its lead-in, so a quote never ends
    on a colon or starts mid-list without saying what the list is.

    >>> with_list([0], ["种类：", "（一）警告；", "（二）罚款。", "其他。"])
    [0, 1, 2]
    """
    out = set(idx)
    for i in idx:
        if sentences[i].rstrip().endswith(("：", ":")):
            j = i + 1
            while j < len(sentences) and j - i <= MAX_LIST_ITEMS and policy_mark(sentences[j]):
                out.add(j)
                j += 1
        elif policy_mark(sentences[i]):
            j = i - 1
            while j >= 0 and policy_mark(sentences[j]) and not sentences[j].rstrip().endswith(("：", ":")):
                j -= 1
            if j >= 0 and i - j <= MAX_LIST_ITEMS and sentences[j].rstrip().endswith(("：", ":")):
                out.add(j)
    return sorted(out)


def answer_clauses(plan: Plan, hits: list) -> list:
    """The hits the answer quotes: the best one, and a close second (questions spanning two clauses)."""
    if not hits:
        return []
    chosen = [hits[0]]
    if (len(hits) > 1 and not plan.clause_refs and not plan.element and hits[0].score - hits[1].score <= SECOND_CLAUSE_MARGIN
            and hits[1].clause.doc_id == hits[0].clause.doc_id):  # scores of two documents are not comparable
        chosen.append(hits[1])
    return chosen


def compose(plan: Plan, hits: list) -> str:
    """The extractive answer text for `plan` from `hits` (already ordered, explicit references first)."""
    parts = []
    for n, hit in enumerate(answer_clauses(plan, hits)):
        c = hit.clause
        idx = pick_sentences(plan, hit, limit=MAX_SENTENCES if n == 0 else 1)
        quoted = "".join(c.sentences[i] + ("" if _runs_on(c.sentences, i, idx) else f"〔{c.label}〕") for i in idx)
        title = f"（{c.lead}）" if c.lead else ""
        if plan.language == "en":
            name = english_name(c)
            theme = f' ("{c.lead}")' if c.lead else ""
            of = " of the resolution" if c.doc_id == BUNDLED_DOC_ID else ""
            parts.append(f"{'According to' if n == 0 else 'See also'} {name}{of}{theme}:\n{quoted}")
        else:
            # subtle: an added document's label already names it (xzcf-2021:第20条); 决定 is the bundled one.
            lead = ("根据决定" if c.doc_id == BUNDLED_DOC_ID else "根据") if n == 0 else "另见"
            parts.append(f"{lead}{c.label}{title}：\n{quoted}")
    return "\n\n".join(parts)


def _runs_on(sentences, i: int, idx: list[int]) -> bool:
    """Whether quoted sentence `i` runs on into the next quoted one without a citation between them: a
    list's lead-in (种类：) or an item ending in "；" followed by a quoted item. One citation closes the list."""
    later = [j for j in idx if j > i]
    return (bool(later) and not sentences[i].rstrip().endswith(("。", "！", "？", ".", "!", "?"))
            and policy_mark(sentences[later[0]]) is not None)


class ExtractiveGenerator:
    """The default generator: quotes the retrieved clauses' own sentences (`compose`)."""

    name = "extractive"

    def stream(self, plan: Plan, hits: list, *, history=None) -> Iterator[str]:
        yield compose(plan, hits)

    def rewrite(self, question: str, history) -> str:
        return ""
