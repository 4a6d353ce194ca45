"""Load test of a running server's JSON API, loopback only, bounded in clients, time and requests.

    python -m eval.load --url http://127.0.0.1:7860 --clients 50 --seconds 60 --db ~/.local/share/policy-qa/feedback.sqlite3 --pid PID
    python -m eval.load --url http://127.0.0.1:7860 --hostile        # oversized bodies and history turns
    python -m eval.load ... --kill-at 20 --pid PID                   # kill -9 the server 20 s in

Each client keeps one connection from its own loopback address (127.0.x.y, so the per-client rate limit
sees distinct clients, as it would behind a proxy) and loops: ask a question (POST /api/ask), and every
third request cast a vote (POST /api/feedback) with a unique marker. A request refused for load (429,
503) is counted apart, with its own latency, and the client waits its Retry-After (at most 5 s) as a
polite client would. Reports admitted p50/p95/p99, how fast refusals came, errors, and with --db that
every acknowledged vote is in the database; with --pid the server's peak resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import ipaddress
import json
import os
import signal
import sqlite3
import sys
import time
import uuid
from urllib.parse import urlparse

from .metrics import percentile

QUESTIONS = [
    "庄市那边以后交通会方便些吗？", "我是海归博士，来镇海有什么待遇？", "区人民法院要做什么？",
    "镇海电厂会搬迁吗？", "Who supervises how the decision is carried out?", "人才公寓月租多少钱？",
    "科研成果怎么在镇海转化？", "决定是哪天通过的？",
]
MAX_REQUESTS = 200_000
MAX_CLIENTS = 500
REFUSED = (429, 503)


def _loopback_only(url: str) -> None:
    host = urlparse(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SystemExit(f"refusing to load-test {host!r}: only loopback addresses (127.0.0.0/8, ::1, localhost)")


def client_address(n: int) -> str:
    """The loopback address client `n` connects from: 127.0.x.y, never 127.0.0.1 itself."""
    return f"127.0.{1 + n // 250}.{2 + n % 250}"


class Client:
    """One keep-alive HTTP/1.1 connection from one loopback address (asyncio: hundreds of clients in one
    thread measure the server, not the load generator's own thread switching); reconnects after a failure."""

    def __init__(self, url: str, source: str | None, timeout: float) -> None:
        u = urlparse(url)
        self.host, self.port, self.source, self.timeout = u.hostname, u.port or 80, source, timeout
        self.conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, dict, bytes]:
        try:
            return await asyncio.wait_for(self._post(path, body), self.timeout)
        except BaseException:
            self.close()
            raise

    async def _post(self, path: str, body: bytes) -> tuple[int, dict, bytes]:
        if self.conn is None:
            self.conn = await asyncio.open_connection(self.host, self.port,
                                                      local_addr=(self.source, 0) if self.source else None)
        reader, writer = self.conn
        writer.write(f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionResetError("the server closed the connection")
        status = int(status_line.split()[1])
        headers = {}
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers:
            raise ValueError(f"HTTP {status} without Content-Length")
        data = await reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn[1].close()
            self.conn = None


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid` in MB (Linux /proc), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _kill_server(pid: int) -> None:
    """SIGKILL `pid`, but only a policy-qa server (never another process by mistake)."""
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
    if "serve" not in cmd or ("chat.cli" not in cmd and "policy-qa" not in cmd):
        raise SystemExit(f"refusing to kill pid {pid}: not a policy-qa server ({cmd[:80]!r})")
    os.kill(pid, signal.SIGKILL)


def run_load(url: str, *, clients: int, seconds: float, timeout: float = 30.0, spread: bool = True,
             pid: int | None = None, kill_at: float | None = None) -> dict:
    """Run the load (see the module docstring) and return its figures; the acknowledged votes' markers
    are in "vote_markers" (check them with `lost_votes`)."""
    _loopback_only(url)
    return asyncio.run(_run(url, clients=clients, seconds=seconds, timeout=timeout, spread=spread, pid=pid,
                            kill_at=kill_at))


async def _run(url: str, *, clients: int, seconds: float, timeout: float, spread: bool, pid: int | None,
               kill_at: float | None) -> dict:
    ipv4 = (urlparse(url).hostname or "").startswith("127.")
    admitted: list[float] = []
    asked: list[float] = []  # the admitted answers alone
    refused: list[float] = []
    errors: list[str] = []
    votes: list[str] = []
    count = [0]
    t_start = time.perf_counter()
    deadline = t_start + seconds

    async def client(n: int) -> None:
        c = Client(url, client_address(n) if spread and ipv4 else None, timeout)
        i = 0
        while time.perf_counter() < deadline and count[0] < MAX_REQUESTS:
            count[0] += 1
            vote = i % 3 == 2
            marker = f"load-{uuid.uuid4().hex}"
            payload = ({"question": marker, "answer": "load test", "citations": ["7"], "vote": "up" if i % 2 else "down"}
                       if vote else {"question": QUESTIONS[(n + i) % len(QUESTIONS)]})
            t0 = time.perf_counter()
            wait = 0.0
            try:
                status, headers, data = await c.post("/api/feedback" if vote else "/api/ask",
                                                     json.dumps(payload, ensure_ascii=False).encode())
                ms = (time.perf_counter() - t0) * 1000
                if status in REFUSED:
                    wait = min(float(headers.get("retry-after", "1")), 5.0)
                    refused.append(ms)
                elif status != 200:
                    raise ValueError(f"HTTP {status}: {data[:120]!r}")
                elif ("id" if vote else "answer") not in json.loads(data):
                    raise ValueError("reply without an answer")
                else:
                    admitted.append(ms)
                    (votes.append(marker) if vote else asked.append(ms))
            except (OSError, ValueError, TimeoutError, asyncio.IncompleteReadError) as e:
                errors.append(f"{type(e).__name__}: {e}")
                wait = 0.2  # the server may be gone (kill -9): do not spin
            i += 1
            if wait:
                await asyncio.sleep(min(wait, max(deadline - time.perf_counter(), 0)))
        c.close()

    async def watch() -> tuple[float, bool]:
        peak, killed = (rss_mb(pid) if pid else 0.0), False
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.25)
            if pid:
                peak = max(peak, rss_mb(pid))
            if kill_at is not None and pid and not killed and time.perf_counter() - t_start >= kill_at:
                _kill_server(pid)
                killed = True
        return peak, killed

    watcher = asyncio.create_task(watch())
    await asyncio.gather(*(client(n) for n in range(clients)))
    peak, killed = await watcher
    elapsed = time.perf_counter() - t_start
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(admitted) + len(refused) + len(errors),
            "throughput_rps": len(admitted) / elapsed if elapsed else 0.0,
            "p50_ms": percentile(admitted, 50), "p95_ms": percentile(admitted, 95), "p99_ms": percentile(admitted, 99),
            "ask_p95_ms": percentile(asked, 95) if asked else 0.0,
            "refused": len(refused), "refused_p95_ms": percentile(refused, 95) if refused else 0.0,
            "refused_max_ms": max(refused, default=0.0), "errors": len(errors), "error_samples": errors[:5],
            "votes_acknowledged": len(votes), "vote_markers": votes, "peak_rss_mb": peak, "killed": killed}


def lost_votes(db: str, markers: list[str]) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        found = {r[0] for r in conn.execute("SELECT question FROM feedback WHERE question LIKE 'load-%'")}
    finally:
        conn.close()
    return [m for m in markers if m not in found]


def hostile(url: str, timeout: float = 30.0) -> list[dict]:
    """Oversized requests, one at a time: (what, HTTP status, seconds)."""
    _loopback_only(url)
    long_turn = "关于沿江大道的建设，" * 100_000  # 1,000,000 characters
    cases = [
        ("20 MB question body", {"question": "好" * (20 * 1024 * 1024 // 3)}),
        ("1 MB history turn", {"question": "那它呢？", "history": [{"role": "user", "content": long_turn},
                                                                {"role": "assistant", "content": "见〔第7条〕"}]}),
        ("60 KB history turn (under the body limit)", {"question": "那它呢？", "history": [
            {"role": "user", "content": "riverside road " * 4_000}, {"role": "assistant", "content": "见〔第7条〕"}]}),
        ("5,000-character history turn", {"question": "那它呢？", "history": [
            {"role": "user", "content": long_turn[:5_000]}, {"role": "assistant", "content": "见〔第7条〕"}]}),
    ]
    u = urlparse(url)
    out = []
    for what, payload in cases:
        body = json.dumps(payload, ensure_ascii=False).encode()
        conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)
        t0 = time.perf_counter()
        try:
            conn.putrequest("POST", "/api/ask")
            conn.putheader("Content-Type", "application/json")
            conn.putheader("Content-Length", str(len(body)))
            conn.endheaders()
            try:
                for i in range(0, len(body), 65_536):
                    conn.send(body[i : i + 65_536])
            except OSError:
                pass  # subtle: the server answered (413) and closed before the whole body went out
            r = conn.getresponse()
            r.read()
            status = r.status
        except (OSError, http.client.HTTPException) as e:
            status = type(e).__name__
        out.append({"what": what, "bytes": len(body), "status": status, "seconds": time.perf_counter() - t0})
        conn.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.load", description="Load-test a running policy-qa server (loopback only).")
    ap.add_argument("--url", default="http://127.0.0.1:7860")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--db", help="the server's feedback database, to check that no vote was lost")
    ap.add_argument("--pid", type=int, help="the server's process id: report its peak resident memory")
    ap.add_argument("--kill-at", type=float, help="kill -9 the server (--pid) this many seconds in")
    ap.add_argument("--no-spread", action="store_true", help="all clients from one address (127.0.0.1)")
    ap.add_argument("--hostile", action="store_true", help="send oversized requests instead of the load")
    args = ap.parse_args(argv)
    if args.hostile:
        for r in hostile(args.url):
            print(f"{r['what']}: {r['bytes']:,} bytes → {r['status']} in {r['seconds'] * 1000:.0f} ms")
        return 0
    if not (1 <= args.clients <= MAX_CLIENTS and 0 < args.seconds <= 600):
        raise SystemExit(f"clients must be 1..{MAX_CLIENTS} and seconds 0..600")
    if args.kill_at is not None and not args.pid:
        raise SystemExit("--kill-at needs --pid (the server to kill)")
    r = run_load(args.url, clients=args.clients, seconds=args.seconds, spread=not args.no_spread, pid=args.pid,
                 kill_at=args.kill_at)
    lost = lost_votes(args.db, r["vote_markers"]) if args.db else []
    print(f"{r['clients']} clients, {r['seconds']} s: {r['requests']} requests, {r['throughput_rps']:.1f} admitted/s, "
          f"admitted p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms "
          f"(answers alone p95 {r['ask_p95_ms']:.0f} ms); "
          f"refused (429/503) {r['refused']}, p95 {r['refused_p95_ms']:.0f} ms, max {r['refused_max_ms']:.0f} ms; "
          f"errors {r['errors']}{' (server killed)' if r['killed'] else ''}; "
          f"votes {r['votes_acknowledged']} acknowledged, {len(lost) if args.db else 'unchecked'} lost"
          + (f"; server peak RSS {r['peak_rss_mb']:.0f} MB" if args.pid else ""))
    for e in r["error_samples"]:
        print(f"  error: {e}")
    if r["killed"]:
        return 0 if not lost else 1
    return 0 if r["errors"] == 0 and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
