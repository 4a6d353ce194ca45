"""The parser on a third set of public documents (tests/data/survey3/, see tests/data/README.md): shapes
the earlier sets lacked. Ids are hand-checked; each test names the general cause it guards."""

from chat.citations import cited_keys, clause_refs

from .surveys import by_id, survey_doc


def _doc(name: str):
    return survey_doc("survey3", name)


def test_inserted_articles_are_units_of_their_own_after_the_article_they_follow():
    """刑法: 第一百三十三条之一 was inserted by an amendment after 第一百三十三条. It is its own article
    (id 133之一, cited 第133条之一), not the same number twice (which failed the whole document)."""
    doc = _doc("law-xingfa-zhiyi")
    ids = [c.clause_id for c in doc.clauses]
    assert ids == ["header", "1", "2", "3", "133", "133之一", "133之二", "134", "134之一", "135", "135之一",
                   "136", "137", "138", "139", "139之一"]
    by = by_id(doc)
    assert by["133之一"].label == "刑法:第133条之一"
    assert by["133之一"].text.startswith("在道路上驾驶机动车，有下列情形之一的")
    assert "（二）醉酒驾驶机动车的；" in by["133之一"].text
    assert by["133"].text.endswith("处七年以上有期徒刑。")
    assert by["133之一"].context == ("第二编 分则", "第二章 危害公共安全罪")
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_a_citation_of_an_inserted_article_reads_back_as_that_article():
    assert cited_keys("〔刑法:第133条之一〕", {"刑法": "law-xingfa-zhiyi"}) == ["law-xingfa-zhiyi:133之一"]
    assert clause_refs("第一百三十三条之二和第134条讲什么") == ["133之二", "134"]


def test_a_resolutions_closing_formula_with_what_it_repeals_is_the_附则():
    """山东省人大常委会…的决议 ends 本决议自公布之日起施行。…《…决议》同时废止。 after 十一、: that speaks of the
    whole 决议 (when it takes effect, what it replaces), not of item 十一, whose text ends before it."""
    doc = _doc("resolution-shandong-jiancha")
    assert [c.clause_id for c in doc.clauses] == ["header", "preamble", "一", "二", "十", "十一", "附则"]
    by = by_id(doc)
    assert by["附则"].text.startswith("本决议自公布之日起施行。") and by["附则"].text.endswith("同时废止。")
    assert by["十一"].text.endswith("不断提升法律监督工作质效和司法公信力。")
    assert doc.meta.doc_type == "决议" and doc.meta.adopted_date == "2019年9月27日"
    assert doc.meta.issuer == "山东省人民代表大会常务委员会"


def test_a_notices_repeal_of_the_notice_it_replaces_is_the_附则():
    """国办发〔2018〕117号: 自本通知印发之日起，《…》（国办发〔2016〕82号）停止执行。 after 三十、 is the 附则."""
    doc = _doc("notice-jili-cuoshi")
    assert [c.clause_id for c in doc.clauses] == ["header", "preamble", "一", "二", "三", "四", "五", "二十九", "三十",
                                                  "附则", "footer"]
    by = by_id(doc)
    assert by["附则"].text.startswith("自本通知印发之日起") and "国办发〔2016〕82号" in by["附则"].text
    assert "停止执行" not in by["三十"].text
    assert doc.meta.doc_number == "国办发〔2018〕117号" and doc.meta.signed_date == "2018年12月6日"


def test_what_a_regulation_appends_after_附_is_an_attachment_not_its_last_article():
    """电力安全事故…条例 ends 第三十七条 本条例自…施行。 then 附： and the table's title and notes. Those are an
    attachment (附件:…), not more paragraphs of 第37条 (which quoted the table's notes as the article before)."""
    doc = _doc("reg-dianli-shigu")
    ids = [c.clause_id for c in doc.clauses]
    assert ids[:8] == ["header", "1", "2", "3", "34", "35", "36", "37"] and ids[8] == "附件:header"
    by = by_id(doc)
    assert by["37"].text == "本条例自2011年9月1日起施行。"
    assert by["附件:header"].text.startswith("附：\n电力安全事故等级划分标准")
    assert doc.meta.doc_number == "中华人民共和国国务院令第599号" and doc.coverage == 1.0


def test_attachments_labelled_附表_with_a_chinese_numeral_get_their_own_prefix():
    from ingest.parser import parse_document

    text = ("某某条例\n\n第一条 为了规范管理，制定本条例。\n\n第二条 本条例自公布之日起施行。\n\n附表一\n\n收费标准\n\n"
            "一、甲类，每次十元。\n\n二、乙类，每次五元。\n\n附表二\n\n办理时限\n\n一、当场办结。")
    doc = parse_document(text, doc_id="t")
    assert [c.clause_id for c in doc.clauses] == ["header", "1", "2", "附表1:header", "附表1:一", "附表1:二",
                                                  "附表2:header", "附表2:一"]
    assert doc.coverage == 1.0


def test_an_appendix_after_the_last_article_is_a_part_of_its_own():
    """A regulation may end with 附录： and lists (a 附录 of forbidden kinds of work, of fees): those are an
    appendix with ids 附录:一 …, not more paragraphs of the last article, whose text is its own sentence only."""
    from ingest.parser import parse_document

    text = ("某某保护规定\n\n第一条 为了保护职工健康，制定本规定。\n\n第二条 禁止安排的作业由本规定附录列示。\n\n"
            "第三条 本规定自公布之日起施行。\n\n附录：\n\n禁止安排的作业\n\n一、常年禁止的作业：\n\n（一）井下作业；\n\n"
            "（二）高处作业。\n\n二、夜间禁止的作业：\n\n（一）冷库作业。")
    doc = parse_document(text, doc_id="t")
    by = by_id(doc)
    assert [c.clause_id for c in doc.clauses] == ["header", "1", "2", "3", "附录:header", "附录:一", "附录:二"]
    assert by["3"].text == "本规定自公布之日起施行。"
    assert "（二）高处作业。" in by["附录:一"].text and by["附录:二"].text.endswith("（一）冷库作业。")
    assert doc.coverage == 1.0
