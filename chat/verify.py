"""Citation verification, for every generator, after generation.

1. Parse the citations (〔第7条〕…). A citation naming a clause that does not exist, or that was not in
   the context given to the generator, is removed from the text and counted.
2. Check each answer sentence against the clause(s) it cites: lexical overlap of character bigrams /
   words, and (when an embedder is given) embedding similarity. Sentences below the threshold are flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .records import Citation
from .understand import cited_keys

_CITATION = re.compile(r"〔[^〔〕]{1,40}〕")
_SEGMENT = re.compile(r"[^。！？!?\n]*?(?:[。！？!?]+[”’」）)]*(?:\s*〔[^〔〕]{1,40}〕)*|\n|$)")
_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+")

#: Share of a sentence's bigrams that must appear in the cited clause (tuned on the dev questions).
SUPPORT_THRESHOLD = 0.5
#: e5 cosines live in a narrow band; map [SEMANTIC_FLOOR, SEMANTIC_FLOOR + SEMANTIC_SPAN] onto [0, 1].
SEMANTIC_FLOOR = 0.80
SEMANTIC_SPAN = 0.10


@dataclass
class Verified:
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


def verify(text: str, *, clauses: dict, context: set[str], embedder=None, threshold: float = SUPPORT_THRESHOLD) -> Verified:
    """Remove invalid citations and flag unsupported sentences.

    Args:
        text: the generated answer.
        clauses: every known clause, by key (a citation to anything else does not exist).
        context: the keys of the clauses that were given to the generator.
        embedder: optional; adds embedding similarity to the lexical check (for paraphrases, English).
    """
    removed: list[str] = []

    def keep_or_drop(m: re.Match) -> str:
        keys = cited_keys(m.group(0))
        if keys and all(k in clauses and k in context for k in keys):
            return m.group(0)
        removed.append(m.group(0))
        return ""

    clean = _CITATION.sub(keep_or_drop, text)
    best: dict[str, tuple[float, str]] = {}
    flagged: list[str] = []
    for seg in (s.strip() for s in _SEGMENT.findall(clean)):
        body = _CITATION.sub("", seg).strip()
        if len(_TOKEN.findall(body)) < 4 or body.endswith(("：", ":")):
            continue  # too short to claim anything, or a lead-in line ("根据决定第7条：")
        keys = cited_keys(seg)
        if not keys:
            # An uncited sentence must at least be supported by the context as a whole.
            support = max((_support(body, clauses[k].text, embedder) for k in context if k in clauses), default=0.0)
            if support < threshold:
                flagged.append(body)
            continue
        scores = {k: _support(body, clauses[k].text, embedder) for k in keys}
        if max(scores.values()) < threshold:
            flagged.append(body)
        for k, s in scores.items():
            quote = max(clauses[k].sentences, key=lambda sent: overlap(body, sent)) if clauses[k].sentences else ""
            if k not in best or s > best[k][0]:
                best[k] = (s, quote)
    citations = [Citation(k, clauses[k].label, q, round(s, 3)) for k, (s, q) in best.items()]
    return Verified(clean.strip(), citations, removed, flagged)


def _support(sentence: str, source: str, embedder) -> float:
    lexical = overlap(sentence, source)
    if embedder is None or lexical >= SUPPORT_THRESHOLD:
        return lexical
    vecs = embedder.encode_passages([sentence, source])  # (2, dim)
    cos = float(np.dot(vecs[0], vecs[1]))
    return max(lexical, min(1.0, max(0.0, (cos - SEMANTIC_FLOOR) / SEMANTIC_SPAN)))
