import numpy as np
import pytest

from index import brute_force, build_faiss, search


def _unit(rng, n, dim):
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_exact_faiss_equals_brute_force_numpy():
    rng = np.random.default_rng(0)
    vecs, queries = _unit(rng, 500, 32), _unit(rng, 20, 32)
    index = build_faiss(vecs, approx_threshold=10_000)
    scores, ids = search(index, queries, 10)
    ref_scores, ref_ids = brute_force(vecs, queries, 10)
    np.testing.assert_array_equal(ids, ref_ids)
    np.testing.assert_allclose(scores, ref_scores, rtol=1e-5, atol=1e-5)


def test_hnsw_past_the_threshold_finds_most_true_neighbours():
    rng = np.random.default_rng(1)
    vecs, queries = _unit(rng, 2000, 32), _unit(rng, 50, 32)
    index = build_faiss(vecs, approx_threshold=1000)
    assert "HNSW" in type(index).__name__
    _, ids = search(index, queries, 10)
    _, ref = brute_force(vecs, queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, ref, strict=True)])
    assert recall >= 0.9


def test_search_validates_k_and_caps_it_at_the_corpus_size():
    rng = np.random.default_rng(2)
    index = build_faiss(_unit(rng, 3, 8))
    with pytest.raises(ValueError, match="k must be > 0"):
        search(index, _unit(rng, 1, 8), 0)
    assert search(index, _unit(rng, 1, 8), 10)[1].shape == (1, 3)
    with pytest.raises(ValueError, match="float32"):
        build_faiss(np.zeros((2, 8), np.float64))
