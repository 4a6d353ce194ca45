import pytest

from chat.citations import cited_keys, clause_refs
from chat.factkinds import fact_kind
from chat.question import language_of, normalize_history, plan, search_text
from chat.verify import overlap, verify


def test_clause_references_in_chinese_and_english():
    assert clause_refs("第九条和第十一条") == ["9", "11"]
    assert clause_refs("第 7 条、clause 3") == ["7", "3"]
    assert clause_refs("文头和文尾") == ["header", "footer"]
    # English names sections and paragraphs by number, and the preamble by name
    assert clause_refs("Does Section 1 say anything about talent?") == ["1"]
    assert clause_refs("What does paragraph 4 target?") == ["4"]
    assert clause_refs("According to the preamble, what is the goal?") == ["preamble"]
    assert clause_refs("Does it set a goal for 2035?") == []  # a year is no paragraph
    # a paragraph of a named article is a 款 of it, a section of a chapter a 节
    assert clause_refs("Article 11, paragraph 2") == ["11"] and clause_refs("Chapter 2, Section 1") == []
    assert cited_keys("甲〔第7条〕乙〔文头〕丙〔other:第3条〕丁〔第7条〕") == ["7", "header", "other:3"]


def test_language_and_fact_kinds():
    assert language_of("Who supervises it?") == "en" and language_of("谁来监督？") == "zh"
    assert fact_kind("人才公寓的租金每月多少？") == "amount"
    assert fact_kind("5号线哪天开始通车？") == "date"
    assert fact_kind("人才补贴一般哪个月发？") == "date"
    assert fact_kind("孵化器哪一个季度建成？") == "date"
    assert fact_kind("When does the new tram line start running?") == "date"
    assert fact_kind("How do the neighbourhoods work together on planning?") == ""
    assert fact_kind("办这个要带什么材料？") == "procedure"
    assert fact_kind("哪几个片区要优先开发？") == ""


@pytest.mark.parametrize(
    ("question", "kind"),
    [("人才公寓有几套？", "number"), ("这个区下面总共设了几个街道？", "count"), ("这几个部门要做什么？", ""),
     ("提到的几个园区分别在哪里？", "place"), ("蛟川几个街道的边界怎么划？", ""), ("有多少家企业入驻？", "count")],
)
def test_ji_asks_how_many_only_when_it_is_the_question_word(question, kind):
    assert fact_kind(question) == kind


def test_follow_ups_become_standalone():
    p = plan("另外第二条呢？", [("第三条主要写了什么？", "……〔第3条〕")])
    assert p.follow_up and p.clause_refs == ("2",) and "主要写了什么" in p.query
    p = plan("用英文再说一遍这一条？", [{"role": "user", "content": "科创人才发展高地要怎么打造？"},
                                 {"role": "assistant", "content": "……〔第6条〕"}])
    assert p.language == "en" and p.clause_refs == ("6",) and "科创人才发展高地" in p.query
    p = plan("它由谁负责？", [("镇海电厂那片会整个搬掉吗？", "要全力推进镇海电厂区域整体搬迁〔第7条〕")])
    assert p.follow_up and p.clause_refs == () and "镇海电厂" in p.query
    # a full new question is not treated as a follow-up
    assert not plan("区人民法院要做什么工作？", [("镇海电厂那片会整个搬掉吗？", "〔第7条〕")]).follow_up
    assert normalize_history([{"role": "system", "content": "x"}, "junk", ("a", "b")]) == [("a", "b")]


def test_a_follow_up_asks_the_same_kind_of_fact_only_when_it_says_little_of_its_own():
    history = [("人才房一个月租金多少？", "……〔第6条〕")]
    assert plan("那人才补贴呢？", history, content_words=2).fact == "amount"
    # a question of its own ending in 呢 asks what it asks, not another amount
    assert plan("要是房东临时涨价不续租了呢？", history, content_words=4).fact == ""
    assert plan("那押金怎么退呢？", history, content_words=2).fact == ""  # its own question word


def test_search_text_drops_words_about_the_document():
    assert search_text("青创港的定位出自哪一条？") == "青创港的定位 ？"
    assert search_text("决定里的甬江实验室指的是什么？") == "甬江实验室指的是什么？"
    assert search_text("出自哪一条？") == "出自哪一条？"  # nothing left: keep the question


def test_verify_removes_invalid_citations_and_unsupported_sentences(bundled_doc):
    clauses = {c.key: c for c in bundled_doc.clauses}
    text = ("要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第7条〕"
            "镇海将给每位博士发放一百万元安家费。〔第6条〕"
            "另外还有规定。〔第99条〕法院要提供司法保障。〔第10条〕")
    v = verify(text, clauses=clauses, context={"7", "6"})
    assert v.removed == ["〔第99条〕", "〔第10条〕"]  # 99 does not exist; 10 was not in the context
    assert v.text == "要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第7条〕"
    assert [c.clause for c in v.citations] == ["7"]
    assert v.citations[0].quote == "要全力推进镇海电厂区域整体搬迁，释放更多建设空间。"
    assert v.citations[0].support == 1.0
    # unsupported by its citation, and continuations (after removal) the previous clause does not support
    assert v.flagged == ["镇海将给每位博士发放一百万元安家费。", "另外还有规定。", "法院要提供司法保障。"]
    assert [d.reason for d in v.dropped] == ["number", "unsupported", "unsupported"] and v.sentences == 4
    assert overlap("", "x") == 0.0


@pytest.mark.parametrize("bad", ["〔第7条", "〔〕", "〔第零条〕"])
def test_verify_survives_malformed_citations(bundled_doc, bad):
    clauses = {c.key: c for c in bundled_doc.clauses}
    v = verify(f"要全力推进镇海电厂区域整体搬迁。{bad}", clauses=clauses, context={"7"})
    assert all(c.clause in clauses for c in v.citations)


def test_citations_of_added_documents_name_them_by_short_name():
    from chat.citations import cited_keys

    names = {"行政处罚法": "law-xingzheng-chufa", "暂行办法": "notice-x"}
    text = "甲〔行政处罚法:第12条〕乙〔暂行办法:附件:第3条〕丙〔第7条〕丁〔law-xingzheng-chufa:第9条〕"
    assert cited_keys(text, names) == ["law-xingzheng-chufa:12", "notice-x:附件:3", "7", "law-xingzheng-chufa:9"]
    # without the names a short name is not a document: the key names no clause (and is removed as invalid)
    assert cited_keys("〔行政处罚法:第12条〕") == ["行政处罚法:12"]


def test_only_words_for_the_clause_itself_name_the_clause_the_last_answer_quoted():
    history = [("庄市和蛟川的边界以后怎么处理？", "打破庄市街道、蛟川街道……〔第2条〕")]
    assert plan("这一条还说了什么？", history).clause_refs == ("2",)
    # 它们 are the streets; what they must do may be written in another clause: retrieval decides
    assert plan("它们各自要负什么责？", history).clause_refs == ()
    assert plan("What else does this article say?", history).clause_refs == ("2",)


def test_a_third_turn_keeps_the_subject_of_the_first_when_the_second_leaned_on_it():
    history = [("区人大常委会打算靠什么手段盯落实？", "……〔第11条〕"), ("还有各个街道工委呢？", "……〔第11条〕")]
    p = plan("各镇的呢？", history)
    assert p.follow_up and "区人大常委会" in p.query and "街道工委" in p.query
    # a second turn that stood alone is the subject: the first turn's is not carried further
    history = [("区人大常委会打算靠什么手段盯落实？", "……〔第11条〕"), ("轨道交通要怎么建设？", "……〔第7条〕")]
    p = plan("那公交呢？", history)
    assert "轨道交通" in p.query and "区人大常委会" not in p.query


def test_a_third_turn_after_a_second_with_hardly_a_word_of_its_own_keeps_the_first():
    history = [("扬尘条例里运输车辆要做什么？", "……"), ("罚多少？", "……")]
    assert "运输车辆" in plan("那工地呢？", history).query


def test_a_follow_up_out_of_scope_as_typed_is_the_conversations_question(retriever):
    from chat.answer import answer
    from chat.settings import load_settings

    settings = load_settings()
    first = answer("引进来的人才在镇海能享受哪些服务？", settings=settings, retriever=retriever)
    assert first.cited[:1] == ["6"]
    # 住的地方 is nowhere in the text (安居专用房 is): alone it is out of scope, in the conversation it is not
    assert answer("那住的地方呢？", settings=settings, retriever=retriever).refused
    second = answer("那住的地方呢？", settings=settings, retriever=retriever, history=[("引进来的人才在镇海能享受哪些服务？", first.text)])
    assert not second.refused and second.cited[:1] == ["6"]
