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


def test_per_document_bm25_scores_each_document_with_its_own_statistics():
    """Document 0 alone and document 0 beside document 1 give its units the same scores: a word common in
    the other document does not make it look ordinary here."""
    import numpy as np

    from index.lexical import PerDocumentBM25, bm25_scores, build_bm25

    doc0 = [["人才", "公寓"], ["轨道", "交通"], ["人才", "引进"]]
    doc1 = [["罚款", "人才"], ["罚款", "程序"], ["罚款", "交通"], ["罚款", "人才"]]
    together = PerDocumentBM25(doc0 + doc1, [0, 0, 0, 1, 1, 1, 1])
    for tokens in (["人才"], ["交通", "公寓"], ["罚款"]):
        alone = bm25_scores(build_bm25(doc0), tokens)
        assert np.allclose(bm25_scores(together, tokens)[:3], alone)
    shared = bm25_scores(build_bm25(doc0 + doc1), ["人才"])[:3]
    assert not np.allclose(shared, bm25_scores(build_bm25(doc0), ["人才"]))  # what per-document statistics change


def test_a_documents_own_lexical_scores_order_its_clauses_and_the_shared_ones_place_it():
    import numpy as np

    from index.retrieve import fuse_per_document

    dense = np.array([0.5, 0.5, 0.5, 0.5], np.float32)
    shared = np.array([3.0, 1.0, 2.0, 0.0], np.float32)
    own = np.array([1.0, 3.0, 2.0, 0.0], np.float32)
    doc_of = np.array([0, 0, 1, 1])
    fused = fuse_per_document(dense, shared, doc_of, lexical_within=own)
    assert fused[1] > fused[0]  # document 0's clauses in its own order
    assert max(fused[:2]) > max(fused[2:])  # document 0 (best shared score, 3.0) placed before document 1
