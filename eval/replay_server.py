"""A real local HTTP server speaking the OpenAI chat-completions protocol (streaming included) that
replays a scripted reply: the verification benchmark (`eval.verifybench`) replays its scripted LLM
answers through it, and the tests set its behaviour (a good answer, HTTP 500, a hang, garbage, a
stream that pauses). Binds to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ReplayServer:
    """`reply` is streamed in pieces of `chunk` characters, `delay` seconds apart. With `pause_after`
    set, the stream stops after that many characters until `release()` (or 10 s) — to see what a client
    shows before the reply ends. `requests`, `auth` record what clients sent; `finished` is set when
    the last streamed reply was sent whole. `mode` other than "good": "500", "429", "hang" (answers after
    5 s) or "garbage" (not JSON)."""

    def __init__(self, *, reply: str = "", chunk: int = 7, delay: float = 0.0) -> None:
        self.mode = "good"
        self.reply, self.chunk, self.delay = reply, chunk, delay
        self.pause_after: int | None = None
        self.requests: list[dict] = []
        self.auth: list[str] = []
        self.finished = threading.Event()
        self._resume = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test and benchmark output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append(body)
                server.auth.append(self.headers.get("Authorization", ""))
                if server.mode == "500":
                    self._send(500, b'{"error": {"message": "internal error", "type": "server_error"}}')
                elif server.mode == "429":
                    self._send(429, b'{"error": {"message": "slow down", "type": "rate_limit"}}')
                elif server.mode == "hang":
                    time.sleep(5)
                    self._send(200, b"{}")
                elif server.mode == "garbage":
                    self._send(200, b"this is not json at all", ctype="application/json")
                elif body.get("stream"):
                    self._stream(server.reply)
                else:
                    msg = {"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": server.reply},
                                        "finish_reason": "stop"}]}
                    self._send(200, json.dumps(msg, ensure_ascii=False).encode())

            def _stream(self, reply: str) -> None:
                server.finished.clear()
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                sent = 0
                for piece in [reply[i : i + server.chunk] for i in range(0, len(reply), server.chunk)]:
                    if server.pause_after is not None and sent >= server.pause_after:
                        server._resume.wait(10)
                    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                    self.wfile.flush()
                    sent += len(piece)
                    if server.delay:
                        time.sleep(server.delay)
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                server.finished.set()

            def _send(self, code, payload, ctype="application/json"):
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def release(self) -> None:
        """Let a paused stream go on (see `pause_after`)."""
        self._resume.set()

    def close(self) -> None:
        self._resume.set()
        self.httpd.shutdown()
        self.httpd.server_close()
