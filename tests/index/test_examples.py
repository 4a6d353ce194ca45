"""Example questions (相似问) beside clauses: reading and checking them, and what they do to retrieval."""

import pytest

import index
from index.examples import (
    MAX_CHARS,
    ExampleQuestion,
    bundled_examples,
    check_question,
    parse_examples,
    read_staff_examples,
    write_staff_examples,
)
from ingest import BUNDLED_DOC_ID, Clause

TINY = [
    "加强医疗卫生服务，建设社区卫生服务中心。",
    "推进轨道交通建设，优化公交线路。",
    "完善人才安居政策，建设人才公寓。",
    "健全知识产权保护体系，提升审判质量。",
]


def tiny_clauses(doc_id="t"):
    return [Clause(doc_id=doc_id, clause_id=str(i), text=t, sentences=(t,), span=(0, len(t)), order=i)
            for i, t in enumerate(TINY, start=1)]


def test_parse_keys_by_document_and_names_file_and_line_of_a_bad_line():
    text = "# comment\n2\t上班路上堵不堵，出门方便吗？\n\n3\t刚毕业的年轻人有地方住吗？\n"
    got = parse_examples(text, "t", bundled_doc=BUNDLED_DOC_ID, where="t.tsv")
    assert [(e.clause, e.question) for e in got] == [("t:2", "上班路上堵不堵，出门方便吗？"), ("t:3", "刚毕业的年轻人有地方住吗？")]
    assert parse_examples("7\t坐地铁方便吗？", BUNDLED_DOC_ID, bundled_doc=BUNDLED_DOC_ID)[0].clause == "7"
    with pytest.raises(ValueError, match=r"t.tsv:2: expected two tab-separated columns"):
        parse_examples("1\t看病方便吗？\n1 看病方便吗？\n", "t", bundled_doc=BUNDLED_DOC_ID, where="t.tsv")
    with pytest.raises(ValueError, match=r"t.tsv:1: .*must be 4–120 characters"):
        parse_examples("1\t看病\n", "t", bundled_doc=BUNDLED_DOC_ID, where="t.tsv")
    with pytest.raises(ValueError, match="characters long"):
        check_question("问" * (MAX_CHARS + 1))


def test_bundled_examples_exist_for_every_clause_of_the_resolution_only():
    from ingest import all_clauses, bundled_path, ingest_batch

    keys = {c.key for c in all_clauses(ingest_batch([bundled_path()]).documents)}
    got = bundled_examples([BUNDLED_DOC_ID, "law-xingzheng-chufa"], bundled_doc=BUNDLED_DOC_ID)
    assert {e.clause for e in got} == keys  # every clause has some, and none names a clause that does not exist
    assert all(4 <= len(e.question) <= MAX_CHARS for e in got)


def test_staff_examples_file_round_trip_and_a_damaged_file_says_how_to_repair(tmp_path):
    rows = [ExampleQuestion("t:1", "牙疼去哪看？", "ann", "2026-11-30T00:00:00+00:00", "from a thumbs-down")]
    write_staff_examples(tmp_path / "e.json", rows)
    assert read_staff_examples(tmp_path / "e.json") == rows
    assert read_staff_examples(tmp_path / "absent.json") == []
    (tmp_path / "bad.json").write_text('{"examples": [{"question": 1}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="not an example-questions file.*delete it"):
        read_staff_examples(tmp_path / "bad.json")


def test_a_staff_example_ranks_its_clause_first_without_re_embedding_and_can_be_removed(tmp_path, hashing_embedder):
    path = tmp_path / "examples.json"
    r = index.Retriever(index.build(tiny_clauses(), embedder=hashing_embedder), embedder=hashing_embedder,
                        examples_file=path)
    question = "晚上牙疼得睡不着怎么办"  # shares no word with any clause
    before = r.search(question, top_k=4, bridges=("examples", "staff"))
    assert before[0].example == ""
    calls = hashing_embedder.calls
    write_staff_examples(path, [ExampleQuestion("t:1", "牙疼得厉害去哪里看", "ann", "2026-11-30T00:00:00+00:00")])
    hits = r.search(question, top_k=4, bridges=("examples", "staff"))
    assert hits[0].key == "t:1" and hits[0].example == "牙疼得厉害去哪里看"
    assert hashing_embedder.calls == calls + 1  # the query only: nothing of the example was embedded
    old = before[[h.key for h in before].index("t:1")].coverage
    assert hits[0].coverage == old  # it shares 牙疼 only: ranking, but not evidence (EXAMPLE_COVERAGE)
    write_staff_examples(path, [ExampleQuestion("t:1", "晚上牙疼睡不着怎么办", "ann", "2026-11-30T00:00:00+00:00")])
    assert r.search(question, top_k=4, bridges=("examples", "staff"))[0].coverage > old  # it asks the same
    # without the examples bridge, or without the staff bridge that carries staff examples, nothing changes
    assert [h.key for h in r.search(question, top_k=4, bridges=("staff",))] == [h.key for h in before]
    assert r.search(question, top_k=1, bridges=("examples",))[0].example == ""
    write_staff_examples(path, [])
    assert r.search(question, top_k=1, bridges=("examples", "staff"))[0].example == ""


def test_examples_of_one_document_do_not_lift_it_over_another(tmp_path, hashing_embedder):
    clauses = [*tiny_clauses("a"), *tiny_clauses("b")]
    clauses = [Clause(doc_id=c.doc_id, clause_id=c.clause_id, text=c.text, sentences=c.sentences, span=c.span,
                      order=i) for i, c in enumerate(clauses)]
    path = tmp_path / "examples.json"
    r = index.Retriever(index.build(clauses, embedder=hashing_embedder), embedder=hashing_embedder, examples_file=path)
    question = "晚上牙疼得睡不着怎么办"
    before = r.search(question, top_k=8)
    assert before[0].clause.doc_id == "a"  # the first document's head start
    example = "牙疼得睡不着怎么办"
    write_staff_examples(path, [ExampleQuestion("b:1", example, "ann", "2026-11-30T00:00:00+00:00")])
    after = r.search(question, top_k=8)
    assert [(h.key, h.score) for h in after] == [(h.key, h.score) for h in before]  # b stays where it was
    # within the best-placed document an example reorders the clauses, its best score staying the same
    last_of_a = [h.key for h in before if h.clause.doc_id == "a"][-1]
    write_staff_examples(path, [ExampleQuestion(last_of_a, example, "ann", "2026-11-30T00:00:00+00:00")])
    moved = r.search(question, top_k=8)
    assert moved[0].key == last_of_a and moved[0].score == pytest.approx(before[0].score)


def test_reorder_best_document_moves_only_the_best_placed_documents_clauses_and_keeps_its_standing():
    import numpy as np

    from index.examples import reorder_best_document

    fused = np.array([2.0, 1.5, 1.9, 1.2], np.float32)
    doc = np.array([0, 0, 1, 1])
    examples = np.array([0.0, 3.0, 0.0, 5.0], np.float32)
    out = reorder_best_document(fused, examples, np.ones(4, bool), doc, weight=1.0)
    assert out[1] > out[0] and out.max() == fused.max()  # document 0's clauses swapped, its best score kept
    assert out[2] == fused[2] and out[3] == fused[3]  # document 1 is not the best placed: unchanged
    assert (reorder_best_document(fused, examples, np.ones(4, bool), doc, weight=0.0) == fused).all()
    assert (reorder_best_document(fused, np.zeros(4, np.float32), np.ones(4, bool), doc, weight=1.0) == fused).all()


def test_a_staff_example_of_a_clause_that_changed_is_no_longer_used(tmp_path, hashing_embedder):
    from index.examples import text_hash

    path = tmp_path / "examples.json"
    r = index.Retriever(index.build(tiny_clauses(), embedder=hashing_embedder), embedder=hashing_embedder,
                        examples_file=path)
    question = "晚上牙疼得睡不着怎么办"
    current = ExampleQuestion("t:1", "牙疼得厉害去哪里看", "ann", "2026-11-30T00:00:00+00:00", "", text_hash(TINY[0]))
    write_staff_examples(path, [current])
    assert r.search(question, top_k=1)[0].example == current.question
    changed = ExampleQuestion("t:1", "牙疼得厉害去哪里看", "ann", "2026-11-30T00:00:00+00:00", "", text_hash("另一段文字"))
    write_staff_examples(path, [changed])  # attached when 第1条 said something else
    assert r.search(question, top_k=1)[0].example == ""
