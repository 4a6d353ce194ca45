"""Load run against several server replicas sharing one PostgreSQL database and one index folder.

    python -m eval.replicas --replicas 2 --clients 20 --seconds 30 [--database-url postgresql://…]

Builds the index once in a temporary home, starts a throwaway PostgreSQL cluster (`eval/postgres.py`,
fsync on) unless `--database-url` is given, starts `--replicas` × `policy-qa serve` on consecutive
loopback ports with that home and database, and runs `eval.load.run_load` against every replica at
once (the clients split evenly). Afterwards every acknowledged vote must be in the shared database.
Prints per-replica throughput, latency percentiles and errors, and the vote totals; exit code 1 on any
error or lost vote. Servers and the cluster are stopped on the way out, whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from .load import run_load
from .postgres import free_port, throwaway_postgres

ROOT = Path(__file__).resolve().parents[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with code {proc.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as r:
                if r.status == 200:
                    return
        time.sleep(0.5)
    raise RuntimeError(f"{url} not healthy after {timeout:.0f} s")


@contextlib.contextmanager
def replicas(n: int, *, home: Path, database_url: str, timeout: float = 180.0):
    """Start `n` servers on loopback sharing `home` and `database_url`; yield their URLs; stop them."""
    env = {**os.environ, "POLICY_QA_HOME": str(home), "POLICY_QA_DATABASE_URL": database_url,
           "TOKENIZERS_PARALLELISM": "false"}
    procs: list[subprocess.Popen] = []
    urls: list[str] = []
    try:
        for _ in range(n):
            port = free_port()
            procs.append(subprocess.Popen([sys.executable, "-m", "chat.cli", "serve", "--port", str(port)], env=env,
                                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            urls.append(f"http://127.0.0.1:{port}")
        for url, proc in zip(urls, procs, strict=True):
            _wait_healthy(url, proc, timeout)
        yield urls
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def run_replicas(*, n: int, clients: int, seconds: float, database_url: str = "") -> dict:
    """The whole run (see the module docstring); returns the report as a dict."""
    from chat.retriever import build_index
    from chat.settings import Settings
    from chat.web.stores import open_feedback_store

    with tempfile.TemporaryDirectory(prefix="policy-qa-replicas-") as tmp, contextlib.ExitStack() as stack:
        home = Path(tmp)
        build_index(Settings(home=home))  # once, before any replica opens the shared folder
        url = database_url or stack.enter_context(throwaway_postgres(fsync=True))
        urls = stack.enter_context(replicas(n, home=home, database_url=url))
        results: list[dict] = [{} for _ in urls]

        def drive(i: int) -> None:
            results[i] = run_load(urls[i], clients=max(1, clients // n), seconds=seconds)

        threads = [threading.Thread(target=drive, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stored = {r["question"] for r in open_feedback_store(Settings(database_url=url)).rows()}
        markers = [m for r in results for m in r["vote_markers"]]
        lost = [m for m in markers if m not in stored]
        per_replica = [{k: v for k, v in r.items() if k != "vote_markers"} | {"url": u}
                       for r, u in zip(results, urls, strict=True)]
        return {"replicas": n, "clients": clients, "seconds": seconds, "per_replica": per_replica,
                "throughput_rps": round(sum(r["throughput_rps"] for r in results), 1),
                "errors": sum(r["errors"] for r in results), "votes_acknowledged": len(markers),
                "votes_stored": len(stored), "votes_lost": len(lost)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.replicas", description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--clients", type=int, default=20, help="in total, split over the replicas")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--database-url", default="", help="an existing PostgreSQL database (default: a throwaway one)")
    args = ap.parse_args(argv)
    if not (1 <= args.replicas <= 8 and 1 <= args.clients <= 200 and 0 < args.seconds <= 600):
        raise SystemExit("replicas must be 1..8, clients 1..200 and seconds 0..600")
    report = run_replicas(n=args.replicas, clients=args.clients, seconds=args.seconds, database_url=args.database_url)
    for r in report["per_replica"]:
        print(f"{r['url']}: {r['requests']} requests, {r['throughput_rps']:.1f} req/s, p50 {r['p50_ms']:.0f} ms, "
              f"p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, errors {r['errors']}")
    print(f"{report['replicas']} replicas, {report['clients']} clients, {report['seconds']:.0f} s: "
          f"{report['throughput_rps']} req/s in total, errors {report['errors']}, votes "
          f"{report['votes_acknowledged']} acknowledged, {report['votes_stored']} stored, {report['votes_lost']} lost")
    print(json.dumps(report, ensure_ascii=False))
    return 0 if report["errors"] == 0 and report["votes_lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
