import pytest

import index
from chat.settings import BRIDGES as SETTINGS_BRIDGES
from index.retrieve import BRIDGES
from index.vocabulary import (
    Concept,
    StaffMapping,
    Vocabulary,
    bundled_concepts,
    mappings_from_tsv,
    mappings_to_tsv,
    parse_concepts,
    read_mappings,
    write_mappings,
)
from ingest import Clause

TINY = [
    "加强医疗卫生服务，建设社区卫生服务中心。",
    "推进轨道交通建设，优化公交线路。",
    "完善人才安居政策，建设人才公寓。",
    "健全知识产权保护体系，提升审判质量。",
]


def tiny_clauses():
    return [Clause(doc_id="t", clause_id=str(i), text=t, sentences=(t,), span=(0, len(t)), order=i)
            for i, t in enumerate(TINY, start=1)]


def test_bundled_vocabulary_is_well_formed_and_covers_the_domains():
    concepts = bundled_concepts()
    assert len(concepts) >= 100
    assert all(len(t) >= 2 for c in concepts for t in (*c.official, *c.everyday))
    domains = {c.domain for c in concepts}
    for d in ("education", "health", "housing", "transport", "environment", "safety", "jobs", "talent",
              "industry", "courts", "planning"):
        assert d in domains


def test_a_malformed_line_names_file_and_line():
    with pytest.raises(ValueError, match=r"mine\.tsv:2: expected 4"):
        parse_concepts("health\t医疗\t医院\tnote\nhealth\t医疗\n", "mine.tsv")
    with pytest.raises(ValueError, match=r"mine\.tsv:1: .*单.*2–20 characters"):
        parse_concepts("health\t医疗\t单\tnote\n", "mine.tsv")


def test_scan_is_leftmost_longest_and_pseudo_query_uses_words_the_text_has():
    v = Vocabulary([Concept(("子女入学",), ("孩子上学",)), Concept(("教育", "学业"), ("上学", "念书"))])
    assert v.scan("我家孩子上学难吗") == [("孩子上学", 2, 6)]
    assert [m.term for m in v.matches("念书和上学")] == ["念书", "上学"]
    corpus = "发展教育事业"
    assert v.pseudo_query("念书方便吗", corpus) == "教育方便吗"
    assert v.pseudo_query("教育方便吗", corpus) == ""  # already the document's word
    assert v.expansion("念书方便吗", corpus) == {"教育": 1.0}  # 学业 is not in the corpus


def test_staff_mapping_joins_the_concept_of_its_official_word_or_starts_one():
    m1 = StaffMapping("看牙", "医疗", "ann", "2024-01-01T00:00:00+00:00")
    m2 = StaffMapping("坐地铁", "轨道交通", "bob", "2024-01-02T00:00:00+00:00")
    v = Vocabulary([Concept(("医疗", "卫生"), ("医院",))], (m1, m2))
    assert v.concepts[0].everyday == ("医院", "看牙")
    assert v.concepts[1].official == ("轨道交通",) and v.concepts[1].domain == "staff"
    assert {m.concept for m in v.matches("看牙和医院")} == {0}


def test_mappings_file_and_tsv_round_trip(tmp_path):
    ms = [StaffMapping("看牙", "医疗", "ann", "2024-01-01T00:00:00+00:00", "from a thumbs-down")]
    write_mappings(tmp_path / "v.json", ms)
    assert read_mappings(tmp_path / "v.json") == ms
    assert mappings_from_tsv(mappings_to_tsv(ms), who="someone else") == ms
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not a vocabulary mappings file"):
        read_mappings(tmp_path / "bad.json")


def test_a_staff_mapping_takes_effect_without_rebuilding_and_can_be_removed(tmp_path, hashing_embedder):
    path = tmp_path / "vocabulary.json"
    r = index.Retriever(index.build(tiny_clauses(), embedder=hashing_embedder), embedder=hashing_embedder,
                        mappings_file=path)
    calls = hashing_embedder.calls
    before = r.search("看牙去哪里", top_k=2, mode="bm25", bridges=("staff",))
    assert before[0].lexical == 0.0 and not before[0].via_concept
    write_mappings(path, [StaffMapping("看牙", "医疗", "ann", "2024-01-01T00:00:00+00:00")])
    hit = r.search("看牙去哪里", top_k=2, mode="bm25", bridges=("staff",))[0]
    assert hit.key == "t:1" and hit.via_concept and hit.concepts == (("看牙", "医疗"),)
    assert hit.margin > 0
    assert hashing_embedder.calls == calls  # nothing was embedded again
    write_mappings(path, [])
    assert r.search("看牙去哪里", top_k=1, mode="bm25", bridges=("staff",))[0].lexical == 0.0


def test_bundled_concepts_bridge_everyday_words_and_say_how(hashing_embedder):
    r = index.Retriever(index.build(tiny_clauses(), embedder=hashing_embedder), embedder=hashing_embedder)
    hits = r.search("坐地铁方便吗", top_k=4, mode="bm25", bridges=("concepts",))
    assert hits[0].key == "t:2" and ("坐地铁", "轨道交通") in hits[0].concepts
    assert hits[0].margin == pytest.approx(hits[0].score - hits[1].score)
    none = r.search("坐地铁方便吗", top_k=1, mode="bm25", bridges=())
    assert none[0].lexical == 0.0


def test_bridge_names_agree_and_unknown_ones_are_refused(hashing_embedder):
    assert SETTINGS_BRIDGES == BRIDGES
    r = index.Retriever(index.build(tiny_clauses(), embedder=hashing_embedder), embedder=hashing_embedder)
    with pytest.raises(ValueError, match="unknown bridge"):
        r.search("医院", bridges=("thesaurus",))
