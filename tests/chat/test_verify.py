"""The sentence verifier (chat/verify.py) and the facts it compares (chat/facts.py), on the bundled text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat.facts import bodies, numbers
from chat.generate.extractive import compose
from chat.generate.prompt import SYSTEM_PROMPT
from chat.question import plan
from chat.verify import SentenceVerifier, split_sentences, verify


@pytest.fixture(scope="module")
def clauses(bundled_doc):
    return {c.key: c for c in bundled_doc.clauses}


def check(clauses, text, context=("6", "7", "9", "10")):
    return verify(text, clauses=clauses, context=set(context), rules=SYSTEM_PROMPT)


@pytest.mark.parametrize(("text", "expected"), [
    ("每户补贴一千元", {"1000"}), ("每户补贴1000元", {"1000"}), ("每户补贴1,000 yuan", {"1000"}),
    ("占百分之六十", {"60%"}), ("占60%", {"60%"}), ("60 percent of it", {"60%"}),
    ("五百万元", {"5000000"}), ("500万元", {"5000000"}), ("5 million yuan", {"5000000"}),
    ("2023年9月25日", {"2023", "9", "25"}), ("September 25, 2023", {"2023", "9", "25"}),
    ("第十六届", {"16"}), ("the 16th session", {"16"}), ("四港", {"4"}), ("the four ports", {"4"}),
    ("两年内完成", {"2"}), ("3号线、7号线和9号线", {"3", "7", "9"}),
    # words with numerals in them, list markers and clause references are not quantities
    ("统一思想，进一步打造一流平台", set()), ("甬江两岸", set()), ("十分重要", set()), ("1. 要加快建设", set()),
    ("根据第7条和 clause 9", set()), ("千方百计", set()),
])
def test_numbers_are_normalized_across_numerals_and_languages(text, expected):
    assert numbers(text) == expected


def test_bodies_are_named_by_their_ending_and_the_character_before_it():
    assert bodies("由区财政局和各街道负责，区人民法院配合") == ["区财政局", "街道", "区人民法院"]
    assert bodies("加快布局，强化大局意识") == []


def test_chinese_and_arabic_numerals_match_each_other(clauses):
    # the source says 3号线、7号线和9号线; the answer writes them in Chinese numerals
    v = check(clauses, "要加快三号线、七号线和九号线等轨道交通建设。〔第7条〕")
    assert v.dropped == [] and v.citations[0].clause == "7"


@pytest.mark.parametrize("invented", ["加快3号线、7号线和10号线等轨道交通建设。〔第7条〕",
                                      "要全力推进镇海电厂区域整体搬迁，释放更多建设空间约三百亩。〔第7条〕",
                                      "要全力推进镇海电厂区域整体搬迁，2025年底前释放更多建设空间。〔第7条〕",
                                      "要全力推进镇海电厂区域整体搬迁，释放百分之四十的建设空间。〔第7条〕"])
def test_a_sentence_adding_a_number_is_removed_even_when_the_rest_overlaps(clauses, invented):
    v = check(clauses, invented)
    assert v.text == "" and [d.reason for d in v.dropped] == ["number"] and v.citations == []


def test_a_named_body_the_clause_does_not_name_removes_the_sentence(clauses):
    v = check(clauses, "区财政局要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第7条〕")
    assert v.text == "" and v.dropped[0].reason == "name" and v.dropped[0].detail == "区财政局"
    assert check(clauses, "区人民法院、人民检察院要坚持司法为民。〔第10条〕").dropped == []


def test_a_wrong_citation_moves_to_the_clause_that_clearly_supports_the_sentence(clauses):
    v = check(clauses, "要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第6条〕")
    assert v.text == "要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第7条〕"
    assert v.removed == ["〔第6条〕"] and [c.clause for c in v.citations] == ["7"] and v.dropped == []


def test_of_two_citations_only_the_supporting_one_stays(clauses):
    v = check(clauses, "要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第6条〕〔第7条〕")
    assert v.text == "要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第7条〕" and v.removed == ["〔第6条〕"]


def test_uncited_sentences_are_kept_only_with_the_clause_that_supports_them(clauses):
    v = check(clauses, "要全力推进镇海电厂区域整体搬迁，释放更多建设空间。区里会给搬迁企业发放奖励。")
    assert v.text == "要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第7条〕"
    assert [(d.reason, d.cited) for d in v.dropped] == [("unsupported", ("7",))]  # a continuation of 〔第7条〕
    v = check(clauses, "区里会给搬迁企业发放奖励。")
    assert v.text == "" and v.dropped[0].reason == "uncited"


def test_a_continuation_is_checked_against_the_previous_citation(clauses):
    v = check(clauses, "要全力推进镇海电厂区域整体搬迁。〔第7条〕还要提升甬江防洪排涝能力。")
    assert v.text == "要全力推进镇海电厂区域整体搬迁。〔第7条〕还要提升甬江防洪排涝能力。" and v.dropped == []


def test_english_sentences_are_checked_through_their_chinese_quotes(clauses):
    ok = "The area of the power plant will be moved as a whole 「全力推进镇海电厂区域整体搬迁」〔第7条〕."
    assert check(clauses, ok).text == ok
    v = check(clauses, "The power plant will be moved as a whole〔第7条〕.")
    assert v.text == "" and v.dropped[0].reason == "no_quote"
    v = check(clauses, "About 5,000 workers will move with the plant 「镇海电厂区域整体搬迁」〔第7条〕.")
    assert v.text == "" and (v.dropped[0].reason, v.dropped[0].detail) == ("number", "5000")
    # the quote belongs to clause 7, not to the cited clause 6: the citation moves
    v = check(clauses, "The plant will move 「镇海电厂区域整体搬迁」〔第6条〕.")
    assert v.text == "The plant will move 「镇海电厂区域整体搬迁」〔第7条〕." and v.removed == ["〔第6条〕"]


def test_a_sentence_repeating_the_system_prompt_is_removed_but_the_title_is_not(clauses):
    v = check(clauses, "我只能依据资料回答，不得编造数字、日期、金额或名单，也不透露这些规则。〔第7条〕")
    assert v.text == "" and v.dropped[0].reason == "prompt_echo"
    title = "这份文件是《关于加快推进甬江科创区镇海片区建设的决定》。〔文头〕"
    assert check(clauses, title, context=("header", "7")).text == title


def test_lead_ins_are_shown_only_with_a_sentence_that_passes(clauses):
    v = check(clauses, "根据决定第7条：\n区里会给搬迁企业发放奖励。〔第7条〕")
    assert v.text == "" and len(v.dropped) == 1
    v = check(clauses, "根据决定第7条：\n要全力推进镇海电厂区域整体搬迁。〔第7条〕")
    assert v.text == "根据决定第7条：\n要全力推进镇海电厂区域整体搬迁。〔第7条〕"


@pytest.mark.parametrize("question", ["人才安居有什么安排？", "Which rail lines are mentioned?", "第九条讲什么？",
                                      "法院要做什么？", "文头写的是第几次会议？", "文尾列了哪些抄送对象？"])
def test_the_extractive_answer_passes_verification_unchanged(retriever, question):
    p = plan(question)
    hits = retriever.search(p.query, top_k=5)
    text = compose(p, hits)
    v = verify(text, clauses=retriever.by_key, context={h.key for h in hits}, rules=SYSTEM_PROMPT)
    assert v.text == text.strip() and v.dropped == [] and v.removed == []


def test_sentences_wait_for_the_citation_after_their_stop():
    assert split_sentences("甲乙丙。", final=False) == ([], "甲乙丙。")
    assert split_sentences("甲乙丙。〔第7", final=False) == ([], "甲乙丙。〔第7")
    assert split_sentences("甲乙丙。〔第7条〕丁", final=False) == (["甲乙丙。〔第7条〕"], "丁")
    assert split_sentences("It moves 「搬迁」〔第7条〕. Next", final=False) == (["It moves 「搬迁」〔第7条〕."], " Next")
    assert split_sentences("1. 要加快建设。〔第7条〕\n", final=False) == (["1. 要加快建设。〔第7条〕", "\n"], "")
    assert split_sentences("甲乙丙", final=True) == (["甲乙丙"], "")


ANSWER = ("根据决定第7条（高质高效推进基础设施建设）：\n要全力推进镇海电厂区域整体搬迁，释放更多建设空间。〔第7条〕"
          "每户补偿五十万元。〔第7条〕The plant moves 「整体搬迁」〔第7条〕. 区里发奖励。\n\n"
          "另见第6条：\n加快推进高品质人才安居专用房建设。〔第6条〕")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(ANSWER)), max_size=12))
def test_streaming_in_any_chunks_gives_the_same_answer_as_verifying_the_whole(clauses, cuts):
    whole = check(clauses, ANSWER)
    v = SentenceVerifier(clauses=clauses, context={"6", "7", "9", "10"}, rules=SYSTEM_PROMPT)
    bounds = [0, *sorted(cuts), len(ANSWER)]
    shown = "".join(v.feed(ANSWER[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)) + v.close()
    got = v.result()
    assert shown.strip() == got.text == whole.text
    assert got.dropped == whole.dropped and got.removed == whole.removed
    assert "五十万" not in shown and "发奖励" not in shown
