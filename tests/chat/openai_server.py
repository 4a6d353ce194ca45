"""A real local HTTP server speaking the OpenAI chat-completions protocol (streaming included), whose
behaviour a test sets: a good answer, a bad citation, HTTP 500, a hang, or garbage."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAI:
    def __init__(self) -> None:
        self.mode = "good"
        self.reply = ""
        self.requests: list[dict] = []
        self.auth: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
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
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for piece in [server.reply[i : i + 7] for i in range(0, len(server.reply), 7)]:
                        chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
                                 "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                    self.wfile.write(b"data: [DONE]\n\n")
                else:
                    msg = {"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": server.reply},
                                        "finish_reason": "stop"}]}
                    self._send(200, json.dumps(msg, ensure_ascii=False).encode())

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

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
