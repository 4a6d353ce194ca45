"""Audit the answer stage's word lists against the dev questions: for every alternative of every rule
pattern, the dev questions it matches. An alternative that matches no dev question has no dev example
and is a candidate for removal (the project's rule: every word in a list needs a dev example).

    python -m eval.rules [--questions eval/data/dev.jsonl eval/data/trust-dev.jsonl …] [--unused]

It never reads the held-out files unless told to.
"""

from __future__ import annotations

import argparse
import re
import sys

DEV_FILES = ("eval/data/dev.jsonl", "eval/data/trust-dev.jsonl", "eval/data/everyday-dev.jsonl")


def rule_patterns() -> dict[str, re.Pattern]:
    """Every word-list pattern of the question side of the answer stage, by name."""
    from chat import docfacts, factkinds, question, scope

    out = {f"factkinds.FACT_QUESTIONS[{k}]": v for k, v in factkinds.FACT_QUESTIONS.items()}
    out["scope.OFF_TASK"] = scope.OFF_TASK
    out["scope.INJECTION"] = scope.INJECTION
    out["scope.CREATIVE"] = scope.CREATIVE
    out["scope.WHOLE_TRANSLATION"] = scope.WHOLE_TRANSLATION
    for k, (strong, weak) in docfacts._ASKS.items():
        out[f"docfacts._ASKS[{k}] strong"] = strong
        if weak is not None:
            out[f"docfacts._ASKS[{k}] weak"] = weak
    out["question._PRONOUN"] = question._PRONOUN
    out["question._FOLLOW_START"] = question._FOLLOW_START
    out["question._NEW_TOPIC"] = question._NEW_TOPIC
    return out


def alternatives(pattern: re.Pattern) -> list[str]:
    """The top-level `|` alternatives of a pattern (groups and classes kept whole)."""
    src, depth, cls, start, out = pattern.pattern, 0, False, 0, []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(src[start:i])
            start = i + 1
        i += 1
    out.append(src[start:])
    return out


def audit(questions: list[str]) -> list[tuple[str, str, int, str]]:
    """(rule, alternative, number of dev questions matched, first match) for every alternative."""
    rows = []
    for name, pattern in rule_patterns().items():
        for alt in alternatives(pattern):
            compiled = re.compile(alt, pattern.flags)
            hits = [q for q in questions if compiled.search(q)]
            rows.append((name, alt, len(hits), hits[0] if hits else ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    from .questions import load_questions

    ap = argparse.ArgumentParser(prog="python -m eval.rules", description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", nargs="+", default=list(DEV_FILES))
    ap.add_argument("--unused", action="store_true", help="list only alternatives with no dev example")
    args = ap.parse_args(argv)
    questions = [q.question for f in args.questions for q in load_questions(f)]
    rows = audit(questions)
    for name, alt, n, example in rows:
        if args.unused and n:
            continue
        print(f"{name}\t{n}\t{alt}\t{example[:40]}")
    unused = sum(1 for r in rows if not r[2])
    print(f"{len(rows)} alternatives, {unused} with no dev example ({len(questions)} dev questions)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
