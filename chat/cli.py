"""The `policy-qa` command. `main` gathers every stage's subcommands (`ingest/cli.py`, `index/cli.py`,
`eval/cli.py`, and this module's `ask`, `serve`, `mcp`, `feedback`); each is a thin shell over its stage.

Domain errors become a one-line `policy-qa: error: …` message and exit code 2 here, and only here.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # noqa: BLE001 - the edge: every domain error becomes one line
        from index import EmbedderUnavailableError, IndexError_
        from ingest import IngestError

        from .errors import BackendUnavailableError
        from .web.feedback import FeedbackError

        known = (ValueError, OSError, IngestError, IndexError_, EmbedderUnavailableError,
                 BackendUnavailableError, FeedbackError)
        if not isinstance(e, known):
            raise
        print(f"policy-qa: error: {' '.join(str(e).split()) or e.__class__.__name__}", file=sys.stderr)
        return 2


def _sub(subparsers, name: str, help_text: str, example: str) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with an example."""
    return subparsers.add_parser(
        name, help=help_text, description=help_text, epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_parser() -> argparse.ArgumentParser:
    import eval.cli
    import index.cli
    import ingest.cli

    parser = argparse.ArgumentParser(prog="policy-qa", description="Cited answers over 镇人大常〔2023〕31号.")
    subs = parser.add_subparsers()
    for stage in (ingest.cli, index.cli, eval.cli, sys.modules[__name__]):
        stage.add_commands(subs, _sub)
    return parser


def add_commands(subs, sub) -> None:
    """Register the answer stage's subcommands: ask, serve, mcp, feedback."""
    p = sub(subs, "ask", "Answer a question with citations (no question: interactive, with history).",
            'policy-qa ask "我是海归博士，来镇海有什么待遇？"')
    p.add_argument("question", nargs="?")
    p.add_argument("--generator", choices=["extractive", "openai", "hf"])
    p.add_argument("--doc", action="append", dest="doc_filter", metavar="DOC_ID",
                   help="answer only from this document (repeatable)")
    p.add_argument("--json", action="store_true", help="print the whole Answer as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub(subs, "serve", "Start the chat page and the JSON API.", "policy-qa serve --port 7860")
    p.add_argument("--host", help="default 127.0.0.1 (loopback only)")
    p.add_argument("--port", type=int)
    p.add_argument("--generator", choices=["extractive", "openai", "hf"])
    p.add_argument("--public", action="store_true", help="allow binding to a non-loopback address")
    p.set_defaults(func=cmd_serve)

    p = sub(subs, "mcp", "Serve the MCP tools (search_clauses, get_clause, ask) and documents over stdio, for agents.",
            "policy-qa mcp   # in an agent's config: command \"policy-qa\", args [\"mcp\"]")
    p.add_argument("--generator", choices=["extractive", "openai", "hf"])
    p.set_defaults(func=cmd_mcp)

    p = sub(subs, "feedback", "Export the votes given on the chat page.", "policy-qa feedback export --csv votes.csv")
    fsubs = p.add_subparsers(dest="action", required=True)
    e = fsubs.add_parser("export", help="write every vote to a CSV file (formula-like cells neutralized) or JSON Lines")
    out = e.add_mutually_exclusive_group(required=True)
    out.add_argument("--csv", help="output CSV file")
    out.add_argument("--jsonl", help="output JSON Lines file")
    p.set_defaults(func=cmd_feedback)


def _print_answer(a, as_json: bool) -> None:
    if as_json:
        print(json.dumps(a.to_dict(), ensure_ascii=False, indent=2))
        return
    for n in a.notices:
        print(f"【提示】{n}")
    print(a.text)


def cmd_ask(args: argparse.Namespace) -> int:
    from .answer import answer
    from .errors import QuestionError
    from .retriever import get_retriever, take_notices
    from .settings import settings_from_args

    settings = settings_from_args(args, "generator")
    retriever = get_retriever(settings)
    for note in take_notices():
        print(f"policy-qa: {note}", file=sys.stderr)
    if args.question is not None:
        _print_answer(answer(args.question, settings=settings, retriever=retriever, docs=args.doc_filter), args.json)
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
            a = answer(question, history=history, settings=settings, retriever=retriever, docs=args.doc_filter)
        except QuestionError as e:
            print(f"policy-qa: {e}", file=sys.stderr)
            continue
        _print_answer(a, args.json)
        history.append((question, a.text))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .settings import settings_from_args
    from .web.server import serve

    serve(settings_from_args(args, "host", "port", "generator"), public=args.public)
    return 0


def cmd_mcp(args: argparse.Namespace) -> int:
    from .settings import settings_from_args
    from .web.mcp_server import run_stdio

    try:
        run_stdio(settings_from_args(args, "generator"), notify=lambda m: print(f"policy-qa: {m}", file=sys.stderr))
    except ImportError as e:  # the mcp extra is missing: the message is the install hint
        print(f"policy-qa: error: {e}", file=sys.stderr)
        return 2
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from .settings import load_settings
    from .web.stores import open_feedback_store

    store = open_feedback_store(load_settings())
    n = store.export_csv(args.csv) if args.csv else store.export_jsonl(args.jsonl)
    print(f"{n} vote(s) → {args.csv or args.jsonl}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
