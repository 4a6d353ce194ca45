"""Questions over documents staff add, on the resolution and documents of the parser survey
(tests/data/survey, survey2): a document named by part of its title or by its number answers from its own
head and foot, not the resolution's; a day asked is answered by a day; a table of contents answers only a
question about the contents."""

from pathlib import Path

import pytest

from chat import answer
from chat.factkinds import fact_kind, has_evidence
from chat.naming import document_numbers, named_documents

from .indexed import index_documents

SURVEY = Path(__file__).resolve().parents[1] / "data" / "survey"
DOCS = ("opinion-sanji-yiyuan.html", "decision-shanghai-yiwangtongban.md", "notice-zimao-cuoshi.txt",
        "reg-zhejiang-jianshe-zhiliang.md", "notice-jiejiari-2019.txt", "order-zhuanli-daili.txt",
        "../survey2/plan-liangshi-yingji.txt")


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    return index_documents(tmp_path_factory.mktemp("named"), [SURVEY / d for d in DOCS])


@pytest.fixture(scope="module")
def ask(survey):
    settings, r = survey
    return lambda q: answer(q, settings=settings, retriever=r)


def test_document_numbers_are_read_from_each_head(survey):
    _, r = survey
    numbers = document_numbers(r.clauses)
    assert numbers["国发〔2018〕38号"] == "notice-zimao-cuoshi"
    assert numbers["国办发〔2019〕4号"] == "opinion-sanji-yiyuan"
    assert numbers["镇人大常〔2023〕31号"] == "zhenhai-2023-31"
    assert numbers["令第706号"] == "order-zhuanli-daili"  # 中华人民共和国国务院令⏎第706号, across two lines


@pytest.mark.parametrize("question, key, shown", [
    ("绩效考核三级公立医院的那个意见，发文机关是谁？", "opinion-sanji-yiyuan:", "国务院办公厅"),
    ("国发[2018]38号这个通知印发的日子？", "notice-zimao-cuoshi:footer", "2018年11月7日"),
    ("关于一网通办的上海那份决定，哪次会议表决通过？", "decision-shanghai-yiwangtongban:header", "第三十二次会议"),
    ("浙江省建设工程质量管理条例第一次是在哪一天审议通过？", "reg-zhejiang-jianshe-zhiliang:header", "1995年8月19日"),
])
def test_a_document_named_by_its_title_or_number_answers_from_its_own_head_or_foot(ask, question, key, shown):
    a = ask(question)
    assert not a.refused, a.text
    assert a.cited and all(k.startswith(key.rstrip(":")) for k in a.cited), a.cited
    assert "header" not in a.cited and "footer" not in a.cited  # not the resolution's
    assert shown in a.text


def test_a_title_run_without_the_kind_of_document_names_nothing(survey):
    from chat.citations import citation_names

    _, r = survey
    names = citation_names(r.clauses)
    assert named_documents("三级公立医院绩效考核的结果怎么用？", names) == []
    assert named_documents("绩效考核三级公立医院的意见里，结果怎么用？", names) == ["opinion-sanji-yiyuan"]
    assert named_documents("医院的意见箱在哪？", names) == []  # the kind alone, with two characters of the title


def test_a_day_asked_is_answered_by_a_day_not_by_a_year(ask):
    # the notice's opening paragraph names 2019年 and every festival; item 七 gives the days
    a = ask("2019年国庆节从哪一天开始放假？")
    assert a.cited[0] == "notice-jiejiari-2019:七" and "10月1日" in a.text, a.text
    from chat.factkinds import fact_unit, has_evidence

    assert fact_unit("端午哪天放", "date") == "日" and fact_unit("什么时候放假", "date") == ""
    assert not has_evidence("date", "现将2019年元旦的安排通知如下", "日") and has_evidence("date", "6月7日放假", "日")


@pytest.fixture(scope="module")
def ask_the_plan(tmp_path_factory):
    """The resolution and the grain emergency plan alone (its attachment opens with a 目录 of its outline)."""
    plan_file = SURVEY.parent / "survey2" / "plan-liangshi-yingji.txt"
    settings, r = index_documents(tmp_path_factory.mktemp("plan"), [plan_file])
    return lambda q: answer(q, settings=settings, retriever=r)


def test_a_table_of_contents_answers_only_a_question_about_the_contents(ask_the_plan):
    for q in ("国家粮食应急工作指挥部由哪些部门的负责人组成？", "Which officials act as vice-commanders of the grain emergency command?"):
        a = ask_the_plan(q)
        assert a.cited and not any(k.endswith("目录") for k in a.cited), a.cited
    a = ask_the_plan("国家粮食应急预案的目录有哪几章？")
    assert "plan-liangshi-yingji:附件:目录" in [h.key for h in a.hits]  # kept for a question about the contents


def test_coverage_reads_an_abbreviation_of_a_term_of_the_text(survey):
    """自贸区 is how people say 自贸试验区: its characters in order, a few apart."""
    _, r = survey
    full = next(c for c in r.clauses if c.doc_id == "notice-zimao-cuoshi" and "自贸试验区" in c.text and "自贸区" not in c.text)
    assert r.coverage("自贸区外资企业", full) > r.coverage("外资企业", full)
    from index.coverage import _abbreviates

    assert _abbreviates("自贸区", "自由贸易区") and not _abbreviates("自贸区", "自由的商贸园区")  # at most two apart
    assert not _abbreviates("贸区", "贸易区") and not _abbreviates("区贸自", "自贸试验区")  # too short; out of order


def test_an_english_question_names_a_document_by_its_kind_and_title_words(survey):
    from chat.citations import citation_names

    _, r = survey
    names = citation_names(r.clauses)
    q = "Under the Zhejiang regulation on construction quality, what must the owner do before work starts?"
    assert named_documents(q, names, english_terms=r.query_terms(q)) == ["reg-zhejiang-jianshe-zhiliang"]
    q = "What does the quality of construction in Zhejiang depend on?"  # no kind of document said
    assert named_documents(q, names, english_terms=r.query_terms(q)) == []
    q = "Which regulation covers hospital quality?"  # the kind, but one word of a title
    assert named_documents(q, names, english_terms=r.query_terms(q)) == []


def test_a_sections_heading_line_is_its_title_not_an_answer(ask_the_plan):
    a = ask_the_plan("粮食应急工作指挥部的一把手由哪个部门的负责人担任？")
    assert not a.refused and "主要负责人" in a.text, a.text
    assert a.hits[0].clause.lead == "国家粮食应急工作指挥部"


def test_a_named_documents_date_and_a_labelled_day_are_quoted(ask):
    a = ask("加强三级公立医院绩效考核工作那个意见落款的日子？印发日期")
    assert not a.refused and "2019年1月16日" in a.text, a.text
    a = ask("劳动节哪天开始放？")  # 四、劳动节：5月1日放假 — the label is the subject of the day after it
    assert not a.refused and "5月1日" in a.text, a.text


def test_a_document_named_as_where_something_is_said_is_not_asked_about_itself(ask):
    a = ask("专利代理条例规定谁发代理师的资格证书？")
    assert "李克强" not in a.text and not any(k.endswith(("header", "footer")) for k in a.cited), a.text
    assert not a.refused and a.cited[0].startswith("order-zhuanli-daili:附件:"), a.text


def test_a_title_run_names_a_document_only_with_its_kind_after_it():
    names = {"进一步促进和保障“一网通办”改革的决定": "sh", "加强三级公立医院绩效考核工作的意见": "op",
             "中华人民共和国行政处罚法": "law"}
    assert named_documents("这个决定要怎么进一步促进科技成果转化？", names) == []  # the resolution
    assert named_documents("区法院在行政处罚方面依法要做什么？", names) == []  # 法 inside 依法, 法院
    assert named_documents("三级公立医院绩效考核怎么做？三级公立医院绩效考核的意见是谁发的", names) == ["op"]
    assert named_documents("请查国发﹝2018﹞38号的全文", names, {"国发〔2018〕38号": "zm"}) == ["zm"]


def test_a_labelled_day_answers_only_what_the_label_says_of_it(ask):
    a = ask("2019年劳动节哪天上班？")  # 四、劳动节：5月1日放假 says the day off, not a working day
    assert a.refused or "notice-jiejiari-2019:四" not in a.cited, a.text


def test_how_long_is_answered_by_a_duration(ask):
    a = ask("专利代理机构情节严重的，最多会被停止接新业务多长时间？")  # 6个月至12个月, with no 内
    assert not a.refused and a.cited == ["order-zhuanli-daili:附件:25"], a.text
    assert "6个月至12个月" in a.text
    a = ask("日间手术的特殊病例延期住院，住院时间最长多久？")  # note 3 under a table row: 不超过48小时
    assert not a.refused and "48小时" in a.text, a.text


def test_an_attachments_head_is_no_answer_to_a_content_question(ask):
    # the 预案 issued by a 函 has a head of its own (附件:header) repeating its title; the question names the
    # title, so that head outranked 7.2 and the question was refused as unsure
    a = ask("国家粮食应急预案由哪个机关解释？")
    assert not a.refused and a.cited[0] == "plan-liangshi-yingji:附件:7.2", a.text
    assert "国务院办公厅" in a.text


def test_everyday_holiday_names_reach_the_official_ones(ask):
    a = ask("19年五一放假吗")  # the notice says 劳动节 (concepts.tsv, stop26-holidays); refused as unsure without
    assert not a.refused and a.cited[0] == "notice-jiejiari-2019:四", a.text


def test_a_conversation_about_an_added_document_makes_it_the_default_one(ask, survey):
    """After an answer from an added document, a question asked next that names none is more likely about that
    document than about the bundled resolution: it gets the head start the resolution has otherwise — and the
    same question asked on its own still goes to the resolution."""
    settings, r = survey
    first = ask("自贸区那份推广改革措施的通知，推广了哪些做法？")
    assert first.cited and all(k.startswith("notice-zimao-cuoshi:") for k in first.cited), first.cited
    alone = ask("由谁负责督促落实？")
    assert alone.cited and not any(k.startswith("notice-zimao-cuoshi:") for k in alone.cited), alone.cited
    after = answer("由谁负责督促落实？", history=[("自贸区那份推广改革措施的通知，推广了哪些做法？", first.text)],
                   settings=settings, retriever=r)
    assert not after.refused, after.text
    assert after.cited and all(k.startswith("notice-zimao-cuoshi:") for k in after.cited), after.cited
    assert "督促" in after.text
    # it shares the head start, it does not take the resolution's: a question on the resolution's subject, with or
    # without its place named, or after saying the subject changes, still goes there
    history = [("自贸区那份推广改革措施的通知，推广了哪些做法？", first.text)]
    for question in ("人才补贴怎么发放？", "镇海的人才补贴怎么发放？", "换个问题：高层次人才有住房补贴吗？"):
        a = answer(question, history=history, settings=settings, retriever=r)
        assert a.cited and all(":" not in k for k in a.cited), (question, a.cited)


def test_a_history_citing_a_document_that_is_not_added_is_ignored(survey):
    """A pasted history may cite a document this index does not hold: no error, the question is answered as asked."""
    settings, r = survey
    history = [("某某办法规定了什么？", "根据某某办法第3条：……〔某某办法:第3条〕")]
    for question in ("那科创平台有哪些？", "人才补贴怎么发放？"):
        a = answer(question, history=history, settings=settings, retriever=r)
        assert a.cited and all(":" not in k for k in a.cited), (question, a.cited)


def test_a_figure_the_question_gives_is_not_the_fact_it_asks(ask):
    # the opening paragraph's only date is the year the question names: never the answer (item 六 has the day, but
    # covers fewer of the question's words than the paragraph listing every festival, so it is not put first)
    for question in ("In 2019, on what day does the Mid-Autumn holiday start?", "2019年的中秋假期从哪天开始？"):
        a = ask(question)
        assert "notice-jiejiari-2019:preamble" not in a.cited and (a.refused or a.cited[0] == "notice-jiejiari-2019:六"), a.text
    from chat.factkinds import fact_kind

    assert fact_kind("On what day does it start?") == "date"
    # a figure restated in a question that asks another is still evidence: the year is blanked for a date only
    a = ask("2019年国庆节是10月1日到7日放假，一共放几天？")
    assert not a.refused and a.cited[0] == "notice-jiejiari-2019:七" and "7天" in a.text, a.text


def test_an_article_number_the_resolution_lacks_is_read_in_the_added_document_that_has_it(ask):
    # the resolution has 11 clauses; of the added documents, the construction-quality regulation's 第十五条 is on the
    # design period the question describes
    a = ask("第十五条对勘察设计周期有什么要求？")
    assert not a.refused and a.cited[0] == "reg-zhejiang-jianshe-zhiliang:15", a.text
    # a number no document's article of that number is found first for: the resolution's count is the answer, and
    # the added documents that have such an article are named
    a = ask("第十二条讲了什么？")
    assert a.refused and "11" in a.text and "写明文件名" not in a.text, a.text
    a = ask("帮我看看第十五条写的是啥？")
    assert a.refused and "没有第15条" in a.text and "《浙江省建设工程质量管理条例》的第15条" in a.text, a.text
    # a number the resolution has stays the resolution's, though the regulation has a 第三条 too
    a = ask("第三条讲的是什么内容？")
    assert not a.refused and a.cited[0] == "3", a.text


def test_each_documents_article_numbers_are_read_once_per_index_with_their_key_prefix(survey):
    from chat.articles import article_numbers, holding_the_numbers
    from chat.question import plan

    settings, r = survey
    numbers = article_numbers(r)
    assert article_numbers(r) is numbers  # read once per index
    assert 15 in numbers["reg-zhejiang-jianshe-zhiliang"][1] and 32 in numbers["order-zhuanli-daili"][1]
    assert numbers["zhenhai-2023-31"] == ("", frozenset(range(1, 12)))
    assert numbers["order-zhuanli-daili"][0] == "order-zhuanli-daili:附件:"  # the order's regulation
    assert holding_the_numbers(plan("第二条对专利代理机构的执业范围是怎么规定的？"), r) == []  # the resolution has 2
    assert holding_the_numbers(plan("第三十二条说的施行日期是哪天？"), r) == ["order-zhuanli-daili"]



def test_a_place_in_a_ranking_is_answered_only_by_a_ranking(ask):
    # the 意见 speaks of rankings (考核结果…排名) but ranks no hospital
    a = ask("我们医院去年的三级公立医院绩效考核排全国第几？")
    assert a.refused and "排名" in a.text, a.text
    assert fact_kind("我们医院排全省第几？") == "rank" and fact_kind("考核排名靠后的医院会怎样？") == ""
    # questions about rankings that ask no place in one
    for q in ("绩效考核排名如何确定？", "这个排名多少年发布一次？", "这个指标在表里排在第几个？"):
        assert fact_kind(q) != "rank", q
    assert has_evidence("rank", "居全国第一") and has_evidence("rank", "位列全球第5")
    assert has_evidence("rank", "综合排名第3") and has_evidence("rank", "位列全国前10") and not has_evidence("rank", "排名靠前的医院")


def test_words_found_only_in_one_added_document_give_it_the_head_start(survey, ask):
    """Two words of a question that only one added document holds (好差评, 自助终端: the Shanghai 一网通办 decision)
    point at it: it shares the resolution's head start, and its clause comes first instead of the resolution's."""
    _, r = survey
    q = "区里政务大厅有没有好差评和自助终端？"
    assert r.pointed_documents(q) == ["decision-shanghai-yiwangtongban"]
    assert r.search(q, top_k=1)[0].clause.doc_id == "zhenhai-2023-31"  # the resolution's head start alone
    assert ask(q).hits[0].clause.doc_id == "decision-shanghai-yiwangtongban"
    # one such word is not enough; a word only the resolution holds (庄市) keeps it the default
    assert r.pointed_documents("区里政务大厅有没有好差评？") == []
    assert r.pointed_documents("庄市的政务大厅有没有好差评和自助终端？") == []
    # common words (到底 4.8, 分别 4.7: general-corpus weight below POINTED_WEIGHT) point at nothing, though only the
    # 自贸 notice holds them here; its own terms do (保税, 维修)
    assert r.pointed_documents("境外人员到底能不能分别办理？") == []
    assert r.pointed_documents("保税维修到底算不算数？") == ["notice-zimao-cuoshi"]
    # a word counts by its own form, not a part of it: 维修费 is not in the notice (its part 维修 is, and points just
    # above), so 保税 alone points, which is not enough
    assert r.pointed_documents("保税维修费到底算不算数？") == []
    # an English question points through its words' translations (outpatient → 门诊, satisfaction → 满意度)
    assert r.pointed_documents("Which hospitals are assessed on outpatient waiting times and patient satisfaction?") == [
        "opinion-sanji-yiyuan"]
