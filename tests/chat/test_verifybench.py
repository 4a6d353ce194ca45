"""The verification benchmark's scoring and its file, and a short real replay through the local server."""

import pytest

from eval.verifybench import (
    DEFAULT_ANSWERS,
    EXPECT,
    Scripted,
    ScriptedSentence,
    load_answers,
    run,
    score,
    summarize,
)


def scripted(*sentences):
    return Scripted("t1", "test", "q", tuple(ScriptedSentence(*s) for s in sentences))


def test_a_planted_error_counts_as_caught_only_if_no_shown_text_contains_it():
    a = scripted(("要全力推进镇海电厂区域整体搬迁。〔第7条〕", "keep"), ("每户补偿五十万元。〔第7条〕", "number"),
                 ("还要提升甬江防洪排涝能力。〔第6条〕", "wrong_clause", "第6条"))
    # the number was streamed once, then dropped from the final text: it was shown, so not caught
    streamed = ["要全力推进镇海电厂区域整体搬迁。〔第7条〕每户补偿五十万元。〔第7条〕"]
    final = "要全力推进镇海电厂区域整体搬迁。〔第7条〕还要提升甬江防洪排涝能力。〔第7条〕"
    keep, number, wrong = score(a, streamed + [final])
    assert keep.intact and not number.caught and wrong.caught  # the citation moved to the right clause
    keep, number, wrong = score(a, ["要全力推进镇海电厂区域整体搬迁。还要提升甬江防洪排涝能力。〔第6条〕"])
    assert keep.shown and not keep.intact and number.caught and not wrong.caught
    s = summarize([keep, number, wrong], [0.1], [0.1])
    assert (s["caught"], s["planted"], s["kept"], s["correct"]) == (1, 2, 0, 1)
    assert s["precision"] == 0.5 and s["recall"] == 0.5


def test_the_bundled_answer_file_has_every_kind_of_planted_error(tmp_path):
    answers = load_answers(DEFAULT_ANSWERS)
    kinds = {s.expect for a in answers for s in a.sentences}
    assert len(answers) >= 60 and kinds == set(EXPECT)
    assert all(s.wrong for a in answers for s in a.sentences if s.expect == "wrong_clause")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('# comment\n{"id": "x", "question": "q", "sentences": [{"text": "t", "expect": "maybe"}]}\n',
                   encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: .*expect must be one of"):
        load_answers(bad)


def test_a_short_replay_through_the_real_server_and_pipeline(retriever):
    answers = [a for a in load_answers(DEFAULT_ANSWERS) if a.id in ("v001", "v015", "v058")]
    result = run(answers, retriever=retriever)
    by = {(o.answer, o.expect): o for o in result["outcomes"]}
    assert by[("v001", "number")].caught and by[("v001", "keep")].intact
    assert by[("v015", "wrong_clause")].caught
    assert not by[("v058", "keep_en")].intact  # "four words": a number the clause does not state
    assert len(result["alone_ms"]) == 3 and all(ms > 0 for ms in result["alone_ms"])
