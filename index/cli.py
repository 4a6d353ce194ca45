"""`policy-qa index` (build the index) and `policy-qa search` (print the ranked clauses for a question).

The settings object and the wiring from settings to an index folder are the answer stage's
(`chat.settings`, `chat.retriever`); this module only parses flags and prints.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_commands(subs, sub) -> None:
    """Register this stage's subcommands on the `policy-qa` parser (see `chat.cli.main`)."""
    p = sub(subs, "index", "Build the FAISS + BM25 index of the bundled resolution (and --docs).",
            "policy-qa index --embedder e5-small-q4")
    p.add_argument("--embedder", help="e5-small-q4 (default) or st:<model name or path>")
    p.add_argument("--docs", nargs="*", help="extra documents to index beside the bundled resolution")
    p.set_defaults(func=cmd_index)

    p = sub(subs, "search", "Print the clauses ranked for a question.",
            'policy-qa search "沿江大道的建设写在哪一条？" -k 5 --retriever hybrid')
    p.add_argument("question")
    p.add_argument("-k", "--top-k", type=int, dest="top_k")
    p.add_argument("--retriever", choices=["bm25", "dense", "hybrid"])
    p.add_argument("--embedder")
    p.add_argument("--doc", action="append", dest="doc_filter", metavar="DOC_ID",
                   help="search only this document (repeatable); doc_id = file name without extension")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_search)


def cmd_index(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from chat.retriever import build_index, take_notices
    from chat.settings import settings_from_args

    settings = settings_from_args(args, "embedder", "docs")
    bar = tqdm(desc="embedding", unit="unit", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    idx = build_index(settings, progress=progress)
    bar.close()
    for note in take_notices():  # documents that could not be read, and why
        print(f"policy-qa: {note}", file=sys.stderr)
    m = idx.manifest
    print(f"index → {settings.index_dir}: {m['n_clauses']} clauses, {m['n_vectors']} vectors "
          f"({m['faiss']}), embedder {m['embedder']}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from chat.retriever import get_retriever, take_notices
    from chat.settings import settings_from_args

    settings = settings_from_args(args, "top_k", "retriever", "embedder")
    retriever = get_retriever(settings)
    for note in take_notices():
        print(f"policy-qa: {note}", file=sys.stderr)
    hits = retriever.search(args.question, top_k=settings.top_k, mode=settings.retriever,
                            dense_weight=settings.dense_weight, docs=args.doc_filter)
    if args.json:
        print(json.dumps([{"clause": h.key, "rank": h.rank, "score": round(h.score, 4), "dense": round(h.dense, 4),
                           "bm25": round(h.lexical, 4), "text": h.clause.text} for h in hits],
                         ensure_ascii=False, indent=2))
        return 0
    for h in hits:
        print(f"{h.rank}. 〔{h.clause.label}〕 score={h.score:.3f} (dense {h.dense:.3f}, bm25 {h.lexical:.2f})")
        print(f"   {h.clause.text[:120]}{'…' if len(h.clause.text) > 120 else ''}")
    return 0
