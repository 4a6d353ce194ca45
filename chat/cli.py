"""The `policy-qa` command: one subcommand per stage, each a thin shell over the stage's entry function.

Domain errors become a one-line `policy-qa: error: …` message and exit code 2 here, and only here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXAMPLES = {
    "ingest": "policy-qa ingest ingest/data/zhenhai-2023-31.txt my.docx --out out/",
    "index": "policy-qa index --embedder e5-small-q4",
    "search": 'policy-qa search "沿江大道的建设写在哪一条？" -k 5 --retriever hybrid',
    "ask": 'policy-qa ask "我是海归博士，来镇海有什么待遇？"',
    "serve": "policy-qa serve --port 7860",
    "eval": "policy-qa eval --questions eval/data/test.jsonl --out reports/test",
    "feedback": "policy-qa feedback export --csv votes.csv",
}


class CliError(Exception):
    """An error already phrased for the user."""


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
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
        from .feedback import FeedbackError

        known = (CliError, ValueError, OSError, IngestError, IndexError_, EmbedderUnavailableError,
                 BackendUnavailableError, FeedbackError)
        if not isinstance(e, known):
            raise
        print(f"policy-qa: error: {_one_line(e)}", file=sys.stderr)
        return 2


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split()) or e.__class__.__name__


def _sub(subparsers, name: str, help_text: str) -> argparse.ArgumentParser:
    return subparsers.add_parser(
        name, help=help_text, description=help_text, epilog=f"example:\n  {EXAMPLES[name]}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-qa", description="Cited answers over 镇人大常〔2023〕31号.")
    subs = parser.add_subparsers()

    p = _sub(subs, "ingest", "Parse documents into citable clauses (JSON Lines).")
    p.add_argument("paths", nargs="+", help=".txt .md .html .docx .pdf files")
    p.add_argument("--out", required=True, help="output folder for documents.jsonl and clauses.jsonl")
    p.set_defaults(func=cmd_ingest)

    from .commands import add_commands

    add_commands(subs, _sub)
    return parser


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ingest import load_documents, write_jsonl

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


def print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
