"""Security headers, API docs and staff-only routes against the real app on 127.0.0.1; `is_staff`."""

import csv
import io
import json

import pytest

from chat.settings import load_settings
from chat.web.feedback import FeedbackStore
from chat.web.security import is_staff

from .conftest import live_server
from .test_limits import _call

TOKEN = "s3cret-staff-token-for-tests-7f3a"
HOSTILE = ["=HYPERLINK(\"http://evil.example/\",\"点我\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "-2+3", "\tx", "\rx", "＝1+1"]


@pytest.fixture
def staff_env(monkeypatch):
    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", TOKEN)


@pytest.fixture(scope="module")
def server(served_home):
    with live_server(load_settings(home=served_home, rate_limit="", frame_ancestors="'self' https://portal.example.gov.cn")) as url:
        yield url, served_home


def test_security_headers_on_the_page_and_the_api(server):
    url, _ = server
    for path in ("/", "/api/health", "/api/nothing"):
        _, headers, _ = _call(url, "GET", path)
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert "frame-ancestors 'self' https://portal.example.gov.cn" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert "x-frame-options" not in headers  # it cannot name the portal; CSP frame-ancestors does


def test_frame_ancestors_must_be_a_plain_source_list():
    with pytest.raises(ValueError, match="frame_ancestors must be CSP sources"):
        load_settings(frame_ancestors="'self'; script-src *")


def test_api_docs_are_off_by_default_and_local_when_on(server, served_home):
    url, _ = server
    assert _call(url, "GET", "/api/docs")[0] == 404
    pytest.importorskip("fastapi_offline", reason="pip install 'policy-qa[docs]'")
    with live_server(load_settings(home=served_home, api_docs=True)) as docs_url:
        status, _, page = _call(docs_url, "GET", "/api/docs")
        html = page.decode()
        assert status == 200 and "/api/docs-assets/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
        status, headers, _ = _call(docs_url, "GET", "/api/docs-assets/swagger-ui-bundle.js")
        assert status == 200 and "javascript" in headers["content-type"]


def test_staff_routes_are_off_without_a_configured_token(server):
    url, _ = server
    status, _, body = _call(url, "GET", "/api/feedback", headers={"Authorization": "Bearer anything"})
    assert status == 403 and "POLICY_QA_STAFF_TOKEN" in body["error"]


def test_staff_routes_need_the_token(server, staff_env):
    url, _ = server
    assert _call(url, "GET", "/api/feedback")[0] == 401
    assert _call(url, "GET", "/api/feedback", headers={"Authorization": "Bearer wrong"})[0] == 401
    status, _, body = _call(url, "GET", "/api/feedback", headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200 and isinstance(body["votes"], list)
    assert _call(url, "GET", "/api/feedback/export", headers={"X-Staff-Token": TOKEN})[0] == 200


def test_staff_sign_in_sets_a_cookie_that_is_not_the_token(server, staff_env):
    url, _ = server
    assert _call(url, "POST", "/api/staff/login", {"token": "wrong"})[0] == 401
    status, headers, _ = _call(url, "POST", "/api/staff/login", {"token": TOKEN})
    cookie = headers["set-cookie"].split(";")[0]
    assert status == 200 and cookie.startswith("policy_qa_staff=") and TOKEN not in cookie
    assert "httponly" in headers["set-cookie"].lower() and "samesite=strict" in headers["set-cookie"].lower()
    assert _call(url, "GET", "/api/feedback", headers={"Cookie": cookie})[0] == 200
    assert _call(url, "GET", "/api/feedback", headers={"Cookie": cookie[:-2] + "00"})[0] == 401


def test_exports_over_http_neutralize_formulas(server, staff_env):
    url, home = server
    store = FeedbackStore(home / "feedback.sqlite3")
    for h in HOSTILE:
        store.record(question=h, answer="a", citations=["7"], vote="down", comment=h)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    _, _, text = _call(url, "GET", "/api/feedback/export?format=csv", headers=auth)
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    mine = [r for r in rows if r["comment"] in {"'" + h for h in HOSTILE}]
    assert len(mine) == len(HOSTILE) and all(r["question"].startswith("'") for r in mine)
    _, headers, text = _call(url, "GET", "/api/feedback/export?format=jsonl", headers=auth)
    lines = [json.loads(line) for line in text.decode().splitlines()]
    assert headers["content-type"].startswith("application/x-ndjson")
    assert {h for h in HOSTILE} <= {r["question"] for r in lines}  # JSON Lines keeps the exact text
    assert all(isinstance(r["citations"], list) for r in lines)


def test_is_staff_accepts_the_token_headers_and_nothing_else(monkeypatch):
    settings = load_settings()
    assert not is_staff(TOKEN, settings)  # no token configured: nobody is staff
    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", TOKEN)
    assert is_staff(TOKEN, settings) and not is_staff(TOKEN[:-1], settings) and not is_staff("", settings)
    assert not is_staff(None, settings) and not is_staff(object(), settings)

    class Req:
        def __init__(self, headers, cookies=None):
            self.headers, self.cookies = headers, cookies or {}

    assert is_staff(Req({"authorization": f"Bearer {TOKEN}"}), settings)
    assert not is_staff(Req({"authorization": f"Basic {TOKEN}"}), settings)
    assert not is_staff(Req({}, {"policy_qa_staff": "9999999999.deadbeef"}), settings)
