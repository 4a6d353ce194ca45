"""Several documents in one index: the `docs` filter, per-document fusion, and clause records of the
new shape (context, paragraphs) surviving a save/load; clauses written before them still load."""

from pathlib import Path

import numpy as np
import pytest

import index
from index.retrieve import fuse_per_document, fuse_scores
from ingest import Clause, load_bundled, load_document

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def two_docs():
    return [load_bundled(), load_document(DATA / "law-xingzheng-chufa.txt")]


@pytest.fixture
def built(two_docs, hashing_embedder, tmp_path):
    clauses = [c for d in two_docs for c in d.clauses]
    return index.build(clauses, embedder=hashing_embedder, out_dir=tmp_path / "idx")


def test_docs_filter_returns_only_those_documents(built, hashing_embedder):
    r = index.Retriever(built, embedder=hashing_embedder)
    law_only = r.search("行政处罚的种类有哪些", top_k=5, docs=["law-xingzheng-chufa"])
    assert law_only and all(h.clause.doc_id == "law-xingzheng-chufa" for h in law_only)
    bundled_only = r.search("行政处罚的种类有哪些", top_k=50, docs=["zhenhai-2023-31"])
    assert len(bundled_only) == 14 and {h.clause.doc_id for h in bundled_only} == {"zhenhai-2023-31"}
    assert [h.rank for h in bundled_only] == list(range(1, 15))
    with pytest.raises(ValueError, match=r"docs \['nope'\] are not in the index"):
        r.search("x", docs=["nope"])


def test_filtered_to_one_document_ranks_it_as_fusion_within_it(built, hashing_embedder):
    """Per-document fusion: the resolution's clauses keep the order fuse_scores gives them alone, with the
    resolution's own BM25 statistics on the lexical side. (The example questions, which then reorder the
    best-placed document's clauses, are left out: tests/index/test_examples.py has their part.)"""
    r = index.Retriever(built, embedder=hashing_embedder)
    q = "沿江大道和轨道交通建设"
    bridges = tuple(b for b in index.retrieve.BRIDGES if b != "examples")
    scored = r._score(q, mode="hybrid", bridges=frozenset(bridges))
    dense_u, lex_u = scored.dense, scored.within
    assert lex_u is not None and not np.allclose(lex_u, scored.lexical)  # several documents: own statistics
    n = len(built.clauses)
    mine = np.array([c.doc_id == "zhenhai-2023-31" for c in built.clauses])
    dense_c = index.retrieve.aggregate_max(dense_u, r._unit_clause, n)[mine]
    lex_c = index.retrieve.aggregate_max(lex_u, r._unit_clause, n)[mine]
    expected = [built.clauses[i].key for i in np.flatnonzero(mine)[np.argsort(-fuse_scores(dense_c, lex_c), kind="stable")]]
    got = [h.key for h in r.search(q, top_k=14, docs=["zhenhai-2023-31"], bridges=bridges)]
    assert got == expected


def test_fuse_per_document_by_hand():
    dense = np.array([0.9, 0.5, 0.8], np.float32)
    lexical = np.array([1.0, 0.0, 3.0], np.float32)
    doc_of = np.array([0, 0, 1])
    # overall fusion 0.6, 0, 0.9; within document 0: 1, 0; document 1 alone: 1
    assert np.allclose(fuse_per_document(dense, lexical, doc_of), [1.6, 0.6, 1.9])
    with_prior = fuse_per_document(dense, lexical, doc_of, prior=np.array([0.5, 0.0], np.float32))
    assert np.allclose(with_prior, [2.1, 1.1, 1.9])
    one = fuse_per_document(dense[:2], lexical[:2], doc_of[:2])
    assert np.allclose(one, fuse_scores(dense[:2], lexical[:2]) + 1.0)  # one document: its own fusion + 1


def test_new_clause_fields_survive_the_index_and_old_records_still_load(built, tmp_path):
    loaded = index.load(tmp_path / "idx")
    a46 = next(c for c in loaded.clauses if c.key == "law-xingzheng-chufa:46")
    assert a46.context == ("第五章 行政处罚的决定", "第一节 一般规定") and a46.locate(2) is not None
    assert a46.cite_as == "行政处罚法" and a46.label == "行政处罚法:第46条"
    assert loaded.manifest["format_version"] == index.store.FORMAT_VERSION == 8
    assert loaded.bridge.english_idf["world"] < loaded.bridge.english_idf["airport"]  # format 6 on: saved and read back
    old = {"doc_id": "zhenhai-2023-31", "clause_id": "7", "text": "甲。", "sentences": ["甲。"], "span": [0, 2],
           "part": "二、", "lead": "", "order": 8}
    c = Clause.from_dict(old)
    assert c.context == () and c.paragraphs == () and c.label == "第7条"


def test_coverage_judges_a_long_word_by_its_telling_parts(built, hashing_embedder):
    """行政 and 处罚 are in nearly every article of the law; 种类 in a few. A question whose only content
    word is the phrase 行政处罚的种类 is covered by the article listing the kinds, not by every article."""
    r = index.Retriever(built, embedder=hashing_embedder)
    by = {c.key: c for c in r.clauses}
    kinds, other = by["law-xingzheng-chufa:9"], by["law-xingzheng-chufa:46"]
    assert "种类" in kinds.text and "种类" not in other.text
    assert r.coverage("行政处罚的种类有哪些", kinds) == 1.0
    assert r.coverage("行政处罚的种类有哪些", other) == 0.0


def test_an_added_document_is_cited_by_its_short_name_and_lists_are_quoted_whole(built, hashing_embedder):
    from chat.answer import answer
    from chat.settings import Settings

    r = index.Retriever(built, embedder=hashing_embedder)
    a = answer("行政处罚的种类有哪些？", settings=Settings(), retriever=r, docs=["law-xingzheng-chufa"])
    assert not a.refused and a.cited == ["law-xingzheng-chufa:9"]
    assert "〔行政处罚法:第9条〕" in a.text and "law-xingzheng-chufa" not in a.text
    # the lead-in ending with "：" comes with its numbered items, up to the last one
    assert "行政处罚的种类：（一）" in a.text and "（五）行政拘留；（六）" in a.text and a.text.count("〔") == 1


def test_a_bare_clause_number_means_the_resolution_and_a_named_document_is_searched_first(built, hashing_embedder):
    from chat.answer import answer
    from chat.settings import Settings

    r = index.Retriever(built, embedder=hashing_embedder)
    bare = answer("第五条写了什么？", settings=Settings(), retriever=r)
    assert bare.cited == ["5"]  # EVAL_FORMAT: a bare clause number is the bundled resolution's
    named = answer("行政处罚法第五条写了什么？", settings=Settings(), retriever=r)
    assert named.cited == ["law-xingzheng-chufa:5"] and "〔行政处罚法:第5条〕" in named.text
    # an article number the resolution does not have: looked for in the law, found even if search ranks it low
    high = answer("行政处罚法第五十一条写了什么？", settings=Settings(), retriever=r)
    assert high.cited == ["law-xingzheng-chufa:51"]
    missing = answer("行政处罚法第八十条写了什么？", settings=Settings(), retriever=r)
    assert missing.refused and "《行政处罚法》" in missing.text and "没有第80条" in missing.text
    # in a conversation about the law, a bare article number stays in the law
    follow = answer("第十二条呢？", history=[("行政处罚法第五条写了什么？", named.text)], settings=Settings(), retriever=r)
    assert follow.cited == ["law-xingzheng-chufa:12"]


def test_a_fact_held_by_a_close_second_clause_is_answered_from_it():
    """A question asking an amount: the best clause says how, the next one (as relevant, close in score)
    names the amount; the answer comes from the second. Without the amount anywhere: refused."""
    from chat.question import plan
    from chat.refusal import evidence_first, refusal_reason
    from index import Hit

    def hit(key, text, score, coverage):
        c = Clause("law", key, text, (text,), (0, len(text)))
        return Hit(clause=c, score=score, dense=0.9, lexical=1.0, rank=1, coverage=coverage)

    how = hit("1", "执法人员当场作出处罚决定的，应当出示证件。", 2.0, 0.5)
    amount = hit("2", "当场处以二百元以下罚款的，可以当场作出决定。", 1.8, 0.5)
    p = plan("当场罚款最多罚多少元？")
    assert [h.key for h in evidence_first(p, [how, amount])] == ["law:2", "law:1"]
    assert refusal_reason(p, evidence_first(p, [how, amount])) is None
    far = hit("2", amount.clause.text, 1.0, 0.5)  # not close in score: no move, and refused for the fact
    assert evidence_first(p, [how, far])[0] is how and refusal_reason(p, [how, far]) is not None
    # 几天 asks in days: an amount in 元 is no evidence of it
    days = plan("当场罚款要在几天内交？")
    assert evidence_first(days, [how, amount])[0] is how


def test_staff_choose_what_citations_call_a_document():
    from chat.retriever import documents
    from chat.settings import load_settings

    settings = load_settings(docs=(str(DATA / "law-xingzheng-chufa.txt"),), short_names="law-xingzheng-chufa=处罚法")
    law = documents(settings)[1]
    assert law.clauses[1].key == "law-xingzheng-chufa:1" and law.clauses[1].label == "处罚法:第1条"
    with pytest.raises(ValueError, match="doc_id=name"):
        load_settings(short_names="处罚法")


def test_an_english_answer_from_an_added_document_keeps_its_lead_in(built, hashing_embedder):
    """"According to 行政处罚法 clause 9 …:" names the document and the clause: a reference, not a claim
    the verifier should remove (and then tell the user it removed something from a correct answer)."""
    from chat.answer import answer
    from chat.settings import Settings

    r = index.Retriever(built, embedder=hashing_embedder)
    a = answer("What does 行政处罚法 article 9 say?", settings=Settings(), retriever=r)
    assert a.cited == ["law-xingzheng-chufa:9"] and a.text.startswith("According to 行政处罚法 clause 9")
    assert a.flagged == [] and a.notices == []


def test_a_conversation_about_an_added_document_stays_in_it_until_the_topic_changes(built, hashing_embedder):
    from chat.answer import answer
    from chat.settings import Settings

    r = index.Retriever(built, embedder=hashing_embedder)
    first = answer("行政处罚法第九条写了什么？", settings=Settings(), retriever=r)
    assert first.cited == ["law-xingzheng-chufa:9"]
    history = [("行政处罚法第九条写了什么？", first.text)]
    # 教育 is in the resolution too (第8条), yet here it asks about the law (处罚与教育相结合, 第6条)
    more = answer("那教育呢？", history=history, settings=Settings(), retriever=r)
    assert more.cited and all(k.startswith("law-xingzheng-chufa:") for k in more.cited)
    other = answer("那沿江大道和跨江通道呢？", history=history, settings=Settings(), retriever=r)
    assert other.cited and other.cited[0] == "7"


def test_coverage_weighs_a_telling_word_above_everyday_filler(built, hashing_embedder):
    """A clause holding the question's rare word (检察院) covers more of it than one holding only its
    filler (情况), though each holds one of the two words: words are weighed by general-corpus IDF."""
    from index.coverage import word_weight
    from ingest import BUNDLED_DOC_ID

    r = index.Retriever(built, embedder=hashing_embedder)
    assert word_weight("检察院") > word_weight("情况") > 0
    rare = Clause(doc_id=BUNDLED_DOC_ID, clause_id="98", text="区人民检察院依法履行法律监督职能。", sentences=(), span=(0, 0))
    filler = Clause(doc_id=BUNDLED_DOC_ID, clause_id="99", text="及时报告工作情况。", sentences=(), span=(0, 0))
    assert r.coverage("检察院的情况", rare) > 0.5 > r.coverage("检察院的情况", filler) > 0


def test_english_words_are_weighed_by_how_many_dictionary_glosses_hold_them(built, hashing_embedder):
    """'world' is in hundreds of CC-CEDICT glosses, 'tournament' in few: a clause that matches only the
    common word of a question covers less than half of it."""
    r = index.Retriever(built, embedder=hashing_embedder)
    assert built.bridge.english_weight("world") < built.bridge.english_weight("tournament")
    clause = next(c for c in r.clauses if "世界一流" in c.text and c.clause_id.isdigit())
    assert r.coverage("world tournament", clause) < 0.45  # 0.5 if the two words weighed the same


def test_the_hashed_idf_table_answers_like_a_plain_dict():
    from index.coverage import IdfTable

    words = {f"词{i}": float(i % 13) + 0.5 for i in range(2000)}
    table = IdfTable(words.items())
    for w, v in list(words.items())[::97]:
        assert table.get(w) == pytest.approx(v)
    assert all(table.get(f"无{i}") is None for i in range(200))  # misses are misses, not a neighbour's value


def test_a_document_term_missing_from_the_general_table_weighs_as_a_rare_word():
    from index.coverage import general_idf, word_weight

    assert general_idf().get("青创港") is None  # never in the news text the table was made from
    assert word_weight("青创港", document_term=True) > word_weight("青创港") and word_weight("青创港", document_term=True) > 10
