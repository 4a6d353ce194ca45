"""Bearer keys: the check itself, and that the integration endpoints are open when no keys are set."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chat.settings import Settings
from chat.web.keys import KeyCheck, check_bearer


@pytest.mark.parametrize(
    "header, expected",
    [("Bearer k2", KeyCheck.OK), ("bearer   k1 ", KeyCheck.OK), (None, KeyCheck.MISSING), ("", KeyCheck.MISSING),
     ("k1", KeyCheck.MALFORMED), ("Bearer ", KeyCheck.MALFORMED), ("Token k1", KeyCheck.MALFORMED),
     ("Bearer k3", KeyCheck.WRONG), ("Bearer k1k2", KeyCheck.WRONG), ("Bearer K1", KeyCheck.WRONG),
     ("Bearer 密钥", KeyCheck.WRONG)],
)
def test_check_bearer(header, expected):
    assert check_bearer(header, ("k1", "k2")) is expected


def test_no_keys_means_open():
    assert check_bearer(None, ()) is KeyCheck.OK and check_bearer("garbage", ()) is KeyCheck.OK


def test_endpoints_are_open_without_keys(index_home):
    pytest.importorskip("mcp", reason="pip install -e '.[mcp]'")
    from chat.retriever import get_retriever
    from chat.web.integrations import mount_integrations

    settings = Settings(home=index_home, mcp_allowed_hosts=("qa.example.gov",))
    app = FastAPI()
    mount_integrations(app, settings, get_retriever(settings))
    with TestClient(app) as client:
        assert client.get("/v1/models").json()["data"][0]["id"] == "policy-qa"
        body = {"knowledge_id": "all", "query": "沿江大道", "retrieval_setting": {"top_k": 1, "score_threshold": 0}}
        assert client.post("/retrieval", json=body).json()["records"][0]["metadata"]["key"] == "7"
        listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
        accept = {"Accept": "application/json, text/event-stream"}
        for host in ("127.0.0.1:7860", "qa.example.gov"):
            r = client.post("/mcp", json=listing, headers=accept | {"Host": host})
            assert r.status_code == 200 and "search_clauses" in r.text
        # DNS-rebinding protection: a Host neither loopback nor in mcp_allowed_hosts is refused
        assert client.post("/mcp", json=listing, headers=accept | {"Host": "evil.example"}).status_code == 421
