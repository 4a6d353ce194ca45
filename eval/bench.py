"""Speed benchmarks (never timed unit tests). Run: `python -m eval.bench [--scale-n 100000]`.

1. The bundled resolution, embedded default: index build time, retrieval and answer p50/p95 over the
   dev questions (in-process, after a warm-up), and the page's start-up time (`policy-qa serve` in a
   child process until /api/health answers).
2. Scale: a synthetic corpus of N passage vectors that the script generates (clustered, like real
   embeddings, 384 dims): build time, memory, p50/p95 search time of exact vs HNSW search, and HNSW's
   recall@10 against exact search. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import resources

import numpy as np

from .metrics import percentile


def bundled_speed(home: str) -> dict:
    import index
    from chat import answer, load_settings
    from chat.question import search_text
    from ingest import load_bundled

    from .questions import load_questions

    clauses = list(load_bundled().clauses)
    emb = index.load_embedder("e5-small-q4")
    emb.encode_passages(["预热"])  # load the model once; what is timed is the build itself
    t0 = time.perf_counter()
    built = index.build(clauses, embedder=emb, out_dir=os.path.join(home, "index"))
    build_s = time.perf_counter() - t0
    retriever = index.Retriever(built, embedder=emb)
    questions = [q.question for q in load_questions(resources.files("eval") / "data" / "dev.jsonl")]
    settings = load_settings(home=home)
    answer(questions[0], settings=settings, retriever=retriever)
    t_ret, t_ans = [], []
    for q in questions:
        t = time.perf_counter()
        retriever.search(search_text(q), top_k=15)
        t_ret.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        answer(q, settings=settings, retriever=retriever)
        t_ans.append((time.perf_counter() - t) * 1000)
    return {"build_s": build_s, "n_vectors": built.manifest["n_vectors"],
            "retrieve_p50_ms": percentile(t_ret, 50), "retrieve_p95_ms": percentile(t_ret, 95),
            "answer_p50_ms": percentile(t_ans, 50), "answer_p95_ms": percentile(t_ans, 95)}


def page_startup(home: str) -> float:
    """Seconds from starting `policy-qa serve` (index already built) until /api/health answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, POLICY_QA_HOME=home)
    cmd = [sys.executable, "-m", "chat.cli", "serve", "--port", str(port)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - t0 < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the page did not start within 60 s")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def synthetic_vectors(n: int, dim: int = 384, *, clusters: int = 1000, seed: int = 0) -> np.ndarray:
    """Unit vectors around `clusters` random centres: the local structure real text embeddings have."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dim)).astype(np.float32)
    # noise larger than the centres: neighbours within a cluster have cosine ~0.4, clusters overlap
    x = centres[rng.integers(0, clusters, n)] + 1.2 * rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def scale(n: int, *, n_queries: int = 500) -> list[dict]:
    import faiss

    from index import build_faiss

    data = synthetic_vectors(n + n_queries)
    vecs, queries = data[:n], data[n:]
    rows, exact_ids = [], None
    for name, threshold in (("exact (IndexFlatIP)", n + 1), ("approx (IndexHNSWFlat)", 0)):
        t0 = time.perf_counter()
        idx = build_faiss(vecs, approx_threshold=threshold)
        build_s = time.perf_counter() - t0
        mem_mb = faiss.serialize_index(idx).nbytes / 2**20
        times, ids = [], []
        for q in queries:
            t = time.perf_counter()
            _, i = idx.search(q[None, :], 10)
            times.append((time.perf_counter() - t) * 1000)
            ids.append(i[0])
        if exact_ids is None:
            exact_ids, recall = ids, 1.0
        else:
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, exact_ids, strict=True)]))
        rows.append({"index": name, "n": n, "build_s": build_s, "memory_mb": mem_mb,
                     "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "recall@10": recall})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--scale-n", type=int, default=100_000, help="synthetic passages for the scale benchmark")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    out: dict = {}
    with tempfile.TemporaryDirectory() as home:
        speed = bundled_speed(home)
        speed["page_startup_s"] = page_startup(home)
    out["bundled"] = speed
    print("Bundled resolution, embedded default (e5-small-q4), 2-core CPU:")
    print(f"  index build           {speed['build_s']:.2f} s ({speed['n_vectors']} vectors)   target < 3 s")
    print(f"  retrieval p50 / p95   {speed['retrieve_p50_ms']:.1f} / {speed['retrieve_p95_ms']:.1f} ms   target p50 < 30 ms")
    print(f"  answer p50 / p95      {speed['answer_p50_ms']:.1f} / {speed['answer_p95_ms']:.1f} ms   target p50 < 60 ms")
    print(f"  page start-up         {speed['page_startup_s']:.1f} s   target < 10 s")
    if not args.skip_scale:
        rows = scale(args.scale_n)
        out["scale"] = rows
        print(f"\nScale: {args.scale_n:,} synthetic passages, 384 dims, single-query search, k=10")
        print(f"  {'index':<24}{'build s':>9}{'memory MB':>11}{'p50 ms':>9}{'p95 ms':>9}{'recall@10':>11}")
        for r in rows:
            print(f"  {r['index']:<24}{r['build_s']:>9.1f}{r['memory_mb']:>11.0f}{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}{r['recall@10']:>11.3f}")
        print("  target: approximate p50 < 5 ms with recall@10 >= 0.95")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
