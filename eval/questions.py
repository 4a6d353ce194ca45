"""Read and validate a question file (EVAL_FORMAT.md): JSON Lines, UTF-8, one question a line.

Owns the contract: required fields, blank and `#` lines skipped, every error naming file and line.
Extra fields are kept (`kind`, `follow_up_of`, …); nothing is silently dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


class QuestionFileError(ValueError):
    """A question file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    clauses: tuple[str, ...]
    answerable: bool
    kind: str = ""
    follow_up_of: str = ""
    extra: dict = field(default_factory=dict, compare=False)


def load_questions(path: str | Path, *, known_clauses: set[str] | None = None) -> list[Question]:
    """Parse a question file. With `known_clauses`, a gold clause ID that does not exist is an error.

    Raises:
        QuestionFileError: missing or empty file, malformed line, unknown clause, duplicate id.
    """
    path = Path(path)
    if not path.exists():
        raise QuestionFileError(f"{path}: no such question file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise QuestionFileError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8") from e
    out: list[Question] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise QuestionFileError(f"{where}: not valid JSON ({e.msg} at column {e.colno})") from e
        q = _parse(rec, where)
        if known_clauses is not None:
            unknown = [c for c in q.clauses if c not in known_clauses]
            if unknown:
                raise QuestionFileError(f"{where}: clause ID {unknown[0]!r} does not exist; "
                                        f"known IDs: {', '.join(sorted(known_clauses, key=_order))}")
        if q.id in seen:
            raise QuestionFileError(f"{where}: id {q.id!r} already used on line {seen[q.id]}")
        seen[q.id] = n
        out.append(q)
    if not out:
        raise QuestionFileError(f"{path}: contains no questions (only blank or # lines)")
    for q in out:
        if q.follow_up_of and q.follow_up_of not in seen:
            raise QuestionFileError(f"{path}:{seen[q.id]}: follow_up_of {q.follow_up_of!r} is not an id in the file")
    return out


def _parse(rec: object, where: str) -> Question:
    if not isinstance(rec, dict):
        raise QuestionFileError(f"{where}: each line must be a JSON object")
    for name, kind in (("id", str), ("question", str), ("clauses", list), ("answerable", bool)):
        if name not in rec:
            raise QuestionFileError(f"{where}: missing field {name!r}")
        if not isinstance(rec[name], kind):
            raise QuestionFileError(f"{where}: field {name!r} must be a {kind.__name__}, got {type(rec[name]).__name__}")
    if not rec["question"].strip():
        raise QuestionFileError(f"{where}: question is empty")
    if not all(isinstance(c, str) and c for c in rec["clauses"]):
        raise QuestionFileError(f"{where}: clauses must be a list of clause ID strings")
    if rec["answerable"] and not rec["clauses"]:
        raise QuestionFileError(f"{where}: an answerable question needs at least one gold clause")
    known = {"id", "question", "clauses", "answerable", "kind", "follow_up_of"}
    return Question(
        id=rec["id"], question=rec["question"], clauses=tuple(rec["clauses"]), answerable=rec["answerable"],
        kind=str(rec.get("kind", "")), follow_up_of=str(rec.get("follow_up_of", "") or ""),
        extra={k: v for k, v in rec.items() if k not in known},
    )


def _order(key: str) -> tuple:
    return (0, int(key)) if key.isdigit() else (1, key)
