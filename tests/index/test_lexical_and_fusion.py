import numpy as np

from index import Tokenizer, corpus_terms, fuse_scores, rrf
from index.retrieve import aggregate_max, minmax


def test_corpus_terms_are_found_in_the_document_itself(bundled_doc):
    terms = corpus_terms(c.text for c in bundled_doc.clauses)
    for term in ("甬江科创区", "青创港", "专精特新", "科学港", "雄镇英才"):
        assert term in terms
    assert "的" not in terms and "要加快" not in terms


def test_tokenizer_keeps_corpus_terms_whole_and_drops_stop_words():
    tok = Tokenizer(["青创港", "专精特新"])
    tokens = tok.tokenize("青创港的功能定位是什么？")
    assert "青创港" in tokens and "的" not in tokens and "什么" not in tokens
    assert "专精特新" in tok.tokenize("专精特新企业")


def test_fusion_by_hand():
    dense = np.array([0.9, 0.8, 0.7], np.float32)
    lexical = np.array([0.0, 2.0, 4.0], np.float32)
    # minmax: dense → [1, .5, 0], lexical → [0, .5, 1]
    np.testing.assert_allclose(fuse_scores(dense, lexical, dense_weight=0.75), [0.75, 0.5, 0.25], rtol=1e-6)
    # no lexical signal: the dense order is kept as is
    np.testing.assert_allclose(fuse_scores(dense, np.zeros(3, np.float32), dense_weight=0.5), [0.5, 0.25, 0.0], atol=1e-6)
    # RRF with k=60: rank 1 → 1/61, rank 3 → 1/63
    np.testing.assert_allclose(rrf(dense, lexical, dense_weight=0.5, k=60),
                               [0.5 / 61 + 0.5 / 63, 0.5 / 62 + 0.5 / 62, 0.5 / 63 + 0.5 / 61], rtol=1e-6)


def test_aggregate_max_and_minmax_edge_cases():
    scores = np.array([0.1, 0.7, 0.3, -np.inf], np.float32)
    owner = np.array([0, 0, 1, 2])
    out = aggregate_max(scores, owner, 3)
    assert out[0] == np.float32(0.7) and out[1] == np.float32(0.3) and np.isneginf(out[2])
    np.testing.assert_allclose(minmax(np.array([2.0, 2.0], np.float32)), [1.0, 1.0])
    np.testing.assert_allclose(minmax(np.array([-np.inf, -np.inf], np.float32)), [0.0, 0.0])
