"""The staff documents routes on the real app (`create_app`: API, page, integrations, `limits.Guard`) under
uvicorn, with the real embedder: staff only, sign-in leads to the page, the upload limit (declared and
streamed) apart from the body limit, wrong types, fake content and duplicates refused with JSON errors
that name no server path, preview/discard, and — with a rebuild held in the middle of embedding — the
chat, the clause route and Dify retrieval answering from the old index until the new one is live."""

import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest

from chat.settings import load_settings
from ingest import bundled_path
from tests.reliability.conftest import serve_app

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent.parent / "data"
NOTICE = DATA / "notice-geshui-fujia.txt"  # 3 KB
LAW = DATA / "law-xingzheng-chufa.txt"  # 9 KB: over the body limit below, under the upload limit
TOKEN_ENV = "PQA_TEST_STAFF_DOCUMENTS_TOKEN"  # not POLICY_QA_*: the autouse fixture would clear it per test
TOKEN = "staff-documents-test-token-0123456789"
STAFF = {"Authorization": f"Bearer {TOKEN}"}
OLD_QUESTION = "沿江大道和常洪大桥有什么安排"  # answered from 〔第7条〕 of the bundled resolution
NEW_QUESTION = "子女上学的教育支出每月可以定额扣除多少？"  # only the notice's 办法 answers it
NOTICE_KEY = "notice-geshui-fujia:附件:5"
UPLOAD_LIMIT = 60_000


@pytest.fixture(scope="module")
def served(tmp_path_factory, session_home):
    from chat.web.server import create_app

    home = tmp_path_factory.mktemp("documents-home")
    shutil.copytree(session_home / "index", home / "index")
    patch = pytest.MonkeyPatch()
    patch.setenv(TOKEN_ENV, TOKEN)
    settings = load_settings(home=str(home), staff_token_env=TOKEN_ENV, max_body_bytes=4096,
                             max_upload_bytes=UPLOAD_LIMIT, rate_limit="")
    app, _ = create_app(settings)
    with serve_app(app) as url:
        yield url, app, settings
    patch.undo()


@pytest.fixture
def api(served):
    url, _, _ = served
    with httpx.Client(base_url=url, timeout=60) as client:
        yield client


def upload(api, name: str, data: bytes, headers=STAFF) -> httpx.Response:
    return api.post("/api/staff/documents/uploads", params={"name": name}, content=data,
                    headers={"content-type": "application/octet-stream", **headers})


def leftovers(settings) -> list[str]:
    """Files left in the staging folder ("…" while the server is removing one)."""
    folder = settings.documents_dir / ".staging"
    try:
        return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    except FileNotFoundError:
        return ["…"]


def wait_until_idle(api, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = api.get("/api/staff/documents/rebuild", headers=STAFF).json()["rebuild"]
        if status["state"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError(f"the rebuild did not end in {timeout} s")


def cited(api, question: str) -> list[str]:
    r = api.post("/api/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return [c["clause"] for c in r.json()["citations"]]


def test_every_route_is_staff_only(api, served, monkeypatch):
    _, _, settings = served
    calls = [("GET", "/api/staff/documents"), ("POST", "/api/staff/documents/uploads?name=a.txt"),
             ("GET", "/api/staff/documents/uploads/0123456789ab"), ("DELETE", "/api/staff/documents/uploads/0123456789ab"),
             ("POST", "/api/staff/documents/uploads/0123456789ab/publish"), ("DELETE", "/api/staff/documents/law"),
             ("GET", "/api/staff/documents/rebuild"), ("POST", "/api/staff/documents/rebuild")]
    for method, path in calls:
        r = api.request(method, path, headers={"Authorization": "Bearer wrong-token"})
        assert r.status_code == 401 and "staff only" in r.json()["error"], (method, path, r.text)
    page = api.get("/staff/documents", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/staff?next=/staff/documents"
    monkeypatch.delenv(TOKEN_ENV)  # staff access off on this server
    r = api.get("/api/staff/documents", headers=STAFF)
    assert r.status_code == 403 and f"set {TOKEN_ENV}" in r.json()["error"]
    assert leftovers(settings) == []


def test_signing_in_with_the_form_leads_to_the_documents_page(api):
    form = api.get("/staff", params={"next": "/staff/documents"}).text
    assert '<input type="hidden" name="next" value="/staff/documents">' in form
    assert 'name="next"' not in api.get("/staff", params={"next": "https://evil.example/staff/x"}).text
    r = api.post("/api/staff/login", data={"token": TOKEN, "next": "/staff/documents"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff/documents"
    page = api.get("/staff/documents")  # the client kept the cookie
    assert page.status_code == 200 and "<h1>文档管理 · Documents</h1>" in page.text
    assert 'href="/staff/vocabulary"' in page.text and "zhenhai-2023-31" in page.text
    assert "/staff/documents" in api.get("/staff").text  # signed in: the sign-in page links to it
    elsewhere = api.post("/api/staff/login", data={"token": TOKEN, "next": "//evil.example/"}, follow_redirects=False)
    assert elsewhere.headers["location"] == "/"


def test_an_upload_has_its_own_limit_counted_as_it_streams(api, served):
    _, _, settings = served
    r = upload(api, "law-xingzheng-chufa.txt", LAW.read_bytes())  # 9 KB: over max_body_bytes, fine for staff
    assert r.status_code == 201 and r.json()["upload"]["publishable"], r.text
    assert api.delete(f"/api/staff/documents/uploads/{r.json()['upload']['id']}", headers=STAFF).status_code == 200
    not_staff = upload(api, "law.txt", LAW.read_bytes(), headers={})
    assert not_staff.status_code == 413 and "the limit is 4096" in not_staff.json()["error"]
    declared = upload(api, "big.txt", b"x" * (UPLOAD_LIMIT + 1))
    assert declared.status_code == 413 and f"the limit is {UPLOAD_LIMIT}" in declared.json()["error"]

    def chunks():  # no Content-Length: the limit must hold while the bytes arrive
        for _ in range(20):
            yield "第一条 这是一段很长的文字。\n".encode() * 200

    streamed = api.post("/api/staff/documents/uploads", params={"name": "streamed.txt"}, content=chunks(), headers=STAFF)
    assert streamed.status_code == 413 and "too large" in streamed.json()["error"]
    deadline = time.monotonic() + 10
    while leftovers(settings) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(settings) == []


def test_wrong_types_fake_content_and_duplicates_are_refused_without_server_paths(api, served):
    _, _, settings = served
    cases = [(upload(api, "virus.exe", b"MZ\x90\x00"), 415, "file type '.exe' is not accepted"),
             (upload(api, "scan.pdf", "第一条 文字。".encode()), 400, "scan.pdf is not a PDF"),
             (upload(api, "zhenhai-2023-31.txt", NOTICE.read_bytes()), 409, "already indexed (the bundled resolution)"),
             (upload(api, "copy.txt", bundled_path().read_bytes()), 409,
              "same text as the indexed document 'zhenhai-2023-31'"),
             (api.post("/api/staff/documents/uploads", headers=STAFF, content=b"x"), 422, "name")]
    for r, status, message in cases:
        assert r.status_code == status and message in r.json()["error"], r.text
        assert str(settings.home) not in r.text and "Traceback" not in r.text
    assert leftovers(settings) == []


def test_preview_discard_and_what_cannot_be_published_or_removed(api):
    r = upload(api, "notice-geshui-fujia.txt", NOTICE.read_bytes())
    assert r.status_code == 201
    upload_id = r.json()["upload"]["id"]
    preview = api.get(f"/api/staff/documents/uploads/{upload_id}", headers=STAFF).json()["upload"]
    fifth = next(c for c in preview["clauses"] if c["clause_id"] == "附件:5")
    assert fifth["label"] == "个人所得税专项附加扣除暂行办法:附件:第5条" and fifth["context"] == ["第二章 子女教育"]
    assert preview["coverage"] == 1.0 and preview["meta"]["doc_type"] == "通知"
    listed = api.get("/api/staff/documents", headers=STAFF).json()
    assert [u["id"] for u in listed["uploads"]] == [upload_id] and listed["uploads"][0]["clauses"] == len(preview["clauses"])
    assert [d["doc_id"] for d in listed["documents"]] == ["zhenhai-2023-31"]
    page = api.get("/staff/documents", params={"upload": upload_id}, headers=STAFF).text
    assert 'id="preview-clauses"' in page and "每个子女每月1000元" in page and "<dd>100.0%</dd>" in page
    assert api.delete(f"/api/staff/documents/uploads/{upload_id}", headers=STAFF).json() == {"discarded": upload_id}
    assert api.get(f"/api/staff/documents/uploads/{upload_id}", headers=STAFF).status_code == 404
    assert api.post(f"/api/staff/documents/uploads/{upload_id}/publish", headers=STAFF).status_code == 404
    broken = upload(api, "blank.html", b"<html><script>var x = 1;</script></html>").json()["upload"]
    assert not broken["publishable"] and "contains no text" in broken["error"]
    refused = api.post(f"/api/staff/documents/uploads/{broken['id']}/publish", headers=STAFF)
    assert refused.status_code == 409 and "cannot be published" in refused.json()["error"]
    api.delete(f"/api/staff/documents/uploads/{broken['id']}", headers=STAFF)
    bundled = api.delete("/api/staff/documents/zhenhai-2023-31", headers=STAFF)
    assert bundled.status_code == 409 and "cannot be removed" in bundled.json()["error"]
    assert api.delete("/api/staff/documents/no-such-doc", headers=STAFF).status_code == 404


def test_the_chat_answers_from_the_old_index_until_the_new_one_is_live(api, served):
    _, app, settings = served
    embedding, release = threading.Event(), threading.Event()

    def hold(status):  # the rebuild stops in the middle of embedding until the test lets it go
        if status.running and status.phase == "embedding" and status.done:
            embedding.set()
            release.wait(120)

    app.state.rebuilder.on_progress = hold
    try:
        upload_id = upload(api, "notice-geshui-fujia.txt", NOTICE.read_bytes()).json()["upload"]["id"]
        started = api.post(f"/api/staff/documents/uploads/{upload_id}/publish", headers=STAFF)
        assert started.status_code == 202 and started.json()["rebuild"]["change"] == "add notice-geshui-fujia"
        assert embedding.wait(120)
        status = api.get("/api/staff/documents/rebuild", headers=STAFF).json()["rebuild"]
        assert status["state"] == "running" and status["phase"] == "embedding" and 0 < status["done"] < status["total"]
        busy = api.post("/api/staff/documents/rebuild", headers=STAFF)
        assert busy.status_code == 409 and "already running" in busy.json()["error"]
        for _ in range(3):  # during the rebuild: the old corpus, whatever is asked
            assert cited(api, OLD_QUESTION)[:1] == ["7"]
            assert NOTICE_KEY not in cited(api, NEW_QUESTION)
            assert api.get(f"/api/clauses/{NOTICE_KEY}").status_code == 404
        assert api.post("/retrieval", json={"knowledge_id": "notice-geshui-fujia", "query": NEW_QUESTION,
                                            "retrieval_setting": {"top_k": 3, "score_threshold": 0}}).status_code == 404
        release.set()
        done = wait_until_idle(api)
        assert done["state"] == "done" and not done["error"] and done["done"] == done["total"]
    finally:
        release.set()
        app.state.rebuilder.on_progress = None
    assert NOTICE_KEY in cited(api, NEW_QUESTION)
    assert cited(api, OLD_QUESTION)[:1] == ["7"]
    assert api.get(f"/api/clauses/{NOTICE_KEY}").json()["text"].startswith("纳税人的子女接受全日制学历教育")
    dify = api.post("/retrieval", json={"knowledge_id": "notice-geshui-fujia", "query": NEW_QUESTION,
                                        "retrieval_setting": {"top_k": 3, "score_threshold": 0}})
    assert dify.status_code == 200 and dify.json()["records"]
    listed = {d["doc_id"]: d for d in api.get("/api/staff/documents", headers=STAFF).json()["documents"]}
    assert listed["notice-geshui-fujia"]["indexed"] and listed["notice-geshui-fujia"]["origin"] == "managed"
    # and out again: the file is kept in .removed/, the answers stop citing it
    assert api.delete("/api/staff/documents/notice-geshui-fujia", headers=STAFF).status_code == 202
    assert wait_until_idle(api)["state"] == "done"
    assert NOTICE_KEY not in cited(api, NEW_QUESTION)
    assert [p.name.endswith("-notice-geshui-fujia.txt") for p in (settings.documents_dir / ".removed").iterdir()] == [True]
    assert [d["doc_id"] for d in api.get("/api/staff/documents", headers=STAFF).json()["documents"]] == ["zhenhai-2023-31"]
