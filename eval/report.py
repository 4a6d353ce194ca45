"""Write the benchmark's outputs: `result.json` (docs/eval-format.md), `report.md`, and PNG plots."""

from __future__ import annotations

import json
from pathlib import Path

TARGETS = {
    ("retrieval", "recall@1"): (">=", 0.95), ("retrieval", "recall@3"): (">=", 0.99),
    ("answers", "answered_rate"): (">=", 0.95), ("answers", "refusal_accuracy"): (">=", 0.90),
    ("answers", "citation_valid_rate"): (">=", 1.0), ("answers", "confidently_wrong"): ("<=", 0.02),
    ("latency_ms", "retrieve_p50"): ("<", 30.0), ("latency_ms", "answer_p50"): ("<", 60.0),
}


def write_outputs(result: dict, out_dir: str | Path, *, questions_file: str = "", compare: list[dict] | None = None) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if compare:
        slim = [{k: v for k, v in c.items() if k not in ("per_question",)} for c in compare]
        (out / "compare.json").write_text(json.dumps(slim, ensure_ascii=False, indent=2), encoding="utf-8")
    plots = write_plots(result, out, compare)
    (out / "report.md").write_text(render_report(result, questions_file, compare, plots), encoding="utf-8")
    return out / "report.md"


def _fmt(v: float, ms: bool = False) -> str:
    return f"{v:.1f} ms" if ms else f"{v:.3f}"


def shown(name: str, value: float, n: int, n_answerable: int) -> str:
    """A rate as printed: "–" when the set has none of the questions it is a share of (refusal accuracy on a set
    without unanswerable questions, the answered rate on one without answerable questions), not a misleading 0.000.
    result.json keeps the number the format fixes."""
    if (name == "refusal_accuracy" and n_answerable == n) or (name == "answered_rate" and n_answerable == 0):
        return "–"
    return f"{value:.3f}"


def render_report(result: dict, questions_file: str, compare: list[dict] | None, plots: list[str]) -> str:
    cfg = result["config"]
    lines = [f"# Benchmark report: {questions_file or 'questions'}", "",
             f"Config: embedder `{cfg['embedder']}`, retriever `{cfg['retriever']}`, generator `{cfg['generator']}`, "
             f"top_k {cfg['top_k']}. Questions: {result['n_questions']} ({result['n_answerable']} answerable).", "",
             "| metric | value | target | met |", "|---|---|---|---|"]
    for section in ("retrieval", "answers", "latency_ms"):
        for name, value in result[section].items():
            target = TARGETS.get((section, name))
            ms = section == "latency_ms"
            if shown(name, value, result["n_questions"], result["n_answerable"]) == "–":
                lines.append(f"| {name} | – (no such questions) | | |")
            elif target:
                op, t = target
                ok = value >= t if op == ">=" else value <= t if op == "<=" else value < t
                gap = "" if ok else f" (short by {abs(value - t):.3f}{' ms' if ms else ''})"
                lines.append(f"| {name} | {_fmt(value, ms)} | {op} {t:g} | {'yes' if ok else 'NO' + gap} |")
            else:
                lines.append(f"| {name} | {_fmt(value, ms)} | | |")
    if compare:
        lines += ["", "## Side by side", "", "| configuration | recall@1 | recall@3 | recall@5 | MRR | nDCG@5 | refusal acc. | retrieve p50 |",
                  "|---|---|---|---|---|---|---|---|"]
        for c in compare:
            r = c["retrieval"]
            ref = c.get("answers", {}).get("refusal_accuracy")
            lines.append(f"| {c['name']} | {r['recall@1']:.3f} | {r['recall@3']:.3f} | {r['recall@5']:.3f} | {r['mrr']:.3f} | "
                         f"{r['ndcg@5']:.3f} | {'' if ref is None else shown('refusal_accuracy', ref, result['n_questions'], result['n_answerable'])} | "
                         f"{c['latency_ms']['retrieve_p50']:.1f} ms |")
    if compare and all("by_kind" in c for c in compare):
        kinds = sorted({k for c in compare for k in c["by_kind"]})
        lines += ["", "## Recall@1 / recall@3 per question kind", "",
                  "| configuration | " + " | ".join(f"{k} (n={compare[0]['by_kind'].get(k, {}).get('n_answerable', compare[0]['by_kind'].get(k, {}).get('n', 0))})" for k in kinds) + " |",
                  "|---|" + "---|" * len(kinds)]
        for c in compare:
            cells = [f"{c['by_kind'][k]['recall@1']:.3f} / {c['by_kind'][k]['recall@3']:.3f}" if k in c["by_kind"] else ""
                     for k in kinds]
            lines.append(f"| {c['name']} | " + " | ".join(cells) + " |")
    per = result["per_question"]
    lines += ["", "## By kind", "", "| kind | questions | answerable | recall@1 | recall@3 | answered | refusal acc. | confidently wrong |",
              "|---|---|---|---|---|---|---|---|"]
    for kind, m in result.get("by_kind", {}).items():
        lines.append(f"| {kind} | {m['n']} | {m['n_answerable']} | {m['recall@1']:.3f} | {m['recall@3']:.3f} | "
                     f"{shown('answered_rate', m['answered_rate'], m['n'], m['n_answerable'])} | "
                     f"{shown('refusal_accuracy', m['refusal_accuracy'], m['n'], m['n_answerable'])} | {m['confidently_wrong']:.3f} |")
    wrong = [p for p in per if p.get("confidently_wrong")]
    lines += ["", f"## Confidently wrong ({len(wrong)}: answered, but unanswerable or no gold clause cited)", ""]
    lines += [f"- {p['id']} ({p['kind'] or '-'}) {_cell(p['question'])} → cited {','.join(p['cited'])}, gold "
              f"{','.join(p['gold']) or 'none (unanswerable)'}" for p in wrong] or ["none"]
    misses = sorted((p for p in per if p["answerable"] and p["rank"] != 1), key=lambda p: -(p["rank"] or 99))
    lines += ["", f"## Worst retrieval misses ({len(misses)} answerable questions not at rank 1)", "",
              "| id | kind | question | gold | rank | ranked |", "|---|---|---|---|---|---|"]
    for p in misses[:25]:
        lines.append(f"| {p['id']} | {p['kind']} | {_cell(p['question'])} | {','.join(p['gold'])} | "
                     f"{p['rank'] or 'not in top-k'} | {','.join(p['ranked'])} |")
    wrong_refusals = [p for p in per if p["answerable"] and p["refused"]]
    wrong_answers = [p for p in per if not p["answerable"] and not p["refused"]]
    lines += ["", f"## Refusals that should not have happened ({len(wrong_refusals)})", ""]
    lines += [f"- {p['id']} {_cell(p['question'])} → {_cell(p['answer'][:80])}" for p in wrong_refusals] or ["none"]
    lines += ["", f"## Answers that should have been refusals ({len(wrong_answers)})", ""]
    lines += [f"- {p['id']} {_cell(p['question'])} → cited {','.join(p['cited'])}" for p in wrong_answers] or ["none"]
    flagged = [p for p in per if p.get("flagged") or p.get("removed_citations")]
    lines += ["", f"## Answers with flagged sentences or removed citations ({len(flagged)})", ""]
    lines += [f"- {p['id']}: flagged {len(p['flagged'])}, removed {p['removed_citations']}" for p in flagged] or ["none"]
    if plots:
        lines += ["", "## Plots", ""] + [f"![{Path(p).stem}]({p})" for p in plots]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_plots(result: dict, out: Path, compare: list[dict] | None) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .metrics import recall_at

    names = []
    fig, ax = plt.subplots(figsize=(6, 4))
    series = compare or [{"name": result["config"]["retriever"],
                          "ranks": [p["rank"] for p in result["per_question"] if p["answerable"]]}]
    for c in series:
        ax.plot(range(1, 6), [recall_at(c["ranks"], k) for k in range(1, 6)], marker="o", label=c["name"])
    ax.set_xlabel("k")
    ax.set_ylabel("recall@k")
    ax.set_ylim(0, 1.02)
    ax.set_xticks(range(1, 6))
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title("Recall@k per retriever")
    fig.tight_layout()
    fig.savefig(out / "recall_at_k.png", dpi=110)
    plt.close(fig)
    names.append("recall_at_k.png")

    fig, ax = plt.subplots(figsize=(6, 4))
    lat = [p["latency_ms"] for p in result["per_question"]]
    ax.hist(lat, bins=30, color="#4a78b5")
    ax.axvline(result["latency_ms"]["answer_p50"], color="k", linestyle="--", label="p50")
    ax.axvline(result["latency_ms"]["answer_p95"], color="r", linestyle=":", label="p95")
    ax.set_xlabel("answer latency (ms)")
    ax.set_ylabel("questions")
    ax.legend()
    ax.set_title("Answer latency distribution")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)
    names.append("latency.png")
    return names
