"""A list's lead-in states the fact of every item (有下列行为之一的，…处五十元罚款：（二）在草坪上生火烧烤的；): a
question about one item is answered by it, and doing something with a telephone is not asking for a number.
The document in tests/data/list-items is written for these tests."""

from pathlib import Path

import pytest

from chat import answer
from chat.factkinds import fact_kind

from .indexed import index_documents

DOCS = Path(__file__).resolve().parents[1] / "data" / "list-items"


@pytest.fixture(scope="module")
def ask(tmp_path_factory):
    settings, r = index_documents(tmp_path_factory.mktemp("list-items"), sorted(DOCS.iterdir()))
    return lambda q: answer(q, settings=settings, retriever=r)


def test_an_item_of_a_list_has_the_figure_its_lead_in_states(ask):
    a = ask("在公园草坪上烧烤被抓到，要交多少钱？")
    assert not a.refused and a.cited == ["rule-park-order:3"], a.text
    assert "五十元" in a.text
    a = ask("犬只进园没有牵引，要交多少钱？")  # the first item, in the lead-in's own sentence
    assert not a.refused and a.cited == ["rule-park-order:3"], a.text


def test_a_figure_the_list_does_not_state_is_still_refused(ask):
    a = ask("公园门票多少钱？")  # no article states a price
    assert a.refused, a.text


def test_a_call_made_or_taken_is_not_a_contact_asked():
    assert fact_kind("开车时接电话要扣几分？") == "number"
    assert fact_kind("那打个电话呢？") == ""
    assert fact_kind("投诉打哪个电话？") == "contact" and fact_kind("办公室电话多少？") == "contact"
