"""Subcommands beyond `ingest`: index, search, ask, serve, eval, feedback (wired in `add_commands`)."""

from __future__ import annotations

import argparse
import sys

from .settings import load_settings


def add_commands(subs, sub) -> None:
    """Register the later stages' subcommands on the `policy-qa` parser."""
    p = sub(subs, "index", "Build the FAISS + BM25 index of the bundled resolution (and --docs).")
    p.add_argument("--embedder", help="e5-small-q4 (default) or st:<model name or path>")
    p.add_argument("--docs", nargs="*", help="extra documents to index beside the bundled resolution")
    p.set_defaults(func=cmd_index)

    p = sub(subs, "search", "Print the clauses ranked for a question.")
    p.add_argument("question")
    p.add_argument("-k", "--top-k", type=int, dest="top_k")
    p.add_argument("--retriever", choices=["bm25", "dense", "hybrid"])
    p.add_argument("--embedder")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_search)
    add_eval_command(subs, sub)
    add_chat_commands(subs, sub)


def settings_from(args: argparse.Namespace, *names: str):
    return load_settings(**{n: getattr(args, n, None) for n in names})


def cmd_index(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .service import build_index

    settings = settings_from(args, "embedder", "docs")
    bar = tqdm(desc="embedding", unit="unit", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    idx = build_index(settings, progress=progress)
    bar.close()
    m = idx.manifest
    print(f"index → {settings.index_dir}: {m['n_clauses']} clauses, {m['n_vectors']} vectors "
          f"({m['faiss']}), embedder {m['embedder']}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .cli import print_json
    from .service import get_retriever, take_notices

    settings = settings_from(args, "top_k", "retriever", "embedder")
    retriever = get_retriever(settings)
    for note in take_notices():
        print(f"policy-qa: {note}", file=sys.stderr)
    hits = retriever.search(args.question, top_k=settings.top_k, mode=settings.retriever,
                            dense_weight=settings.dense_weight)
    if args.json:
        print_json([{"clause": h.key, "rank": h.rank, "score": round(h.score, 4), "dense": round(h.dense, 4),
                     "bm25": round(h.lexical, 4), "text": h.clause.text} for h in hits])
        return 0
    for h in hits:
        print(f"{h.rank}. 〔{h.clause.label}〕 score={h.score:.3f} (dense {h.dense:.3f}, bm25 {h.lexical:.2f})")
        print(f"   {h.clause.text[:120]}{'…' if len(h.clause.text) > 120 else ''}")
    return 0


def add_eval_command(subs, sub) -> None:
    p = sub(subs, "eval", "Run the benchmark on a question file; write result.json, report.md and plots.")
    p.add_argument("--questions", required=True, help="JSON Lines question file (EVAL_FORMAT.md)")
    p.add_argument("--retriever", choices=["bm25", "dense", "hybrid"])
    p.add_argument("--generator", choices=["extractive", "openai", "hf"])
    p.add_argument("--embedder")
    p.add_argument("--reranker", help="st:<cross-encoder> for the hybrid + reranker configuration")
    p.add_argument("--top-k", type=int, dest="top_k")
    p.add_argument("--compare", action="store_true", help="also run bm25, dense, hybrid(+rerank) and the reference")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from eval import compare, load_questions, run, write_outputs

    from .service import get_retriever

    settings = settings_from(args, "retriever", "generator", "embedder", "reranker", "top_k")
    retriever = get_retriever(settings)
    questions = load_questions(args.questions, known_clauses=set(retriever.by_key))
    bar = tqdm(total=len(questions), desc="eval", unit="q", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    result = run(questions, settings=settings, retriever=retriever, progress=progress)
    table = compare(questions, settings=settings, progress=progress, done=result) if args.compare else None
    bar.close()
    report = write_outputs(result, args.out, questions_file=args.questions, compare=table)
    r, a, lat = result["retrieval"], result["answers"], result["latency_ms"]
    print(f"recall@1 {r['recall@1']:.3f}  recall@3 {r['recall@3']:.3f}  mrr {r['mrr']:.3f}  "
          f"answered {a['answered_rate']:.3f}  refusal_acc {a['refusal_accuracy']:.3f}  "
          f"citation_valid {a['citation_valid_rate']:.3f}  retrieve_p50 {lat['retrieve_p50']:.1f} ms  "
          f"answer_p50 {lat['answer_p50']:.1f} ms")
    print(f"report → {report}")
    return 0


def add_chat_commands(subs, sub) -> None:
    p = sub(subs, "ask", "Answer a question with citations (no question: interactive, with history).")
    p.add_argument("question", nargs="?")
    p.add_argument("--generator", choices=["extractive", "openai", "hf"])
    p.add_argument("--json", action="store_true", help="print the whole Answer as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub(subs, "serve", "Start the chat page and the JSON API.")
    p.add_argument("--host", help="default 127.0.0.1 (loopback only)")
    p.add_argument("--port", type=int)
    p.add_argument("--generator", choices=["extractive", "openai", "hf"])
    p.add_argument("--public", action="store_true", help="allow binding to a non-loopback address")
    p.set_defaults(func=cmd_serve)

    p = sub(subs, "feedback", "Export the votes given on the chat page.")
    fsubs = p.add_subparsers(dest="action", required=True)
    e = fsubs.add_parser("export", help="write every vote to a CSV file")
    e.add_argument("--csv", required=True, help="output CSV file")
    p.set_defaults(func=cmd_feedback)


def _print_answer(a, as_json: bool) -> None:
    from .cli import print_json

    if as_json:
        print_json(a.to_dict())
        return
    for n in a.notices:
        print(f"【提示】{n}")
    print(a.text)


def cmd_ask(args: argparse.Namespace) -> int:
    from .answer import answer
    from .errors import QuestionError
    from .service import get_retriever, take_notices

    settings = settings_from(args, "generator")
    retriever = get_retriever(settings)
    for note in take_notices():
        print(f"policy-qa: {note}", file=sys.stderr)
    if args.question is not None:
        _print_answer(answer(args.question, settings=settings, retriever=retriever), args.json)
        return 0
    history: list[tuple[str, str]] = []
    print("输入问题，空行或 Ctrl-D 退出。Type a question; an empty line or Ctrl-D quits.", file=sys.stderr)
    while True:
        try:
            question = input("问> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            a = answer(question, history=history, settings=settings, retriever=retriever)
        except QuestionError as e:
            print(f"policy-qa: {e}", file=sys.stderr)
            continue
        _print_answer(a, args.json)
        history.append((question, a.text))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .server import serve

    serve(settings_from(args, "host", "port", "generator"), public=args.public)
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from .feedback import FeedbackStore

    settings = load_settings()
    n = FeedbackStore(settings.feedback_db).export_csv(args.csv)
    print(f"{n} vote(s) → {args.csv}")
    return 0
