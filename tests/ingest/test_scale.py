"""What parsing a large document costs: linear in its size (an upload is parsed while staff wait)."""

from __future__ import annotations

import time

import pytest

from ingest import DocumentTooLarge, Limits, parse_document
from ingest.frame import split_paragraphs
from ingest.text import line_numbers


def _articles(n: int) -> str:
    """A regulation of `n` short articles, one paragraph each, blank lines between."""
    return "某某市测试管理条例\n\n" + "\n\n".join(f"第{i}条 本条规定测试事项。" for i in range(1, n + 1)) + "\n"


def test_line_numbers_agree_with_counting_newlines():
    source = "标题\n\n第一条 甲。\n  乙\n\n\n第二条 丙。\n"
    line_of = line_numbers(source)
    assert [line_of(i) for i in range(len(source) + 1)] == [source.count("\n", 0, i) + 1
                                                              for i in range(len(source) + 1)]


def test_paragraph_lines_are_the_source_lines():
    source = _articles(50)
    paras = split_paragraphs(source)
    assert len(paras) == 51
    assert all(p.line == source.count("\n", 0, p.start) + 1 for p in paras)
    assert paras[-1].line == 101


def test_a_paragraph_limit_stops_the_parse_and_names_itself():
    source = _articles(20)  # the title and 20 articles
    with pytest.raises(DocumentTooLarge, match="more than 20 paragraphs") as e:
        parse_document(source, doc_id="rules", limits=Limits(max_paragraphs=20))
    assert e.value.limit == "max_paragraphs"
    assert len(parse_document(source, doc_id="rules", limits=Limits(max_paragraphs=21)).clauses) == 21
    assert len(parse_document(source, doc_id="rules").clauses) == 21  # no limits: no cap


@pytest.mark.slow
def test_parsing_time_grows_linearly_with_the_number_of_paragraphs():
    # subtle: a ratio, not a wall-clock budget, so a busy machine slows both sides alike. Linear is
    # about 16x for 16x the paragraphs; counting newlines from the start for each one was > 100x.
    small, large = _articles(10_000), _articles(160_000)
    timings = []
    for source in (small, large):
        start = time.perf_counter()
        doc = parse_document(source, doc_id="scale")
        timings.append(time.perf_counter() - start)
        assert doc.coverage == 1.0
    assert len(doc.clauses) == 160_001
    assert timings[1] / timings[0] < 50, timings
