"""The staff vocabulary API against the real app (`create_app`: API, staff routers, page, Guard middleware)
over the default index: who may use it, the review queue fed by real /api/ask and /api/feedback calls, a
mapping that changes what /api/ask retrieves and its removal, export/import, and bad input that is
refused with the fix and changes nothing stored.

The word pair 做砸了 → 容错纠错 is not in index/data/concepts.tsv (a test below checks); the questions are
our own wording."""

import shutil

import pytest
from fastapi.testclient import TestClient

from chat.settings import Settings
from index.vocabulary import bundled_concepts

TOKEN = "staff-token-for-the-vocabulary-tests"
STAFF = {"Authorization": f"Bearer {TOKEN}"}
API = "/api/staff/vocabulary"
EVERYDAY, OFFICIAL = "做砸了", "容错纠错"  # 容错纠错 is in 第8条 only
MAPPED_QUESTION = "做砸了会被追究吗"  # without the mapping 第8条 is not first; with it, it is
REFUSED_QUESTION = "周末去哪个水库钓鱼比较好"
DOWN_QUESTION = "沿江大道和常洪大桥有什么安排"  # answered, then voted down


@pytest.fixture(scope="module")
def app_settings(tmp_path_factory, session_home):
    home = tmp_path_factory.mktemp("vocabulary-home")
    shutil.copytree(session_home / "index", home / "index")
    return Settings().replace(home=home, rate_limit="")


@pytest.fixture(scope="module")
def app_client(app_settings):
    from chat.web.server import create_app

    app, _ = create_app(app_settings)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def client(app_client, app_settings, monkeypatch):
    """The shared app, staff access on, and no staff mappings at the start of each test."""
    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", TOKEN)  # read per request
    app_settings.vocabulary_file.unlink(missing_ok=True)
    yield app_client
    app_settings.vocabulary_file.unlink(missing_ok=True)


def stored(settings) -> bytes | None:
    f = settings.vocabulary_file
    return f.read_bytes() if f.exists() else None


def ask(client, question: str) -> dict:
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return r.json()


def test_the_word_pair_is_new_to_the_bundled_vocabulary():
    terms = {t for c in bundled_concepts() for t in (*c.official, *c.everyday)}
    assert EVERYDAY not in terms and OFFICIAL in terms


ROUTES = [("GET", f"{API}/queue", None), ("GET", f"{API}/mappings", None),
          ("POST", f"{API}/mappings", {"everyday": EVERYDAY, "official": OFFICIAL, "who": "ann"}),
          ("DELETE", f"{API}/mappings?everyday={EVERYDAY}&official={OFFICIAL}", None),
          ("GET", f"{API}/export", None), ("POST", f"{API}/import?who=ann", None),
          ("GET", f"{API}/examples", None), ("POST", f"{API}/examples", {"question": "创新翻车了谁兜底", "clause": "8", "who": "ann"}),
          ("DELETE", f"{API}/examples?question=创新翻车了谁兜底&clause=8", None)]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_the_api_is_staff_only(app_client, app_settings, monkeypatch, method, url, body):
    monkeypatch.delenv("POLICY_QA_STAFF_TOKEN", raising=False)
    off = app_client.request(method, url, json=body, headers=STAFF)
    assert off.status_code == 403 and "POLICY_QA_STAFF_TOKEN" in off.json()["error"]
    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", TOKEN)
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-Staff-Token": TOKEN[:-1]}):
        r = app_client.request(method, url, json=body, headers=headers)
        assert r.status_code == 401 and "staff only" in r.json()["error"]
    assert stored(app_settings) is None


def test_the_page_sends_a_browser_to_sign_in_and_back(app_client, monkeypatch):
    monkeypatch.delenv("POLICY_QA_STAFF_TOKEN", raising=False)
    assert app_client.get("/staff/vocabulary", follow_redirects=False).status_code == 403
    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", TOKEN)
    r = app_client.get("/staff/vocabulary", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff?next=/staff/vocabulary"
    form = app_client.get("/staff?next=/staff/vocabulary").text
    assert 'name="next" value="/staff/vocabulary"' in form
    assert 'name="next"' not in app_client.get("/staff?next=https://evil.example/").text
    signed = app_client.post("/api/staff/login", data={"token": TOKEN, "next": "/staff/vocabulary"},
                             follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/staff/vocabulary"
    elsewhere = app_client.post("/api/staff/login", data={"token": TOKEN, "next": "//evil.example/x"},
                                follow_redirects=False)
    assert elsewhere.headers["location"] == "/"
    page = app_client.get("/staff/vocabulary", follow_redirects=False)  # the cookie from the sign-in
    assert page.status_code == 200 and "词表 Vocabulary" in page.text and 'href="/staff/documents"' in page.text
    app_client.post("/api/staff/logout")
    assert app_client.get("/staff/vocabulary", follow_redirects=False).status_code == 303


def test_the_queue_lists_refused_and_voted_down_questions_with_what_retrieval_finds_now(client):
    refused = ask(client, REFUSED_QUESTION)
    assert refused["refused"] and not refused["citations"]
    down = ask(client, DOWN_QUESTION)
    assert not down["refused"]
    liked = ask(client, "常洪大桥要改造吗")
    assert not liked["refused"]
    for a, vote in ((refused, "up"), (down, "down"), (liked, "up")):
        r = client.post("/api/feedback", json={"question": a["question"], "answer": a["answer"], "vote": vote,
                                               "citations": [c["clause"] for c in a["citations"]]})
        assert r.status_code == 200
    items = client.get(f"{API}/queue", headers=STAFF).json()["items"]
    by_question = {i["question"]: i for i in items}
    assert "常洪大桥要改造吗" not in by_question  # answered and liked: nothing to review
    assert by_question[REFUSED_QUESTION]["refused"] and by_question[REFUSED_QUESTION]["vote"] == "up"
    item = by_question[DOWN_QUESTION]
    assert item["vote"] == "down" and not item["refused"] and item["answer"].startswith(down["answer"][:40])
    assert [h["rank"] for h in item["hits"]] == [1, 2, 3]
    content = [h["key"] for h in item["hits"] if h["key"] not in ("header", "footer")]  # /api/ask leaves the title block out
    assert content == [h["clause"] for h in down["hits"][: len(content)]]
    assert all(h["label"].startswith("第") and 0 <= h["coverage"] <= 1 and h["concepts"] == [] for h in item["hits"]
               if h["key"] in content)
    assert items.index(item) < items.index(by_question[REFUSED_QUESTION])  # newest first
    page = client.get("/staff/vocabulary", headers=STAFF).text
    assert REFUSED_QUESTION in page and DOWN_QUESTION in page and "点踩 voted down" in page


def test_the_queue_never_shows_more_than_review_queue_items(home_with_index, monkeypatch):
    from chat.web.server import create_app

    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", TOKEN)
    settings = Settings().replace(home=home_with_index, rate_limit="", review_queue_items=3)
    app, _ = create_app(settings)
    with TestClient(app) as c:
        for i in range(5):
            r = c.post("/api/feedback", json={"question": f"问题{i}", "answer": "a", "vote": "down", "citations": []})
            assert r.status_code == 200
        shown = lambda url: [i["question"] for i in c.get(url, headers=STAFF).json()["items"]]  # noqa: E731
        assert shown(f"{API}/queue") == shown(f"{API}/queue?limit=1000") == ["问题4", "问题3", "问题2"]
        assert shown(f"{API}/queue?limit=1") == ["问题4"]
        page = c.get("/staff/vocabulary?limit=50", headers=STAFF).text
        assert "问题2" in page and "问题1" not in page and "the latest 3" in page


def test_a_mapping_changes_what_is_retrieved_and_removing_it_restores_the_ranking(client, app_settings):
    before = [h["clause"] for h in ask(client, MAPPED_QUESTION)["hits"]]
    assert before[0] != "8"
    r = client.post(f"{API}/mappings", headers=STAFF,
                    json={"everyday": f" {EVERYDAY} ", "official": OFFICIAL, "who": "ann", "note": "voted down"})
    assert r.status_code == 201
    m = r.json()["mapping"]
    assert (m["everyday"], m["official"], m["who"], m["note"]) == (EVERYDAY, OFFICIAL, "ann", "voted down")
    assert m["when"].startswith("20")
    assert client.get(f"{API}/mappings", headers=STAFF).json()["mappings"] == [m]
    after = ask(client, MAPPED_QUESTION)
    assert after["hits"][0]["clause"] == "8" and after["citations"][0]["clause"] == "8"
    client.post("/api/feedback", json={"question": MAPPED_QUESTION, "answer": "x", "vote": "down", "citations": ["4"]})
    item = next(i for i in client.get(f"{API}/queue", headers=STAFF).json()["items"] if i["question"] == MAPPED_QUESTION)
    assert item["hits"][0]["key"] == "8" and [EVERYDAY, OFFICIAL] in item["hits"][0]["concepts"]
    page = client.get("/staff/vocabulary", headers=STAFF).text
    assert f"{EVERYDAY} → {OFFICIAL}" in page and "ann" in page

    gone = client.delete(f"{API}/mappings", params={"everyday": EVERYDAY, "official": OFFICIAL}, headers=STAFF)
    assert gone.status_code == 200 and gone.json()["removed"] == m
    assert client.get(f"{API}/mappings", headers=STAFF).json()["mappings"] == []
    assert [h["clause"] for h in ask(client, MAPPED_QUESTION)["hits"]] == before


def test_export_then_import_round_trip(client, app_settings):
    for everyday, official, who in ((EVERYDAY, OFFICIAL, "ann"), ("坐地铁", "轨道交通", "bob")):
        assert client.post(f"{API}/mappings", headers=STAFF,
                           json={"everyday": everyday, "official": official, "who": who}).status_code == 201
    original = client.get(f"{API}/mappings", headers=STAFF).json()["mappings"]
    export = client.get(f"{API}/export", headers=STAFF)
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/tab-separated-values")
    assert 'filename="vocabulary.tsv"' in export.headers["content-disposition"]
    assert export.text.splitlines()[0] == "domain\tofficial\teveryday\tsource" and len(export.text.splitlines()) == 3
    app_settings.vocabulary_file.unlink()
    r = client.post(f"{API}/import", params={"who": "carol", "name": "vocabulary.tsv"}, headers=STAFF,
                    content=export.content)
    assert r.status_code == 200 and r.json() == {"imported": 2}
    imported = client.get(f"{API}/mappings", headers=STAFF).json()["mappings"]
    # the same pairs, recorded as the importer's, now; the file's who/when only as provenance in the note
    assert [(m["everyday"], m["official"]) for m in imported] == [(m["everyday"], m["official"]) for m in original]
    assert {m["who"] for m in imported} == {"carol"} and all(m["when"] >= o["when"] for m, o in zip(imported, original, strict=True))
    assert [m["note"] for m in imported] == [f"imported from vocabulary.tsv (exported: {o['who']}, {o['when']})"
                                             for o in original]
    # A file written by hand (with a spreadsheet's byte order mark): its source column is the note.
    hand = "\ufeffdomain\tofficial\teveryday\tsource\nstaff\t容错纠错\t搞黄了|整黄了\tfrom the queue\n"
    assert client.post(f"{API}/import?who=carol", headers=STAFF, content=hand.encode()).json() == {"imported": 2}
    added = {(m["everyday"], m["who"], m["note"]) for m in client.get(f"{API}/mappings", headers=STAFF).json()["mappings"]}
    assert {("搞黄了", "carol", "from the queue · imported from upload"),
            ("整黄了", "carol", "from the queue · imported from upload")} <= added and len(added) == 4


BAD_ADDS = [
    ({"everyday": "", "official": OFFICIAL, "who": "ann"}, 400, "everyday word '' must be 2–20 characters"),
    ({"everyday": EVERYDAY, "official": "牙科诊所", "who": "ann"}, 400, "does not occur in the indexed documents"),
    ({"everyday": EVERYDAY, "official": OFFICIAL, "who": "  "}, 400, "who must name the staff member"),
    ({"everyday": OFFICIAL, "official": OFFICIAL, "who": "ann"}, 400, "map a citizen's word to a different word"),
    ({"everyday": EVERYDAY, "official": OFFICIAL}, 422, "who: Field required"),
    ({"everyday": EVERYDAY, "official": OFFICIAL, "who": "ann", "extra": 1}, 422, "extra: Extra inputs"),
]


@pytest.mark.parametrize(("body", "status", "message"), BAD_ADDS)
def test_bad_mappings_get_a_4xx_with_the_fix_and_change_nothing(client, app_settings, body, status, message):
    client.post(f"{API}/mappings", headers=STAFF, json={"everyday": "坐地铁", "official": "轨道交通", "who": "bob"})
    before = stored(app_settings)
    r = client.post(f"{API}/mappings", headers=STAFF, json=body)
    assert r.status_code == status and message in r.json()["error"]
    assert stored(app_settings) == before


BAD_IMPORTS = [
    ("domain\tofficial\teveryday\tsource\nstaff\t容错纠错\t搞黄了\t\nstaff\t容错纠错\n", 400,
     "mine.tsv:3: expected 4 tab-separated columns"),
    ("staff\t容错纠错\t黄\t\n", 400, "mine.tsv:1: everyday term '黄' must be 2–20 characters"),
    ("staff\t容错纠错\t搞黄了\t\n\nstaff\t牙科诊所\t看牙\t\n", 400, "mine.tsv:3: official word '牙科诊所' does not occur"),
    ("   \n", 400, "the file is empty"),
]


@pytest.mark.parametrize(("text", "status", "message"), BAD_IMPORTS)
def test_bad_imports_name_the_line_and_import_nothing(client, app_settings, text, status, message):
    client.post(f"{API}/mappings", headers=STAFF, json={"everyday": "坐地铁", "official": "轨道交通", "who": "bob"})
    before = stored(app_settings)
    r = client.post(f"{API}/import", params={"who": "ann", "name": "../../etc/mine.tsv"}, headers=STAFF,
                    content=text.encode())
    assert r.status_code == status and message in r.json()["error"] and "etc" not in r.json()["error"]
    assert stored(app_settings) == before


def test_other_bad_requests(client, app_settings):
    r = client.post(f"{API}/import?who=ann", headers=STAFF, content="staff\t容错纠错\t搞黄了\t\n".encode("gb18030"))
    assert r.status_code == 400 and "not UTF-8" in r.json()["error"]
    r = client.post(f"{API}/import", headers=STAFF, content="staff\t容错纠错\t搞黄了\t\n".encode())
    assert r.status_code == 400 and "?who=" in r.json()["error"]
    r = client.delete(f"{API}/mappings", params={"everyday": "看牙", "official": "医疗"}, headers=STAFF)
    assert r.status_code == 404 and f"GET {API}/mappings" in r.json()["error"]
    assert client.get(f"{API}/queue?limit=0", headers=STAFF).status_code == 422
    assert stored(app_settings) is None


def test_the_import_has_its_own_body_limit(client, app_settings):
    filler = "# " + "x" * 1000 + "\n"
    body = (filler * 100 + "staff\t容错纠错\t搞黄了\t\n").encode()  # 100 KB: over the 64 KB of other routes
    assert app_settings.max_body_bytes < len(body) < app_settings.max_vocabulary_import_bytes
    r = client.post(f"{API}/import?who=ann", headers=STAFF, content=body)
    assert r.status_code == 200 and r.json() == {"imported": 1}
    big = filler.encode() * (app_settings.max_vocabulary_import_bytes // len(filler) + 1)
    r = client.post(f"{API}/import?who=ann", headers=STAFF, content=big)
    assert r.status_code == 413 and str(app_settings.max_vocabulary_import_bytes) in r.json()["error"]
    r = client.post(f"{API}/mappings", headers=STAFF, json={"everyday": "看牙", "official": "容错纠错", "who": "a",
                                                           "note": "x" * len(body)})
    assert r.status_code == 413  # every other route keeps the general limit
    assert [m["everyday"] for m in client.get(f"{API}/mappings", headers=STAFF).json()["mappings"]] == ["搞黄了"]


# --- example questions (相似问) ------------------------------------------------------------------------

EXAMPLE_QUESTION = "创新翻车了谁兜底"  # refused as unsure without a staff example; 容错纠错 is in 第8条
SIMILAR_QUESTION = "研发翻车了有人兜底吗"


@pytest.fixture
def examples_client(client, app_settings):
    app_settings.examples_file.unlink(missing_ok=True)
    yield client
    app_settings.examples_file.unlink(missing_ok=True)


def stored_examples(settings) -> bytes | None:
    f = settings.examples_file
    return f.read_bytes() if f.exists() else None


def test_an_example_question_attached_to_a_clause_answers_similar_questions_and_can_be_removed(examples_client, app_settings):
    client = examples_client
    assert ask(client, EXAMPLE_QUESTION)["citations"] == []
    assert [c["clause"] for c in ask(client, SIMILAR_QUESTION)["citations"]] != ["8"]
    r = client.post(f"{API}/examples", headers=STAFF,
                    json={"question": f" {EXAMPLE_QUESTION} ", "clause": "8", "who": "ann", "note": "refused"})
    assert r.status_code == 201, r.text
    e = r.json()["example"]
    assert (e["question"], e["clause"], e["who"], e["note"]) == (EXAMPLE_QUESTION, "8", "ann", "refused")
    assert client.get(f"{API}/examples", headers=STAFF).json()["examples"] == [e]
    for question in (EXAMPLE_QUESTION, SIMILAR_QUESTION):
        after = ask(client, question)
        assert after["citations"][0]["clause"] == "8", after["answer"]
    page = client.get("/staff/vocabulary", headers=STAFF).text
    assert EXAMPLE_QUESTION in page and 'class="remove-example"' in page and "第8条" in page

    gone = client.delete(f"{API}/examples", params={"question": EXAMPLE_QUESTION, "clause": "8"}, headers=STAFF)
    assert gone.status_code == 200 and gone.json()["removed"] == e
    assert ask(client, EXAMPLE_QUESTION)["citations"] == []


BAD_EXAMPLES = [
    ({"question": "兜底", "clause": "8", "who": "ann"}, 400, "must be 4–120 characters"),
    ({"question": EXAMPLE_QUESTION, "clause": "12", "who": "ann"}, 400, "clause '12' is not in the index"),
    ({"question": EXAMPLE_QUESTION, "clause": "8", "who": " "}, 400, "who must name the staff member"),
    ({"question": EXAMPLE_QUESTION, "clause": "8"}, 422, "who: Field required"),
    ({"question": EXAMPLE_QUESTION, "clause": "8", "who": "ann", "extra": 1}, 422, "extra: Extra inputs"),
]


@pytest.mark.parametrize(("body", "status", "message"), BAD_EXAMPLES)
def test_bad_example_questions_get_a_4xx_with_the_fix_and_change_nothing(examples_client, app_settings, body, status, message):
    examples_client.post(f"{API}/examples", headers=STAFF, json={"question": "研发失败了会被追责吗", "clause": "8", "who": "bob"})
    before = stored_examples(app_settings)
    r = examples_client.post(f"{API}/examples", headers=STAFF, json=body)
    assert r.status_code == status and message in r.json()["error"]
    assert stored_examples(app_settings) == before
    r = examples_client.delete(f"{API}/examples", params={"question": "没有这个问题", "clause": "8"}, headers=STAFF)
    assert r.status_code == 404 and f"GET {API}/examples" in r.json()["error"]


def test_a_damaged_examples_file_is_a_server_error_that_says_what_to_do(examples_client, app_settings):
    app_settings.examples_file.write_text("{not json", encoding="utf-8")
    r = examples_client.get(f"{API}/examples", headers=STAFF)
    assert r.status_code == 500 and "move it aside" in r.json()["error"] and str(app_settings.home) not in r.json()["error"]
    assert app_settings.examples_file.read_text(encoding="utf-8") == "{not json"  # left for the operator


@pytest.mark.parametrize("content", ["{not json", '{"examples": [{"clause": "8", "question": 12345}]}',
                                     '{"examples": [null]}', '{"mappings": [{"everyday": 123, "official": "医疗", '
                                     '"who": "a", "when": ""}]}', "[" * 100_000 + "]" * 100_000, "folder"])
def test_a_damaged_staff_file_never_stops_a_citizen_question(examples_client, app_settings, content):
    """A staff file that cannot be read (damaged, of the wrong types, nested past the parser's depth, a folder)
    is left out of the search and logged; /api/ask still answers from the bundled data and says nothing of the
    server's files."""
    for f in (app_settings.examples_file, app_settings.vocabulary_file):
        if content == "folder":
            f.mkdir()
        else:
            f.write_text(content, encoding="utf-8")
        r = examples_client.post("/api/ask", json={"question": DOWN_QUESTION})
        assert r.status_code == 200 and r.json()["citations"][0]["clause"] == "7", r.text
        assert str(app_settings.home) not in r.text
        f.rmdir() if f.is_dir() else f.unlink()


def test_a_hand_written_staff_file_over_the_cap_is_listed_whole_and_searched_in_part(examples_client, app_settings,
                                                                                     monkeypatch):
    import chat.web.vocab_store as vocab_store
    import index.retrieve as retrieve
    from index.examples import ExampleQuestion, write_staff_examples

    monkeypatch.setattr(vocab_store, "MAX_STAFF_EXAMPLES", 2)
    monkeypatch.setattr(retrieve, "MAX_STAFF_EXAMPLES", 2)
    rows = [ExampleQuestion(c, q, "ann", "2026-11-30T00:00:00+00:00")
            for c, q in (("7", "江边那条新路修好没有"), ("7", "过江的桥够不够用"), ("8", EXAMPLE_QUESTION))]
    write_staff_examples(app_settings.examples_file, rows)
    listed = examples_client.get(f"{API}/examples", headers=STAFF)
    assert listed.status_code == 200 and len(listed.json()["examples"]) == 3
    assert ask(examples_client, EXAMPLE_QUESTION)["citations"] == []  # the third is past the cap: not searched
    assert examples_client.post(f"{API}/examples", headers=STAFF, json={"question": "搞砸了算谁的", "clause": "8", "who": "ann"}).status_code == 400
    gone = examples_client.delete(f"{API}/examples", params={"question": EXAMPLE_QUESTION, "clause": "8"}, headers=STAFF)
    assert gone.status_code == 200 and len(examples_client.get(f"{API}/examples", headers=STAFF).json()["examples"]) == 2


def test_staff_examples_stop_at_their_cap_and_never_on_the_title_block(examples_client, app_settings, monkeypatch):
    import chat.web.vocab_store as vocab_store

    monkeypatch.setattr(vocab_store, "MAX_STAFF_EXAMPLES", 2)
    for q in ("研发失败了会被追责吗", "创业失败有人兜底吗"):
        assert examples_client.post(f"{API}/examples", headers=STAFF, json={"question": q, "clause": "8", "who": "ann"}).status_code == 201
    before = stored_examples(app_settings)
    r = examples_client.post(f"{API}/examples", headers=STAFF, json={"question": "搞砸了算谁的", "clause": "8", "who": "ann"})
    assert r.status_code == 400 and "remove some" in r.json()["error"] and stored_examples(app_settings) == before
    r = examples_client.post(f"{API}/examples", headers=STAFF, json={"question": "沿江大道由谁负责", "clause": "header", "who": "ann"})
    assert r.status_code == 400 and "head or foot" in r.json()["error"] and stored_examples(app_settings) == before


def test_an_attached_example_keeps_its_clauses_text_hash_and_the_page_marks_a_changed_clause(examples_client, app_settings):
    import json

    r = examples_client.post(f"{API}/examples", headers=STAFF, json={"question": EXAMPLE_QUESTION, "clause": "8", "who": "ann"})
    assert r.status_code == 201 and len(r.json()["example"]["clause_hash"]) == 16
    assert "clause changed or removed" not in examples_client.get("/staff/vocabulary", headers=STAFF).text
    data = json.loads(app_settings.examples_file.read_text(encoding="utf-8"))
    data["examples"][0]["clause_hash"] = "0" * 16  # as if 第8条 had been replaced since
    app_settings.examples_file.write_text(json.dumps(data), encoding="utf-8")
    assert "clause changed or removed" in examples_client.get("/staff/vocabulary", headers=STAFF).text
    assert ask(examples_client, EXAMPLE_QUESTION)["citations"] == []  # no longer used
