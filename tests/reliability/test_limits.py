"""Bounded cost per request and admission control, against the real app under uvicorn on 127.0.0.1:
body size (413 before the body is read), clipped history, bounded feedback, per-client rate limit
(429 + Retry-After, keyed on the address), the concurrency limit with its bounded queue (fast 503 +
Retry-After while the health check still answers), and the error shape."""

import http.client
import json
import sqlite3
import threading
import time
from urllib.parse import urlparse

import pytest

from chat.settings import load_settings
from tests.chat.openai_server import FakeOpenAI

from .conftest import QUESTION, live_server


def _call(url, method, path, body=None, *, source="127.0.0.1", headers=None, raw=None, timeout=60):
    """One request on its own connection from the loopback address `source`; (status, headers, body)."""
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout, source_address=(source, 0))
    try:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        conn.request(method, path, body=data, headers={"Content-Type": "application/json", **(headers or {})})
        r = conn.getresponse()
        text = r.read()
        headers = {k.lower(): v for k, v in r.getheaders()}
        return r.status, headers, json.loads(text) if headers.get("content-type") == "application/json" else text
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(served_home):
    with live_server(load_settings(home=served_home, rate_limit="")) as url:
        yield url, served_home


def test_a_huge_declared_body_gets_413_before_it_is_sent(server):
    url, _ = server
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.putrequest("POST", "/api/ask")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(20 * 1024 * 1024))
    conn.endheaders(b'{"question": "')  # 14 bytes of a 20 MB body: the answer cannot wait for the rest
    r = conn.getresponse()
    body = json.loads(r.read())
    conn.close()
    assert r.status == 413 and "too large" in body["error"] and "65536" in body["error"]


def test_a_streamed_body_over_the_limit_gets_413(server):
    url, _ = server
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    chunks = iter([b'{"question": "' + b"a" * 40_000, b"b" * 40_000 + b'"}'])
    conn.request("POST", "/api/ask", body=chunks, headers={"Content-Type": "application/json"}, encode_chunked=True)
    r = conn.getresponse()
    assert r.status == 413 and "too large" in json.loads(r.read())["error"]
    conn.close()


def test_a_long_history_turn_is_clipped_and_answered(server):
    url, _ = server
    long_turn = "Tell me about the riverside road. " * 1_700  # 57,800 characters, under the body limit
    history = [{"role": "user", "content": long_turn}, {"role": "assistant", "content": "见〔第7条〕" + "x" * 5_000}]
    status, _, body = _call(url, "POST", "/api/ask", {"question": "那它呢？", "history": history})
    settings = load_settings()
    assert status == 200 and body["answer"]
    # the follow-up's retrieval query holds at most the clipped earlier question
    assert len(body["standalone_question"]) <= len("那它呢？") + 1 + settings.history_question_chars


def test_many_history_items_cost_no_more_than_a_few(server):
    url, _ = server
    history = [["q", "a"]] * 5_000 + [["第七条主要规定了哪些内容？", "……〔第7条〕"]]
    status, _, body = _call(url, "POST", "/api/ask", {"question": "那么第九条呢？", "history": history})
    assert status == 200 and body["citations"][0]["clause"] == "9"  # the last turn still counts


@pytest.mark.parametrize("payload, message", [
    ({"citations": [str(i) for i in range(51)]}, "citations: List should have at most 50 items"),
    ({"citations": ["7" * 101]}, "citations.0: String should have at most 100 characters"),
])
def test_feedback_lists_over_their_bounds_are_refused(server, payload, message):
    url, _ = server
    status, _, body = _call(url, "POST", "/api/feedback", {"question": "q", "answer": "a", "vote": "up", **payload})
    assert status == 422 and message in body["error"]


def test_feedback_with_a_lone_surrogate_and_a_long_comment_is_stored_clean_and_clipped(server):
    url, home = server
    raw = b'{"question": "q\\ud800", "answer": "a", "vote": "down", "citations": ["7\\udfff"], "comment": "' + b"c" * 30_000 + b'"}'
    status, _, body = _call(url, "POST", "/api/feedback", raw=raw)
    assert status == 200, body
    conn = sqlite3.connect(home / "feedback.sqlite3")
    question, citations, comment = conn.execute("SELECT question, citations, comment FROM feedback WHERE id = ?",
                                                (body["id"],)).fetchone()
    conn.close()
    assert question == "q?" and json.loads(citations) == ["7?"]
    assert len(comment) == load_settings().feedback_text_chars


def test_sql_in_feedback_reaches_the_store_as_data(server):
    url, home = server
    payloads = ["'); DROP TABLE feedback; --", "1 OR 1=1", "x\"; DELETE FROM feedback WHERE \"1\"=\"1"]
    ids = []
    for p in payloads:
        status, _, body = _call(url, "POST", "/api/feedback", {"question": p, "answer": p, "citations": [p[:100]],
                                                               "vote": "up", "comment": p})
        assert status == 200
        ids.append(body["id"])
    conn = sqlite3.connect(home / "feedback.sqlite3")
    stored = [conn.execute("SELECT question, comment FROM feedback WHERE id = ?", (i,)).fetchone() for i in ids]
    total = conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
    conn.close()
    assert stored == [(p, p) for p in payloads] and total >= len(payloads)


@pytest.mark.parametrize("method, path, status, words", [
    ("GET", "/api/nothing-here", 404, "no API route GET /api/nothing-here"),
    ("GET", "/api/ask", 405, "use POST"),
    ("POST", "/api/ask", 422, "invalid request"),
])
def test_errors_are_json_in_the_readme_shape(server, method, path, status, words):
    url, _ = server
    got, headers, body = _call(url, method, path, raw=b"not json" if method == "POST" else None)
    assert got == status and headers["content-type"].startswith("application/json") and words in body["error"]


def test_an_unexpected_error_is_json_without_traceback_or_path(served_home, monkeypatch):
    import chat.web.api

    def broken(*args, **kwargs):
        raise RuntimeError(f"disk trouble in {served_home}/secret.db")

    monkeypatch.setattr(chat.web.api, "answer", broken)  # the failure injected; the error path is real
    with live_server(load_settings(home=served_home)) as url:
        status, headers, body = _call(url, "POST", "/api/ask", {"question": QUESTION})
    assert status == 500 and headers["content-type"].startswith("application/json")
    assert set(body) == {"error"} and "Traceback" not in body["error"] and str(served_home) not in body["error"]


def test_rate_limit_per_client_address_with_retry_after(served_home):
    with live_server(load_settings(home=served_home, rate_limit="3/minute")) as url:
        statuses = [_call(url, "GET", "/api/clauses/7")[0] for _ in range(3)]
        status, headers, body = _call(url, "GET", "/api/clauses/7")
        assert statuses == [200, 200, 200] and status == 429
        assert int(headers["retry-after"]) >= 1 and "too many requests" in body["error"]
        assert _call(url, "GET", "/api/health")[0] == 200  # the health check is never limited
        assert _call(url, "GET", "/api/clauses/7", source="127.0.0.2")[0] == 200  # another client is not


def test_overload_is_refused_fast_with_retry_after_and_health_still_answers(served_home):
    slow = FakeOpenAI()
    slow.mode = "hang"  # the LLM takes 5 s; the answer falls back to the extractive one
    settings = load_settings(home=served_home, rate_limit="", generator="openai", openai_base_url=slow.url,
                             llm_timeout=20, max_concurrent=1, max_queue=1)
    try:
        with live_server(settings) as url:
            results = {}

            def ask(name):
                results[name] = _call(url, "POST", "/api/ask", {"question": QUESTION})

            first = threading.Thread(target=ask, args=("first",))
            first.start()
            time.sleep(1.0)  # the first holds the only slot
            queued = threading.Thread(target=ask, args=("queued",))
            queued.start()
            time.sleep(0.5)  # the second waits in the only queue place
            status, headers, body = _call(url, "POST", "/api/ask", {"question": QUESTION})
            health = _call(url, "GET", "/api/health")[0]
            first.join()
            queued.join()
    finally:
        slow.close()
    assert status == 503 and headers["retry-after"] == "1" and "busy" in body["error"]
    assert health == 200
    assert results["first"][0] == 200 and results["queued"][0] == 200  # admitted ones are answered
