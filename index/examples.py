"""Example questions (相似问): the ways people ask for what a clause says, searched beside the clause.

Government hotline knowledge bases keep, for every entry, the questions citizens actually ask for it.
Here an `ExampleQuestion` belongs to one clause (by key: `7` for the bundled resolution,
`doc_id:clause_id` for an added document). Two sources:
- bundled: `data/examples/<doc_id>.tsv`, one `clause_id<TAB>question` per line, written for a document
  from its text alone (the file's header says by whom and how);
- staff: questions staff attach to a clause (from the review queue of refused and voted-down questions),
  kept with who and when in a JSON file (`read_staff_examples`); they take effect on the next question.

Retrieval (`retrieve.py`) scores a query against the example questions with BM25 over words, single
characters and pairs of characters (`ExampleIndex`): an everyday question shares words with an everyday example
(看病, 开公司) where it shares none with the clause. Nothing is embedded, so adding one costs
milliseconds. An example is never quoted: answers quote the clause's own sentences.
This module reads, checks and indexes the questions; weights and fusion are `retrieve.py`'s.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .lexical import bm25_scores, build_bm25, char_tokens, minmax
from .staff_files import read_records, write_records

#: An example question is at least this long (one word is a mapping, not a question) and at most this
#: long (an example is one question, not a passage: longer ones would match everything).
MIN_CHARS = 4
MAX_CHARS = 120
#: At most this many example questions are read from one bundled file (bounded cost of every search: each
#: query is scored against every example).
MAX_EXAMPLES = 20_000
#: Staff may attach at most this many (an add beyond is refused; a longer file, written by hand, is read
#: whole by the staff page and its first ones by the search): the staff index is rebuilt after every staff
#: write (about 0.1 s per thousand).
MAX_STAFF_EXAMPLES = 2_000


@dataclass(frozen=True)
class ExampleQuestion:
    """A question `question` that clause `clause` (a clause key) answers; `who`/`when` for staff ones, and
    `clause_hash` (`text_hash`) of the clause's text when staff attached it: if the document is replaced and
    the clause now says something else, the example is no longer used."""

    clause: str
    question: str
    who: str = ""
    when: str = ""  # ISO 8601, UTC
    note: str = ""
    clause_hash: str = ""


def text_hash(text: str) -> str:
    """A short hash of a clause's text (`ExampleQuestion.clause_hash`)."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_current(example: ExampleQuestion, texts: dict[str, str]) -> bool:
    """`example` belongs to a clause in `texts` (key → text) that still says what it said when it was attached."""
    text = texts.get(example.clause)
    return text is not None and (not example.clause_hash or example.clause_hash == text_hash(text))


def check_question(question: str) -> str:
    """The question cleaned of surrounding space, or ValueError saying what is wrong with it."""
    q = " ".join(str(question).split())
    if not MIN_CHARS <= len(q) <= MAX_CHARS:
        raise ValueError(f"example question {question!r} must be {MIN_CHARS}–{MAX_CHARS} characters long; "
                         "write one question as a citizen would ask it")
    return q


def parse_examples(text: str, doc_id: str, *, bundled_doc: str, where: str = "examples") -> list[ExampleQuestion]:
    """The example questions of a `clause_id<TAB>question` text for document `doc_id` (`#` lines are
    comments). Keys are bare clause IDs for `bundled_doc`, `doc_id:clause_id` otherwise.

    Raises:
        ValueError: a line without two columns or with a question `check_question` refuses, naming
            `where` and the line.
    """
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or not cols[0].strip():
            raise ValueError(f"{where}:{n}: expected two tab-separated columns (clause_id, question), got {len(cols)}")
        try:
            question = check_question(cols[1])
        except ValueError as e:
            raise ValueError(f"{where}:{n}: {e}") from e
        clause = cols[0].strip()
        out.append(ExampleQuestion(clause if doc_id == bundled_doc else f"{doc_id}:{clause}", question))
        if len(out) > MAX_EXAMPLES:
            raise ValueError(f"{where}: more than {MAX_EXAMPLES} example questions; split the document's list")
    return out


def bundled_examples(doc_ids: Iterable[str], *, bundled_doc: str) -> list[ExampleQuestion]:
    """The example questions shipped for any of `doc_ids` (data/examples/<doc_id>.tsv), in that order."""
    folder = importlib.resources.files("index") / "data" / "examples"
    out: list[ExampleQuestion] = []
    for doc in doc_ids:
        f = folder / f"{doc}.tsv"
        if f.is_file():
            out += parse_examples(f.read_text(encoding="utf-8"), doc, bundled_doc=bundled_doc,
                                  where=f"index/data/examples/{doc}.tsv")
    return out


def read_staff_examples(path: str | Path) -> list[ExampleQuestion]:
    """The example questions staff added, stored at `path` ([] when the file does not exist yet).

    Raises:
        ValueError: the file is not an example-questions file; the message says how to repair it.
    """
    try:
        out = read_records(path, "examples", ExampleQuestion)
        for e in out:  # every question one `check_question` passes
            if check_question(e.question) != e.question:
                raise ValueError(f"a malformed example {asdict(e)!r}")
    except ValueError as e:
        raise ValueError(f"{path} is not an example-questions file ({e}); delete it to start empty, "
                         "or restore it from a backup") from e
    return out


def write_staff_examples(path: str | Path, examples: Iterable[ExampleQuestion]) -> None:
    """Write the staff example questions atomically (a temp file renamed over the old one)."""
    write_records(path, "examples", examples)


class ExampleIndex:
    """BM25 over the example questions' words and characters, and which clause each belongs to.

    `scores` gives, per clause, its best example's score: (n_clauses,), 0 for a clause without examples.
    """

    def __init__(self, examples: list[ExampleQuestion], clause_pos: dict[str, int], tokenizer, *,
                 char_weight: float, texts: dict[str, str] | None = None) -> None:
        # a removed document's examples are ignored, and (with `texts`, key → clause text) those of a clause
        # that changed since they were attached
        self.examples = [e for e in examples if e.clause in clause_pos and (texts is None or is_current(e, texts))]
        self.n_clauses = len(clause_pos)
        self._clause = np.array([clause_pos[e.clause] for e in self.examples], dtype=np.int64)
        self._char_weight = char_weight
        self._words = build_bm25([tokenizer.tokenize(e.question) for e in self.examples]) if self.examples else None
        self._chars = build_bm25([self.char_tokens(e.question) for e in self.examples]) if self.examples else None

    def __len__(self) -> int:
        return len(self.examples)

    @staticmethod
    def char_tokens(text: str) -> list[str]:
        """A question's content characters and its pairs of adjacent Chinese characters: 砸了 in 做砸了 meets
        搞砸了, where 做 alone would meet any example that says 做. (Eleven tuning sets, right / confidently
        wrong answers: characters alone 842 / 54, pairs alone 835 / 59, both 845 / 53.)"""
        han = [c if "\u4e00" <= c <= "\u9fff" else " " for c in text]
        return [*char_tokens(text), *(a + b for a, b in zip(han, han[1:], strict=False) if a != " " and b != " ")]

    def example_scores(self, tokens: list[str], query_chars: list[str]) -> np.ndarray:
        """(n_examples,) BM25 of the query's words (`tokens`, by the index's tokenizer that built this), plus
        its characters and pairs of them (Chinese: `char_tokens`) at `char_weight`."""
        if not self.examples:
            return np.zeros(0, np.float32)
        s = bm25_scores(self._words, tokens)
        if query_chars:
            s = s + self._char_weight * bm25_scores(self._chars, query_chars)
        return s.astype(np.float32)

    def clause_scores(self, per_example: np.ndarray) -> np.ndarray:
        """(n_clauses,) the best example score of each clause (0 where none)."""
        out = np.zeros(self.n_clauses, np.float32)
        if len(per_example):
            np.maximum.at(out, self._clause, per_example)
        return out

    def of_clause(self, clause_pos: int, per_example: np.ndarray) -> list[tuple[ExampleQuestion, float]]:
        """The clause's examples with their scores (`per_example`), closest to the query in words first."""
        mine = np.flatnonzero(self._clause == clause_pos)
        return [(self.examples[i], float(per_example[i])) for i in mine[np.argsort(-per_example[mine], kind="stable")]]


def reorder_best_document(fused: np.ndarray, by_clause: np.ndarray, allowed: np.ndarray, clause_doc: np.ndarray, *,
                          weight: float) -> np.ndarray:
    """`fused` (n_clauses,) with the clauses of the best-placed document reordered by their example scores
    `by_clause` (`weight` times the scores min-max normalized within the document), shifted so that the
    document's best score — its standing against the other documents — stays what it was. Only some
    documents have example questions (the bundled resolution ships them): that must not make them win over
    the others, nor push their lesser clauses among the clauses of the document a question is about
    (multidoc-dev: a question on on-the-spot fines, where the resolution's clauses took the place of the
    law's article that states the amount). `clause_doc`: (n_clauses,) document number of each clause.

    >>> reorder_best_document(np.array([2., 1.5, 1.8]), np.array([0., 3., 0.]), np.ones(3, bool), np.array([0, 0, 1]), weight=1.0)
    array([1.5, 2. , 1.8])
    """
    ok = allowed & np.isfinite(fused)
    if not ok.any():
        return fused
    mine = ok & (clause_doc == clause_doc[int(np.argmax(np.where(ok, fused, -np.inf)))])
    if by_clause[mine].max() <= 0 or weight <= 0:
        return fused
    out = fused.copy()
    combined = fused[mine] + weight * minmax(by_clause[mine])
    out[mine] = combined - combined.max() + fused[mine].max()
    return out
