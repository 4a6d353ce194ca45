import pytest
from fastapi.testclient import TestClient

from chat.settings import load_settings
from chat.web.api import create_api


@pytest.fixture
def client(retriever):
    return TestClient(create_api(load_settings(), retriever))


def test_ask_returns_the_answer_with_citations(client):
    r = client.post("/api/ask", json={"question": "镇海电厂那片会整个搬掉吗？"})
    assert r.status_code == 200
    body = r.json()
    assert body["citations"][0]["clause"] == "7" and not body["refused"]
    assert body["hits"][0]["clause"] == "7" and "total" in body["timings_ms"]


def test_ask_with_history(client):
    history = [{"role": "user", "content": "第三条主要写了什么？"}, {"role": "assistant", "content": "……〔第3条〕"}]
    body = client.post("/api/ask", json={"question": "另外第二条呢？", "history": history}).json()
    assert body["citations"][0]["clause"] == "2" and body["standalone_question"] != "另外第二条呢？"


@pytest.mark.parametrize(
    "payload, status, message",
    [
        ({}, 422, "question: Field required"),
        ({"question": 5}, 422, "question: Input should be a valid string"),
        ({"question": "x", "histroy": []}, 422, "histroy: Extra inputs are not permitted"),
        ({"question": "   "}, 400, "问题为空"),
    ],
)
def test_malformed_requests_get_a_clear_4xx(client, payload, status, message):
    r = client.post("/api/ask", json=payload)
    assert r.status_code == status and message in r.json()["error"]


def test_not_json_at_all(client):
    r = client.post("/api/ask", content=b"question=hi", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "invalid request" in r.json()["error"]


def test_feedback_and_clause_routes(client):
    r = client.post("/api/feedback", json={"question": "q", "answer": "a", "citations": ["7"], "vote": "up"})
    assert r.status_code == 200 and r.json()["id"] == 1
    assert client.post("/api/feedback", json={"question": "q", "answer": "a", "vote": "maybe"}).status_code == 422
    c = client.get("/api/clauses/7").json()
    assert c["label"] == "第7条" and c["lead"] == "高质高效推进基础设施建设"
    missing = client.get("/api/clauses/99")
    assert missing.status_code == 404 and "no clause '99'" in missing.json()["error"]
    assert client.get("/api/health").json()["status"] == "ok"
