"""`run(questions)`: the benchmark. Answers every question through `chat.answer` (follow-ups get the
earlier turn as history), and computes retrieval metrics, answer metrics and latency, in the JSON shape
of docs/eval-format.md. `compare` runs several retriever configurations and the Chatchat-style baseline.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from chat.answer import answer
from chat.retriever import get_retriever
from chat.settings import Settings, load_settings

from .metrics import answer_metrics, first_rank, is_confidently_wrong, mrr, ndcg_at, percentile, recall_at
from .questions import Question

WARMUP = "沿江大道的建设写在哪一条？"


def run(
    questions: list[Question],
    *,
    settings: Settings | None = None,
    retriever=None,
    generator=None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Answer every question and score it. Returns the result dict of docs/eval-format.md."""
    settings = settings or load_settings()
    retriever = retriever or get_retriever(settings)
    known = set(retriever.by_key)
    answer(WARMUP, settings=settings, retriever=retriever, generator=generator)  # warm-up: load, JIT, caches
    by_id: dict[str, tuple[Question, object]] = {}
    per_question, rows, ranks, t_retrieve, t_answer = [], [], [], [], []
    for i, q in enumerate(questions, start=1):
        history = _conversation(q, by_id, settings.history_turns) or None
        t0 = time.perf_counter()
        a = answer(q.question, history=history, settings=settings, retriever=retriever, generator=generator)
        t_answer.append((time.perf_counter() - t0) * 1000)
        t_retrieve.append(a.timings.get("retrieve", 0.0))
        by_id[q.id] = (q, a)
        ranked = [h.key for h in a.hits]
        rank = first_rank(ranked, q.clauses) if q.answerable else None
        if q.answerable:
            ranks.append(rank)
        facts = q.extra.get("facts") or None
        rows.append({"answerable": q.answerable, "refused": a.refused, "cited": a.cited, "context": ranked,
                     "gold": list(q.clauses), "answer": a.text, "facts": facts, "doc": q.extra.get("doc", ""),
                     "kind": q.kind or "-", "follow_up": bool(q.follow_up_of), "rank": rank,
                     # every gold ID one the index lacks (--unknown-ids miss): a retrieval miss, its answer unjudged
                     "unjudged": q.answerable and set(q.clauses) <= set(q.extra.get("unknown_gold", ()))})
        per_question.append({
            "id": q.id, "question": q.question, "gold": list(q.clauses), "answerable": q.answerable,
            **({"gold_as_written": q.extra["gold_as_written"]} if "gold_as_written" in q.extra else {}),
            **({"unknown_gold": q.extra["unknown_gold"]} if "unknown_gold" in q.extra else {}),
            "kind": q.kind, "ranked": ranked, "rank": rank, "cited": a.cited, "refused": a.refused,
            "answer": a.text, "generator": a.generator, "flagged": a.flagged,
            "removed_citations": a.removed_citations, "latency_ms": round(t_answer[-1], 2),
            "refusal": a.refusal.value if a.refusal else None, "follow_up_of": q.follow_up_of or None,
            "confidently_wrong": is_confidently_wrong(rows[-1]),
        })
        if progress:
            progress(i, len(questions))
    return {
        "config": {"embedder": retriever.index.embedder_name, "retriever": settings.retriever,
                   "generator": getattr(generator, "name", settings.generator), "top_k": settings.top_k,
                   "dense_weight": settings.dense_weight, "reranker": settings.reranker or None,
                   "documents": list(retriever.doc_ids)},
        "n_questions": len(questions),
        "n_answerable": sum(q.answerable for q in questions),
        "retrieval": retrieval_metrics(ranks),
        "answers": answer_metrics(rows, known),
        "by_kind": by_kind(rows, known),
        "latency_ms": {
            "retrieve_p50": percentile(t_retrieve, 50), "retrieve_p95": percentile(t_retrieve, 95),
            "answer_p50": percentile(t_answer, 50), "answer_p95": percentile(t_answer, 95),
        },
        "per_question": per_question,
    }


def retrieval_metrics(ranks: list[int | None]) -> dict[str, float]:
    return {"recall@1": recall_at(ranks, 1), "recall@3": recall_at(ranks, 3), "recall@5": recall_at(ranks, 5),
            "mrr": mrr(ranks), "ndcg@5": ndcg_at(ranks, 5)}


def recall_by_kind(kind_ranks: list[tuple[str, int | None]]) -> dict[str, dict[str, float]]:
    """Recall@1, recall@3 and the count of answerable questions per `kind` (unlabelled: "-")."""
    groups: dict[str, list[int | None]] = {}
    for kind, rank in kind_ranks:
        groups.setdefault(kind or "-", []).append(rank)
    return {k: {"n": len(r), "recall@1": recall_at(r, 1), "recall@3": recall_at(r, 3)} for k, r in sorted(groups.items())}


def by_kind(rows: list[dict], known: set[str]) -> dict[str, dict]:
    """Retrieval and answer metrics per `kind`, plus one group of every conversation turn after the
    first ("(follow-up turns)", whatever their kind)."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["kind"], []).append(r)
        if r["follow_up"]:
            groups.setdefault("(follow-up turns)", []).append(r)
    out = {}
    for kind, group in sorted(groups.items()):
        ranks = [r["rank"] for r in group if r["answerable"]]
        out[kind] = {"n": len(group), "n_answerable": len(ranks), "recall@1": recall_at(ranks, 1),
                     "recall@3": recall_at(ranks, 3)} | answer_metrics(group, known)
    return out


def baseline_run(questions: list[Question], *, settings: Settings, retriever=None) -> dict:
    """Retrieval metrics of the Chatchat-style reference over the same clauses and embedder."""
    from .baseline import BaselineRetriever

    retriever = retriever or get_retriever(settings)
    base = BaselineRetriever.build(retriever.clauses, retriever.embedder)
    base.ranked(WARMUP)
    ranks, kinds, times = [], [], []
    for q in questions:
        if not q.answerable:
            continue  # like Chatchat, a follow-up is searched as typed, without its context
        t0 = time.perf_counter()
        ranked = base.ranked(q.question)[: settings.top_k]
        times.append((time.perf_counter() - t0) * 1000)
        ranks.append(first_rank(ranked, q.clauses))
        kinds.append(q.kind)
    return {"name": "chatchat-reference", "retrieval": retrieval_metrics(ranks), "ranks": ranks,
            "by_kind": recall_by_kind(list(zip(kinds, ranks, strict=True))),
            "latency_ms": {"retrieve_p50": percentile(times, 50), "retrieve_p95": percentile(times, 95)}}


def compare(questions: list[Question], *, settings: Settings, progress=None, done: dict | None = None,
            ablate: bool = False) -> list[dict]:
    """bm25, dense, hybrid, hybrid + reranker (when configured), and the Chatchat-style reference; with
    `ablate`, also hybrid without each bridge of `settings.bridges` and without any (each row has the
    recall per question kind in `by_kind`).

    `done`: a result of `run` for `settings` itself, reused for the configuration it matches
    instead of answering every question again."""
    configs = [("bm25", settings.replace(retriever="bm25", reranker="")),
               ("dense", settings.replace(retriever="dense", reranker="")),
               ("hybrid", settings.replace(retriever="hybrid", reranker=""))]
    if settings.reranker:
        configs.append(("hybrid+rerank", settings.replace(retriever="hybrid")))
    if ablate:
        used = settings.bridge_list
        configs += [(f"hybrid -{b}", settings.replace(retriever="hybrid", reranker="",
                                                      bridges=",".join(x for x in used if x != b))) for b in used]
        configs.append(("hybrid, no bridge", settings.replace(retriever="hybrid", reranker="", bridges="")))
    out = []
    for name, s in configs:
        same = done is not None and (s.retriever, s.reranker, s.bridges) == (settings.retriever, settings.reranker, settings.bridges)
        result = dict(done) if same else run(questions, settings=s, progress=progress)
        result["name"] = name
        result["ranks"] = [p["rank"] for p in result["per_question"] if p["answerable"]]
        out.append(result)
    out.append(baseline_run(questions, settings=settings))
    return out


def _conversation(q: Question, by_id: dict, turns: int) -> list[tuple[str, str]]:
    """The turns before `q` in its conversation, oldest first: the question it follows up and that one's
    own predecessors (a chain of `follow_up_of` is one longer conversation, docs/eval-format.md), at most
    `turns` of them (the assistant keeps no more: `Settings.history_turns`)."""
    chain: list[tuple[str, str]] = []
    seen = {q.id}
    prev = q.follow_up_of
    while prev and prev in by_id and prev not in seen and len(chain) < turns:
        seen.add(prev)
        prev_q, prev_a = by_id[prev]
        chain.append((prev_q.question, prev_a.text))
        prev = prev_q.follow_up_of
    return chain[::-1]
