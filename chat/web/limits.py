"""What one request may cost, and who gets in under overload: an ASGI middleware (`Guard`) in front of
the JSON API and the Gradio page.

In order, for every HTTP request but the health check:
1. Body size: a declared `Content-Length` over `settings.max_body_bytes` gets 413 before anything is
   read; a body that turns out longer while it streams in is cut off with 413 as well. A few staff routes
   take larger bodies (a document upload, a vocabulary import): `body_limits` maps their exact paths to
   their own limits (`server.py` declares them where it mounts the routes), granted only to a request that
   proves it is staff; anyone else posting there gets the ordinary limit.
2. Per-client rate limit (`settings.rate_limit`, e.g. "10/second;300/minute", keyed on the client address
   as uvicorn reports it — behind a proxy listed in `forwarded_allow_ips`, the X-Forwarded-For address):
   429 with Retry-After. It counts the requests that cost something: every POST, the page itself (`/`)
   and `/api/*`; the page's static files do not count (one page load fetches dozens).
3. Admission for the API's work: two gates, one for answers (`POST /api/ask`, `max_concurrent` at once)
   and one for the other POSTs (votes, `max_concurrent_votes` at once), each with `max_queue` waiting
   (each at most `queue_timeout` s); anything beyond is answered 503 with Retry-After at once, in the event loop,
   without touching a worker thread. Two gates, because votes behind answers in one queue cut the
   throughput by a third in a trial, and ungated votes (waiting on the SQLite writer in worker threads)
   took every worker thread at 300 clients, so admitted answers starved. The page's Gradio queue gets the same numbers
   (`server.py`); its "queue full" 503 also gets Retry-After here.
`GET /api/health` always answers: it skips all three. Every response gets the security headers of
`security.py`. Errors are `{"error": "..."}` like the rest of the API.
"""

from __future__ import annotations

import asyncio
import json
import math
import time

from starlette.requests import Request

from ..settings import Settings
from .security import is_staff, security_headers

HEALTH = "/api/health"
ANSWER_PATHS = ("/api/ask", "/v1/chat/completions", "/retrieval")  # POST routes that compute an answer or search
OVERLOAD_RETRY_AFTER = 1  # seconds; a queue slot frees within that at the measured service times


def error_body(message: str) -> bytes:
    """The API's error shape, `{"error": message}`, as UTF-8 JSON (invalid Unicode replaced)."""
    clean = str(message).encode("utf-8", "replace").decode("utf-8")
    return json.dumps({"error": clean}, ensure_ascii=False).encode("utf-8")


async def _reply(send, status: int, message: str, *, retry_after: int | None = None) -> None:
    body = error_body(message)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RateLimit:
    """Per-key rate limit over the `limits` package (sliding-window counters in memory: O(1) per client)."""

    def __init__(self, spec: str) -> None:
        from limits import parse_many
        from limits.storage import MemoryStorage
        from limits.strategies import SlidingWindowCounterRateLimiter

        self.items = parse_many(spec)
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    def retry_after(self, key: str) -> int:
        """0 and the request is counted, or the whole seconds to wait before the next one is let in."""
        blocked = [item for item in self.items if not self.limiter.test(item, key)]
        if blocked:
            now = time.time()
            wait = max(self.limiter.get_window_stats(item, key).reset_time - now for item in blocked)
            return max(1, math.ceil(wait))
        for item in self.items:
            self.limiter.hit(item, key)
        return 0


class Gate:
    """At most `limit` requests inside, at most `queue` waiting (each at most `timeout` s); else refuse."""

    def __init__(self, limit: int, queue: int, timeout: float) -> None:
        self.queue, self.timeout = queue, timeout
        self._slots = asyncio.Semaphore(limit)
        self.waiting = 0

    async def enter(self) -> bool:
        if not self._slots.locked():
            await self._slots.acquire()
            return True
        if self.waiting >= self.queue:
            return False
        self.waiting += 1
        try:
            # subtle: asyncio.timeout, not wait_for: on 3.11 wait_for can drop a slot acquired at the deadline.
            async with asyncio.timeout(self.timeout):
                await self._slots.acquire()
            return True
        except TimeoutError:
            return False
        finally:
            self.waiting -= 1

    def leave(self) -> None:
        self._slots.release()


def _gate_kind(method: str, path: str) -> str | None:
    """Which admission gate a request passes: "answer" (computes an answer), "write" (other API POSTs)
    or none."""
    if method != "POST":
        return None
    if path in ANSWER_PATHS:
        return "answer"
    return "write" if path.startswith("/api/") else None


def _counts(method: str, path: str) -> bool:
    """Whether the rate limit counts this request (see the module docstring)."""
    return method not in ("GET", "HEAD", "OPTIONS") or path == "/" or path.startswith("/api/")


class Guard:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app, settings: Settings, body_limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.settings = settings
        self.max_body = settings.max_body_bytes
        self.body_limits = dict(body_limits or {})  # exact path → its own body limit
        self.rate = RateLimit(settings.rate_limit) if settings.rate_limit else None
        self.gates = {"answer": Gate(settings.max_concurrent, settings.max_queue, settings.queue_timeout),
                      "write": Gate(settings.max_concurrent_votes, settings.max_queue, settings.queue_timeout)}
        self.headers = security_headers(settings)
        self._names = {name for name, _ in self.headers}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = {"started": False, "replied": False}
        send = self._send_with_headers(send, state)
        method, path = scope.get("method", "GET"), scope.get("path", "")
        if path == HEALTH:
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is None:
            await _reply(send, 400, "invalid Content-Length header")
            return
        limit = self._body_limit(scope, method, path)
        if declared > limit:
            await _reply(send, 413, f"request body too large: {declared} bytes, the limit is {limit}")
            return
        if self.rate is not None and _counts(method, path):
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self.rate.retry_after(client)
            if wait:
                await _reply(send, 429, f"too many requests from {client}; try again in {wait} s", retry_after=wait)
                return
        receive = self._bounded(receive, send, state, limit)
        gate = self.gates.get(_gate_kind(method, path))
        if gate is None:
            await self.app(scope, receive, send)
            return
        if not await gate.enter():
            await _reply(send, 503, "the service is busy; try again shortly", retry_after=OVERLOAD_RETRY_AFTER)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            gate.leave()

    def _send_with_headers(self, send, state):
        async def wrapped(message) -> None:
            if state["replied"]:
                return  # subtle: the 413 for an oversized streamed body went out; the app's reply is dropped
            if message["type"] == "http.response.start":
                state["started"] = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self._names]
                headers += self.headers
                if message["status"] == 503 and not any(k.lower() == b"retry-after" for k, _ in headers):
                    headers.append((b"retry-after", str(OVERLOAD_RETRY_AFTER).encode()))
                message = dict(message, headers=headers)
            await send(message)

        return wrapped

    def _body_limit(self, scope, method: str, path: str) -> int:
        """The body size this request may send: its route's own limit for a staff request (`body_limits`),
        else `max_body_bytes`."""
        if method == "POST" and path in self.body_limits and is_staff(Request(scope), self.settings):
            return self.body_limits[path]
        return self.max_body

    def _bounded(self, receive, send, state, limit: int):
        seen = 0

        async def wrapped():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    if not state["started"]:
                        await _reply(send, 413, f"request body too large: over {limit} bytes")
                    state["replied"] = True
                    return {"type": "http.disconnect"}
            return message

        return wrapped


def _content_length(scope) -> int | None:
    """The declared body length (0 when none is declared), or None when the header is not a number."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                n = int(value)
            except ValueError:
                return None
            return n if n >= 0 else None
    return 0
