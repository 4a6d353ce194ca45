"""The parser on public documents of shapes the first test set lacked (tests/data/survey/, see
tests/data/README.md): an order promulgating a regulation, a reply to a proposal, a 批复, a standing
committee's 决定 and a local 条例 with 节 as LawRefBook Markdown, a department's 实施细则, a notice with
（一）… numbered straight through, and a gov.cn HTML page with a table attachment. Ids are hand-checked."""

from pathlib import Path

import pytest

from ingest import load_document, parse_document
from ingest.loaders import read_text

from .render import paragraphs, write_html, write_md
from .surveys import by_id

SURVEY = Path(__file__).parent.parent / "data" / "survey"

EXPECTED_IDS = {
    "notice-jiejiari-2019": ["header", "preamble", "一", "二", "三", "四", "五", "六", "七", "footer"],
    "notice-zimao-cuoshi": ["header", "preamble", *(f"（{n}）" for n in "一二三四五六七八"), "（十六）", "（十七）",
                            "（十八）", "（十九）", "（二十）", "五", "footer"],
    "order-zhuanli-daili": ["header", "p1", "footer", "附件:header",
                            *(f"附件:{n}" for n in (1, 2, 3, 4, 24, 25, 29, 30, 31, 32))],
    "reply-tian-4626": ["header", *(f"p{i}" for i in range(1, 8)), "footer"],
    "reply-xiongan-guihua": ["header", "preamble", "一", "二", "三", "四", "十四", "footer"],
    "decision-shanghai-yiwangtongban": ["header", "preamble", "一", "二", "三", "四", "十五", "十六", "附则"],
    "reg-zhejiang-jianshe-zhiliang": ["header", *map(str, (1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 43))],
    "rules-shichang-zhuti-dengji-xize": ["header", *map(str, (1, 2, 3, 4, 5, 6, 78, 79, 80, 81, 82))],
    "opinion-sanji-yiyuan": ["header", "preamble", "一（一）", "一（二）", "一（三）", "二", "二（一）", "二（二）",
                             "二（三）", "二（四）", *(f"五（{n}）" for n in "一二三四五"), "footer", "附件:header",
                             "附件:一", *(f"附件:一{i}" for i in range(2, 7))],
}


def _path(name: str) -> Path:
    return next(SURVEY.glob(f"{name}.*"))


@pytest.fixture(scope="module")
def docs():
    return {name: load_document(_path(name)) for name in EXPECTED_IDS}



def test_every_survey_file_is_listed():
    assert sorted(p.stem for p in SURVEY.iterdir()) == sorted(EXPECTED_IDS)


@pytest.mark.parametrize("name", sorted(EXPECTED_IDS))
def test_ids_full_coverage_and_no_warning(docs, name):
    doc = docs[name]
    assert [c.clause_id for c in doc.clauses] == EXPECTED_IDS[name]
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_an_order_that_promulgates_a_regulation_is_named_after_the_regulation(docs):
    m = docs["order-zhuanli-daili"].meta
    assert (m.title, m.short_name, m.doc_type) == ("专利代理条例", "专利代理条例", "条例")
    assert m.doc_number == "中华人民共和国国务院令第706号" and m.issuer == "国务院"
    assert m.signer == "总理李克强" and m.signed_date == "2018年11月6日"


def test_an_order_number_in_a_rules_head_gives_its_number_and_issuer(docs):
    m = docs["rules-shichang-zhuti-dengji-xize"].meta
    assert (m.doc_number, m.issuer) == ("国家市场监督管理总局令第52号", "国家市场监督管理总局")
    assert (m.short_name, m.doc_type) == ("市场主体登记管理条例实施细则", "细则")


def test_an_unnumbered_reply_keeps_its_head_and_foot_out_of_the_paragraphs(docs):
    doc = docs["reply-tian-4626"]
    by = by_id(doc)
    assert by["header"].text.endswith("国办函〔2006〕82号\n王超斌委员：")
    assert by["p1"].text.startswith("您提出的《关于设立总理热线电话的提案》收悉")
    assert by["p7"].text == "感谢您对政府工作的关心与支持。"
    assert by["footer"].text == "国务院办公厅\n二〇〇六年十月十八日\n（本文有删减）"
    m = doc.meta
    assert m.title == "国务院办公厅对全国政协十届四次会议第4626号提案的答复"
    assert (m.doc_type, m.short_name, m.recipients) == ("答复", "全国政协十届四次会议第4626号提案的答复", "王超斌委员")
    assert not doc.numbered


def test_plain_paragraphs_without_any_frame_still_warn():
    doc = parse_document("甲乙丙丁的说明\n\n这是一段说明。\n\n又一段。", doc_id="plain")
    assert [c.clause_id for c in doc.clauses] == ["p1", "p2", "p3"] and len(doc.warnings) == 1


def test_amendment_history_lines_stay_in_the_head(docs):
    doc = docs["reg-zhejiang-jianshe-zhiliang"]
    head = by_id(doc)["header"].text.split("\n")
    assert len(head) == 5 and head[-1].endswith("等十九件地方性法规的决定》第三次修正")
    assert doc.meta.adopted_date == "1995年8月19日" and doc.meta.issuer == "浙江省人民代表大会常务委员会"
    assert by_id(doc)["15"].context == ("第二章 建设工程质量责任", "第二节 勘察设计承包商的质量责任")


def test_a_list_restarting_after_a_colon_is_the_paragraphs_enumeration(docs):
    doc = docs["opinion-sanji-yiyuan"]
    by = by_id(doc)
    last = by["附件:一6"]
    assert "\n注：\n1.三级公立综合医院考核应采用上述全部考核指标。" in last.text and "\n3.考核指标中的手术" in last.text
    # a numbered table row is a unit; the rows under it carry its first cell as context
    assert by["附件:一"].text.startswith("医疗质量 | （一）功能定位 | 1.门诊人次数与出院人次数比 | 定量")
    assert last.context == ("一、医疗质量",)


def test_a_restarted_list_without_an_announcing_paragraph_is_still_an_error():
    from ingest import IngestError

    text = "为做好某事，作出如下决定：\n\n1.甲。\n\n2.乙。\n\n说明。\n\n1.丙。\n"
    with pytest.raises(IngestError, match="appears twice"):
        parse_document(text, doc_id="dup")
    ok = parse_document(text.replace("说明。", "说明如下："), doc_id="ok")
    assert [c.clause_id for c in ok.clauses] == ["preamble", "1", "2"] and ok.clauses[-1].text.endswith("说明如下：\n1.丙。")


@pytest.mark.parametrize("name", ["reply-tian-4626", "notice-zimao-cuoshi", "reg-zhejiang-jianshe-zhiliang",
                                  "opinion-sanji-yiyuan"])
def test_same_ids_as_txt_md_and_html(tmp_path, docs, name):
    paras = paragraphs(read_text(_path(name)))
    txt = tmp_path / f"{name}.txt"
    txt.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    expected = EXPECTED_IDS[name]
    for path in (txt, write_md(paras, tmp_path / f"{name}.md"), write_html(paras, tmp_path / f"{name}.html")):
        assert [c.clause_id for c in load_document(path).clauses] == expected, path.suffix


def test_a_frame_with_no_text_after_its_head_says_so_instead_of_crashing():
    doc = parse_document("某某事项的通知\n\n国发〔2020〕1号\n\n国务院\n\n2020年1月1日", doc_id="empty")
    assert [c.clause_id for c in doc.clauses] == ["header"] and doc.coverage == 1.0
    assert len(doc.warnings) == 1 and "no text between head and foot" in doc.warnings[0]
