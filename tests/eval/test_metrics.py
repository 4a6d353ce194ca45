"""Metric functions against hand-computed cases."""

import math

import pytest

from eval.metrics import answer_metrics, first_rank, mrr, ndcg_at, percentile, recall_at


def test_first_rank_with_several_gold_clauses_duplicates_and_no_hits():
    assert first_rank(["4", "7", "9"], ["9", "7"]) == 2  # best of the gold ranks
    assert first_rank(["4", "4", "7"], ["7"]) == 2  # duplicates count once
    assert first_rank([], ["7"]) is None
    assert first_rank(["1", "2"], ["7"]) is None


def test_recall_mrr_ndcg_by_hand():
    ranks = [1, 2, None, 4]
    assert recall_at(ranks, 1) == 0.25
    assert recall_at(ranks, 3) == 0.5
    assert recall_at(ranks, 5) == 0.75
    assert mrr(ranks) == pytest.approx((1 + 0.5 + 0 + 0.25) / 4)
    assert ndcg_at(ranks, 5) == pytest.approx((1 + 1 / math.log2(3) + 0 + 1 / math.log2(5)) / 4)
    assert ndcg_at([6], 5) == 0.0
    assert recall_at([], 1) == mrr([]) == ndcg_at([]) == 0.0


def test_ties_keep_retrieval_order():
    # two clauses with equal scores come back in the retriever's order; the metric uses that order
    assert first_rank(["3", "9"], ["9"]) == 2 and first_rank(["9", "3"], ["9"]) == 1


def test_percentile_interpolates():
    assert percentile([10, 20, 30, 40], 50) == 25
    assert percentile([5], 95) == 5
    assert percentile([], 50) == 0.0
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == pytest.approx(9.55)


def test_answer_metrics_by_hand():
    rows = [
        {"answerable": True, "refused": False, "cited": ["7"], "context": ["7", "8"], "gold": ["7"]},
        {"answerable": True, "refused": False, "cited": ["8", "99"], "context": ["7", "8"], "gold": ["7"]},
        {"answerable": True, "refused": True, "cited": [], "context": ["1"], "gold": ["1"]},
        {"answerable": False, "refused": True, "cited": [], "context": ["6"], "gold": ["6"]},
        {"answerable": False, "refused": False, "cited": ["6"], "context": ["6"], "gold": []},
    ]
    m = answer_metrics(rows, known={"7", "8", "6", "1"})
    assert m["answered_rate"] == pytest.approx(2 / 3)
    assert m["refusal_accuracy"] == 0.5
    assert m["citation_valid_rate"] == pytest.approx(3 / 4)  # "99" does not exist
    assert m["citation_hit_rate"] == 0.5  # of the two answered answerable questions, one cites gold
    empty = answer_metrics([], known=set())
    assert empty == {"answered_rate": 0.0, "refusal_accuracy": 0.0, "citation_valid_rate": 1.0, "citation_hit_rate": 0.0,
                     "confidently_wrong": 0.0, "facts_hit": 0.0, "doc_hit": 0.0}
