import json

import pytest

from chat.cli import main
from eval import QuestionFileError, load_questions
from eval.questions import Question

KNOWN = {"header", "preamble", "footer", *map(str, range(1, 12))}


def _write(tmp_path, lines, name="q.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bundled_question_sets_follow_the_contract():
    from importlib import resources

    total = []
    for split in ("dev", "trust-dev", "everyday-dev", "heldout", "everyday-heldout"):
        qs = load_questions(resources.files("eval") / "data" / f"{split}.jsonl", known_clauses=KNOWN)
        total += qs
    assert len(total) >= 150
    assert sum(not q.answerable for q in total) >= 25
    assert sum(q.question.isascii() for q in total) >= 20
    for clause in map(str, range(1, 12)):
        assert sum(clause in q.clauses for q in total if q.answerable) >= 8, clause
    assert {"header", "footer"} <= {c for q in total for c in q.clauses}
    assert any(q.follow_up_of for q in total) and any(len(q.clauses) >= 2 for q in total if q.answerable)


def test_blank_and_comment_lines_are_skipped_and_extra_fields_kept(tmp_path):
    path = _write(tmp_path, ["# a comment", "", '{"id": "a", "question": "沿江大道？", "clauses": ["7"], "answerable": true, "note": "x"}'])
    [q] = load_questions(path, known_clauses=KNOWN)
    assert q == Question("a", "沿江大道？", ("7",), True) and q.extra == {"note": "x"}


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "a", "question": "q", "clauses": ["7"]', "q.jsonl:2: not valid JSON"),
        ('{"id": "a", "clauses": ["7"], "answerable": true}', "q.jsonl:2: missing field 'question'"),
        ('{"id": "a", "question": "q", "clauses": "7", "answerable": true}', "q.jsonl:2: field 'clauses' must be a list"),
        ('{"id": "a", "question": "q", "clauses": ["第7条"], "answerable": true}', "q.jsonl:2: clause ID '第7条' does not exist"),
        ('{"id": "a", "question": "q", "clauses": [], "answerable": true}', "needs at least one gold clause"),
        ('[1, 2]', "must be a JSON object"),
    ],
)
def test_malformed_lines_name_the_file_and_line(tmp_path, line, message):
    path = _write(tmp_path, ["# header", line])
    with pytest.raises(QuestionFileError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_questions(path, known_clauses=KNOWN)


def test_empty_missing_and_duplicate(tmp_path):
    with pytest.raises(QuestionFileError, match="contains no questions"):
        load_questions(_write(tmp_path, ["# nothing", ""]))
    with pytest.raises(QuestionFileError, match="no such question file"):
        load_questions(tmp_path / "missing.jsonl")
    line = '{"id": "a", "question": "q", "clauses": ["7"], "answerable": true}'
    with pytest.raises(QuestionFileError, match="q.jsonl:2: id 'a' already used on line 1"):
        load_questions(_write(tmp_path, [line, line]))


def test_eval_cli_end_to_end_on_five_questions(tmp_path, capsys, home_with_index):
    path = _write(tmp_path, [
        json.dumps({"id": "x1", "question": "镇海电厂那片会整个搬掉吗？", "clauses": ["7"], "answerable": True}, ensure_ascii=False),
        json.dumps({"id": "x2", "question": "区人民法院要做什么？", "clauses": ["10"], "answerable": True}, ensure_ascii=False),
        json.dumps({"id": "x3", "question": "那区人民检察院呢？", "clauses": ["10"], "answerable": True, "follow_up_of": "x2"}, ensure_ascii=False),
        json.dumps({"id": "x4", "question": "Who is in charge of supervising implementation?", "clauses": ["10", "11"], "answerable": True}),
        json.dumps({"id": "x5", "question": "人才公寓一个月房租大概多少？", "clauses": ["6"], "answerable": False}, ensure_ascii=False),
    ])
    out = tmp_path / "out"
    assert main(["eval", "--questions", str(path), "--out", str(out), "--compare"]) == 0
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert set(result) >= {"config", "n_questions", "n_answerable", "retrieval", "answers", "latency_ms", "per_question"}
    assert result["n_questions"] == 5 and result["n_answerable"] == 4
    assert set(result["retrieval"]) == {"recall@1", "recall@3", "recall@5", "mrr", "ndcg@5"}
    assert set(result["answers"]) >= {"answered_rate", "refusal_accuracy", "citation_valid_rate", "citation_hit_rate",
                                      "confidently_wrong", "facts_hit", "doc_hit"}
    assert set(result["latency_ms"]) == {"retrieve_p50", "retrieve_p95", "answer_p50", "answer_p95"}
    # (citation_valid_rate is 1.0 by construction here: the verifier drops citations outside the context;
    # tests/eval/test_metrics.py checks the metric on rows where it is not)
    assert result["answers"]["refusal_accuracy"] == 1.0
    first = result["per_question"][0]
    assert first["id"] == "x1" and first["ranked"][0] == "7" and first["cited"][0] == "7" and not first["refused"]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| recall@1 |" in report and "chatchat-reference" in report and "| hybrid |" in report
    assert result["by_kind"]["-"]["n_answerable"] == 4  # the five questions have no kind: one group, answerable only
    compare = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in compare][-1] == "chatchat-reference" and all("by_kind" in c for c in compare)
    assert "per question kind" in report
    for png in ("recall_at_k.png", "latency.png"):
        assert (out / png).read_bytes()[:4] == b"\x89PNG"
    assert "recall@1" in capsys.readouterr().out


def test_a_rate_over_no_questions_is_printed_as_a_dash_not_zero(tmp_path, capsys, home_with_index):
    """A set with only answerable questions has no refusal accuracy: the summary line and the report say "–", where
    0.000 would read as every refusal wrong; result.json keeps the number the format fixes."""
    path = _write(tmp_path, [
        json.dumps({"id": "y1", "question": "区人民法院要做什么？", "clauses": ["10"], "answerable": True}, ensure_ascii=False),
        json.dumps({"id": "y2", "question": "镇海电厂那片会整个搬掉吗？", "clauses": ["7"], "answerable": True}, ensure_ascii=False),
    ])
    assert main(["eval", "--questions", str(path), "--out", str(tmp_path / "o"), "--compare"]) == 0
    assert "refusal_acc –" in capsys.readouterr().out
    report = (tmp_path / "o" / "report.md").read_text(encoding="utf-8")
    assert "| refusal_accuracy | – (no such questions) |" in report
    assert "| refusal_accuracy | 0.000" not in report
    hybrid = next(line for line in report.splitlines() if line.startswith("| hybrid |"))  # the side-by-side row
    assert hybrid.split(" | ")[-2] == "–"  # its refusal accuracy column


def test_eval_cli_bad_file_is_a_one_line_error(tmp_path, capsys, home_with_index):
    path = _write(tmp_path, ['{"id": "a", "question": "q", "clauses": ["12"], "answerable": true}'])
    assert main(["eval", "--questions", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "q.jsonl:1: clause ID '12' does not exist" in err and err.count("\n") == 1


def test_unknown_ids_may_be_counted_as_misses_instead_of_stopping_the_run(tmp_path, capsys, home_with_index):
    """A set written against another segmentation runs with --unknown-ids miss: the ID that does not exist is
    kept (it can never be hit), listed per question and on stderr; the default still stops on it."""
    path = _write(tmp_path, [
        json.dumps({"id": "k1", "question": "镇海电厂那片会整个搬掉吗？", "clauses": ["7", "12"], "answerable": True}, ensure_ascii=False),
        json.dumps({"id": "k2", "question": "区人民法院要做什么？", "clauses": ["附件:3"], "answerable": True}, ensure_ascii=False),
    ])
    [k1, k2] = load_questions(path, known_clauses=KNOWN, unknown_ids="miss")
    assert k1.clauses == ("7", "12") and k1.extra["unknown_gold"] == ["12"]
    assert k2.clauses == ("附件:3",) and k2.extra["unknown_gold"] == ["附件:3"]
    with pytest.raises(ValueError, match="unknown_ids must be one of"):
        load_questions(path, known_clauses=KNOWN, unknown_ids="skip")
    out = tmp_path / "out"
    assert main(["eval", "--questions", str(path), "--out", str(out)]) == 2
    assert "--unknown-ids miss" in capsys.readouterr().err
    assert main(["eval", "--questions", str(path), "--out", str(out), "--unknown-ids", "miss"]) == 0
    assert "2 question(s) name 2 clause ID(s) the index does not have" in capsys.readouterr().err
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in result["per_question"]}
    assert rows["k1"]["rank"] == 1 and rows["k2"]["rank"] is None and rows["k2"]["unknown_gold"] == ["附件:3"]
    assert result["retrieval"]["recall@5"] == 0.5  # the question whose only gold is unknown is a miss
    # … and its answer is not judged wrong: the other question is answered right, so nothing is confidently wrong
    assert not rows["k2"]["refused"] and not rows["k2"]["confidently_wrong"]
    assert result["answers"]["confidently_wrong"] == 0.0 and result["answers"]["citation_hit_rate"] == 1.0


def test_an_issued_documents_articles_may_be_named_without_the_attachment_prefix(tmp_path):
    """A notice that issues a 办法 prints it after its signature: the parser files its articles under 附件:,
    a question writer numbers them as printed. The file's ID stands for that unit; the written one is kept."""
    from pathlib import Path

    from ingest.parser import parse_document

    source = Path(__file__).parents[1] / "data" / "notice-geshui-fujia.txt"
    doc = parse_document(source.read_text(encoding="utf-8"), doc_id="geshui")
    known = {f"geshui:{c.clause_id}" for c in doc.clauses}
    assert "geshui:10" not in known and "geshui:附件:10" in known
    path = _write(tmp_path, ['{"id": "a", "question": "q", "clauses": ["geshui:10", "geshui:p1"], "answerable": true}'])
    [q] = load_questions(path, known_clauses=known)
    assert q.clauses == ("geshui:附件:10", "geshui:p1")
    assert q.extra["gold_as_written"] == ["geshui:10", "geshui:p1"]


@pytest.mark.parametrize(
    "gold, known, expected",
    [
        ("d:三（四）", {"d:三", "d:二"}, ("d:三",)),  # finer than the parser cut: the unit containing it, kept whole
        ("d:一", {"d:附件1:一1", "d:附件1:一2", "d:附件1:二"}, ("d:附件1:一1", "d:附件1:一2")),  # coarser: the units inside
        ("d:二", {"d:二", "d:附件:二"}, ("d:二",)),  # a unit the parser produces is taken as written
        ("d:附件:三（一）", {"d:三", "d:附件:三"}, ("d:附件:三",)),  # a named attachment stays in that attachment
        ("d:四（二）", {"d:四", "d:附件:四（二）"}, ("d:附件:四（二）",)),  # the printed unit itself wins over a container
        # a unit the parser cut into parts: its lead-in and every part of it (not a sibling, not the part above)
        ("d:五（三）", {"d:五", "d:五（三）", "d:五（三）1", "d:五（三）2", "d:五（四）", "d:五（四）1"},
         ("d:五（三）", "d:五（三）1", "d:五（三）2")),
        ("d:1", {"d:1", "d:10", "d:11"}, ("d:1",)),  # article 10 is no part of article 1
    ],
)
def test_a_gold_id_stands_for_the_units_that_contain_it_or_lie_inside_it(tmp_path, gold, known, expected):
    path = _write(tmp_path, [json.dumps({"id": "a", "question": "q", "clauses": [gold], "answerable": True})])
    [q] = load_questions(path, known_clauses=known)
    assert q.clauses == expected


@pytest.mark.parametrize(
    "gold, known",
    [
        ("d:二", {"d:附件1:二", "d:附件2:二"}),  # two attachments have it: ambiguous
        ("d:3", {"d:30", "d:31"}),  # article 3 is not a part of article 30
        ("e:三", {"d:三"}),  # another document's unit never stands in
        ("d:header", {"d:附件:header"}),  # an attachment's head is not the notice's
        ("d:三（四）", {"d:三", "d:三1", "d:三2"}),  # 三 was cut into parts: the part left as 三 is only a lead-in
        ("d:二（一）", {"d:二", "d:附件:二"}),  # the main text and the attachment both keep a 二 whole: ambiguous
        ("d::三", {"d:三"}),  # malformed
        ("d:三（四）（五）", {"d:三"}),  # no numbering has two bracketed levels in a row
    ],
)
def test_an_unknown_id_with_no_single_stand_in_is_still_an_error(tmp_path, gold, known):
    path = _write(tmp_path, [json.dumps({"id": "a", "question": "q", "clauses": [gold], "answerable": True})])
    with pytest.raises(QuestionFileError, match=f"clause ID '{gold}' does not exist"):
        load_questions(path, known_clauses=known)
