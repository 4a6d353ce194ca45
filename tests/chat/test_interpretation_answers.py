"""A 司法解释 added beside the resolution (tests/data/survey7/interp-juzhi-zhixing.txt: an unnumbered 公告 that
puts 《…的解释》 into force, the 解释 under it numbered 法释〔2024〕13号): 解释 is a kind of document like 条例 or
办法, so its effective-date sentence (本解释自…起施行) answers when it takes effect and its citation name keeps the
kind; its number, printed in the 解释's own head, names it; a question for the bodies that issued it is a question
for the document's issuers, not for a clause."""

from pathlib import Path

import pytest

from chat import answer
from chat.citations import citation_names
from chat.naming import document_numbers
from ingest.names import document_type, kind_ending

from .indexed import index_documents

SURVEY7 = Path(__file__).resolve().parents[1] / "data" / "survey7"
DOC = "interp-juzhi-zhixing"


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    return index_documents(tmp_path_factory.mktemp("survey7"), [SURVEY7 / f"{DOC}.txt"])


@pytest.fixture(scope="module")
def ask(survey):
    settings, r = survey
    return lambda q: answer(q, settings=settings, retriever=r)


def test_an_interpretation_is_a_kind_of_document():
    assert kind_ending("关于办理拒不执行判决、裁定刑事案件适用法律若干问题的解释") == "解释"
    assert document_type("最高人民法院关于审理劳动争议案件适用法律问题的解释（一）") == "解释"


def test_its_citation_name_keeps_the_kind_and_its_number_names_it(survey):
    _, r = survey
    names = {name for name, doc in citation_names(r.clauses).items() if doc == DOC}
    assert names and all(n.endswith("解释") for n in names), names
    assert document_numbers(r.clauses)["法释〔2024〕13号"] == DOC  # read from the 解释's own head, under the 公告


def test_when_it_takes_effect_is_its_effective_sentence(ask):
    a = ask("拒不执行判决的那个司法解释从哪天开始施行？")
    assert not a.refused, a.text
    assert a.cited == [f"{DOC}:附件:16"] and "2024年12月1日" in a.text


def test_its_number_asks_for_its_date(ask):
    a = ask("法释〔2024〕13号是哪一天公布的？")
    assert not a.refused, a.text
    assert a.cited and all(k.startswith(f"{DOC}:") for k in a.cited) and "2024年10月30日" in a.text


def test_which_bodies_issued_it_is_answered_by_its_issuers(ask):
    a = ask("法释〔2024〕13号是哪两个机关联合发的？")
    assert not a.refused, a.text
    assert a.cited == [f"{DOC}:footer"], a.cited  # the signature, not the article that repeals the old one
    assert "最高人民检察院" in a.text


def test_a_number_an_attachment_only_quotes_names_nothing():
    """An attachment's head numbers its document only when the document's own head has none: a history line under
    an annex's title (…国务院令第76号发布) is another order's number."""
    from types import SimpleNamespace as Clause

    clauses = [Clause(doc_id="order", clause_id="header", text="中华人民共和国国务院令\n第706号"),
               Clause(doc_id="order", clause_id="附件:header", text="专利代理条例\n（1991年3月4日中华人民共和国国务院令第76号发布）"),
               Clause(doc_id="interp", clause_id="header", text="最高人民法院公告"),
               Clause(doc_id="interp", clause_id="附件:header", text="关于…的解释\n法释〔2024〕13号")]
    numbers = document_numbers(clauses)
    assert numbers["令第706号"] == "order" and "令第76号" not in numbers
    assert numbers["法释〔2024〕13号"] == "interp"


@pytest.mark.parametrize("question, element", [
    ("法释〔2024〕13号是哪两个机关联合发的？", "issuer"), ("这个方案是哪几个部门联合发的？", "issuer"),
    ("按决定，哪些单位兑现安家费？", ""), ("决定规定哪几个部门出台配套办法？", ""), ("决定要求哪些部门作出评估？", ""),
])
def test_which_bodies_issued_it_asks_the_issuers_only_with_the_verb_ending_the_question(question, element):
    """A verb with more after it (兑现安家费, 出台配套办法) asks who does that, not which body put the document out."""
    from chat.docfacts import element_asked

    assert element_asked(question, names_document=True) == element
