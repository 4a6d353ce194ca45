"""The parser on public documents of shapes the first test set lacked (tests/data/survey/, see
tests/data/README.md): an order promulgating a regulation, a reply to a proposal, a 批复, a standing
committee's 决定 and a local 条例 with 节 as LawRefBook Markdown, a department's 实施细则, a notice with
（一）… numbered straight through, and a gov.cn HTML page with a table attachment. Ids are hand-checked."""

from pathlib import Path

import pytest

from ingest import load_document, parse_document

SURVEY = Path(__file__).parent.parent / "data" / "survey"

EXPECTED_IDS = {
    "opinion-sanji-yiyuan": ["header", "preamble", "一（一）", "一（二）", "一（三）", "二", "二（一）", "二（二）",
                             "二（三）", "二（四）", *(f"五（{n}）" for n in "一二三四五"), "footer", "附件:header",
                             "附件:一", *(f"附件:一{i}" for i in range(2, 7))],
}


def _path(name: str) -> Path:
    return next(SURVEY.glob(f"{name}.*"))

@pytest.fixture(scope="module")
def docs():
    return {name: load_document(_path(name)) for name in EXPECTED_IDS}

def _by_id(doc):
    return {c.clause_id: c for c in doc.clauses}

@pytest.mark.parametrize("name", sorted(EXPECTED_IDS))
def test_ids_full_coverage_and_no_warning(docs, name):
    doc = docs[name]
    assert [c.clause_id for c in doc.clauses] == EXPECTED_IDS[name]
    assert doc.coverage == 1.0 and doc.warnings == ()

def test_a_list_restarting_after_a_colon_is_the_paragraphs_enumeration(docs):
    doc = docs["opinion-sanji-yiyuan"]
    by = _by_id(doc)
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
