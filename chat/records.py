"""Records of the answer stage: the `Plan` for a question, the `Answer` with its `Citation`s, the
`RefusalReason`, and the `Generator` protocol every generation backend follows.

This module owns only data shapes and their JSON form; nothing here decides anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # subtle: index imports faiss; `import chat` must stay light
    from index import Hit


@dataclass(frozen=True)
class Plan:
    """What the answer stage will do with a question (built by `question.plan`, never mutated)."""

    question: str  # as the user typed it (cleaned)
    query: str  # what retrieval searches: standalone, follow-ups resolved
    language: str  # "zh" or "en"
    clause_refs: tuple[str, ...] = ()  # clause keys the question names explicitly
    fact: str = ""  # a key of factkinds.FACT_QUESTIONS, or ""
    element: str = ""  # the element of the document's head or foot asked about (docfacts.py), or ""
    follow_up: bool = False
    context_docs: tuple[str, ...] = ()  # a follow-up: the documents the previous answer cited ("" = the bundled one)


class RefusalReason(StrEnum):
    """Why an answer is a refusal (see `refusal.refusal_reason`)."""

    OFF_TASK = "off_task"  # a task other than finding what the documents say, or an attempt to change the rules
    NO_SUCH_CLAUSE = "no_such_clause"  # the question names a clause the document does not have
    OUT_OF_SCOPE = "out_of_scope"  # retrieval found nothing close
    UNSURE = "unsure"  # no clause answers directly; related clauses are listed
    FACT = "fact"  # the specific fact asked for is not in the text


@dataclass(frozen=True)
class Citation:
    """A clause an answer cites, with the sentence of that clause that supports it."""

    clause: str  # clause key: `7`, `header`, or `doc:3` for an added document
    label: str  # 第7条, 文头, …
    quote: str  # the supporting sentence, verbatim from the clause
    support: float  # 0..1, how well the cited clause supports the answer sentence(s)

    def to_dict(self) -> dict:
        return {"clause": self.clause, "label": self.label, "quote": self.quote, "support": self.support}


class RemovalReason(StrEnum):
    """Why the verifier kept an answer sentence from the reader (see `verify.py`)."""

    UNSUPPORTED = "unsupported"  # the cited clause (or any context clause) does not say it
    NUMBER = "number"  # states a number, date, amount or percentage its clause lacks
    NAME = "name"  # names a body its clause does not name
    UNCITED = "uncited"  # no citation, and no context clause clearly supports it
    NO_QUOTE = "no_quote"  # an English sentence without the Chinese words it relies on (「…」)
    PROMPT_ECHO = "prompt_echo"  # repeats the system prompt's rules


@dataclass(frozen=True)
class RemovedSentence:
    """An answer sentence the reader did not see, and why (for staff)."""

    sentence: str  # as the generator wrote it, citations included
    reason: RemovalReason
    cited: tuple[str, ...] = ()  # the clause keys it cited (or inherited as a continuation)
    detail: str = ""  # e.g. the numbers the clause lacks: "1000, 60%"

    def to_dict(self) -> dict:
        return {"sentence": self.sentence, "reason": self.reason.value, "cited": list(self.cited),
                "detail": self.detail}


@dataclass
class Answer:
    """A cited answer, or a refusal that lists related clauses without presenting them as the answer."""

    question: str
    text: str
    citations: list[Citation]
    refused: bool
    generator: str
    hits: list[Hit] = field(default_factory=list)  # best first
    refusal: RefusalReason | None = None  # set exactly when `refused`
    related: list[str] = field(default_factory=list)  # clause keys shown as "related" on a refusal
    notices: list[str] = field(default_factory=list)  # shown to the user: fallback, truncation, …
    flagged: list[str] = field(default_factory=list)  # answer sentences the verifier removed (their text)
    removed_citations: list[str] = field(default_factory=list)  # invalid citations taken out
    standalone_question: str = ""  # the question as searched, after follow-up rewriting
    language: str = "zh"
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage
    removed_sentences: list[RemovedSentence] = field(default_factory=list)  # `flagged`, with reasons

    @property
    def cited(self) -> list[str]:
        return [c.clause for c in self.citations]

    def to_dict(self) -> dict:
        """The JSON form the API returns (README: `POST /api/ask`)."""
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "refusal": self.refusal.value if self.refusal else None,
            "citations": [c.to_dict() for c in self.citations],
            "related": self.related,
            "generator": self.generator,
            "language": self.language,
            "standalone_question": self.standalone_question,
            "notices": self.notices,
            "flagged": self.flagged,
            "removed_citations": self.removed_citations,
            "removed_sentences": [r.to_dict() for r in self.removed_sentences],
            "hits": [
                {"clause": h.key, "label": h.clause.label, "rank": h.rank, "score": round(h.score, 4),
                 "dense": round(h.dense, 4), "bm25": round(h.lexical, 4)}
                for h in self.hits
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings.items()},
        }


class Generator(Protocol):
    """A generation backend (`chat/generate/`): turns a plan and its retrieved clauses into answer text.

    The text it yields is not shown as is: `verify.py` checks every sentence and citation first.
    """

    name: str

    def stream(self, plan: Plan, hits: list[Hit], *, history=None) -> Iterator[str]:
        """Yield the answer text in pieces (their concatenation is the answer)."""
        ...

    def rewrite(self, question: str, history) -> str:
        """A standalone version of a follow-up question, or "" when the backend cannot rewrite."""
        ...
