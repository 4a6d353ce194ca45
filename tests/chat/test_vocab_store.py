import json

import pytest

import index
from chat.settings import Settings
from chat.web.feedback import FeedbackStore
from chat.web.vocab_store import (
    add_mapping,
    export_tsv,
    import_text,
    import_tsv,
    list_mappings,
    remove_mapping,
    review_queue,
    tsv_text,
)
from index.vocabulary import MAX_NOTE_CHARS
from tests.index.test_vocabulary import tiny_clauses


@pytest.fixture
def retriever(tmp_path, hashing_embedder):
    return index.Retriever(index.build(tiny_clauses(), embedder=hashing_embedder), embedder=hashing_embedder,
                           mappings_file=tmp_path / "vocabulary.json")


@pytest.fixture
def hashing_embedder():
    from tests.index.conftest import HashingEmbedder

    return HashingEmbedder()


def test_add_list_remove_keep_who_and_when(tmp_path, retriever):
    path = tmp_path / "vocabulary.json"
    m = add_mapping(path, " 看牙 ", "医疗", who="ann", note="refused twice", corpus=retriever.corpus)
    assert (m.everyday, m.official, m.who, m.note) == ("看牙", "医疗", "ann", "refused twice") and m.when.startswith("20")
    add_mapping(path, "看牙", "医疗", who="bob")  # the same pair again replaces it
    assert [(x.everyday, x.who) for x in list_mappings(path)] == [("看牙", "bob")]
    hit = retriever.search("看牙去哪里", top_k=1, mode="bm25", bridges=("staff",))[0]
    assert hit.key == "t:1" and hit.concepts == (("看牙", "医疗"),)
    assert remove_mapping(path, "看牙", "医疗").who == "bob"
    assert list_mappings(path) == []
    assert retriever.search("看牙去哪里", top_k=1, mode="bm25", bridges=("staff",))[0].concepts == ()
    with pytest.raises(KeyError, match="no staff mapping"):
        remove_mapping(path, "看牙", "医疗")


@pytest.mark.parametrize(("everyday", "official", "who", "message"), [
    ("牙", "医疗", "ann", "2–20 characters"),
    ("看牙", "看牙", "ann", "both"),
    ("看牙", "医疗", " ", "who must name"),
    ("看牙", "牙科诊所", "ann", "does not occur in the indexed documents"),
])
def test_bad_mappings_are_refused_with_the_fix(tmp_path, retriever, everyday, official, who, message):
    with pytest.raises(ValueError, match=message):
        add_mapping(tmp_path / "v.json", everyday, official, who=who, corpus=retriever.corpus)
    assert list_mappings(tmp_path / "v.json") == []


def test_export_and_import_round_trip(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    add_mapping(a, "看牙", "医疗", who="ann")
    add_mapping(a, "坐地铁", "轨道交通", who="bob")
    assert export_tsv(a, tmp_path / "out" / "vocab.tsv") == 2
    assert import_tsv(b, tmp_path / "out" / "vocab.tsv", who="carol") == 2
    exported = {m.everyday: m for m in list_mappings(a)}
    # recorded as carol's, now; who and when of the file kept only as provenance in the note
    assert {(m.everyday, m.official, m.who) for m in list_mappings(b)} == {("看牙", "医疗", "carol"), ("坐地铁", "轨道交通", "carol")}
    for m in list_mappings(b):
        assert m.note == f"imported from {tmp_path / 'out' / 'vocab.tsv'} (exported: {exported[m.everyday].who}, " \
                         f"{exported[m.everyday].when})" and m.when >= exported[m.everyday].when
    (tmp_path / "hand.tsv").write_text("staff\t医疗\t瞧病|看大夫\tmy note\n", encoding="utf-8")
    assert import_tsv(b, tmp_path / "hand.tsv", who="dan") == 2
    hand = f"my note · imported from {tmp_path / 'hand.tsv'}"
    assert {(m.everyday, m.who, m.note) for m in list_mappings(b)} >= {("瞧病", "dan", hand), ("看大夫", "dan", hand)}
    (tmp_path / "bad.tsv").write_text("# a comment\n\nstaff\t医疗\t问诊\tok\nstaff\t医疗\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv:4"):
        import_tsv(b, tmp_path / "bad.tsv", who="dan")
    assert len(list_mappings(b)) == 4  # nothing imported from the bad file


def test_review_queue_lists_refused_and_voted_down_questions_with_what_retrieval_finds(tmp_path, retriever):
    fb = FeedbackStore(tmp_path / "feedback.sqlite3")
    fb.record(question="坐地铁方便吗", answer="见〔第2条〕", citations=["t:2"], vote="up")
    fb.record(question="看牙去哪里", answer="决定中没有相关规定", citations=[], vote="up")
    fb.record(question="房租贵不贵", answer="见〔第3条〕", citations=["t:3"], vote="down")
    items = review_queue(fb, retriever, top_k=2)
    assert [(i.question, i.refused, i.vote) for i in items] == [("房租贵不贵", False, "down"), ("看牙去哪里", True, "up")]
    assert len(items[0].hits) == 2 and items[0].hits[0].rank == 1
    assert len(fb.rows()) == 3  # read only
    assert [i.question for i in review_queue(fb, retriever, limit=1)] == ["房租贵不贵"]


def test_review_queue_reads_only_the_rows_it_shows(tmp_path, retriever, monkeypatch):
    fb = FeedbackStore(tmp_path / "feedback.sqlite3")
    for i in range(40):
        fb.record(question=f"问题{i}", answer="决定中没有相关规定", citations=[], vote="up")
    monkeypatch.setattr(FeedbackStore, "rows", lambda self, **kw: pytest.fail("the queue read every vote"))
    searched = []
    real_search = retriever.search
    monkeypatch.setattr(retriever, "search", lambda q, **kw: searched.append(q) or real_search(q, **kw))
    items = review_queue(fb, retriever)
    assert len(items) == Settings().review_queue_items == 30 == len(searched)  # the default cap, one search each
    assert items[0].question == "问题39" and items[-1].question == "问题10"


def test_import_text_checks_official_words_names_the_line_and_reads_a_byte_order_mark(tmp_path, retriever):
    path = tmp_path / "v.json"
    text = "\ufeffdomain\tofficial\teveryday\tsource\n# kept out\nstaff\t医疗\t看牙\t\nstaff\t牙科诊所\t补牙\t\n"
    with pytest.raises(ValueError, match=r"mine.tsv:4: official word '牙科诊所' does not occur"):
        import_text(path, text, who="ann", corpus=retriever.corpus, where="mine.tsv")
    assert list_mappings(path) == []
    assert import_text(path, text.replace("牙科诊所", "医疗"), who="ann", corpus=retriever.corpus) == 2
    assert [(m.everyday, m.official, m.who) for m in list_mappings(path)] == [("看牙", "医疗", "ann"), ("补牙", "医疗", "ann")]
    assert tsv_text(path).splitlines()[1].startswith("staff\t医疗\t看牙\t{")


def test_an_import_passes_the_same_checks_as_adding_one(tmp_path, retriever):
    path = tmp_path / "v.json"
    forged = json.dumps({"who": "the director", "when": "1999-01-01T00:00:00+00:00", "note": "x" * 5000},
                        ensure_ascii=False)
    text = f"domain\tofficial\teveryday\tsource\nstaff\t医疗\t看牙\t{forged}\n"
    assert import_text(path, text, who="ann", where="forged.tsv") == 1
    [m] = list_mappings(path)
    assert m.who == "ann" and m.when > "2020"  # the importer, now: never whoever the file names
    assert len(m.note) == MAX_NOTE_CHARS and m.note.startswith("xxx")  # clipped like the page's 500
    same = "domain\tofficial\teveryday\tsource\n# a comment\nstaff\t医疗\t医疗\t\n"
    with pytest.raises(ValueError, match=r"same.tsv:3: everyday and official word are both '医疗'"):
        import_text(path, same, who="ann", where="same.tsv")
    with pytest.raises(ValueError, match="everyday and official word are both"):
        add_mapping(path, "医疗", "医疗", who="ann")
    assert list_mappings(path) == [m]  # nothing imported from the bad file
