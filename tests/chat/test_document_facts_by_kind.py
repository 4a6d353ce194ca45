"""Facts about an added document's head and foot, asked the way a user who added it would: by its kind alone
(这份意见) when the bundled resolution is a 决定; an issuer printed only as the foot's signature, which shares
no word with the question; an order's number asked as 第几号…令; who signed an order, and a resolution that
names no signer; an article of a regulation printed after the order that promulgates it, asked by its number.
The documents in tests/data/facts-kind are written for these tests."""

from pathlib import Path

import pytest

from chat import answer

from .indexed import index_documents

DOCS = Path(__file__).resolve().parents[1] / "data" / "facts-kind"


@pytest.fixture(scope="module")
def ask(tmp_path_factory):
    settings, r = index_documents(tmp_path_factory.mktemp("facts-kind"), sorted(DOCS.iterdir()))
    return lambda q, history=None: answer(q, history=history, settings=settings, retriever=r)


def test_a_document_pointed_at_by_its_kind_answers_for_its_issuer_from_its_signature(ask):
    a = ask("这份意见的发文机关写的是哪家？")  # the head names no issuer; the foot's signature does
    assert not a.refused and a.cited == ["opinion-yangzhi:footer"], a.text
    assert "某省人民政府办公厅" in a.text


def test_the_issuer_asked_after_a_question_on_the_document_is_its_signature(ask):
    first = ask("养殖户贷款单户最多能贷多少？")
    assert first.cited and first.cited[0].startswith("opinion-yangzhi:"), first.text
    a = ask("那这个意见是哪个单位发的？", history=[("养殖户贷款单户最多能贷多少？", first.text)])
    assert not a.refused and a.cited == ["opinion-yangzhi:footer"], a.text


def test_an_orders_number_asked_as_which_numbered_order(ask):
    a = ask("仓储安全管理规定是用第几号部令公布的？")
    assert not a.refused and a.cited == ["order-cangchu:header"], a.text
    assert "第5号" in a.text


def test_who_signed_an_order_is_the_signature_with_its_date(ask):
    a = ask("仓储安全管理规定是哪位部长签发的？")
    assert not a.refused and a.cited == ["order-cangchu:footer"], a.text
    assert "张三" in a.text and "2020年5月6日" in a.text


def test_a_resolution_that_names_no_signer_says_so(ask):
    a = ask("镇海那个决定的签发人是谁？")
    assert a.refused and a.refusal == "fact", a.text


def test_an_article_of_a_regulation_printed_after_its_order_is_found_by_its_number(ask):
    """The order's own lines come first, so the regulation's articles are its attachment's (附件:2): asked by
    number they are still its 第二条, and a number past its last article is told with the right count."""
    a = ask("仓储安全管理规定第二条是怎么规定的？")
    assert not a.refused and a.cited == ["order-cangchu:附件:2"], a.text
    assert "每月开展一次消防检查" in a.text
    a = ask("仓储安全管理规定第九条说的是什么？")
    assert a.refused and a.refusal == "no_such_clause", a.text
    assert "收录了3条" in a.text and "仓储安全管理规定" in a.text


def test_a_city_document_without_a_place_in_its_head_is_found_by_the_city_its_text_serves(ask):
    """Its head is a title and a date; its text implements 中共临川市委、临川市人民政府's decision, so 临川 points
    at it (not at the resolution, whose 第6条 also speaks of talent housing) — in Chinese and in English."""
    a = ask("临川的人才公寓项目是哪个单位牵头的？")
    assert not a.refused and a.cited[0] == "plan-rencai-anju:2", a.text
    assert "市住房保障办" in a.text
    a = ask("In Linchuan, which office leads the talent apartment project?")
    assert not a.refused and a.cited[0] == "plan-rencai-anju:2", a.text


def test_the_city_a_document_serves_is_read_only_when_it_names_one():
    from types import SimpleNamespace as C

    from chat.naming import document_places

    def doc(doc_id, *texts):
        return [C(doc_id=doc_id, clause_id=str(i), text=t, sentences=(t,)) for i, t in enumerate(texts)]

    one = doc("a", "关于推进人才工作的实施意见", "为贯彻《中共临川市委、临川市人民政府关于…的决定》，提出以下意见。")
    cited = doc("b", "关于协同发展的意见", "参照《抚州市人民政府关于…的通知》，临川市人民政府要加强合作。")
    national = doc("c", "关于基层治理的意见", "各省、自治区、直辖市人民政府，国务院各部委：", "设区的市人民政府要加强指导。")
    assert document_places(one + cited + national) == {"a": "临川"}


def test_a_rate_asked_is_answered_only_by_a_percentage(ask):
    """The 意见 promises low-interest loans with a rate discount for 3 years, up to 30万元 a household, and states
    no rate: a question for the rate is refused (3年 beside 利率 is a figure, not a rate); the amount is answered."""
    a = ask("养殖户的低息贷款，年利率是多少？")
    assert a.refused and a.refusal == "fact", a.text
    a = ask("养殖户的低息贷款单户最多贷多少？")
    assert not a.refused and "30万元" in a.text, a.text


def test_the_evidence_for_a_rate_is_a_percentage_or_a_fraction():
    from chat.factkinds import RATE, fact_kind, fact_unit, has_evidence

    for q in ("担保费率最高是多少？", "财政贴息几个点？", "What is the interest rate on these loans?"):
        assert fact_unit(q, fact_kind(q)) == RATE, q
    assert fact_unit("补贴多少钱？", fact_kind("补贴多少钱？")) != RATE
    assert not has_evidence("number", "单户贷款额度不超过30万元", RATE)
    assert has_evidence("number", "担保费率不超过1.5%", RATE) and has_evidence("number", "三分之二以上的业主同意", RATE)


def test_this_opinion_in_a_conversation_is_the_one_talked_about_and_never_another(ask):
    """After a question on 临川's 实施意见 (printed without its issuer), 这份意见是哪个单位发的 is refused as not
    stated — not answered with the other 意见's issuer."""
    first = ask("临川打算几年内筹集多少套青年人才公寓？")
    assert first.cited and first.cited[0].startswith("plan-rencai-anju:"), first.text
    a = ask("这份意见是哪个单位发的？", history=[("临川打算几年内筹集多少套青年人才公寓？", first.text)])
    assert a.refused and "某省人民政府办公厅" not in a.text, a.text


def test_an_article_of_a_document_quoted_but_not_added_is_not_the_resolutions(ask):
    a = ask("《某市物业管理条例》第三条怎么规定的？")
    assert a.refused and not a.cited, a.text


def test_cues_that_are_not_about_the_document_itself():
    from chat.docfacts import element_asked

    assert element_asked("企业是几号被责令停产整顿的？") == ""  # 责令 is an order to a firm, not a 令 number
    assert element_asked("单位几号收到整改令？") == ""
    assert element_asked("请假条要找哪位领导签字？") == ""  # a signature on a form, not the document's signer
    assert element_asked("这个规定是第几号部令公布的？") == "number"
    # a named document's 发的 is when it was put out; a subsidy's is no element of the document
    assert element_asked("这个意见是哪天发的？", names_document=True) == "printing"
    assert element_asked("补贴是哪天发的？") == ""
    assert element_asked("各地的细则需要印发给哪些单位？") == ""  # a duty to issue a plan, not this one's date
    assert element_asked("这份意见里说的贷款是哪天发的？", names_document=True) == ""  # the loan is put out, not the 意见
    # the session asked with 一 (哪一次会议), and "put out" before its object, ask about the document
    assert element_asked("是在哪一次会议上表决的？") == "adoption"
    assert element_asked("Who put out this resolution?") == "issuer"
    assert element_asked("Who put out the call for startup projects?") == ""  # a call, not the document
    # the full name of something the text names is not the document's title; the document's own is
    assert element_asked("人才服务平台的全称叫什么？") == "" and element_asked("决定里写的那所研究院的全称是啥") == ""
    assert element_asked("这份决定的全称叫什么？") == "title" and element_asked("全称是啥？") == "title"
    assert element_asked("这部法律的全称是什么？") == "title" and element_asked("这个文件里写的全称是什么？") == "title"
    # … also without 的 (研究院全称): a thing's own; the document's title named as such is still the title
    assert element_asked("宁大在那边办的学院全称是啥") == "" and element_asked("文件标题全称给我一下") == "title"
    assert element_asked("这决定全称是什么") == "title"
    # when it was adopted, asked with no subject at all: only the document was; a subject of its own is not it
    assert element_asked("什么时候通过的呀？") == "adoption"
    assert element_asked("什么时候通过了专项支持政策？") == "" and element_asked("何时通过的人才认定？") == ""
    # who decided it, spoken, of a named document; who decides a project's site is no element
    assert element_asked("这份文件最后是谁拍的板？") == "issuer" and element_asked("新校区选在哪里由谁拍板？") == ""
    assert element_asked("这份文件里说的引才政策，具体谁拍板？") == ""  # the document is not the subject (third review)
    assert element_asked("何时通过的？") == "adoption" and element_asked("啥时候通过了") == "adoption"
    assert element_asked("新的补贴办法什么时候通过的？") == "" and element_asked("什么时候能通过审核？") == ""



def test_an_element_question_describing_another_document_is_asked_of_that_one():
    """The resolution's head ranked first on "document number" alone; a clause of the document the rest of the
    question describes covers clearly more of it."""
    from types import SimpleNamespace as Hit

    from chat.docfacts import _document_described

    def hit(doc, coverage):
        return Hit(clause=Hit(doc_id=doc), coverage=coverage)

    assert _document_described([hit("", 0.09), hit("opinion", 0.31), hit("opinion", 0.14)]) == "opinion"
    assert _document_described([hit("", 0.25), hit("opinion", 0.31)]) == ""  # not clearly more
    assert _document_described([hit("", 0.0), *[hit("", 0.0)] * 4, hit("opinion", 0.9)]) == ""  # only the first five
