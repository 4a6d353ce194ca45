"""The parser on a fifth set of public documents (tests/data/survey5/, see tests/data/README.md): shapes
the earlier sets lacked. Ids are hand-checked; each test names the general cause it guards."""

import re

from ingest.frame import split_paragraphs
from ingest.numbering import policy_mark
from ingest.parser import parse_document

from .surveys import by_id, survey_doc, survey_path


def _doc(name: str):
    return survey_doc("survey5", name)


def test_an_article_whose_text_is_a_heading_owns_the_items_after_it():
    """第三条 运输企业、客运车辆的营运资质和条件 (no closing mark) ⏎ (一)… ⏎ (二)…: the first item after a short
    unpunctuated article text is its 项 (1), not the rest of a sentence a page break cut — so (一) starts a line
    of its own and is cited as 项 1 instead of being glued to the heading (…条件（一）客运企业…)."""
    by = by_id(_doc("notice-lincang-jiaotong"))
    third = by["附件:3"]
    assert third.text.startswith("运输企业、客运车辆的营运资质和条件\n（一）客运企业必须具备")
    assert [(p.kuan, p.xiang) for p in third.paragraphs] == [(1, 0), (1, 1), (1, 2)]


def test_an_article_on_the_line_after_a_closed_sentence_is_an_article_of_its_own():
    """A text with blank lines between its head paragraphs but the 办法's articles one a line (第一条…。 ⏎
    第二条…): 第二条 is its own article, not glued to the end of 第一条 (…特制定本办法。第二条各级政府…)."""
    paras = split_paragraphs("某某办法\n\n第一条 目的。\n第二条 范围，但\n第三条规定的事项除外。")
    assert [p.text for p in paras] == ["某某办法", "第一条目的。", "第二条范围，但第三条规定的事项除外。"]
    # a sentence that begins by naming an article refers to it (review of stop 29): it stays in its article
    paras = split_paragraphs("某某办法\n\n第一条 目的。\n第二条 标准由市政府定。\n第二条规定的标准每年调整。")
    assert [p.text for p in paras] == ["某某办法", "第一条目的。", "第二条标准由市政府定。第二条规定的标准每年调整。"]
    doc = _doc("notice-cangzhou-youzheng")
    by = by_id(doc)
    assert by["附件:1"].text.endswith("特制定本办法。")
    assert by["附件:2"].text == "各级政府要将邮政企业纳入涉农企业范畴，对符合条件的给予相关强农惠农政策扶持。"
    assert doc.coverage == 1.0


def test_a_department_order_with_half_width_item_brackets():
    """监察部令第2号: 令 ⏎ 第2号 head, 部 长 signature, a Chinese-numeral date, then the 办法 with 章 and articles
    whose items are printed (一)… with half-width brackets: they are 项 of 第六条."""
    doc = _doc("order-jiancha-shensu")
    assert doc.meta.doc_number == "中华人民共和国监察部令第2号" and doc.meta.issuer == "监察部"
    assert doc.meta.signed_date == "一九九一年十一月三十日" and doc.meta.doc_type == "办法"
    ids = [c.clause_id for c in doc.clauses]
    assert ids == ["header", "p1", "footer", "附件:header"] + [f"附件:{n}" for n in range(1, 7)]
    sixth = by_id(doc)["附件:6"]
    assert [p.xiang for p in sixth.paragraphs] == [0, 1, 2, 3, 4]
    assert sixth.context == ("第二章 申诉案件的管辖",)


def test_a_group_line_heads_a_list_that_starts_again_at_one():
    """A 附表 listing 第一类 ⏎ 1．… ⏎ 第二类 ⏎ 1．…: each line naming a group heads the items up to the next
    one (context 第二类, id 第二类3 like 第二章一 under a chapter) instead of the second 3． being refused as
    a number printed twice; items whose names start with a digit (1．1—苯基—2—丙酮, 2．3，4—…) are numbered."""
    doc = _doc("reg-yizhidu-huaxuepin")
    by = by_id(doc)
    table = [c.clause_id for c in doc.clauses if c.clause_id.startswith("附表:")]
    assert table == (["附表:header"] + [f"附表:第一类{n}" for n in range(1, 13)] + [f"附表:第二类{n}" for n in range(1, 6)]
                     + [f"附表:第三类{n}" for n in range(1, 7)] + ["附表:一", "附表:二"])
    assert by["附表:header"].text == "附表\n易制毒化学品的分类和品种目录"
    assert by["附表:第一类1"].text == "1—苯基—2—丙酮" and by["附表:第一类2"].text.startswith("3，4—亚甲基")
    assert by["附表:第一类3"].text == "胡椒醛" and by["附表:第二类3"].text == "三氯甲烷"
    assert by["附表:第二类3"].context == ("第二类",) and by["附表:第三类1"].context == ("第三类",)
    assert by["附表:一"].context == ()  # the 说明's 一、 after the last group is no item of 第三类
    assert doc.coverage == 1.0


def test_a_group_line_is_a_heading_only_before_a_numbered_item():
    """第一组 alone before 1．… heads a list; the same words in a sentence, or alone before prose, are text."""
    text = ("某某工作方案\n\n一、分组\n\n第一组\n\n1．甲单位。\n\n2．乙单位。\n\n第二组\n\n1．丙单位。\n\n"
            "二、要求\n\n第二组是后备力量。\n\n第三组\n\n各组按时报到。")
    doc = parse_document(text, doc_id="x")
    assert [(c.clause_id, c.context) for c in doc.clauses] == [
        ("header", ()), ("一第一组1", ("一、分组", "第一组")), ("一第一组2", ("一、分组", "第一组")),
        ("一第二组1", ("一、分组", "第二组")), ("二", ())]
    assert by_id(doc)["二"].text.startswith("要求\n第二组是后备力量。\n第三组")  # text of 二, no heading
    assert policy_mark("1.5倍以下的罚款。") is None and policy_mark("1．1—苯基—2—丙酮").number == 1


def test_a_presidents_order_is_named_after_the_law_it_promulgates():
    """中华人民共和国主席令（九届第37号）, its number in brackets on its one line, then the law: the document is the
    law (title, type 法, short name), numbered by the order; the body that adopted it (its adoption note) is the
    issuer, not the president who signed the order."""
    doc = _doc("law-tongyong-yuyan")
    m = doc.meta
    assert m.title == "中华人民共和国国家通用语言文字法" and m.doc_type == "法" and m.short_name == "国家通用语言文字法"
    assert m.doc_number == "中华人民共和国主席令（九届第37号）"
    assert m.issuer == "全国人民代表大会常务委员会" and m.signer == "中华人民共和国主席江泽民"
    assert m.adopted_date == "2000年10月31日" and m.adopted_session == "第九届全国人民代表大会常务委员会第十八次会议"
    assert doc.clauses[-1].cite_as == "国家通用语言文字法"


def test_a_numbered_announcement_is_named_after_the_regulation_it_promulgates():
    """深圳市人民代表大会常务委员会公告 ⏎ 第三十七号 ⏎ …《…听证条例》…现予公布: like an order, the document is the
    条例 it puts into force, numbered by the 公告 (a notice that 印发 a 办法 keeps its own title: it names the 办法)."""
    m = _doc("announce-shenzhen-tingzheng").meta
    assert m.title == "深圳市人民代表大会常务委员会听证条例" and m.doc_type == "条例"
    assert m.doc_number == "深圳市人民代表大会常务委员会公告第三十七号"
    assert m.issuer == "深圳市人民代表大会常务委员会" and m.signed_date == "2001年12月26日"
    assert m.adopted_date == "2001年10月17日"
    # its number printed in brackets (（第三十七号）) is the same number
    source = survey_path("survey5", "announce-shenzhen-tingzheng").read_text(encoding="utf-8")
    bracketed = re.sub(r"^(\s*)第三十七号(\s*)$", r"\1（第三十七号）\2", source, count=1, flags=re.M)
    assert bracketed != source
    assert parse_document(bracketed, doc_id="x").meta.doc_number == "深圳市人民代表大会常务委员会公告第三十七号"
    # a numbered 公告 that promulgates nothing after it keeps its own title
    text = "某某市人民代表大会常务委员会公告\n\n第五号\n\n一、某某事项。\n\n二、某某事项。"
    alone = parse_document(text, doc_id="x").meta
    assert alone.title == "某某市人民代表大会常务委员会公告" and alone.doc_type == "公告"
