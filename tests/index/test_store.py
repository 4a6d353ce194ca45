"""The index folder: manifest, checksums, mismatch and corruption errors, atomic rebuilds."""

import json
import shutil

import pytest

import index
from index import IndexCorruptError, IndexFormatError, IndexMismatchError, IndexNotFoundError

from .conftest import HashingEmbedder


@pytest.fixture(scope="module")
def _built_once(tmp_path_factory, bundled_doc):
    out = tmp_path_factory.mktemp("store") / "idx"
    index.build(list(bundled_doc.clauses), embedder=HashingEmbedder(), out_dir=out)
    return out


@pytest.fixture
def built(tmp_path, _built_once):
    """A fresh copy of an index folder built with the hashing embedder, for this test to damage."""
    out = tmp_path / "idx"
    shutil.copytree(_built_once, out)
    return out


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_manifest_records_what_was_built(built, bundled_doc):
    m = json.loads((built / "manifest.json").read_text())
    assert m["embedder"] == "test-hash" and m["dim"] == 64 and m["normalized"] is True
    assert m["n_clauses"] == 14 and m["n_vectors"] > 14 and m["format_version"] == index.store.FORMAT_VERSION
    assert m["corpus_hash"] == index.corpus_hash(list(bundled_doc.clauses))
    assert {"dense.faiss", "clauses.jsonl", "units.jsonl", "terms.json", "bridge.json"} <= set(m["files"])


def test_round_trip_gives_the_same_ranking(built, bundled_doc, hashing_embedder):
    fresh = index.Retriever(index.build(list(bundled_doc.clauses), embedder=hashing_embedder), embedder=hashing_embedder)
    loaded = index.Retriever(index.load(built), embedder=hashing_embedder)
    for q in ("沿江大道建设", "区人民法院司法保障", "人才安居"):
        assert [h.key for h in fresh.search(q)] == [h.key for h in loaded.search(q)]
        assert fresh.search(q)[0].score == pytest.approx(loaded.search(q)[0].score)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexNotFoundError, match="policy-qa index"):
        index.load(tmp_path / "nothing")


def test_other_embedder_or_changed_corpus_is_a_clear_error(built):
    with pytest.raises(IndexMismatchError, match="built with embedder 'test-hash', not 'e5-small-q4'.*--embedder"):
        index.load(built, embedder="e5-small-q4")
    with pytest.raises(IndexMismatchError, match="documents changed.*policy-qa index"):
        index.load(built, embedder="test-hash", expected_corpus_hash="0" * 64)


def test_index_of_an_older_format_is_a_format_error(built):
    manifest = built / "manifest.json"
    m = json.loads(manifest.read_text())
    manifest.write_text(json.dumps(dict(m, format_version=1)))
    with pytest.raises(IndexFormatError, match="format 1, this version reads .*policy-qa index"):
        index.load(built)


@pytest.mark.parametrize("victim", ["dense.faiss", "units.jsonl", "bm25/params.index.json", "bridge.json"])
def test_truncated_or_corrupted_file_is_a_clear_error_not_a_crash(built, victim):
    path = built / victim
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(IndexCorruptError, match=f"{victim}.*checksum.*policy-qa index"):
        index.load(built)


def test_unreadable_manifest_and_deleted_file(built):
    (built / "terms.json").unlink()
    with pytest.raises(IndexCorruptError, match="terms.json is missing"):
        index.load(built)
    (built / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptError, match="unreadable"):
        index.load(built)


def test_failed_rebuild_leaves_the_old_index_intact(built, bundled_doc):
    before = _snapshot(built)
    with pytest.raises(RuntimeError, match="half-way"):
        index.build(list(bundled_doc.clauses), embedder=HashingEmbedder(fail_after=1), out_dir=built)
    assert _snapshot(built) == before
    assert not [p for p in built.parent.iterdir() if p.name.startswith(".idx-")]
    index.load(built)  # still loads


def test_failed_write_leaves_the_old_index_intact(built, bundled_doc, hashing_embedder, monkeypatch):
    import errno

    import faiss

    before = _snapshot(built)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(faiss, "write_index", disk_full)
    with pytest.raises(OSError, match="No space left"):
        index.build(list(bundled_doc.clauses), embedder=hashing_embedder, out_dir=built)
    assert _snapshot(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == [".idx.lock", "idx", "idx.versions"]
    assert not [v for v in (built.parent / "idx.versions").iterdir() if v.name.startswith(".building-")]  # no half-written version


def test_build_rejects_empty_and_duplicate_input(bundled_doc, hashing_embedder):
    with pytest.raises(ValueError, match="nothing to index"):
        index.build([], embedder=hashing_embedder)
    c = bundled_doc.clauses[0]
    with pytest.raises(ValueError, match="duplicate clause keys"):
        index.build([c, c], embedder=hashing_embedder)



def test_a_clause_vector_mixes_its_opening_with_its_sentences(bundled_doc):
    """A multi-sentence clause is searched by its opening (title and topic) as one text, blended with the
    mean of its sentences; nothing of the clause past WHOLE_TEXT_CHARS is embedded as part of it."""
    import numpy as np

    from index.store import WHOLE_TEXT_CHARS, WHOLE_TEXT_WEIGHT, _unit_vectors
    from index.units import WHOLE, make_units

    emb = HashingEmbedder()
    clause = next(c for c in bundled_doc.clauses if len(c.sentences) > 1 and len(c.text) > WHOLE_TEXT_CHARS)
    units = make_units([clause])
    vectors = _unit_vectors(emb, units, None)
    sentences = [i for i, u in enumerate(units) if u.sentence >= 0]
    weights = np.array([len(units[i].text) for i in sentences], np.float32)[:, None]
    mean = (emb.encode_units([units[i].text for i in sentences]) * weights).sum(axis=0)
    mean /= np.linalg.norm(mean)
    opening = emb.encode_units([clause.text[:WHOLE_TEXT_CHARS]])[0]
    expected = WHOLE_TEXT_WEIGHT * opening + (1 - WHOLE_TEXT_WEIGHT) * mean
    whole = next(i for i, u in enumerate(units) if u.sentence == WHOLE)
    assert np.allclose(vectors[whole], expected / np.linalg.norm(expected), atol=1e-5)
    assert not np.allclose(vectors[whole], mean, atol=1e-3)  # not the sentences' mean alone
    assert all(np.allclose(vectors[i], emb.encode_units([units[i].text])[0], atol=1e-6) for i in sentences)


def test_an_index_built_with_another_concept_vocabulary_is_out_of_date(built, monkeypatch):
    """The bridge's English terms come from the bundled vocabulary: after concepts.tsv changes, an index
    is out of date like one of an older format (and `chat.retriever.open_index` rebuilds it)."""
    import index.store as store

    index.load(built, embedder="test-hash")
    extended = store.bundled_terms() | {"海洋牧场", "养鱼场"}
    monkeypatch.setattr(store, "bundled_terms", lambda: extended)
    with pytest.raises(IndexFormatError, match="another concept vocabulary"):
        index.load(built, embedder="test-hash")


def test_a_one_sentence_clause_is_embedded_whole(bundled_doc):
    """Only a clause with sentence units of its own is represented by its opening: a long one-sentence
    clause has nothing else, so all of it is embedded."""
    import dataclasses

    import numpy as np

    from index.store import WHOLE_TEXT_CHARS, _unit_vectors
    from index.units import make_units

    emb = HashingEmbedder()
    long_text = "为加快推进片区建设，" * 20 + "特作如下决定。"
    assert len(long_text) > WHOLE_TEXT_CHARS
    clause = dataclasses.replace(bundled_doc.clauses[1], text=long_text, sentences=(long_text,))
    units = make_units([clause])
    vectors = _unit_vectors(emb, units, None)
    assert np.allclose(vectors[0], emb.encode_units([long_text])[0], atol=1e-6)
    assert not np.allclose(vectors[0], emb.encode_units([long_text[:WHOLE_TEXT_CHARS]])[0], atol=1e-3)
