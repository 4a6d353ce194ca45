"""The parser on a second set of public documents (tests/data/survey2/, see tests/data/README.md): shapes
the first two sets lacked. Ids are hand-checked; each test names the general cause it guards."""

import pytest

from ingest import load_document
from ingest.furniture import drop_page_furniture

from .render import paragraphs, write_html, write_md
from .surveys import by_id, survey_doc, survey_path


def _doc(name: str):
    return survey_doc("survey2", name)


def test_chapters_above_policy_numbering_are_context_not_text():
    """国务院工作规则: 第一章 … 第十章 over 一、… 五十四、 numbered straight through. A chapter heading is the
    context of the items under it, never text of the item before it nor a preamble."""
    doc = _doc("rules-guowuyuan-gongzuo")
    ids = [c.clause_id for c in doc.clauses]
    assert ids == ["header", "p1", "footer", "附件:header", *(f"附件:{n}" for n in "一二三四五六七八九"),
                   *(f"附件:{n}" for n in ("四十七", "四十八", "四十九", "五十", "五十一", "五十二", "五十三", "五十四"))]
    by = by_id(doc)
    assert by["附件:一"].context == ("第一章 总则",)
    assert by["附件:四"].text.endswith("切实贯彻国务院各项工作部署。")  # not "…第二章组成人员职责"
    assert by["附件:五"].context == ("第二章 组成人员职责",)
    assert by["附件:九"].text == "秘书长在总理领导下，负责处理国务院的日常工作。"
    assert by["附件:四十七"].context == ("第十章 作风纪律",)
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_page_numbers_and_running_headers_of_a_pdf_copied_to_text_are_dropped():
    """A PDF export as .txt: — N — page numbers and the running header after each are no clause text, and
    the paragraph a page break cut is one paragraph again."""
    doc = _doc("pdfexport-wufei-chengshi")
    assert [c.clause_id for c in doc.clauses] == [
        "header", "p1", "footer", "附件:header", "附件:preamble", "附件:一（一）", "附件:一（二）", "附件:一（三）",
        "附件:三（一）", "附件:三（二）", "附件:四（四）"]
    for c in doc.clauses:
        assert "—" not in c.text and "国务院公报" not in c.text, c.clause_id
    by = by_id(doc)
    assert by["附件:header"].text == "“无废城市”建设试点工作方案"
    cut = by["附件:一（二）"]
    assert "\n" not in cut.text and "以大宗工业固体废物" in cut.text
    assert doc.meta.title == "国务院办公厅关于印发“无废城市”建设试点工作方案的通知"
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_text_furniture_needs_a_decorated_number_and_a_repeated_header():
    text = "一、总则\n\n3\n\n第一段。\n\n— 2 —\n\n只出现一次的标题\n\n二、范围"
    assert drop_page_furniture(text) == "一、总则\n\n3\n\n第一段。\n\n只出现一次的标题\n\n二、范围"


def test_attachments_headed_with_their_title_on_the_label_line_are_parts():
    """交通警察道路执勤执法工作规范: 附件：1、… 6、… lists the attachments; each then starts 附件1：title on one
    line. Those lines start attachments (ids 附件1:…, 附件2:…), not more footer; the listed titles lose their
    list numbers."""
    doc = _doc("rules-jiaojing-zhiqin")
    assert [c.clause_id for c in doc.clauses] == [
        "header", "1", "2", "3", "4", "5", "85", "86", "footer", "附件1:header", "附件1:一", "附件1:二", "附件1:三",
        "附件1:四", "附件2:header", "附件2:一", "附件2:二"]
    by = by_id(doc)
    assert by["footer"].text.startswith("附件：1、查处酒后驾驶操作规程") and by["footer"].text.endswith("6、查处运载危险化学品车辆操作规程")
    assert by["附件1:header"].text == "附件1：查处酒后驾驶操作规程"
    assert by["附件2:二"].text.startswith("经检查，确认为载物超长、超宽、超高的")
    assert doc.meta.attachments[0] == "查处酒后驾驶操作规程" and len(doc.meta.attachments) == 6
    assert (doc.meta.doc_type, doc.meta.short_name) == ("规范", "交通警察道路执勤执法工作规范")
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_a_plan_numbered_as_a_decimal_outline_with_a_table_of_contents():
    """国家粮食应急预案: 1 总则 / 1.1 / 1.2.1 under a 目录 that lists the same headings, （1） items restarting
    in each section. The 目录 is one unit (no duplicate headings), the deepest section is the unit with its
    dotted number as id, its （1） items stay in it, and the sections above are context."""
    doc = _doc("plan-liangshi-yingji")
    assert doc.structure == "notice+outline"
    assert [c.clause_id for c in doc.clauses] == [
        "header", "p1", "footer", "附件:header", "附件:目录", "附件:1.1", "附件:1.2", "附件:1.2.1", "附件:1.2.2",
        "附件:1.2.3", "附件:1.3", "附件:1.4", "附件:2.1", "附件:2.1.1", "附件:7.1", "附件:7.2", "附件:7.3"]
    by = by_id(doc)
    toc = by["附件:目录"].text.split("\n")
    assert toc[:3] == ["目录", "1总则", "1.1编制目的及依据"] and toc[-1] == "7附则" and len(toc) == 29
    assert by["附件:header"].text == "国家粮食应急预案"
    assert by["附件:1.2.1"].context == ("1 总则", "1.2 等级划分")
    assert by["附件:1.2.1"].text.startswith("国家级（Ⅰ级）：两个以上")
    assert by["附件:1.2"].text.startswith("等级划分\n本预案所称粮食应急状态") and "1.2.1" not in by["附件:1.2"].text
    items = by["附件:2.1.1"]
    assert items.text.startswith("国家粮食应急工作指挥部职责\n（1）掌握粮食市场形势") and items.text.endswith("（4）完成国务院交办的其他事项。")
    assert [p.xiang for p in items.paragraphs] == [0, 1, 2, 3, 4]
    assert by["附件:1.4"].text.count("（") >= 3 and "（3）反应及时" in by["附件:1.4"].text
    assert by["附件:7.3"].context == ("7 附则",) and by["附件:7.3"].label == "国家粮食应急预案:附件:7.3"
    assert doc.meta.short_name == "国家粮食应急预案"
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_an_amendment_decisions_closing_formulas_are_its_fuze():
    """修改…的决定 ends 十二、… then 本决定自…起施行。 and 根据本决定…重新公布。: those two are the unit 附则."""
    doc = _doc("decision-xiugai-jinrong-fayuan")
    by = by_id(doc)
    assert [c.clause_id for c in doc.clauses][-2:] == ["十二", "附则"]
    assert by["十二"].text == "将第七条修改为第十二条。"
    assert by["附则"].text.startswith("本决定自2021年4月22日起施行。\n根据本决定") and by["附则"].text.endswith("重新公布。")


def test_two_issued_documents_printed_back_to_back_are_two_parts():
    """A notice issuing 《…转制为企业的规定》和《进一步支持文化企业发展的规定》 prints both after its date with no
    附件 label. The line that is the second title starts a second part (the first is not swallowed into its
    last item); both are numbered (附件1, 附件2) so their ids never collide, and each 特制定以下规定： is its
    part's preamble, not a recipient line of its head."""
    doc = _doc("notice-wenhua-liangge-guiding")
    assert [c.clause_id for c in doc.clauses] == [
        "header", "p1", "footer", "附件1:header", "附件1:preamble", "附件1:（一）", "附件1:（二）", "附件1:（三十）",
        "附件1:（三十一）", "附件2:header", "附件2:preamble", "附件2:（一）", "附件2:（二）", "附件2:（二十）"]
    by = by_id(doc)
    assert by["附件1:header"].text == "文化体制改革中经营性文化事业单位\n转制为企业的规定"
    assert by["附件2:header"].text == "进一步支持文化企业发展的规定"
    assert by["附件2:preamble"].text == "为进一步深化文化体制改革，促进文化企业发展，特制定以下规定："
    assert "电影" not in by["附件1:（三十一）"].text and "关于财政税收" not in by["附件1:（三十一）"].text
    assert by["附件2:（二）"].context == ("一、关于财政税收",) and by["附件2:（二）"].text.startswith("对电影制片企业")
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_a_title_line_inside_an_issued_document_or_at_its_start_is_no_new_part():
    """Only a line that is an issued 《title》, after body text of the part before it, starts a part: the
    attachment's own title under its 附件 label stays its head, and a title the notice does not issue is text."""
    from ingest import parse_document

    text = ("关于印发甲规定的通知\n\n各区人民政府：\n\n现将《甲规定》印发给你们。\n\n某某办公室\n\n2020年1月2日\n\n"
            "附件\n\n甲规定\n\n一、总则。\n\n乙规定\n\n二、附则。\n")
    doc = parse_document(text, doc_id="one")
    assert [c.clause_id for c in doc.clauses] == ["header", "p1", "footer", "附件:header", "附件:一", "附件:二"]
    assert "乙规定" in doc.clauses[4].text
    two = parse_document(text.replace("现将《甲规定》", "现将《甲规定》《乙规定》"), doc_id="two")
    assert [c.clause_id for c in two.clauses] == ["header", "p1", "footer", "附件1:header", "附件1:一", "附件2:header",
                                                 "附件2:二"]


_RENDERED = [(name, fmt) for name in ["rules-guowuyuan-gongzuo", "notice-haopai-fujian", "bulletin-meikuang-shigu",
                                      "pdfexport-wufei-chengshi", "plan-liangshi-yingji", "notice-wenhua-liangge-guiding"]
             for fmt in ("md", "html")
             if not (fmt == "html" and name.startswith("pdfexport"))]  # page furniture is a text export's, not a web page's


@pytest.mark.parametrize("name,fmt", _RENDERED)
def test_the_same_ids_from_markdown_and_html(tmp_path, name, fmt):
    source = survey_path("survey2", name)
    paras = paragraphs(source.read_text(encoding="utf-8"))  # as printed, page furniture included
    rendered = (write_md if fmt == "md" else write_html)(paras, tmp_path / f"{name}.{fmt}")
    assert [c.clause_id for c in load_document(rendered).clauses] == [c.clause_id for c in _doc(name).clauses]
