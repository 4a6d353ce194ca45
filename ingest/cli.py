"""`policy-qa ingest`: parse documents into citable clauses and write them as JSON Lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_commands(subs, sub) -> None:
    """Register this stage's subcommands on the `policy-qa` parser (see `chat.cli.main`)."""
    p = sub(subs, "ingest", "Parse documents into citable clauses (JSON Lines).",
            "policy-qa ingest ingest/data/zhenhai-2023-31.txt my.docx --out out/")
    p.add_argument("paths", nargs="+", help=".txt .md .html .docx .pdf files")
    p.add_argument("--out", required=True, help="output folder for documents.jsonl and clauses.jsonl")
    p.add_argument("--strict", action="store_true", help="write nothing when any file fails")
    p.set_defaults(func=cmd_ingest)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Each file succeeds or fails on its own; the report names every failure and why. Exit 1 when any
    file failed (the others are written unless --strict)."""
    from tqdm import tqdm

    from . import ingest_files

    paths = [Path(p) for p in args.paths]
    bar = tqdm(total=len(paths), desc="ingest", unit="file", disable=len(paths) < 3, file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.n = done
        bar.refresh()

    report = ingest_files(paths, args.out, strict=args.strict, progress=progress)
    bar.close()
    docs = report.documents
    n = sum(len(d.clauses) for d in docs)
    written = "nothing written (--strict)" if args.strict and report.failed else f"{n} clauses → {args.out}"
    print(f"{len(docs)} document(s) parsed, {len(report.failed)} failed; {written}")
    for d in docs:
        kind = f"{d.meta.doc_type} " if d.meta.doc_type else ""
        name = f"《{d.meta.short_name}》" if d.meta.short_name else ""
        print(f"  {d.doc_id}: {kind}{name} coverage {d.coverage:.0%}: {' '.join(c.clause_id for c in d.clauses)}")
        for w in d.warnings:
            print(f"    warning: {w}")
    for r in report.failed:
        print(f"  FAILED {r.path}: {r.error}", file=sys.stderr)
    return 1 if report.failed else 0
