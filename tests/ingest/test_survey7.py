"""The parser on a seventh set of public documents (tests/data/survey7/, see tests/data/README.md): shapes
the earlier sets lacked. Ids are hand-checked; each test names the general cause it guards."""

from ingest.text import clean

from .surveys import by_id, survey_doc


def _doc(name: str):
    return survey_doc("survey7", name)


def test_clean_is_idempotent_when_a_bracket_repair_makes_punctuation_touch_chinese():
    """…类目); on a page with half-width punctuation: the bracket becomes （…） only after the ; was looked at,
    so a second clean turned ; into ； and coverage (which cleans a paragraph again) refused the document."""
    once = clean("3.须提供所学专业课程详细类目(须提供材料);")
    assert once == "3.须提供所学专业课程详细类目（须提供材料）；"
    assert clean(once) == once
    doc = _doc("recruit-jiashan-jiaoshi")
    by = by_id(doc)
    assert [c.clause_id for c in doc.clauses] == ["preamble", "一1", "一2"] + [f"二（一）{n}" for n in range(1, 6)]
    assert by["二（一）4"].text == "年龄在38周岁以下（即1987年12月27日以后出生）；"
    assert by["二（一）5"].text.endswith("(5)应聘人员不得报考聘用后即构成回避关系的招聘岗位；")
    assert doc.coverage == 1.0


def test_an_unnumbered_announcement_is_named_after_the_interpretation_it_promulgates():
    """最高人民法院 最高人民检察院公告 (no 第…号) ⏎ 《…的解释》已于…通过，现予公布: a reader asks about the 解释, cited by
    its own number 法释〔2024〕13号, not about a 公告 titled only by its issuers."""
    doc = _doc("interp-juzhi-zhixing")
    assert doc.meta.title == "最高人民法院最高人民检察院关于办理拒不执行判决、裁定刑事案件适用法律若干问题的解释"
    assert doc.meta.doc_number == "法释〔2024〕13号"
    assert doc.meta.signed_date == "2024年10月30日"
    ids = [c.clause_id for c in doc.clauses]
    assert ids == ["header", "p1", "footer", "附件:header", "附件:preamble"] + [
        f"附件:{n}" for n in (1, 2, 3, 5, 6, 14, 15, 16)]
    assert by_id(doc)["附件:6"].text.endswith("\n前款所指诉讼开始后，一般是指被告接到人民法院应诉通知后。")
    assert doc.coverage == 1.0


def test_clean_is_idempotent_on_any_mix_of_chinese_latin_spaces_and_punctuation():
    """Every repair of clean() (spaces beside Chinese, half-width punctuation and brackets in Chinese text) can
    enable another; coverage cleans a paragraph a second time, so a second clean must change nothing."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(["类目", "中文", "ab", "x", " ", "  ", "(", ")", ";", ",", ":", "?", "!", "（", "）", "|", "1."])

    @settings(max_examples=2000, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def check(text):
        once = clean(text)
        assert clean(once) == once, (text, once)

    check()
    assert clean("3.须提供所学专业课程详细类目(须提供材料) ;") == "3.须提供所学专业课程详细类目（须提供材料）；"
