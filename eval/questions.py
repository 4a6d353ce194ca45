"""Read and validate a question file (EVAL_FORMAT.md): JSON Lines, UTF-8, one question a line.

Owns the contract: required fields, blank and `#` lines skipped, every error naming file and line.
Extra fields are kept (`kind`, `follow_up_of`, …); nothing is silently dropped.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field, replace
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


def load_questions(path: str | Path, *, known_clauses: set[str] | None = None,
                   unknown_ids: str = "error") -> list[Question]:
    """Parse a question file. With `known_clauses`, a gold clause ID that does not exist (and stands for no
    unit: `containing_units`) is an error — or, with `unknown_ids="miss"`, kept as written: nothing retrieved
    can match it, so it counts as a miss, and `extra["unknown_gold"]` lists it (a set written against
    another segmentation still runs, its unreadable IDs reported rather than silently dropped).

    Raises:
        QuestionFileError: missing or empty file, malformed line, unknown clause, duplicate id.
    """
    path = Path(path)
    if unknown_ids not in UNKNOWN_IDS:
        raise ValueError(f"unknown_ids must be one of {', '.join(UNKNOWN_IDS)}, not {unknown_ids!r}")
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
            q = _resolve(q, known_clauses, where, keep_unknown=unknown_ids == "miss")
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


def _resolve(q: Question, known: set[str], where: str, *, keep_unknown: bool = False) -> Question:
    """Check every gold clause ID against the index. An ID the parser does not produce names a unit that
    contains it or lies inside it, in the same document, when that is unambiguous, and an ID of a unit the
    parser cut into parts names the parts too (`containing_units`);
    the question then counts those units as gold, and `extra["gold_as_written"]` keeps the file's IDs.
    Anything else is an error that lists the known IDs — or, with `keep_unknown`, stays as written (a miss
    whenever it is the only gold) and is listed in `extra["unknown_gold"]`."""
    resolved: list[str] = []
    unknown: list[str] = []
    for c in q.clauses:
        units = containing_units(c, known)
        if c in known and not units:
            units = [c]  # header, preamble, footer: no numbering that could hold parts
        if not units and keep_unknown:
            unknown.append(c)
            units = [c]
        elif not units:
            raise QuestionFileError(f"{where}: clause ID {c!r} does not exist; "
                                    f"known IDs: {', '.join(sorted(known, key=_order))} "
                                    f"(to run the file anyway, counting such IDs as misses: --unknown-ids miss)")
        resolved += [u for u in units if u not in resolved]
    extra = {**q.extra, "unknown_gold": unknown} if unknown else q.extra
    if tuple(resolved) == q.clauses:
        return replace(q, extra=extra) if unknown else q
    return replace(q, clauses=tuple(resolved), extra={**extra, "gold_as_written": list(q.clauses)})


#: What `load_questions` does with a gold ID that does not exist: stop with an error (the default), or count it
#: as a miss and report it (`policy-qa eval --unknown-ids miss`).
UNKNOWN_IDS = ("error", "miss")
#: One level of a clause ID's numbering: 三, （四）, 12, 2; or a head/foot/paragraph unit.
_LEVEL = re.compile(r"header|preamble|footer|p\d+|[〇零一二三四五六七八九十百]+|（[^）]+）|\(\S+?\)|\d+")
#: An attachment's prefix (附件, 附件2, 附表1): a document that issues or forwards another prints it as one.
_ATTACHMENT = re.compile(r"^(附件|附表|附录)\d*$")


def _levels(own: str) -> list[str] | None:
    """`三（四）` → [三, （四）]; None when the ID is not made only of numbering levels."""
    levels = _LEVEL.findall(own)
    if "".join(levels) != own:
        return None
    kinds = ["（" if lv[0] in "（(" else "0" if lv[0].isdigit() else "一" for lv in levels]
    return None if any(a == b for a, b in itertools.pairwise(kinds)) else levels  # 三（四）（五） is no numbering


def containing_units(clause_id: str, known: set[str]) -> list[str]:
    """The units of `known` that stand for a gold ID the parser does not produce, in the same document. A
    document that issues or forwards another prints it after its own signature, and the parser files it as an
    attachment (附件:三); a question writer numbers it as printed (三). So, in each part of the document (its main
    text, each attachment — only the one named, if the ID names one), in this order of preference:
    the unit of exactly that ID, with the units inside it when the parser cut it into parts (gold `五（三）`,
    parsed `五（三）`, `五（三）1`, `五（三）2`: its lead-in and its parts); else the units inside it, when the parser
    cut it finer (gold `一`, parsed `一1`, `一2`); else the one unit containing it, when the parser kept that unit whole (gold `三（四）`,
    parsed `三` with no parts of its own — a unit cut into parts is only their lead-in, never the answer).
    An exact unit in one part wins over the others; empty when nothing matches, the ID is malformed, or two
    parts match alike (ambiguous).

    >>> sorted(containing_units("d:一", {"d:header", "d:附件1:一1", "d:附件1:一2", "d:附件1:二"}))
    ['d:附件1:一1', 'd:附件1:一2']
    >>> containing_units("d:三（四）", {"d:附件:三", "d:附件:二"})
    ['d:附件:三']
    >>> containing_units("d:三（四）", {"d:三", "d:三1"})  # 三 was cut into parts: its lead-in is no answer
    []
    >>> containing_units("d:四（二）", {"d:四", "d:附件:四（二）"})  # the printed unit itself, in the attachment
    ['d:附件:四（二）']
    >>> containing_units("d:二", {"d:附件1:二", "d:附件2:二"})  # ambiguous
    []
    >>> containing_units("d:3", {"d:30", "d:31"})
    []
    >>> containing_units("d:五（三）", {"d:五（三）", "d:五（三）1", "d:五（三）2", "d:五（四）", "d:五"})
    ['d:五（三）', 'd:五（三）1', 'd:五（三）2']
    """
    doc, gprefix, own = _split(clause_id)
    want = _levels(own)
    if not want or want[0] in ("header", "preamble", "footer") or want[0].startswith("p") or "" in clause_id.split(":"):
        return []
    parts: dict[str, dict[str, tuple[str, list[str]]]] = {}  # prefix → own id → (key, its numbering levels)
    for key in known:
        kdoc, prefix, kown = _split(key)
        if kdoc == doc and (prefix == gprefix if gprefix else (not prefix or _ATTACHMENT.match(prefix))):
            if levels := _levels(kown):
                parts.setdefault(prefix, {})[kown] = (key, levels)
    exact = [units for units in parts.values() if own in units]
    if exact:
        if len(exact) != 1:
            return []
        # the unit cut into parts is their lead-in: the parts are what the ID names too (gold 五（三）, parsed
        # 五（三） and 五（三）1, 五（三）2 — multidoc17-heldout m17-046, 公示几天 answered from 五（三）3)
        units = exact[0]
        return [units[own][0], *sorted(key for key, lv in units.values() if len(lv) > len(want) and lv[: len(want)] == want)]
    found: list[list[str]] = []
    for units in parts.values():
        inside = [key for key, lv in units.values() if lv[: len(want)] == want]
        around = [lv for _, lv in units.values() if len(lv) < len(want) and want[: len(lv)] == lv]
        whole = max(around, key=len, default=None)
        if inside:
            found.append(sorted(inside))
        elif whole and not any(len(lv) > len(whole) and lv[: len(whole)] == whole for _, lv in units.values()):
            found.append([key for key, lv in units.values() if lv == whole])
    return found[0] if len(found) == 1 else []


def _split(clause_id: str) -> tuple[str, str, str]:
    """`doc:附件2:三` → (doc, 附件2, 三); `doc:5` → (doc, "", 5); a bare `5` (the resolution) → ("", "", 5).
    (`Clause.key` is written `doc_id:clause_id`, the clause_id of an attachment's unit `附件2:三`.)"""
    parts = clause_id.split(":")
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], ":".join(parts[1:-1]), parts[-1]


def _order(key: str) -> tuple:
    return (0, int(key)) if key.isdigit() else (1, key)
