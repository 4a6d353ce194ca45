"""The chat page's logic without a browser: the plain functions of chat/web/page.py over the real
retriever and a real SQLite feedback store. Every renderer is checked with hostile text, by parsing
its HTML and listing the tags and attributes that came out (tests/chat/test_page_browser.py drives
the same page in chromium)."""

import html
from html.parser import HTMLParser

import pytest

from chat import Answer, load_settings
from chat.web.feedback import FeedbackStore
from chat.web.page import (
    TEXT,
    citation_choices,
    clause_html,
    fulltext_html,
    record_like,
    record_vote,
    respond,
    show_clause,
    staff_html,
)
from ingest import Clause, DocumentMeta

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">" onmouseover="alert(3)'


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(fragment: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser.tags


def assert_no_markup_from(fragment: str, allowed: set[str]):
    """Only the renderer's own tags, no event-handler attribute, no script anywhere."""
    found = tags(fragment)
    assert {t for t, _ in found} <= allowed, found
    assert not [a for _, attrs in found for a in attrs if a.startswith("on")], found


def _evil_clause(text=f"第一句。{EVIL}。最后一句。") -> Clause:
    return Clause(doc_id='memo" x="1', clause_id="3", text=text, sentences=tuple(text.split("。")), span=(0, len(text)),
                  part=f"<i>{EVIL}</i>", lead="<u>lead</u>")


@pytest.fixture
def run(retriever):
    settings = load_settings()

    def ask(message, history=None):
        return list(respond(message, history or [], settings=settings, retriever=retriever))

    return ask


@pytest.fixture
def store(tmp_path):
    return FeedbackStore(tmp_path / "feedback.sqlite3")


def test_respond_streams_and_ends_with_the_answer(run):
    steps = run("镇海电厂是不是要整体迁走？")
    messages, final = steps[-1]
    assert isinstance(final, Answer) and final.cited[0] == "7"
    assert messages == [{"role": "user", "content": "镇海电厂是不是要整体迁走？"},
                        {"role": "assistant", "content": html.escape(final.text)}]
    assert all(a is None for _, a in steps[:-1])  # only the last step carries the Answer


def test_respond_escapes_the_question_and_shows_notices(run):
    messages, final = run("好" * 600 + EVIL)[-1]
    assert messages[0]["content"] == html.escape("好" * 600 + EVIL)
    assert messages[1]["content"].startswith("【提示】问题过长")
    for m in messages:
        assert tags(m["content"]) == []


def test_respond_turns_an_empty_question_into_its_message(run):
    [(messages, final)] = run("？？？")
    assert final is None and "问题为空" in messages[-1]["content"]


def test_respond_reads_the_escaped_history_it_wrote(run):
    first, _ = run("镇海电厂是不是要整体迁走？")[-1]
    messages, final = run("它出自哪一条？", history=first)[-1]
    assert messages[:2] == first  # the earlier turns are kept as they were shown
    assert "镇海电厂" in final.standalone_question and final.cited[0] == "7"


def test_citation_chips_for_an_answer_and_for_a_refusal(run, retriever):
    clauses = retriever.by_key
    assert citation_choices(None, clauses, "zh") == ([], TEXT["zh"]["chips"])
    _, answered = run("镇海电厂是不是要整体迁走？")[-1]
    chips, label = citation_choices(answered, clauses, "en")
    assert chips == [(f"〔{clauses[k].label}〕", k) for k in answered.cited] and label == TEXT["en"]["chips"]
    _, refused = run("人才公寓一个月房租大概多少？")[-1]
    assert refused.refused and refused.related
    chips, label = citation_choices(refused, clauses, "zh")
    assert [k for _, k in chips] == refused.related and label == TEXT["zh"]["related"]


def test_show_clause_highlights_the_cited_sentence_only(run, retriever):
    clauses = retriever.by_key
    _, a = run("镇海电厂是不是要整体迁走？")[-1]
    panel = show_clause("7", a, clauses, "zh")
    assert f"<mark>{html.escape(a.citations[0].quote)}</mark>" in panel
    assert "<mark>" not in show_clause("5", a, clauses, "zh")  # shown, but nothing of it was cited
    assert show_clause(None, a, clauses, "en") == TEXT["en"]["panel"]
    assert show_clause("99", a, clauses, "zh") == TEXT["zh"]["panel"]


def test_clause_html_escapes_hostile_text_and_still_highlights():
    c = _evil_clause()
    out = clause_html(c, highlight=EVIL)
    assert_no_markup_from(out, {"div", "h4", "small", "p", "a", "mark"})
    assert f"<mark>{html.escape(EVIL)}</mark>" in out
    [div] = [attrs for tag, attrs in tags(out) if tag == "div" and "data-clause" in attrs]
    assert div == {"class": "clause-text", "data-clause": c.key}  # the quote in the key did not open an attribute
    assert "<mark>" not in clause_html(c, highlight="不在条文里的句子")


def test_fulltext_html_lists_every_clause_and_escapes(bundled_doc):
    out = fulltext_html(bundled_doc.clauses, bundled_doc.meta)
    ids = [attrs["id"] for tag, attrs in tags(out) if tag == "section"]
    assert ids == [f"clause-{c.key}" for c in bundled_doc.clauses]
    assert bundled_doc.meta.doc_number in out
    evil = fulltext_html([_evil_clause()], DocumentMeta(title=EVIL, doc_number=EVIL))
    assert_no_markup_from(evil, {"div", "p", "b", "br", "h3", "h4", "section"})
    assert html.escape(EVIL) in evil


def test_staff_html_shows_every_hit_and_escapes(run):
    assert staff_html(None) == ""
    _, a = run("镇海电厂是不是要整体迁走？")[-1]
    out = staff_html(a)
    rows = [t for t, _ in tags(out) if t == "tr"]
    assert len(rows) == 1 + len(a.hits) and f"〔{a.hits[0].clause.label}〕" in out
    a.flagged, a.standalone_question, a.removed_citations = [EVIL], EVIL, [EVIL]
    out = staff_html(a)
    assert_no_markup_from(out, {"div", "p", "b", "table", "tr", "th", "td", "ul", "li"})
    assert out.count(html.escape(EVIL)) == 3


def test_record_vote_stores_the_latest_answer_verbatim(run, store):
    assert record_vote(store, "up", None, "", "zh") == TEXT["zh"]["nothing"] and store.rows() == []
    _, a = run(EVIL + " 沿江大道")[-1]
    assert record_vote(store, "down", a, "'; DROP TABLE feedback; --", "en") == TEXT["en"]["voted"]
    [row] = store.rows()
    assert (row["question"], row["answer"], row["vote"], row["comment"]) == (a.question, a.text, "down",
                                                                             "'; DROP TABLE feedback; --")
    assert EVIL in row["question"]  # stored as typed; escaping is the page's job, on display


def test_record_vote_shows_a_storage_failure_escaped(run, tmp_path):
    folder = tmp_path / "<b>not-a-file"
    folder.mkdir()  # a folder where the database file should be: SQLite cannot open it
    _, a = run("镇海电厂是不是要整体迁走？")[-1]
    status = record_vote(FeedbackStore(folder), "up", a, "", "zh")
    assert "not-a-file" in status and "&lt;b&gt;" in status and tags(status) == []


def test_thumbs_on_an_earlier_answer_store_that_answer_and_its_question(run, store):
    first, _ = run("镇海电厂是不是要整体迁走？")[-1]
    chat, _ = run("<b>区人民法院</b>要做什么？", history=first)[-1]
    assert record_like(store, chat, 1, True, "zh") == TEXT["zh"]["voted"]
    assert record_like(store, chat, [3, 0], False, "zh") == TEXT["zh"]["voted"]  # Gradio may send [row, col]
    up, down = store.rows()
    assert (up["question"], up["vote"]) == ("镇海电厂是不是要整体迁走？", "up") and '"7"' in up["citations"]
    assert (down["question"], down["vote"]) == ("<b>区人民法院</b>要做什么？", "down")  # unescaped again
    assert html.unescape(chat[3]["content"]) == down["answer"]


def test_thumbs_on_nothing_rateable_store_nothing(run, store):
    chat, _ = run("镇海电厂是不是要整体迁走？")[-1]
    assert record_like(store, chat, 0, True, "en") == TEXT["en"]["nothing"]  # the user's own message
    assert record_like(store, chat, 5, True, "zh") == ""
    assert record_like(store, chat, 1, None, "zh") == ""  # a like taken back
    assert store.rows() == []
