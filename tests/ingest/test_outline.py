"""Decimal outline numbering (1 / 1.1 / 1.2.1, any depth), as plans (预案) and standards number their
sections: tiny literal texts with hand-checked ids, and the amounts and dates that must not be read as marks."""

import pytest

from ingest import parse_document
from ingest.numbering import is_outline, outline_mark

PLAN = """某市突发事件应急预案

1　总则

1.1　目的

为了规范应急工作，制定本预案。

1.2　分级

1.2.1　一般

1.2.1.1　一般事件指影响较小的事件。

1.2.1.2　较大事件指：

（1）影响两个以上乡镇；

（2）造成较大损失。

2　组织体系

2.1　领导机构由市政府组成。
"""


def test_any_depth_gets_its_dotted_number_and_the_sections_above_as_context():
    doc = parse_document(PLAN, doc_id="plan")
    assert doc.structure == "outline"
    assert [c.clause_id for c in doc.clauses] == ["header", "1.1", "1.2.1.1", "1.2.1.2", "2.1"]
    by = {c.clause_id: c for c in doc.clauses}
    assert by["1.2.1.1"].context == ("1 总则", "1.2 分级", "1.2.1 一般")
    assert by["1.2.1.2"].text == "较大事件指：\n（1）影响两个以上乡镇；\n（2）造成较大损失。"
    assert by["1.2.1.2"].label == "某市突发事件应急预案:1.2.1.2"
    assert by["header"].text == "某市突发事件应急预案" and doc.coverage == 1.0


def test_a_table_of_contents_repeating_the_headings_is_one_unit_of_its_own():
    toc = "目　录\n\n1　总则\n\n1.1　目的\n\n1.2　分级\n\n1.2.1　一般\n\n2　组织体系\n\n"
    doc = parse_document(PLAN.replace("1　总则\n", toc + "1　总则\n", 1), doc_id="plan")
    assert [c.clause_id for c in doc.clauses] == ["header", "目录", "1.1", "1.2.1.1", "1.2.1.2", "2.1"]
    assert doc.clauses[1].text == "目录\n1总则\n1.1目的\n1.2分级\n1.2.1一般\n2组织体系" and doc.clauses[1].label.endswith(":目录")
    assert doc.clauses[0].text == "某市突发事件应急预案" and doc.coverage == 1.0


@pytest.mark.parametrize("text", ["1.5倍以上的罚款。", "2.5%的增长。", "1.2万元以下。", "12月1日起施行。", "1、总则", "1.加强领导。", "2023年工作要点"])
def test_amounts_dates_and_policy_marks_are_not_outline_marks(text):
    assert outline_mark(text) is None or outline_mark(text).level >= 0


def test_one_dotted_paragraph_does_not_make_an_outline():
    assert not is_outline(["一、总则", "1.1万元以下的，不予处罚。", "二、附则"])
    assert is_outline(["1总则", "1.1目的", "1.2分级"])
    assert outline_mark("１．２ 分级").token == "1.2"
