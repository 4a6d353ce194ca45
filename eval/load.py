"""Load test of a running server's JSON API, loopback only, bounded in time and requests.

    python -m eval.load --url http://127.0.0.1:7860 --clients 50 --seconds 60 --db ~/.local/share/policy-qa/feedback.sqlite3

Each client loops: ask a question (POST /api/ask), and every third request cast a vote
(POST /api/feedback) with a unique marker. Reports throughput, p50/p95/p99 latency and errors; with
--db, checks afterwards that every acknowledged vote is in the database (no vote lost).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlparse

from .metrics import percentile

QUESTIONS = [
    "庄市那边以后交通会方便些吗？", "我是海归博士，来镇海有什么待遇？", "区人民法院要做什么？",
    "镇海电厂会搬迁吗？", "Who supervises how the decision is carried out?", "人才公寓月租多少钱？",
    "科研成果怎么在镇海转化？", "决定是哪天通过的？",
]
MAX_REQUESTS = 100_000


def _loopback_only(url: str) -> None:
    host = urlparse(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SystemExit(f"refusing to load-test {host!r}: only loopback addresses (127.0.0.0/8, ::1, localhost)")


def _post(url: str, payload: dict, timeout: float) -> dict:
    req = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def run_load(url: str, *, clients: int, seconds: float, timeout: float = 30.0) -> dict:
    _loopback_only(url)
    base = url.rstrip("/")
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    votes: list[str] = []
    count = [0]
    deadline = time.perf_counter() + seconds

    def client(n: int) -> None:
        i = 0
        while time.perf_counter() < deadline:
            with lock:
                if count[0] >= MAX_REQUESTS:
                    return
                count[0] += 1
            q = QUESTIONS[(n + i) % len(QUESTIONS)]
            t0 = time.perf_counter()
            try:
                if i % 3 == 2:
                    marker = f"load-{uuid.uuid4().hex}"
                    _post(f"{base}/api/feedback", {"question": marker, "answer": "load test", "citations": ["7"],
                                                   "vote": "up" if i % 2 else "down"}, timeout)
                    with lock:
                        votes.append(marker)
                else:
                    body = _post(f"{base}/api/ask", {"question": q}, timeout)
                    if "answer" not in body:
                        raise ValueError("reply without an answer")
                with lock:
                    latencies.append((time.perf_counter() - t0) * 1000)
            except (OSError, ValueError, urllib.error.HTTPError) as e:
                with lock:
                    errors.append(f"{type(e).__name__}: {e}")
            i += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + timeout + 5)
    elapsed = time.perf_counter() - t0
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies) + len(errors),
            "throughput_rps": len(latencies) / elapsed if elapsed else 0.0,
            "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95), "p99_ms": percentile(latencies, 99),
            "errors": len(errors), "error_samples": errors[:5], "votes_acknowledged": len(votes), "vote_markers": votes}


def lost_votes(db: str, markers: list[str]) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        found = {r[0] for r in conn.execute("SELECT question FROM feedback WHERE question LIKE 'load-%'")}
    finally:
        conn.close()
    return [m for m in markers if m not in found]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.load", description="Load-test a running policy-qa server (loopback only).")
    ap.add_argument("--url", default="http://127.0.0.1:7860")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--db", help="the server's feedback database, to check that no vote was lost")
    args = ap.parse_args(argv)
    if not (1 <= args.clients <= 200 and 0 < args.seconds <= 600):
        raise SystemExit("clients must be 1..200 and seconds 0..600")
    r = run_load(args.url, clients=args.clients, seconds=args.seconds)
    lost = lost_votes(args.db, r["vote_markers"]) if args.db else []
    print(f"{r['clients']} clients, {r['seconds']} s: {r['requests']} requests, {r['throughput_rps']:.1f} req/s, "
          f"p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, errors {r['errors']}, "
          f"votes {r['votes_acknowledged']} acknowledged, {len(lost) if args.db else 'unchecked'} lost")
    for e in r["error_samples"]:
        print(f"  error: {e}")
    return 0 if r["errors"] == 0 and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
