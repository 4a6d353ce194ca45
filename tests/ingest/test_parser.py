import re

import pytest

from ingest import BUNDLED_DOC_ID, IngestError, parse_document, split_sentences
from ingest.text import clean, is_english

IDS = ["header", "preamble"] + [str(i) for i in range(1, 12)] + ["footer"]
_FULL = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）"})


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_bundled_resolution_has_the_fourteen_units_in_order(bundled_doc):
    assert [c.clause_id for c in bundled_doc.clauses] == IDS
    assert [c.order for c in bundled_doc.clauses] == list(range(14))
    assert all(c.doc_id == BUNDLED_DOC_ID and c.key == c.clause_id for c in bundled_doc.clauses)


def test_every_clause_is_the_source_wording_apart_from_the_repairs(bundled_doc, source_text):
    for c in bundled_doc.clauses:
        raw = _squash(source_text[c.span[0] : c.span[1]]).translate(_FULL)
        number = re.match(r"^\d+[.．]", raw)
        if c.clause_id.isdigit():
            assert number and number.group(0)[:-1] == c.clause_id
            raw = raw[number.end() :]
        assert _squash(c.text) == raw, c.clause_id


def test_parts_and_leads(bundled_doc):
    by_id = {c.clause_id: c for c in bundled_doc.clauses}
    assert by_id["1"].part == "一、凝聚思想共识，锚定建设目标"
    assert {by_id[str(i)].part for i in range(2, 9)} == {"二、明确发展方向，落实重点任务"}
    assert by_id["11"].part == "三、强化责任担当，形成工作合力"
    assert by_id["7"].lead == "高质高效推进基础设施建设"
    assert by_id["2"].lead == "加快构建协同高效运行机制"
    assert by_id["1"].lead == "" and by_id["9"].lead == ""
    assert by_id["header"].part == "" and by_id["footer"].lead == ""


@pytest.mark.parametrize(
    "clause_id, joined",
    [
        ("1", "是宁波“争创市域样板"),
        ("3", "积极推动镇海片区控制性详细规划"),
        ("5", "落地政府支持"),
        ("7", "释放更多建设空间"),
        ("11", "加强对本行政区域内重点工作"),
    ],
)
def test_page_breaks_are_repaired_inside_one_sentence(bundled_doc, clause_id, joined):
    clause = next(c for c in bundled_doc.clauses if c.clause_id == clause_id)
    assert joined in clause.text
    assert "\n" not in clause.text
    assert any(joined in s for s in clause.sentences)


def test_half_width_punctuation_is_repaired_in_the_last_clause_and_footer(bundled_doc):
    for c in bundled_doc.clauses[-2:]:
        assert not re.search(r"[,:]", c.text), c.clause_id
    assert "属地责任。" in bundled_doc.clauses[-2].text
    assert "的监督，推动" in bundled_doc.clauses[-2].text
    assert bundled_doc.clauses[-1].text.startswith("送：市人大常委会，区委、区政府")


def test_metadata(bundled_doc):
    m = bundled_doc.meta
    assert m.doc_number == "镇人大常〔2023〕31号"
    assert m.title == "宁波市镇海区人民代表大会常务委员会关于加快推进甬江科创区镇海片区建设的决定"
    assert m.adopted_date == "2023年9月25日"
    assert m.adopted_session == "宁波市镇海区第十六届人民代表大会常务委员会第十四次会议"
    assert m.issuing_office == "宁波市镇海区人大常委会办公室"
    assert m.print_date == "2023年9月26日"
    assert m.issuer == "宁波市镇海区人民代表大会常务委员会"


@pytest.mark.parametrize("marker", ["1.", "1．", "１．", "1. ", "１． "])
def test_clause_number_styles(marker):
    second = marker.replace("1", "2").replace("１", "２")
    text = f"关于某事的决定\n\n为做好某事，作出如下决定：\n\n{marker}第一条内容。\n\n{second}第二条内容。\n"
    doc = parse_document(text, doc_id="demo")
    assert [c.clause_id for c in doc.clauses] == ["header", "preamble", "1", "2"]
    assert doc.clauses[2].text == "第一条内容。"
    assert doc.clauses[3].key == "demo:2" and doc.clauses[3].label == "某事的决定:第2条"


def test_duplicate_clause_numbers_are_an_error_naming_both_lines():
    text = "为做好某事，作出如下决定：\n\n1.第一条。\n\n2.第二条。\n\n2.又一个第二条。\n"
    with pytest.raises(IngestError, match=r"dup.txt: the number 2 appears twice at the same level: "
                                          r"line 5 “2.第二条。” and line 7 “2.又一个第二条。”\. Renumber one of them"):
        parse_document(text, doc_id="dup", path="dup.txt")


def test_a_repeated_number_under_headings_says_what_both_would_be_cited_as_and_how_to_fix_it():
    """The error a staff member sees names the number as printed, both lines with the start of their text,
    the id they would share, and the two fixes (renumber, or a heading for a list that starts again)."""
    long = "丙" * 40 + "。"
    text = f"一、总则\n\n（一）甲。\n\n（二）乙。\n\n（二）{long}\n\n二、附则\n\n（一）丁。\n"
    with pytest.raises(IngestError) as e:
        parse_document(text, doc_id="dup", path="dup.txt")
    assert e.value.problem == (
        f"the number （二） appears twice at the same level: line 5 “（二）乙。” and line 7 “（二）{'丙' * 21}…”, "
        "so both would be cited as 一（二）. Renumber one of them, or, if line 7 starts a list of its own, put "
        "the heading it belongs to before it; then add the document again")


def test_text_without_numbered_clauses_becomes_paragraphs():
    doc = parse_document("第一段说明。\n\n第二段，\n续行。\n\n第三段", doc_id="plain")
    assert not doc.numbered
    assert [c.clause_id for c in doc.clauses] == ["p1", "p2", "p3"]
    assert doc.clauses[1].text == "第二段，续行。"


def test_clean_and_sentences():
    assert clean("世纪大道 、逸夫路,镇浦路:大运路") == "世纪大道、逸夫路，镇浦路：大运路"
    assert clean("(2023年通过)") == "（2023年通过）"
    assert clean("version 1.2, in English") == "version 1.2, in English"
    assert split_sentences("甲。乙“丙。”丁！\n戊") == ("甲。", "乙“丙。”", "丁！", "戊")


def test_is_english_means_mostly_latin_letters():
    assert is_english("How about the metro?") and not is_english("地铁 metro 方便吗？")
    assert not is_english("OK") and not is_english("")


def test_closing_formulas_after_the_last_item_are_a_unit_of_their_own():
    """本决定自…起施行 and 根据本决定…重新公布 speak of the whole document: after the last item, unnumbered, they
    are the unit 附则, not text of that item. Any other closing paragraph stays with the item; so does a formula
    followed by text that is not one."""
    text = ("关于修改某规定的决定\n\n一、将第一条修改为：“甲。”\n\n二、将第二条删去。\n\n本决定自2021年4月22日起施行。\n\n"
            "根据本决定，《某规定》作相应修改后，重新公布。\n")
    doc = parse_document(text, doc_id="amend")
    assert [c.clause_id for c in doc.clauses] == ["header", "一", "二", "附则"]
    assert doc.clauses[2].text == "将第二条删去。"
    assert doc.clauses[3].text == "本决定自2021年4月22日起施行。\n根据本决定，《某规定》作相应修改后，重新公布。"
    assert doc.clauses[3].label == "修改某规定的决定:附则" and doc.coverage == 1.0
    kept = parse_document(text.replace("根据本决定，《某规定》作相应修改后，重新公布。", "各单位要认真贯彻执行。"), doc_id="kept")
    assert [c.clause_id for c in kept.clauses] == ["header", "一", "二"] and kept.clauses[2].text.endswith("认真贯彻执行。")
