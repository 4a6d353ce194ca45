"""Nothing lost, ever: every non-whitespace character of the source lands in exactly one unit.

A unit accounts for the paragraphs it owns (its text, its numbering mark) and for the headings it
carries as context; head and foot lines are units too. `check_coverage` counts the source's
non-whitespace characters inside those ranges, and checks that each unit's text is exactly its
paragraphs' text (after the cleaner's repairs) — a parser that drops or doubles text fails here, by
name, instead of silently answering from part of a document.
"""

from __future__ import annotations

import re

from .assemble import Draft
from .errors import IngestError
from .records import Clause
from .text import clean, line_numbers

_WS = re.compile(r"\s+")
_MAX_LINES_NAMED = 5


def squash(text: str) -> str:
    return _WS.sub("", text)


def check_coverage(source: str, drafts: list[Draft], clauses: list[Clause], *, where: str) -> float:
    """Share of the source's non-whitespace characters that landed in a unit (1.0).

    Raises:
        IngestError: less than all of them, or a character in two units, naming the first lines lost.
    """
    line_of = line_numbers(source)
    owner = [-1] * len(source)
    bad_lines: set[int] = set()
    for k, d in enumerate(drafts):
        for start, end in d.ranges():
            for i in range(start, end):
                if owner[i] >= 0 and not source[i].isspace():
                    bad_lines.add(line_of(i))
                owner[i] = k
    total = covered = 0
    for i, ch in enumerate(source):
        if ch.isspace():
            continue
        total += 1
        if owner[i] >= 0:
            covered += 1
        else:
            bad_lines.add(line_of(i))
    for d, c in zip(drafts, clauses, strict=True):
        expected = "".join(squash(clean(p.para.text[p.text_from :])) for p in d.pieces)
        if squash(c.text) != expected:
            bad_lines.add(d.line)
    if bad_lines:
        lines = source.splitlines()
        first = sorted(bad_lines)[:_MAX_LINES_NAMED]
        shown = "; ".join(f"line {n}: {lines[n - 1].strip()[:40]!r}" for n in first if 0 < n <= len(lines))
        what = (f"{total - covered} of {total} characters landed in no clause" if covered < total
                else "some text landed in two clauses or a clause's text differs from its paragraphs")
        raise IngestError(where, f"{what}; lost or doubled at {shown}")
    return covered / total if total else 1.0
