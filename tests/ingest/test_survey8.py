"""The parser on an eighth set of public documents (tests/data/survey8/, see tests/data/README.md), found by a
survey session that ingested eight documents nobody working on the code had seen. Each test names the general
cause it guards."""

from .surveys import by_id, survey_doc, survey_path


def _doc(name: str):
    return survey_doc("survey8", name)


def test_an_item_whose_text_opens_with_a_year_is_an_item_not_a_decimal():
    """1.1980年以前建成的城镇房屋建筑。: a digit after the item's dot was read as a decimal (1.5倍), so items 1 and 3 of
    一（一） were lost — item 1 folded into the heading, item 3 (schools and hospitals built 1980–2002) into item 2
    (rural housing), and a question about a school was cited to the item on rural housing."""
    by = by_id(_doc("opinion-kangzhen-gaizao"))
    assert by["一（一）1"].text == "1980年以前建成的城镇房屋建筑。"
    assert by["一（一）2"].text == "规划保留村庄的农村住宅"
    assert by["一（一）3"].text.startswith("1980年至2002年期间建成的学校、幼儿园、医院")
    assert "一（一）" not in by  # the heading (排查鉴定对象) is the items' context, not a clause of its own
    assert by["一（一）3"].context[-1] == "（一）排查鉴定对象。"
    # a span of years or a century opens an item too; an amount (1.5倍, 1.2万元, 2.5%) still does not
    from ingest.numbering import policy_mark

    assert policy_mark("1.2024—2025年，完成排查。").number == 1 and policy_mark("2.2024至2025年完成。").number == 2
    assert policy_mark("3.20世纪80年代建成的住宅。").number == 3
    assert policy_mark("1.5倍以下的罚款。") is None and policy_mark("1.2万元以下。") is None
    assert policy_mark("2.5%的增长。") is None and policy_mark("1.2024万元的补助。") is None


def test_an_items_heading_on_a_line_of_its_own_is_not_glued_to_the_text_under_it():
    """（一）审核材料 ⏎ 街道（乡镇）住房保障管理部门…: the heading line ends without punctuation, like a sentence cut by a
    page break, and was joined to the next line (审核材料街道（乡镇）…); the heading and the text are lines of their own."""
    doc = _doc("rules-mentougou-gongzu")
    text = by_id(doc)["12"].text
    assert "\n（一）审核材料\n街道（乡镇）住房保障管理部门根据用人单位交报的材料" in text
    assert "\n（四）公示\n" in text
    assert "（一）审核材料" in by_id(doc)["12"].sentences
    assert doc.coverage == 1.0



def test_a_hard_wrapped_copy_parses_to_the_same_clauses(tmp_path):
    """The same 办法 exported at a fixed line width (a printout's text: each printed line a line, first lines indented):
    a line that fills the width goes on in the next, even when it is an article's or an item's first words
    (第一条　为规范… ⏎ …, （二）家庭… ⏎ …); the rule that keeps an item's heading on a line of its own had cut every
    such sentence in two. Headings shorter than the width ((一)审核材料) still stand alone."""
    from ingest import load_document

    source = survey_path("survey8", "rules-mentougou-gongzu").read_text(encoding="utf-8")
    width, printed = 26, []
    for line in source.splitlines():
        line = line.strip()
        line = "　　" + line if len(line) > 20 else line  # a body paragraph's first line is indented
        printed += [line[i : i + width] for i in range(0, len(line), width)] or [""]
    wrapped = tmp_path / "rules-mentougou-gongzu.txt"
    wrapped.write_text("\n".join(printed) + "\n", encoding="utf-8")
    doc = load_document(wrapped)
    original = _doc("rules-mentougou-gongzu")
    body = [(c.clause_id, c.text) for c in doc.clauses if c.clause_id not in ("header", "footer")]
    assert body == [(c.clause_id, c.text) for c in original.clauses if c.clause_id not in ("header", "footer")]
    assert "\n（一）审核材料\n" in by_id(doc)["12"].text



def test_short_list_lines_of_one_length_are_no_line_width():
    """One paragraph a line, its items short and of about one length (（一）占用城市主干道的；…): they looked like a text
    wrapped at 13 characters, so every longer line counted as full and an item's heading was glued to the text under it."""
    from ingest import parse_document

    text = ("某市城市道路占用管理办法\n第一条　为加强城市道路管理，保障道路完好，制定本办法。\n"
            "第二条　有下列情形之一的，不予批准：\n（一）占用城市主干道的；\n（二）占用人行道摆摊的；\n（三）在桥梁上堆物的；\n"
            "（四）占用消防通道的；\n第三条　占用城市道路按照下列程序办理：\n（一）提交申请与审查\n"
            "申请人向市城市管理部门提交申请书和施工方案。\n（二）现场勘查与决定\n市城市管理部门五个工作日内完成现场勘查。\n"
            "第四条　本办法自2024年1月1日起施行。")
    assert "\n（一）提交申请与审查\n申请人向市城市管理部门" in by_id(parse_document(text, doc_id="x"))["3"].text


def test_a_hard_wrapped_line_before_an_indented_one_ends_its_paragraph():
    """A full line ending in a bracket goes on in the next — unless the next is indented, a new paragraph (款)."""
    from ingest import parse_document

    text = ("某市城市绿化管理条例\n第一条　为了促进城市绿化事业的发展，改善生态环\n境，根据有关法律法规，制定本条例。\n"
            "第二条　城市绿化工程的设计，应当委托持有相应资\n质证书的单位承担，设计标准按照附件执行（见附件）\n"
            "　　前款规定以外的小型绿化工程，可以由建设单位自\n行设计，报城市绿化行政主管部门备案。\n"
            "第三条　任何单位和个人不得擅自占用城市绿化用地，\n不得擅自砍伐城市树木，不得损坏城市绿化设施。")
    by = by_id(parse_document(text, doc_id="x"))
    assert by["2"].text == ("城市绿化工程的设计，应当委托持有相应资质证书的单位承担，设计标准按照附件执行（见附件）\n"
                            "前款规定以外的小型绿化工程，可以由建设单位自行设计，报城市绿化行政主管部门备案。")
    assert by["1"].text == "为了促进城市绿化事业的发展，改善生态环境，根据有关法律法规，制定本条例。"


def test_a_hard_wrapped_units_first_line_is_no_title_line():
    """一、压实安全生产责任。各乡镇…严格落实党 ⏎ 政同责…: the first line of a 通知's unit fills the width; it was kept
    apart as the unit's title line, cutting 党政同责 in two."""
    from ingest import parse_document

    text = ("关于进一步加强安全生产工作的通知\n各乡镇人民政府，县政府各部门：\n现就有关事项通知如下：\n"
            "一、压实安全生产责任。各乡镇、各部门要严格落实党\n政同责、一岗双责，主要负责人是本地区本部门安全生\n产第一责任人。\n"
            "二、深化隐患排查整治。重点行业领域要全面开展隐患\n排查，建立问题清单、整改清单和责任清单，确保整改\n到位。\n"
            "三、强化应急值守。各单位要严格执行值班和领导带班\n制度，遇有突发情况及时报告，不得迟报、漏报、瞒报\n。\n"
            "某县人民政府办公室\n2024年5月6日")
    by = by_id(parse_document(text, doc_id="x"))
    assert by["一"].text == "压实安全生产责任。各乡镇、各部门要严格落实党政同责、一岗双责，主要负责人是本地区本部门安全生产第一责任人。"
    assert by["二"].text.endswith("建立问题清单、整改清单和责任清单，确保整改到位。")


def test_one_body_addressed_alone_is_the_recipient_not_a_paragraph():
    """国函〔2014〕28号 ⏎ 国土资源部： ⏎ 你部…收悉: a reply to one ministry names no 各… and no 部门/局, so its addressee was read
    as the first paragraph of the body (p1 "国土资源部：") and the recipients were empty."""
    doc = _doc("reply-budongchan-lianxi")
    assert doc.meta.recipients == "国土资源部"
    by = by_id(doc)
    assert by["p1"].text.startswith("你部《关于建立不动产登记工作部际联席会议制度有关问题的请示》")
    assert "国土资源部：" in by["header"].text
    assert doc.coverage == 1.0


def test_a_news_dateline_is_no_title_and_an_orders_number_may_be_in_chinese_numerals():
    """新华社北京２月２９日电 ⏎ 中华人民共和国主席令 ⏎ 第五十四号 ⏎ …: a page reprinting the order and the 决定 it promulgates
    was titled by the wire dateline on every citation, and 第五十四号 (Chinese numerals) was not read as the order's number."""
    doc = _doc("decision-qingjie-shengchan")
    meta = doc.meta
    assert meta.title == "关于修改《中华人民共和国清洁生产促进法》的决定"
    assert meta.doc_number == "中华人民共和国主席令第五十四号"
    assert meta.issuer == "全国人民代表大会常务委员会"
    assert all("新华社" not in c.text and "新华社" not in c.cite_as for c in doc.clauses)
    from ingest.furniture import drop_wire_dateline

    kept = "中新社上海3月1日电（记者 张三）\n新华社北京消息称…日电\n据新华社北京3月1日电，…"
    assert drop_wire_dateline(kept) == "\n新华社北京消息称…日电\n据新华社北京3月1日电，…"  # a dateline at a line's start


def test_a_news_dateline_is_dropped_from_a_web_page_and_before_the_first_words_on_its_line(tmp_path):
    """The same reprint saved as a web page (.html) was titled 新华社北京２月２９日电 again, and with the dateline on the
    line of the report's first words (新华社北京２月２９日电　全国人民代表大会常务委员会 ⏎ 关于修改…的决定) the
    dateline stayed in the title and the issuer."""
    from ingest import load_document

    from .render import paragraphs, write_html

    source = survey_path("survey8", "decision-qingjie-shengchan").read_text(encoding="utf-8")
    same_line = source.replace("新华社北京２月２９日电\n全国人民代表大会常务委员会", "新华社北京２月２９日电　全国人民代表大会常务委员会")
    assert same_line != source
    (tmp_path / "same-line.txt").write_text(same_line, encoding="utf-8")
    for doc in (load_document(write_html(paragraphs(source), tmp_path / "reprint.html")),
                load_document(tmp_path / "same-line.txt")):
        assert doc.meta.title == "关于修改《中华人民共和国清洁生产促进法》的决定"
        assert doc.meta.issuer == "全国人民代表大会常务委员会"
        assert all("新华社" not in c.text and "新华社" not in c.cite_as for c in doc.clauses)
