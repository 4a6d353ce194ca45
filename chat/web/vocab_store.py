"""Staff extend the concept vocabulary: what to review, and the mappings they add, remove, export and import.

The functions here are what the staff page calls; they take paths and objects, never HTTP requests:
- `review_queue(feedback, retriever)`: questions that were refused or voted down (read from the feedback
  store, never written), each with what retrieval finds for it now and how its words matched;
- `add_mapping` / `remove_mapping` / `list_mappings`: everyday word → official word pairs, kept with who
  and when in one JSON file (`Settings.vocabulary_file`). The retriever re-reads the file when it
  changes, so a mapping takes effect on the next question, without re-embedding anything;
- `export_tsv` / `import_tsv`: the mappings as a file in the format of index/data/concepts.tsv.
The file format and the matching are `index.vocabulary`'s; this module owns the staff operations.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from index.vocabulary import (
    StaffMapping,
    check_term,
    mappings_from_tsv,
    mappings_to_tsv,
    now,
    read_mappings,
    write_mappings,
)

from .feedback import FeedbackStore


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


def review_queue(feedback: FeedbackStore, retriever, *, limit: int = 50, top_k: int = 3) -> list[ReviewItem]:
    """The latest `limit` refused or voted-down questions, newest first, with what retrieval finds now.

    A row counts as refused when its answer cited no clause (a refusal never cites). Each question is
    searched again, so the list shows the effect of mappings added since the vote.
    """
    if limit <= 0 or top_k <= 0:
        raise ValueError(f"limit and top_k must be > 0, got {limit} and {top_k}")
    out: list[ReviewItem] = []
    for row in reversed(feedback.rows()):
        refused = not json.loads(row["citations"] or "[]")
        if row["vote"] != "down" and not refused:
            continue
        hits = tuple(retriever.search(row["question"], top_k=top_k)) if row["question"].strip() else ()
        out.append(ReviewItem(row["id"], row["time"], row["question"], row["answer"], row["vote"], refused, hits))
        if len(out) == limit:
            break
    return out


def list_mappings(path: str | Path) -> list[StaffMapping]:
    """Every staff mapping, oldest first."""
    return read_mappings(path)


def add_mapping(path: str | Path, everyday: str, official: str, *, who: str, note: str = "",
                corpus: str | None = None) -> StaffMapping:
    """Add (or replace) the mapping `everyday` → `official`, recorded with `who` and the time.

    Args:
        corpus: the indexed text (`Retriever.corpus`); when given, `official` must occur in it, because a
            mapping to a word no clause uses cannot find anything.
    Raises:
        ValueError: empty `who`, a term too short or long, the same word on both sides, or (with
            `corpus`) an official word the documents do not contain.
    """
    everyday, official = check_term(everyday, "everyday word"), check_term(official, "official word")
    if not str(who).strip():
        raise ValueError("who must name the staff member adding the mapping (it is kept with the mapping)")
    if everyday == official:
        raise ValueError(f"everyday and official word are both {everyday!r}; map a citizen's word to a different word the text uses")
    if corpus is not None and official not in corpus:
        raise ValueError(f"official word {official!r} does not occur in the indexed documents; "
                         f"copy the word exactly as the clause writes it")
    mapping = StaffMapping(everyday, official, str(who).strip(), now(), str(note).strip())
    with _locked(path):
        kept = [m for m in read_mappings(path) if (m.everyday, m.official) != (everyday, official)]
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


def export_tsv(path: str | Path, out: str | Path) -> int:
    """Write every mapping to `out` in the concepts.tsv format (who/when/note in `source`); returns the count."""
    mappings = read_mappings(path)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".tmp-", suffix=".tsv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(mappings_to_tsv(mappings))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(mappings)


def import_tsv(path: str | Path, src: str | Path, *, who: str) -> int:
    """Add the mappings of a TSV file (an export, or concept lines written by hand) to the store; a pair
    already there is replaced. Lines without who/when get `who` and the time of import. Returns the count.

    Raises:
        ValueError: a malformed line (named by file and line); nothing is imported then.
    """
    if not str(who).strip():
        raise ValueError("who must name the staff member importing the mappings")
    src = Path(src)
    new = mappings_from_tsv(src.read_text(encoding="utf-8"), who=str(who).strip(), where=str(src))
    pairs = {(m.everyday, m.official) for m in new}
    with _locked(path):
        kept = [m for m in read_mappings(path) if (m.everyday, m.official) not in pairs]
        write_mappings(path, [*kept, *new])
    return len(new)


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
