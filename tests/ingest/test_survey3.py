"""The parser on a third set of public documents (tests/data/survey3/, see tests/data/README.md): shapes
the earlier sets lacked. Ids are hand-checked; each test names the general cause it guards."""

from functools import cache
from pathlib import Path

from chat.citations import cited_keys, clause_refs
from ingest import load_document

SURVEY3 = Path(__file__).parent.parent / "data" / "survey3"


@cache
def _doc(name: str):
    return load_document(next(SURVEY3.glob(f"{name}.*")))


def _by_id(doc):
    return {c.clause_id: c for c in doc.clauses}


def test_inserted_articles_are_units_of_their_own_after_the_article_they_follow():
    """刑法: 第一百三十三条之一 was inserted by an amendment after 第一百三十三条. It is its own article
    (id 133之一, cited 第133条之一), not the same number twice (which failed the whole document)."""
    doc = _doc("law-xingfa-zhiyi")
    ids = [c.clause_id for c in doc.clauses]
    assert ids == ["header", "1", "2", "3", "133", "133之一", "133之二", "134", "134之一", "135", "135之一",
                   "136", "137", "138", "139", "139之一"]
    by = _by_id(doc)
    assert by["133之一"].label == "刑法:第133条之一"
    assert by["133之一"].text.startswith("在道路上驾驶机动车，有下列情形之一的")
    assert "（二）醉酒驾驶机动车的；" in by["133之一"].text
    assert by["133"].text.endswith("处七年以上有期徒刑。")
    assert by["133之一"].context == ("第二编 分则", "第二章 危害公共安全罪")
    assert doc.coverage == 1.0 and doc.warnings == ()


def test_a_citation_of_an_inserted_article_reads_back_as_that_article():
    assert cited_keys("〔刑法:第133条之一〕", {"刑法": "law-xingfa-zhiyi"}) == ["law-xingfa-zhiyi:133之一"]
    assert clause_refs("第一百三十三条之二和第134条讲什么") == ["133之二", "134"]
