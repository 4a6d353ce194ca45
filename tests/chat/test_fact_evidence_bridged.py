"""A fact asked in everyday words is found in the part of a sentence that says it in the document's words,
when the retriever's bridges matched the word asked about to a word of that part — and only the word asked
about: a word before the question's interrogative names something else. The document in
tests/data/facts-bridged is written for these tests (a 办法 whose 第三条 gives a time limit for a reply)."""

from pathlib import Path

import pytest

from chat import answer

from .indexed import index_documents

DOCS = Path(__file__).resolve().parents[1] / "data" / "facts-bridged"


@pytest.fixture(scope="module")
def ask(tmp_path_factory):
    settings, r = index_documents(tmp_path_factory.mktemp("facts-bridged"), sorted(DOCS.iterdir()))
    return lambda q: answer(q, settings=settings, retriever=r)


def test_a_time_limit_asked_of_an_everyday_word_is_read_where_the_bridge_found_it(ask):
    # 回话 shares no character with 作出答复; CC-CEDICT's synonyms bridge them (refused as not stated before)
    a = ask("网购退货，店家多久要给我回话？")
    assert ("回话", "答复") in a.hits[0].concepts  # what the rule reads: not faked here
    assert not a.refused and a.cited == ["rule-tuihuo-fuwu:3"], a.text
    assert "七个工作日内" in a.text


@pytest.mark.parametrize("question", [
    "网购退货，店家给我回话以后多久能把钱退回来？",  # the reply comes before 多久: the refund is asked about
    "网购退货，店家回话之后几天内退款？",
])
def test_a_bridged_word_before_the_interrogative_is_not_what_is_asked(ask, question):
    a = ask(question)
    assert a.refused, a.text  # the 办法 gives no time for a refund
