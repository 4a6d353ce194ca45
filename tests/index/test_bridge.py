"""The dictionary bridge: English words and Chinese words the text does not use, mapped onto the text."""

import pytest

import index
from index.bridge import Bridge, normalize

from .conftest import HashingEmbedder

CORPUS = ["加快轨道交通建设，推进港口和码头改造。", "庄市街道要加强知识产权保护。", "作出如下决定：支持人才。"]


@pytest.fixture(scope="module")
def bridge():
    return Bridge.build(CORPUS, terms=["庄市街道"])


def test_english_words_reach_the_chinese_words_whose_senses_contain_them(bridge):
    t = bridge.translate("Where is the new metro line?")
    assert "轨道交通" in t  # CC-CEDICT: 轨道交通 /metro/rapid transit/subway/
    t = bridge.translate("protection of intellectual property")
    assert {"知识产权", "保护"} <= set(t)
    assert all(0 < w <= 1 for w in t.values())


def test_word_forms_share_one_key():
    assert normalize("ports") == normalize("port")
    assert normalize("sent") == normalize("send")
    assert normalize("industries") == normalize("industry")


def test_a_verb_in_a_sense_is_read_in_its_base_form():
    from index.bridge import sense_keys

    assert sense_keys("to found") == ["found"] and normalize("found") == normalize("find")  # 创建: not "find"
    assert sense_keys("ports") == [normalize("port")]  # a noun is still lemmatized
    b = Bridge.build(["要创建一流平台。"])
    assert "创建" not in b.translate("where can I find bread") and "创建" in b.translate("who founded the platform")


def test_a_name_with_no_translation_is_matched_by_its_pinyin(bridge):
    assert bridge.translate("Zhuangshijiedao") == {"庄市街道": 1.0}  # a corpus term
    assert bridge.translate("Zhuangshi").get("庄市") == 1.0  # a word of jieba's cut


def test_chinese_word_absent_from_the_text_reaches_a_synonym_present_in_it(bridge):
    t = bridge.translate("坐地铁方便吗", tokens=["坐", "地铁", "方便"], known={"方便"})
    assert "轨道交通" in t  # both have the sense "subway"
    assert bridge.translate("坐轨道交通", tokens=["轨道交通"], known={"轨道交通"}) == {}


def test_words_that_name_the_document_itself_are_not_translated(bridge):
    assert "决定" not in bridge.words
    assert bridge.translate("the resolution") == {}


def test_tokens_are_every_dictionary_word_contained(bridge):
    toks = bridge.tokens("知识产权保护")
    assert {"知识产权", "保护"} <= set(toks)
    assert bridge.tokens("") == []


def test_round_trip_through_json(bridge):
    import json

    again = Bridge.from_dict(json.loads(json.dumps(bridge.to_dict(), ensure_ascii=False)))
    assert again.translate("metro") == bridge.translate("metro")
    assert again.tokens("轨道交通") == bridge.tokens("轨道交通")


@pytest.fixture(scope="module")
def hashing_retriever(bundled_doc):
    emb = HashingEmbedder()
    return index.Retriever(index.build(list(bundled_doc.clauses), embedder=emb), embedder=emb)


@pytest.mark.parametrize(
    ("question", "expected"),
    [("metro lines and cross-river bridges", "7"), ("intellectual property protection", "8"),
     ("courts and procuratorates", "10")],
)
def test_english_questions_find_their_clause_by_lexical_search_alone(hashing_retriever, question, expected):
    assert hashing_retriever.search(question, top_k=1, mode="bm25")[0].key == expected


def test_sentence_strength_adds_the_relative_lexical_score_to_the_cosine(bundled_doc):
    from index.retrieve import LEXICAL_BONUS, Hit

    clause = next(c for c in bundled_doc.clauses if c.clause_id == "7")
    n = len(clause.sentences)
    dense = tuple(0.90 if i == 0 else 0.89 for i in range(n))
    lexical = tuple(4.0 if i == 1 else 0.0 for i in range(n))
    hit = Hit(clause=clause, score=1.0, rank=1, dense=0.9, lexical=4.0, sentence_scores=dense, sentence_lexical=lexical)
    strength = hit.sentence_strength()
    assert strength[1] == pytest.approx(0.89 + LEXICAL_BONUS) and strength[0] == pytest.approx(0.90)
    assert max(range(n), key=strength.__getitem__) == 1
    no_lexical = Hit(clause=clause, score=1.0, rank=1, dense=0.9, lexical=0.0, sentence_scores=dense)
    assert no_lexical.sentence_strength() == list(dense)


def test_english_words_the_documents_do_not_use_reach_the_concept_vocabulary():
    """patents has no translation into a text that says 知识产权; through its dictionary term 专利 the
    concept vocabulary takes it there. A word the text translates (protection → 保护) is left alone."""
    b = Bridge.build(["加强知识产权保护。"], vocabulary_terms={"专利", "知识产权", "保护"})
    assert "专利" in b.english_terms["patent"]
    assert b.english_vocabulary_text("Any rules on patents?") == "专利"
    assert b.english_vocabulary_text("Is there any protection?") == ""
    assert b.english_vocabulary_text("专利保护") == ""  # Chinese queries use the vocabulary directly
    assert b.english_vocabulary_text("有没有关于patents的规定？") == "专利"  # … and their English words
    assert Bridge.from_dict(b.to_dict()).english_terms == b.english_terms


def test_english_words_in_a_chinese_question_are_translated():
    b = Bridge.build(["加强知识产权保护，建设国际学校。"])
    assert "保护" in b.translate("有没有protection的规定？")
    assert "学校" in b.translate("片区里有没有international school？")
    assert "保护" not in b.translate("有没有这方面的规定？", ["这方面", "规定"])  # the English word brought 保护


def test_the_supplement_gives_english_names_of_state_bodies_cc_cedict_lacks():
    from index.bridge import Bridge, cedict_entries

    words = {w for w, _, _ in cedict_entries()}
    assert "监察委员会" in words and "人民检察院" in words  # from index/data/cedict-supplement.u8
    b = Bridge.build(["区监察委员会要加强监督检查。区人民检察院要依法履职。"])
    assert "监察委员会" in b.translate("duties of a district supervisory commission")
    assert "人民检察院" in b.translate("What must the people's procuratorate do?")



def test_a_changed_supplement_makes_the_index_out_of_date(monkeypatch):
    import index.store as store

    before = store.vocabulary_hash()
    monkeypatch.setattr(store, "supplement_text", lambda: "測試 测试 [ce4 shi4] /test entry/\n")
    assert store.vocabulary_hash() != before


def test_two_english_words_make_a_compound_the_text_uses_that_no_dictionary_lists():
    # 三港 is nowhere in CC-CEDICT: "three ports" reaches it through 三 and 港, each the sure sense of one word
    b = Bridge.build(["要建设科学港、人才港、总部港“三港”。", "要加强投资，投放资源。"])
    vocab = {"三港", "投资", "投放", "资源", "建设"}
    assert b.compounds("What are the three ports?", vocab) == {"three": ["三港"], "ports": ["三港"]}
    assert b.translate("What are the three ports?", known=vocab).get("三港") == 1.0
    # a compound the dictionary lists has senses of its own: 投资 is "investment", not "send money"
    assert b.english[normalize("send")].get("投") == 1.0 and b.english[normalize("money")].get("资") == 1.0
    assert b.compounds("How can I send money?", vocab) == {}
    assert b.compounds("the three ports", set()) == {}  # only words the text uses
