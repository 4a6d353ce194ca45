"""Citation verification, for every generator, after generation.

1. Parse the citations (〔第7条〕…). A citation naming a clause that does not exist, or that was not in
   the context given to the generator, is removed from the text and counted.
2. Check each answer sentence against the clause(s) it cites by lexical overlap of character bigrams and
   words. Sentences below the threshold are flagged.

Why not embedding similarity as well: measured with the default embedder, a fabricated claim
("镇海将给每位博士发放一百万元安家费。") scores 0.905 against the real talent-housing sentence, higher than
correct English paraphrases of their sources (0.78–0.84); it would wave hallucinations through. The
lexical check is conservative: an English LLM answer is kept with its valid citations but flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .citations import CITATION, cited_keys
from .records import Citation

_SEGMENT = re.compile(r"[^。！？!?\n]*?(?:[。！？!?]+[”’」）)]*(?:\s*〔[^〔〕]{1,40}〕)*|\n|$)")
_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+")

#: Share of a sentence's bigrams that must appear in the cited clause. On the dev questions every
#: extractive sentence scores 1.0; the fabricated claims in the tests score 0.0–0.2.
SUPPORT_THRESHOLD = 0.5


@dataclass
class Verified:
    """An answer text after verification: invalid citations removed, the rest resolved to `Citation`s."""

    text: str
    citations: list[Citation]
    removed: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)


def _grams(text: str) -> set[str]:
    toks = _TOKEN.findall(text.lower())
    return {a + b for a, b in zip(toks, toks[1:], strict=False)} | {t for t in toks if len(t) > 1}


def overlap(sentence: str, source: str) -> float:
    """Share of the sentence's character bigrams (and words) that also occur in `source`, 0..1.

    >>> round(overlap("加快3号线建设", "加快3号线、7号线和9号线等轨道交通建设"), 2)
    0.83
    """
    g = _grams(sentence)
    if not g:
        return 0.0
    src = _grams(source)
    return len(g & src) / len(g)


def verify(text: str, *, clauses: dict, context: set[str], threshold: float = SUPPORT_THRESHOLD) -> Verified:
    """Remove invalid citations and flag unsupported sentences.

    Args:
        text: the generated answer.
        clauses: every known clause, by key (a citation to anything else does not exist).
        context: the keys of the clauses that were given to the generator.
    """
    removed: list[str] = []

    def keep_or_drop(m: re.Match) -> str:
        keys = cited_keys(m.group(0))
        if keys and all(k in clauses and k in context for k in keys):
            return m.group(0)
        removed.append(m.group(0))
        return ""

    clean = CITATION.sub(keep_or_drop, text)
    best: dict[str, tuple[float, str]] = {}
    flagged: list[str] = []
    for seg in (s.strip() for s in _SEGMENT.findall(clean)):
        body = CITATION.sub("", seg).strip()
        keys = cited_keys(seg)
        if len(_TOKEN.findall(body)) < 4 or (body.endswith(("：", ":")) and not keys):
            continue  # too short to claim anything, or an uncited lead-in line ("根据决定第7条：")
        if not keys:
            # An uncited sentence must at least be supported by the context as a whole.
            support = max((overlap(body, clauses[k].text) for k in context if k in clauses), default=0.0)
            if support < threshold:
                flagged.append(body)
            continue
        scores = {k: overlap(body, clauses[k].text) for k in keys}
        if max(scores.values()) < threshold:
            flagged.append(body)
        for k, s in scores.items():
            quote = max(clauses[k].sentences, key=lambda sent: overlap(body, sent)) if clauses[k].sentences else ""
            if k not in best or s > best[k][0]:
                best[k] = (s, quote)
    citations = [Citation(k, clauses[k].label, q, round(s, 3)) for k, (s, q) in best.items()]
    return Verified(clean.strip(), citations, removed, flagged)

