"""Document facts and topics of the fourth parser survey's documents (tests/data/survey4), asked as a user who
added them would: a named document's date of issue is its signed date when it has no printing line; an adoption
note printed over two lines is quoted whole; a website that is the topic of a question is not a request for a
contact; a document named by its title is searched without the title's words."""

from pathlib import Path

import pytest

from chat import answer

from .indexed import index_documents

SURVEY4 = Path(__file__).resolve().parents[1] / "data" / "survey4"


@pytest.fixture(scope="module")
def ask(tmp_path_factory):
    settings, r = index_documents(tmp_path_factory.mktemp("survey4"), sorted(SURVEY4.iterdir()))
    return lambda q: answer(q, settings=settings, retriever=r)


def test_when_a_named_document_was_put_out_is_its_signed_date(ask):
    a = ask("国发〔2018〕44号这个文是什么时候发布的？")  # a 决定 signed 国务院 ⏎ 2018年12月28日, no printing line
    assert not a.refused and a.cited == ["decision-keji-jiangli:footer"], a.text
    assert "2018年12月28日" in a.text


def test_an_adoption_note_over_two_lines_is_quoted_with_its_date(ask):
    a = ask("甘肃省人事任免办法的那个修改决定，哪一天审议通过？")
    assert not a.refused and a.cited == ["decision-gansu-renshi-renmian:header"], a.text
    assert "2023年5月31日" in a.text and "第三次会议" in a.text


def test_a_website_as_the_topic_is_not_a_contact_asked(ask):
    a = ask("省政府网站办得好不好，会牵扯到哪些方面？")
    assert not a.refused and a.cited[0] == "notice-jilin-wangzhan:p2", a.text
    a = ask("吉林省政府网站的网址是什么？")  # an address of the site: the text states none
    assert a.refused and a.refusal == "fact", a.text


def test_a_document_named_by_its_title_answers_from_its_content(ask):
    a = ask("宁夏地方志工作条例实施办法适用于哪些工作？")
    assert not a.refused and a.cited[0] == "order-ningxia-difangzhi:附件:2", a.text
