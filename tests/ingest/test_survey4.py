"""The parser on a fourth set of public documents (tests/data/survey4/, see tests/data/README.md): shapes
the earlier sets lacked. Ids are hand-checked; each test names the general cause it guards."""

from ingest.frame import DATE_ALONE, split_paragraphs

from .surveys import by_id, survey_doc


def _doc(name: str):
    return survey_doc("survey4", name)


def test_a_chinese_numeral_date_written_with_circles_for_zero_is_a_date():
    """Web copies print 〇 as ○ (U+25CB) or Ｏ: 二○○一年四月十九日 closes the notice like 二〇〇一年…, so the
    办法 it issues is a part of its own instead of more paragraphs of the notice."""
    assert DATE_ALONE.match("二○○一年四月十九日") and DATE_ALONE.match("二ＯＯ七年十一月九日")
    doc = _doc("notice-jilin-wangzhan")
    assert doc.meta.signed_date == "二○○一年四月十九日" and doc.meta.signer == "吉林省人民政府办公厅"
    ids = [c.clause_id for c in doc.clauses]
    assert ids[:4] == ["header", "p1", "p2", "footer"] and ids[4] == "附件:header"
    assert by_id(doc)["附件:header"].text == "省政府公众信息网站对外发布信息暂行办法"


def test_a_signature_and_its_date_on_consecutive_lines_are_two_paragraphs():
    """自治区代主席 王正伟 ⏎ 二○○七年十一月九日 with no blank line between: a date alone on a line is never the
    wrap of a sentence, so it is the order's 成文日期 (and the 办法 after it a part of its own), not text
    glued to the signature."""
    paras = split_paragraphs("令\n\n现予公布。\n\n代主席 某某\n二○○七年十一月九日\n\n某某办法\n\n第一条 目的。")
    assert [p.text for p in paras] == ["令", "现予公布。", "代主席某某", "二○○七年十一月九日", "某某办法", "第一条目的。"]
    assert paras[3].line == 6 and paras[3].start == len("令\n\n现予公布。\n\n代主席 某某\n")
    doc = _doc("order-ningxia-difangzhi")
    assert [c.clause_id for c in doc.clauses] == ["header", "p1", "footer", "附件:header", "附件:1", "附件:2", "附件:3",
                                                  "附件:4", "附件:5"]
    by = by_id(doc)
    assert by["footer"].text == "自治区代主席王正伟\n二○○七年十一月九日"
    assert by["附件:4"].text.endswith("财政、人事、保密、档案等部门应当做好地方志的相关工作。")
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_an_order_number_on_the_issuers_line_is_not_the_title():
    """宁夏回族自治区人民政府令第103号 on one line (not 令 ⏎ 第103号): the document is named after the 办法 it
    promulgates, and its issuer is the government, not the order line."""
    meta = _doc("order-ningxia-difangzhi").meta
    assert meta.title == "宁夏回族自治区《地方志工作条例》实施办法" and meta.doc_type == "办法"
    assert meta.issuer == "宁夏回族自治区人民政府" and meta.doc_number == "宁夏回族自治区人民政府令第103号"
    assert meta.signer == "自治区代主席王正伟" and meta.signed_date == "二○○七年十一月九日"


def test_the_issuer_of_a_promulgated_decision_without_an_order_line_is_the_body_its_title_names():
    """住建部 published the decision with only 部长 王蒙徽 and a date above it: the issuer is 住房城乡建设部 (what
    its title names before 关于), not the minister who signed."""
    meta = _doc("decision-zhujianbu-zhaobiao").meta
    assert meta.title == "住房城乡建设部关于修改《房屋建筑和市政基础设施工程施工招标投标管理办法》的决定"
    assert meta.issuer == "住房城乡建设部" and meta.signer == "住房城乡建设部部长王蒙徽"
    assert meta.signed_date == "2018年9月28日" and meta.doc_type == "决定"


def test_an_attachment_label_with_a_dot_keeps_its_number():
    """国函〔2006〕132号 lists 附件1.… ⏎ 2.… and heads the attachment 附件1. (with the dot its list used): its rows
    are 附件1:N, as a reader cites them, not 附件:N (which would collide with 附件2 once it is printed)."""
    doc = _doc("reply-shenzhenwan-kouan")
    ids = [c.clause_id for c in doc.clauses]
    assert ids[:6] == ["header", "preamble", "一", "二", "footer", "附件1:header"]
    assert ids[6:] == [f"附件1:{n}" for n in range(1, 24)]
    by = by_id(doc)
    assert by["附件1:header"].text.startswith("附件1.\n深圳湾口岸港方口岸区的\n查验区界址点坐标")
    assert by["附件1:10"].text == "14239.958 | 103436.862 | 圆曲线中点，半径48.25米"
    assert doc.meta.attachments == ("深圳湾口岸港方口岸区的查验区界址点坐标", "深圳湾公路大桥部分桥面界址点坐标")
    assert doc.meta.title == "国务院关于授权香港特别行政区实施管辖的深圳湾口岸港方口岸区范围和土地使用期限的批复"
    assert doc.meta.signed_date == "二〇〇六年十二月三十日" and doc.coverage == 1.0


def test_an_adoption_note_broken_over_two_lines_still_gives_the_adoption_date():
    """甘肃省人大常委会…的决定 prints (2023年5月31日甘肃省第十四届人民代表大会 ⏎ 常务委员会第三次会议通过) over two
    lines: the date and session are read from the note as a whole (哪天通过 is answered from them)."""
    doc = _doc("decision-gansu-renshi-renmian")
    assert doc.meta.adopted_date == "2023年5月31日"
    assert doc.meta.adopted_session == "甘肃省第十四届人民代表大会常务委员会第三次会议"
    assert doc.meta.issuer == "甘肃省人民代表大会常务委员会" and doc.meta.doc_type == "决定"
    assert [c.clause_id for c in doc.clauses] == ["header", "preamble", "一", "二", "三", "四", "五", "六"]
    assert by_id(doc)["五"].text == "将第八条删除。" and doc.coverage == 1.0


def test_a_chapter_heading_glued_to_its_first_article_is_context_not_lost_structure():
    """A web copy prints 第一章 总  则第一条 为了… on one line: the article is still 第1条, with 第一章 总则 as its
    context (before, the 办法 had no articles at all and was cited by paragraph, with a warning)."""
    from ingest.parser import parse_document

    doc = _doc("notice-jilin-wangzhan")
    assert [c.clause_id for c in doc.clauses] == ["header", "p1", "p2", "footer", "附件:header", "附件:1"]
    first = by_id(doc)["附件:1"]
    assert first.context == ("第一章 总则",) and first.text.startswith("为了充分发挥省政府公众信息网站")
    assert doc.warnings == () and doc.coverage == 1.0
    text = "某某办法\n\n第一章 总则第一条 为了规范管理，制定本办法。\n\n第二条 本办法自公布之日起施行。\n\n第二章 附则第三条 本办法由市政府负责解释。"
    doc = parse_document(text, doc_id="t")
    assert [(c.clause_id, c.context) for c in doc.clauses][1:] == [("1", ("第一章 总则",)), ("2", ("第一章 总则",)),
                                                                  ("3", ("第二章 附则",))]
    assert doc.clauses[3].text == "本办法由市政府负责解释。" and doc.coverage == 1.0


def test_an_amendment_decisions_renumbering_sentence_is_part_of_the_附则():
    """住建部…的决定 ends 七、删去… ⏎ 此外，对相关条文顺序作相应调整。 ⏎ 本决定自发布之日起施行。: the renumbering
    sentence speaks of the whole decision, like the date it takes effect, not of item 七."""
    doc = _doc("decision-zhujianbu-zhaobiao")
    ids = [c.clause_id for c in doc.clauses]
    assert ids == ["p1", "footer", "附件:header", "附件:preamble", "附件:一", "附件:二", "附件:三", "附件:四", "附件:五",
                   "附件:六", "附件:七", "附件:附则"]
    by = by_id(doc)
    assert by["附件:七"].text.endswith("建设行政主管部门不予颁发施工许可证”。")
    assert by["附件:附则"].text == "此外，对相关条文顺序作相应调整。\n本决定自发布之日起施行。"
    assert by["附件:二"].text == "删去第三条。" and doc.coverage == 1.0
