"""Staff extend the concept vocabulary: what to review, and the mappings they add, remove, export and import.

The functions here are what the staff page calls; they take paths and objects, never HTTP requests:
- `review_queue(feedback, retriever)`: questions that were refused or voted down (read from the feedback
  store, never written), each with what retrieval finds for it now and how its words matched;
- `add_mapping` / `remove_mapping` / `list_mappings`: everyday word → official word pairs, kept with who
  and when in one JSON file (`Settings.vocabulary_file`). The retriever re-reads the file when it
  changes, so a mapping takes effect on the next question, without re-embedding anything;
- `export_tsv` / `import_tsv` (files) and `tsv_text` / `import_text` (the same as text, for the web page):
  the mappings in the format of index/data/concepts.tsv;
- `add_example` / `remove_example` / `list_examples`: example questions (相似问) staff attach to a clause —
  typically a refused question, to the clause that answers it — kept with who and when in another JSON file
  (`Settings.examples_file`; index/examples.py). They take effect on the next question, like mappings.
The file format and the matching are `index.vocabulary`'s; this module owns the staff operations.
"""

from __future__ import annotations

import fcntl
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from index.examples import (
    MAX_STAFF_EXAMPLES,
    ExampleQuestion,
    check_question,
    read_staff_examples,
    text_hash,
    write_staff_examples,
)
from index.publish import write_atomically
from index.vocabulary import (
    MAX_NOTE_CHARS,
    MAX_WHO_CHARS,
    StaffMapping,
    check_term,
    mappings_from_tsv,
    mappings_to_tsv,
    now,
    read_mappings,
    write_mappings,
)
from ingest.records import TITLE_BLOCK_IDS

from ..settings import Settings
from .feedback import VoteStore


@dataclass(frozen=True)
class ReviewItem:
    """A question staff may want to bridge: refused (its answer cited nothing) or voted down."""

    feedback_id: int
    time: str
    question: str
    answer: str
    vote: str  # "up" or "down"
    refused: bool
    hits: tuple  # index.Hit, best first, as retrieval ranks the question now (with `concepts` pairs)


def review_queue(feedback: VoteStore, retriever, *, limit: int = Settings.review_queue_items, top_k: int = 3,
                 **search) -> list[ReviewItem]:
    """The latest `limit` refused or voted-down questions, newest first, with what retrieval finds now.

    A row counts as refused when its answer cited no clause (a refusal never cites). The store selects
    only those rows, at most `limit` (`VoteStore.needs_review`), and each question is searched again, so
    the list shows the effect of mappings added since the vote: the cost is `limit` searches, whatever
    the number of votes stored. `search`: keyword arguments for `retriever.search` (the server passes
    its `mode` and `dense_weight`).
    """
    if limit <= 0 or top_k <= 0:
        raise ValueError(f"limit and top_k must be > 0, got {limit} and {top_k}")
    out: list[ReviewItem] = []
    for row in feedback.needs_review(limit):
        refused = not json.loads(row["citations"] or "[]")
        hits = tuple(retriever.search(row["question"], top_k=top_k, **search)) if row["question"].strip() else ()
        out.append(ReviewItem(row["id"], row["time"], row["question"], row["answer"], row["vote"], refused, hits))
    return out


def list_mappings(path: str | Path) -> list[StaffMapping]:
    """Every staff mapping, oldest first."""
    return read_mappings(path)


def new_mapping(everyday: str, official: str, *, who: str, note: str = "", corpus: str | None = None) -> StaffMapping:
    """The one check every stored mapping passes (added on the page or imported): both words 2–20
    characters without separators and different from each other, a `who`, the official word in the
    documents (when `corpus` is given); `who` and `note` clipped to MAX_WHO_CHARS and MAX_NOTE_CHARS.
    Recorded with the time now.

    Raises:
        ValueError: saying what is wrong and how to fix it.
    """
    everyday, official = check_term(everyday, "everyday word"), check_term(official, "official word")
    who = " ".join(str(who).split())[:MAX_WHO_CHARS]
    if not who:
        raise ValueError("who must name the staff member adding the mapping (it is kept with the mapping)")
    if everyday == official:
        raise ValueError(f"everyday and official word are both {everyday!r}; map a citizen's word to a different word the text uses")
    if corpus is not None and official not in corpus:
        raise ValueError(f"official word {official!r} does not occur in the indexed documents; "
                         f"copy the word exactly as the clause writes it")
    return StaffMapping(everyday, official, who, now(), str(note).strip()[:MAX_NOTE_CHARS])


def add_mapping(path: str | Path, everyday: str, official: str, *, who: str, note: str = "",
                corpus: str | None = None) -> StaffMapping:
    """Add (or replace) the mapping `everyday` → `official`, recorded with `who` and the time.

    Args:
        corpus: the indexed text (`Retriever.corpus`); when given, `official` must occur in it, because a
            mapping to a word no clause uses cannot find anything.
    Raises:
        ValueError: as `new_mapping`.
    """
    mapping = new_mapping(everyday, official, who=who, note=note, corpus=corpus)
    with _locked(path):
        kept = [m for m in read_mappings(path) if (m.everyday, m.official) != (mapping.everyday, mapping.official)]
        write_mappings(path, [*kept, mapping])
    return mapping


def remove_mapping(path: str | Path, everyday: str, official: str) -> StaffMapping:
    """Remove the mapping `everyday` → `official` and return it.

    Raises:
        KeyError: there is no such mapping (the message lists how to see the existing ones).
    """
    with _locked(path):
        mappings = read_mappings(path)
        gone = [m for m in mappings if (m.everyday, m.official) == (everyday.strip(), official.strip())]
        if not gone:
            raise KeyError(f"no staff mapping {everyday!r} → {official!r}; list_mappings() shows the existing ones")
        write_mappings(path, [m for m in mappings if m not in gone])
    return gone[0]


def tsv_text(path: str | Path) -> str:
    """Every mapping as the text of a TSV in the concepts.tsv format (who/when/note in `source`)."""
    return mappings_to_tsv(read_mappings(path))


def export_tsv(path: str | Path, out: str | Path) -> int:
    """Write every mapping to `out` (`tsv_text`); returns the count."""
    mappings = read_mappings(path)
    write_atomically(out, lambda f: f.write(mappings_to_tsv(mappings)), newline="\n")
    return len(mappings)


def import_tsv(path: str | Path, src: str | Path, *, who: str, corpus: str | None = None) -> int:
    """Add the mappings of a TSV file to the store (`import_text` with the file's text, errors naming it)."""
    src = Path(src)
    return import_text(path, src.read_text(encoding="utf-8"), who=who, corpus=corpus, where=str(src))


def import_text(path: str | Path, text: str, *, who: str, corpus: str | None = None, where: str = "import") -> int:
    """Add the mappings of a TSV text (an export, or concept lines written by hand) to the store; a pair
    already there is replaced. Each passes `new_mapping`, as if added on the page by `who` now: the
    file's own who/when (an export's) are kept only as provenance in the note. Returns the count.

    Args:
        corpus: the indexed text; when given, every official word must occur in it (as in `add_mapping`).
        where: the name errors give the text (`vocab.tsv:4: …`).
    Raises:
        ValueError: a malformed line, or a mapping `new_mapping` refuses (named by `where` and line), or
            no `who`; nothing is imported then.
    """
    if not str(who).strip():
        raise ValueError("who must name the staff member importing the mappings")
    text = text.removeprefix("\ufeff")  # a spreadsheet's UTF-8 byte order mark would hide the header line
    new = []
    for m in mappings_from_tsv(text, where=where):
        provenance = f"imported from {where}" + (f" (exported: {m.who}, {m.when})" if m.who or m.when else "")
        try:
            new.append(new_mapping(m.everyday, m.official, who=who, corpus=corpus,
                                   note=f"{m.note} · {provenance}" if m.note else provenance))
        except ValueError as e:
            raise ValueError(f"{where}:{_line_of(text, m.official)}: {e}{'' if corpus is None else ', or delete the line'}") from None
    pairs = {(m.everyday, m.official) for m in new}
    with _locked(path):
        kept = [m for m in read_mappings(path) if (m.everyday, m.official) not in pairs]
        write_mappings(path, [*kept, *new])
    return len(new)


def _line_of(text: str, official: str) -> int:
    """The number of the first concept line whose first official term is `official` (0 if none)."""
    for n, line in enumerate(text.splitlines(), start=1):
        cols = line.split("\t")
        if len(cols) > 1 and not line.startswith("#") and re.split(r"[|｜]", cols[1])[0].strip() == official:
            return n
    return 0


def list_examples(path: str | Path) -> list[ExampleQuestion]:
    """Every example question staff added, oldest first."""
    return read_staff_examples(path)


def add_example(path: str | Path, question: str, clause: str, *, who: str, note: str = "",
                clauses: Mapping[str, object] | None = None) -> ExampleQuestion:
    """Attach `question` to `clause` (a clause key: 7, or doc_id:clause_id), recorded with `who` and the
    time; the same question on the same clause is replaced.

    Args:
        clauses: the indexed clauses by key (`Retriever.by_key`); when given, `clause` must be one, and the
            example keeps a hash of its text (it is no longer used once the clause says something else).
    Raises:
        ValueError: saying what is wrong and how to fix it.
    """
    question = check_question(question)
    clause = str(clause).strip()
    who = " ".join(str(who).split())[:MAX_WHO_CHARS]
    if not who:
        raise ValueError("who must name the staff member adding the example question (it is kept with it)")
    if clauses is not None and clause not in clauses:
        raise ValueError(f"clause {clause!r} is not in the index; give a clause key as the review queue shows it "
                         "(7 for the resolution's 第7条, doc_id:12 for an added document's)")
    if clause.rpartition(":")[2] in TITLE_BLOCK_IDS:
        raise ValueError(f"clause {clause!r} is the document's head or foot, which answers questions about the "
                         "document itself (its number, issuer, recipients) without an example; attach the "
                         "question to the clause that rules on what it asks")
    text = getattr(clauses[clause], "text", None) if clauses is not None else None
    example = ExampleQuestion(clause, question, who, now(), str(note).strip()[:MAX_NOTE_CHARS],
                              text_hash(text) if isinstance(text, str) else "")
    with _locked(path):
        kept = [e for e in read_staff_examples(path) if (e.clause, e.question) != (clause, question)]
        if len(kept) >= MAX_STAFF_EXAMPLES:
            raise ValueError(f"there are already {len(kept)} example questions, the most staff may add "
                             f"({MAX_STAFF_EXAMPLES}); remove some that no longer help first")
        write_staff_examples(path, [*kept, example])
    return example


def remove_example(path: str | Path, question: str, clause: str) -> ExampleQuestion:
    """Remove the example `question` of `clause` and return it.

    Raises:
        KeyError: there is no such example (the message says how to see the existing ones).
    """
    question = " ".join(str(question).split())
    with _locked(path):
        examples = read_staff_examples(path)
        gone = [e for e in examples if (e.clause, e.question) == (str(clause).strip(), question)]
        if not gone:
            raise KeyError(f"no example question {question!r} on clause {clause!r}; list_examples() shows them")
        write_staff_examples(path, [e for e in examples if e not in gone])
    return gone[0]


@contextmanager
def _locked(path: str | Path) -> Iterator[None]:
    """One writer at a time across processes (the page and a CLI): an exclusive lock on a sibling file."""
    lock = Path(path).with_name(Path(path).name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
