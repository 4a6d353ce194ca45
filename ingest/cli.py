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
    p.set_defaults(func=cmd_ingest)


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from . import load_documents, write_jsonl

    paths = [Path(p) for p in args.paths]
    bar = tqdm(paths, desc="ingest", unit="file", disable=len(paths) < 3, file=sys.stderr)
    docs = load_documents(bar)
    docs_file, clauses_file = write_jsonl(docs, args.out)
    n = sum(len(d.clauses) for d in docs)
    print(f"{len(docs)} document(s), {n} clauses → {clauses_file}")
    for d in docs:
        ids = " ".join(c.clause_id for c in d.clauses)
        print(f"  {d.doc_id}: {ids}")
    return 0
