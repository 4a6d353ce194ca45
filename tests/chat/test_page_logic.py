"""The chat page's logic, markup and words without a browser (`chat.web.page`, `page_html`, `page_text`)."""

import importlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chat import QuestionError, answer, load_settings
from chat.generate.extractive import compose
from chat.records import Answer, Citation
from chat.web.page import Turn, history_of, open_clause, respond
from chat.web.page_html import (
    answer_html,
    clause_html,
    conversation_html,
    covered_documents,
    fulltext_html,
    masthead_html,
    welcome_html,
)
from chat.web.page_text import EXAMPLES, TEXT, translate_notice
from ingest import BUNDLED_DOC_ID, Clause, DocumentMeta

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>${alert(3)}{{value}}\"'"
OUR_TAGS = {"div", "article", "section", "p", "span", "b", "strong", "button", "h2", "h3", "h4", "ul", "li", "a", "svg",
            "path", "details", "summary", "table", "tr", "td", "th", "mark", "header", "h1"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]


def _parse(markup: str) -> _Tags:
    p = _Tags()
    p.feed(markup)
    return p


@pytest.fixture(scope="module")
def clauses(bundled_doc):
    return {c.key: c for c in bundled_doc.clauses}


@pytest.fixture(scope="module")
def docs(bundled_doc):
    return covered_documents(bundled_doc.clauses, {BUNDLED_DOC_ID: bundled_doc.meta})


def _answer(question: str, text: str, quotes: dict[str, str]) -> Answer:
    cites = [Citation(clause=k, label=f"第{k}条", quote=q, support=1.0) for k, q in quotes.items()]
    return Answer(question=question, text=text, citations=cites, refused=False, generator="extractive")


def test_user_and_model_text_is_escaped_everywhere(clauses, docs):
    turns = [Turn(question=EVIL, answer=_answer(EVIL, EVIL + "〔第7条〕", {"7": EVIL}), text=EVIL, note=EVIL)]
    markup = conversation_html(turns, clauses, docs, "zh", staff=True) + clause_html(clauses["7"], [EVIL], "zh")
    parsed = _parse(markup)
    assert set(parsed.tags) <= OUR_TAGS, set(parsed.tags) - OUR_TAGS
    assert not [a for a in parsed.attrs if a.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in markup


def test_every_citation_marker_opens_its_own_clause(clauses):
    text = "根据决定第7条：甲。〔第7条〕又见〔第9条〕和〔文头〕，但〔第99条〕不存在。"
    markup = answer_html(text, clauses, "t1", "zh")
    buttons = [b.split('data-clause="')[1].split('"')[0] for b in markup.split("<button")[1:]]
    assert buttons == ["7", "9", "header"]
    assert "〔第99条〕" in markup and 'data-clause="99"' not in markup
    assert markup.count('data-turn="t1"') == 3


def test_clause_panel_highlights_what_the_answer_quotes_and_links_to_the_full_text(clauses):
    quote = clauses["7"].sentences[2]
    markup = clause_html(clauses["7"], [quote], "zh")
    assert f"<mark>{quote}</mark>" in markup and markup.count("<mark>") == 1
    assert 'href="#clause-7"' in markup and 'data-goto="7"' in markup
    live = markup.split('aria-live="polite">')[1].split("</p>")[0]
    assert "第7条" in live
    assert clause_html(clauses["7"], ["不在条文里的句子"], "zh").count("<mark>") == 0
    full = fulltext_html(list(clauses.values()), [], "zh")
    assert 'id="clause-7"' in full and 'id="clause-header"' in full


def test_open_clause_highlights_the_quote_of_the_answer_clicked(clauses):
    s = clauses["7"].sentences
    first = Turn(question="a", id="one", answer=_answer("a", "x〔第7条〕", {"7": s[1]}))
    second = Turn(question="b", id="two", answer=_answer("b", "y〔第7条〕", {"7": s[3]}))
    assert f"<mark>{s[1]}</mark>" in open_clause([first, second], "one", "7", clauses, "zh")
    assert f"<mark>{s[3]}</mark>" in open_clause([first, second], "two", "7", clauses, "zh")
    assert "<mark>" not in open_clause([first, second], "gone", "7", clauses, "zh")
    assert "clause-text" not in open_clause([first], "one", "no-such-clause", clauses, "zh")


def test_welcome_names_the_loaded_documents_from_their_metadata(bundled_doc):
    extra = Clause(doc_id="notice-2024", clause_id="1", text="测试条文。", sentences=("测试条文。",), span=(0, 5))
    metas = {BUNDLED_DOC_ID: bundled_doc.meta,
             "notice-2024": DocumentMeta(title="某某局关于开展测试工作的通知", doc_number="测〔2024〕7号")}
    docs = covered_documents([*bundled_doc.clauses, extra], metas)
    assert [(d.doc_id, d.n_clauses) for d in docs] == [(BUNDLED_DOC_ID, len(bundled_doc.clauses)), ("notice-2024", 1)]
    zh, en = welcome_html(docs, "zh"), welcome_html(docs, "en")
    for markup in (zh, en):
        assert "《关于加快推进甬江科创区镇海片区建设的决定》" in markup and "镇人大常〔2023〕31号" in markup
        assert "《关于开展测试工作的通知》" in markup and "测〔2024〕7号" in markup
    assert "仅供参考，以正式文件为准" in zh and "official document prevails" in en
    assert 3 <= zh.count('class="example"') <= 5 and all(f'data-ask="{q}"' in zh for q in EXAMPLES["zh"])
    unnamed = covered_documents([extra], {})
    assert unnamed[0].title == "notice-2024"
    assert "<h1>" in masthead_html(docs, "zh", staff_allowed=False, staff_on=False, max_chars=500)


def test_english_has_every_word_and_every_core_notice():
    assert set(TEXT["en"]) == set(TEXT["zh"])
    core = [importlib.import_module(m) for m in ("chat.answer", "chat.question")]  # chat.answer is also a function
    notices = [v for mod in core for k, v in vars(mod).items() if k.startswith("NOTICE_")]
    assert len(notices) >= 3
    for template in notices:
        filled = template.format(why="超时", n=500)
        english = translate_notice(filled, "en")
        assert english != filled and not any("\u4e00" <= ch <= "\u9fff" for ch in english.replace("超时", "")), english
        assert translate_notice(filled, "zh") == filled
    assert "500" in translate_notice(core[1].NOTICE_TRUNCATED.format(n=500), "en")


def test_examples_are_our_own_wording_and_get_cited_answers(retriever):
    data = Path(__file__).resolve().parents[2] / "eval" / "data"
    asked = {json.loads(line)["question"] for f in data.glob("*.jsonl")
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}
    settings = load_settings()
    for q in EXAMPLES["zh"] + EXAMPLES["en"]:
        assert q not in asked
        a = answer(q, settings=settings, retriever=retriever)
        assert not a.refused and a.cited, (q, a.text)


class PiecewiseGenerator:
    """The extractive answer, streamed sentence by sentence (as a verifying LLM backend would)."""

    name = "piecewise"

    def stream(self, plan, hits, *, history=None):
        for piece in compose(plan, hits).split("〕"):
            if piece:
                yield piece + "〕" if "〔" in piece else piece

    def rewrite(self, question, history):
        return ""


class BrokenGenerator(PiecewiseGenerator):
    def stream(self, plan, hits, *, history=None):
        raise RuntimeError("boom")


def test_respond_echoes_the_question_first_then_streams_the_growing_answer(retriever):
    prior = [Turn(question="earlier", answer=_answer("earlier", "earlier answer〔第1条〕", {}))]
    q = "What will become of the Zhenhai power plant site?"
    states = list(respond(q, prior, settings=load_settings(), retriever=retriever, generator=PiecewiseGenerator()))
    first, last = states[0][-1], states[-1][-1]
    assert len(states[0]) == 2 and first.question == q
    assert first.answer is None and first.text == "" and states[0][0] is prior[0]
    texts = [s[-1].text for s in states[1:-1]]
    assert all(b.startswith(a) for a, b in zip(texts, texts[1:], strict=False))
    assert len(set(texts)) >= 2, texts  # each cited sentence as it arrives
    assert last.answer is not None and "7" in last.answer.cited and last.id == first.id


def test_an_empty_question_adds_nothing_and_a_failure_becomes_a_message(retriever):
    with pytest.raises(QuestionError):
        next(respond("  ？ ", [], settings=load_settings(), retriever=retriever))
    states = list(respond("镇海电厂那块地以后做什么？", [], settings=load_settings(), retriever=retriever,
                          generator=BrokenGenerator()))
    assert states[-1][-1].error and states[-1][-1].answer is None


def test_follow_ups_see_completed_turns_only():
    done = Turn(question="q1", answer=_answer("q1", "a1〔第7条〕", {}))
    turns = [done, Turn(question="q2", error="failed"), Turn(question="q3")]
    assert history_of(turns) == [{"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1〔第7条〕"}]


def test_staff_details_for_every_answer_only_in_staff_view(clauses, docs):
    turns = [Turn(question=f"q{i}", answer=_answer(f"q{i}", "a〔第7条〕", {})) for i in range(2)]
    turns.append(Turn(question="pending"))
    assert conversation_html(turns, clauses, docs, "zh", staff=True).count('<details class="staff">') == 2
    assert "staff" not in conversation_html(turns, clauses, docs, "zh", staff=False).replace("data-staff", "")
    pending = conversation_html(turns, clauses, docs, "zh", staff=False)
    assert 'data-pending="1"' in pending and 'data-pending="0"' in conversation_html(turns[:2], clauses, docs, "zh",
                                                                                     staff=False)


def test_staff_details_say_how_the_question_matched(retriever):
    from chat import answer, load_settings
    from chat.web.page_html import staff_html

    a = answer("刚从海外读完博士回国，来片区工作能有啥待遇？", settings=load_settings(), retriever=retriever)
    html = staff_html(a)
    assert "coverage" in html and "匹配 matched" in html
    assert any(h.concepts for h in a.hits) and "→" in html  # an everyday word mapped to the document's word
    assert any(h.example for h in a.hits) and "相似问 example: " + next(h.example for h in a.hits if h.example) in html
