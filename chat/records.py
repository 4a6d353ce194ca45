"""Records that leave the answer stage: `Answer` and its `Citation`s (JSON-ready via `to_dict`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    """A clause an answer cites, with the sentence of that clause that supports it."""

    clause: str  # clause key: `7`, `header`, or `doc:3` for an added document
    label: str  # 第7条, 文头, …
    quote: str  # the supporting sentence, verbatim from the clause
    support: float  # 0..1, how well the cited clause supports the answer sentence(s)


@dataclass
class Answer:
    """A cited answer, or a refusal that lists related clauses without presenting them as the answer."""

    question: str
    text: str
    citations: list[Citation]
    refused: bool
    generator: str
    hits: list = field(default_factory=list)  # index.Hit, best first
    related: list[str] = field(default_factory=list)  # clause keys shown as "related" on a refusal
    notices: list[str] = field(default_factory=list)  # shown to the user: fallback, truncation, …
    flagged: list[str] = field(default_factory=list)  # answer sentences the verifier found unsupported
    removed_citations: list[str] = field(default_factory=list)  # invalid citations taken out
    standalone_question: str = ""  # the question as searched, after follow-up rewriting
    language: str = "zh"
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage

    @property
    def cited(self) -> list[str]:
        return [c.clause for c in self.citations]

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [vars(c) for c in self.citations],
            "related": self.related,
            "generator": self.generator,
            "language": self.language,
            "standalone_question": self.standalone_question,
            "notices": self.notices,
            "flagged": self.flagged,
            "removed_citations": self.removed_citations,
            "hits": [
                {"clause": h.key, "label": h.clause.label, "rank": h.rank, "score": round(h.score, 4),
                 "dense": round(h.dense, 4), "bm25": round(h.lexical, 4)}
                for h in self.hits
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings.items()},
        }
