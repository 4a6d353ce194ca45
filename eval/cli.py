"""`policy-qa eval`: run the benchmark on a question file; write result.json, report.md and plots.

The question-file format and the result schema are documented in docs/eval-format.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from .questions import UNKNOWN_IDS

FORMAT_DOC = "docs/eval-format.md"


def add_commands(subs, sub) -> None:
    """Register this stage's subcommands on the `policy-qa` parser (see `chat.cli.main`)."""
    p = sub(subs, "eval", f"Run the benchmark on a question file; write result.json, report.md and plots. "
                          f"Question file format and result schema: {FORMAT_DOC}.",
            "policy-qa eval --questions eval/data/dev.jsonl --out reports/dev")
    p.add_argument("--questions", required=True, help=f"JSON Lines question file ({FORMAT_DOC})")
    p.add_argument("--retriever", choices=["bm25", "dense", "hybrid"])
    p.add_argument("--generator", choices=["extractive", "openai", "hf"])
    p.add_argument("--embedder")
    p.add_argument("--reranker", help="st:<cross-encoder> for the hybrid + reranker configuration")
    p.add_argument("--top-k", type=int, dest="top_k")
    p.add_argument("--docs", nargs="+", metavar="PATH",
                   help="documents to index beside the resolution (multi-document sets such as "
                        "eval/data/multidoc-dev.jsonl use tests/data/*.txt); default: POLICY_QA_DOCS")
    p.add_argument("--compare", action="store_true", help="also run bm25, dense, hybrid(+rerank) and the reference")
    p.add_argument("--ablate", action="store_true", help="with --compare: also hybrid without each bridge, and without any")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--unknown-ids", dest="unknown_ids", choices=UNKNOWN_IDS, default="error",
                   help="a gold clause ID the index does not have: stop with an error (default), or count it as a "
                        "miss and list it (a set written against another segmentation)")
    p.add_argument("--max-wrong", type=float, dest="max_wrong", metavar="X",
                   help="exit with status 1 when confidently_wrong is above X (e.g. 0.02)")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from chat.retriever import get_retriever
    from chat.settings import settings_from_args

    from . import compare, load_questions, run, write_outputs
    from .report import shown

    settings = settings_from_args(args, "retriever", "generator", "embedder", "reranker", "top_k")
    if args.docs:
        settings = dataclasses.replace(settings, docs=tuple(args.docs))
    retriever = get_retriever(settings)
    questions = load_questions(args.questions, known_clauses=set(retriever.by_key), unknown_ids=args.unknown_ids)
    if unknown := sorted({c for q in questions for c in q.extra.get("unknown_gold", ())}):
        n = sum(1 for q in questions if q.extra.get("unknown_gold"))
        print(f"note: {n} question(s) name {len(unknown)} clause ID(s) the index does not have, counted as misses "
              f"(--unknown-ids miss): {', '.join(unknown[:8])}{' …' if len(unknown) > 8 else ''}; "
              f"result.json lists them per question (unknown_gold)", file=sys.stderr)
    if read := [q for q in questions if "gold_as_written" in q.extra]:
        first = read[0]
        print(f"note: {len(read)} question(s) name clause IDs the parser does not produce; each was read as the "
              f"units that contain it or lie inside it (e.g. {first.id}: {', '.join(first.extra['gold_as_written'])} "
              f"→ {', '.join(first.clauses)}); result.json keeps both (gold_as_written)", file=sys.stderr)
    bar = tqdm(total=len(questions), desc="eval", unit="q", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    result = run(questions, settings=settings, retriever=retriever, progress=progress)
    table = compare(questions, settings=settings, progress=progress, done=result, ablate=args.ablate) if args.compare else None
    bar.close()
    report = write_outputs(result, args.out, questions_file=args.questions, compare=table)
    r, a, lat = result["retrieval"], result["answers"], result["latency_ms"]
    n, n_ans = result["n_questions"], result["n_answerable"]
    print(f"recall@1 {r['recall@1']:.3f}  recall@3 {r['recall@3']:.3f}  mrr {r['mrr']:.3f}  "
          f"answered {shown('answered_rate', a['answered_rate'], n, n_ans)}  "
          f"refusal_acc {shown('refusal_accuracy', a['refusal_accuracy'], n, n_ans)}  "
          f"citation_valid {a['citation_valid_rate']:.3f}  retrieve_p50 {lat['retrieve_p50']:.1f} ms  "
          f"answer_p50 {lat['answer_p50']:.1f} ms  confidently_wrong {a['confidently_wrong']:.3f}"
          + (f"  facts_hit {a['facts_hit']:.3f}" if any(q.extra.get("facts") for q in questions) else "")
          + (f"  doc_hit {a['doc_hit']:.3f}" if any(q.extra.get("doc") for q in questions) else ""))
    print(f"report → {report}")
    if args.max_wrong is not None and a["confidently_wrong"] > args.max_wrong:
        print(f"policy-qa: confidently_wrong {a['confidently_wrong']:.3f} is above --max-wrong {args.max_wrong:g}",
              file=sys.stderr)
        return 1
    return 0
