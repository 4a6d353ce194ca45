"""The parser on a fifth set of public documents (tests/data/survey5/, see tests/data/README.md): shapes
the earlier sets lacked. Ids are hand-checked; each test names the general cause it guards."""

from ingest.frame import split_paragraphs

from .surveys import by_id, survey_doc


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
