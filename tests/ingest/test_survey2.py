"""The parser on a second set of public documents (tests/data/survey2/, see tests/data/README.md): shapes
the first two sets lacked. Ids are hand-checked; each test names the general cause it guards."""

from functools import cache
from pathlib import Path


from ingest import load_document

SURVEY2 = Path(__file__).parent.parent / "data" / "survey2"


def _path(name: str) -> Path:
    return next(SURVEY2.glob(f"{name}.*"))


@cache
def _doc(name: str):
    return load_document(_path(name))


def _by_id(doc):
    return {c.clause_id: c for c in doc.clauses}


def test_chapters_above_policy_numbering_are_context_not_text():
    """国务院工作规则: 第一章 … 第十章 over 一、… 五十四、 numbered straight through. A chapter heading is the
    context of the items under it, never text of the item before it nor a preamble."""
    doc = _doc("rules-guowuyuan-gongzuo")
    ids = [c.clause_id for c in doc.clauses]
    assert ids == ["header", "p1", "footer", "附件:header", *(f"附件:{n}" for n in "一二三四五六七八九"),
                   *(f"附件:{n}" for n in ("四十七", "四十八", "四十九", "五十", "五十一", "五十二", "五十三", "五十四"))]
    by = _by_id(doc)
    assert by["附件:一"].context == ("第一章 总则",)
    assert by["附件:四"].text.endswith("切实贯彻国务院各项工作部署。")  # not "…第二章组成人员职责"
    assert by["附件:五"].context == ("第二章 组成人员职责",)
    assert by["附件:九"].text == "秘书长在总理领导下，负责处理国务院的日常工作。"
    assert by["附件:四十七"].context == ("第十章 作风纪律",)
    assert doc.coverage == 1.0 and doc.warnings == ()
