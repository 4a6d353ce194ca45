"""Questions over added laws, regulations and a provincial resolution (tests/data/survey3, survey2): a document
named by its province and kind, an order's number, when a document takes effect, a time said before the verb it
belongs to, a two-character abbreviation of a term, and "apply to" that asks no procedure."""

from pathlib import Path

import pytest

from chat import answer
from chat.citations import citation_names
from chat.factkinds import fact_kind
from chat.naming import document_numbers, document_places, named_documents
from chat.refusal import _shares_a_word
from ingest.names import CITATION_NAME_CHARS, citation_name

from .indexed import index_documents

DATA = Path(__file__).resolve().parents[1] / "data"
DOCS = ("survey3/resolution-shandong-jiancha.md", "survey3/reg-dianli-shigu.md", "survey3/reg-haiyang-qingfei.md",
        "survey3/notice-jili-cuoshi.txt", "survey2/rules-jiaojing-zhiqin.md")


@pytest.fixture(scope="module")
def laws(tmp_path_factory):
    return index_documents(tmp_path_factory.mktemp("laws"), [DATA / d for d in DOCS])


@pytest.fixture(scope="module")
def ask(laws):
    settings, r = laws
    return lambda q, history=None: answer(q, settings=settings, retriever=r, history=history)


def test_the_place_a_document_was_issued_in_is_read_from_its_head(laws):
    _, r = laws
    places = document_places(r.clauses)
    assert places["resolution-shandong-jiancha"] == "山东"
    assert "reg-dianli-shigu" not in places  # a national regulation: no province or city


@pytest.mark.parametrize("question", ["山东那份决议对法院提了什么要求？", "What does the Shandong resolution ask of courts?"])
def test_a_document_is_named_by_its_province_and_kind(laws, question):
    _, r = laws
    names, numbers, places = citation_names(r.clauses), document_numbers(r.clauses), document_places(r.clauses)
    english = r.query_terms(question) if question.isascii() else None
    assert named_documents(question, names, numbers, english, places) == ["resolution-shandong-jiancha"]
    # the province alone, or another kind of document, names nothing
    assert named_documents("山东的法院要做什么？", names, numbers, None, places) == []
    assert named_documents("山东那份条例对法院提了什么要求？", names, numbers, None, places) == []


@pytest.mark.parametrize("question, key, shown", [
    # a decision named by its title without a word of it (新时代)
    pytest.param("检察机关法律监督工作的决议，山东人大常委会第几次会议表决的？", "resolution-shandong-jiancha:header", "第十四次会议",
                 id="title-run"),
    pytest.param("电力安全事故应急处置和调查处理条例的令号是多少？", "reg-dianli-shigu:header", "第599号", id="order-number"),
    # a time said before its verb answers how long (…之日起15日内，向人民法院起诉)
    pytest.param("对海洋倾废的罚款决定不服，多长时间内能向法院起诉？", "reg-haiyang-qingfei:22", "15日内", id="time-before-verb"),
    # a count said of the full term answers a question in its abbreviation (交警)
    pytest.param("查到醉酒的司机，带走约束要几个交警？", "rules-jiaojing-zhiqin:附件1:三", "不少于两名交通警察", id="abbreviation"),
])
def test_answered_from_the_one_clause_that_says_it(ask, question, key, shown):
    a = ask(question)
    assert not a.refused, a.text
    assert a.cited == [key] and shown in a.text


@pytest.mark.parametrize("question, key, shown", [
    ("When did the regulation on handling electricity safety accidents come into force?", "reg-dianli-shigu:", "2011年9月1日"),
    ("山东那份决议从什么时候开始生效？", "resolution-shandong-jiancha:附则", "自公布之日起施行"),
])
def test_when_a_document_takes_effect_is_its_own_sentence_saying_so(ask, question, key, shown):
    a = ask(question)
    assert not a.refused, a.text
    assert a.cited and all(k.startswith(key) for k in a.cited), a.cited
    assert shown in a.text


@pytest.mark.parametrize("question", ["海洋倾废的许可证从什么时候起生效？", "When does a fine for dumping waste at sea take effect?",
                                      "山东那份决议要求检察机关何时实施法律监督？"])
def test_when_something_else_takes_effect_is_not_the_documents_date(ask, question):
    from chat.docfacts import element_asked

    assert element_asked(question, names_document=True) != "effective"
    a = ask(question)
    assert "本条例自1985年4月1日起施行" not in a.text and "resolution-shandong-jiancha:附则" not in a.cited, a.text


def test_an_orders_number_under_its_issuer_is_the_documents_not_an_annexs_history():
    from chat.docfacts import element_lines
    from ingest import Clause

    head = Clause(doc_id="o", clause_id="header", text="", span=(0, 0),
                  sentences=("中华人民共和国国务院令", "第706号", "《专利代理条例》已经修订通过，现予公布。"))
    annex = Clause(doc_id="o", clause_id="附件:header", text="", span=(0, 0),
                   sentences=("专利代理条例", "（1991年3月4日中华人民共和国国务院令第76号发布　2018年修订）"))
    assert element_lines("number", head) == [0, 1]
    assert element_lines("number", annex) == [1]  # found too: the answer stage puts the document's own head first


def test_a_question_naming_the_shandong_resolution_is_searched_in_it_alone(ask):
    a = ask("What does the Shandong resolution ask courts to do?")
    assert a.hits and all(h.clause.doc_id == "resolution-shandong-jiancha" for h in a.hits), [h.key for h in a.hits]


def test_a_question_naming_only_a_documents_province_searches_that_document_first(ask):
    # the province points at its document without naming it (no kind): that document gets the head start the
    # resolution has otherwise (11 answered before, the resolution's clause on its own standing committee)
    assert ask("山东各级人大在这件事上怎么履行监督职责？").cited[:1] == ["resolution-shandong-jiancha:十一"]
    assert ask("人大常委会怎么监督？").cited[:1] == ["11"]
    # a place named as something else's, or beside the resolution's own places, points at nothing
    assert ask("山东大学毕业的博士来镇海有补贴吗？").cited[:1] == ["6"]
    english = ask("How do Shandong's people's congresses oversee this work?")
    assert not english.refused and english.cited[0].startswith("resolution-shandong-jiancha:")


def test_a_two_character_abbreviation_shares_a_word_with_its_term():
    assert _shares_a_word("路口要站几个交警？", "应当由不少于两名交通警察带至指定地点")
    assert _shares_a_word("医保能报多少？", "参加基本医疗保险的")
    # two characters that only occur near each other, in different words, share nothing
    assert not _shares_a_word("交警来了吗", "交通运输部门和公安机关警务人员")


def test_apply_to_asks_no_procedure():
    assert fact_kind("Does this regulation apply to fishing boats?") != "procedure"
    assert fact_kind("How do I apply for the subsidy?") == "procedure"
    assert fact_kind("Does the dumping regulation apply to ships used for military purposes?") != "procedure"


def test_a_long_citation_name_keeps_its_kind():
    name = citation_name("对真抓实干成效明显地方进一步加大激励支持力度的通知", "n")
    assert len(name) == CITATION_NAME_CHARS and name.endswith("…通知") and name.startswith("对真抓实干")
    assert citation_name("行政处罚法", "law") == "行政处罚法"


def test_words_that_only_ask_are_not_content_words(laws):
    _, r = laws
    words = [w for w, _ in r.query_terms("事故一共分成哪几个等级，有没有说清楚？")]
    assert "等级" in words and "事故" in words
    assert not {"哪几个", "几个", "有没有"} & set(words), words


def test_a_list_items_number_is_no_figure():
    from chat.factkinds import has_evidence

    assert not has_evidence("number", "本表下列用语的含义：（3）直接经济损失，是指")
    assert not has_evidence("number", "2.加快建设研发平台")
    assert has_evidence("number", "直接经济损失1.5亿元以上")


def test_a_numeral_inside_quotation_marks_is_part_of_a_name_not_a_figure():
    from chat.factkinds import has_evidence

    assert not has_evidence("number", "为推进“985”学科建设工程，提出以下意见。")
    assert not has_evidence("number", "实施“211”和“十四五”人才计划")
    assert has_evidence("amount", "给予“每人每月2000元”的见习补贴")  # a figure quoted, with its unit
    assert has_evidence("count", "实施“十四五”人才计划，引进博士200名")
    # a long quotation is a goal stated in words, numbers and all
    assert has_evidence("count", "实现“五年内引进和培养各类高端人才2000名”的目标")


def test_a_year_outside_a_dated_documents_years_is_not_answered_from_it():
    from chat.refusal import _other_year

    assert _other_year("2021年的端午节连休几日？", "2019年部分节假日安排的通知", "端午节：6月7日放假，与周末连休。")
    # the year is the title's, or the clause names it (a notice for 2019 sets the last days of 2018 too)
    assert not _other_year("2019年的中秋连休几日？", "2019年部分节假日安排的通知", "")
    assert not _other_year("2018年12月30日放假吗？", "2019年部分节假日安排的通知", "2018年12月30日至2019年1月1日放假调休")
    assert _other_year("2040年人口多少？", "河北雄安新区总体规划（2018—2035年）的批复", "")
    assert not _other_year("2030年人口多少？", "河北雄安新区总体规划（2018—2035年）的批复", "")
    assert not _other_year("2020年以后还罚吗？", "行政处罚法", "")  # a title with no year limits nothing


def test_an_abbreviation_the_documents_never_use_reaches_their_full_word(laws):
    from index.lexical import Abbreviations

    _, r = laws
    assert "交通警察" in r.index.bridge.synonyms.get("交警", ())  # CC-CEDICT: "abbr. for 交通警察"
    abbreviations = Abbreviations(["自贸试验区", "综合保税区", "自治区", "合同规定"])
    assert abbreviations.expand("自贸区") == ["自贸试验区"] and abbreviations.expand("综保区") == ["综合保税区"]
    assert abbreviations.expand("合规") == []  # two characters: only CC-CEDICT's notes


def test_a_share_answers_how_many_must_agree_and_working_days_are_days():
    from chat.factkinds import has_evidence

    assert has_evidence("number", "须经本栋楼三分之二以上的住户签字")
    assert not has_evidence("number", "须经本栋楼大多数住户签字")
    assert has_evidence("number", "应当在5个工作日内办结", "天")
    assert not has_evidence("number", "应当在5个批次内办结", "天")


def test_an_english_fee_is_the_subject_when_the_question_asks_a_date():
    assert fact_kind("By which date must the annual fee be paid?") == "date"
    assert fact_kind("How many people pay the fee?") == "count"
    assert fact_kind("What is the fee for a permit?") == "amount"
    assert fact_kind("How much is the fee and when is it due?") == "amount"


def test_a_clauses_heading_is_the_subject_of_its_sentences():
    from chat.refusal import _holds
    from ingest.records import Clause

    sentences = ("清查登记。", "各区对辖区内的共享单车停放点逐一登记。", "该项工作于2025年9月底前完成。")
    item = Clause(doc_id="notice", clause_id="二1", text="".join(sentences), sentences=sentences, span=(0, 40),
                  lead="清查登记")
    # the date's sentence repeats no word of the question but the heading's (该项工作 = the 清查登记)
    assert _holds("date", item, "", "清查登记最晚什么时候前弄完？")
    assert not _holds("date", item, "", "单车停放点什么时候开始收费？")
    # nothing asked after the question word: the heading alone does not make the date the answer
    assert not _holds("place", item, "", "清查登记在哪？")


@pytest.mark.parametrize("follow_up", ["麻烦查下这个通知的文号", "Could you give me this document's reference number?"])
def test_this_documents_head_is_the_head_of_the_document_the_conversation_is_about(ask, follow_up):
    first = ask("农村人居环境整治做得好的县能得到什么奖励？")
    assert first.cited[:1] == ["notice-jili-cuoshi:二十九"]
    second = ask(follow_up, history=[("农村人居环境整治做得好的县能得到什么奖励？", first.text)])
    assert second.cited == ["notice-jili-cuoshi:header"], second.text
    assert "国办发〔2018〕117号" in second.text
    # with no conversation, "this document" is the bundled resolution
    assert ask("麻烦报一下这份文件的字号").cited == ["header"]


@pytest.mark.parametrize("question, key", [
    ("甬江科创区镇海片区建设的决定怎么安排人才子女上学？", "6"),
    ("加快推进甬江科创区镇海片区建设的决定，对生态环境有啥要求", "8"),
])
def test_the_resolution_named_by_its_title_is_searched_without_the_title(ask, question, key):
    # the title's words would rank 第1条, which repeats them, above the clause that answers
    assert ask(question).cited[:1] == [key]



def test_this_document_is_a_demonstrative_before_a_kind_of_document():
    from chat.citations import THIS_DOCUMENT

    assert THIS_DOCUMENT.search("该通知是谁发的") and THIS_DOCUMENT.search("What is this document's title?")
    assert not THIS_DOCUMENT.search("发现问题后应该通知谁？") and not THIS_DOCUMENT.search("这项规定适用于我吗")
