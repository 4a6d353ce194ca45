"""Votes from the page: one row per answer (changeable, never duplicated) and the `answer_id` migration
of feedback databases made before it existed."""

import sqlite3

import pytest

from chat.records import Answer, Citation
from chat.web.feedback import FeedbackStore
from chat.web.page import Turn, record_vote

OLD_SCHEMA = """CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, question TEXT NOT NULL,
answer TEXT NOT NULL, citations TEXT NOT NULL, vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
comment TEXT NOT NULL DEFAULT '')"""


def _turn(turn_id: str, question: str) -> Turn:
    a = Answer(question=question, text="答复〔第7条〕", refused=False, generator="extractive",
               citations=[Citation(clause="7", label="第7条", quote="答复", support=1.0)])
    return Turn(question=question, id=turn_id, answer=a)


def test_one_row_per_answer_however_often_it_is_voted(tmp_path):
    store = FeedbackStore(tmp_path / "f.db")
    turns = [_turn("a1", "第一个问题"), _turn("a2", "第二个问题")]
    turns, ok = record_vote(store, turns, "a1", "up", "清楚", "zh")
    assert ok and turns[0].vote == "up" and "有帮助" in turns[0].note and turns[1].vote == ""
    for _ in range(3):  # a double click, then more
        turns, ok = record_vote(store, turns, "a1", "up", "", "zh")
    turns, ok = record_vote(store, turns, "a1", "down", "", "en")
    assert ok and turns[0].vote == "down" and "not helpful" in turns[0].note
    record_vote(store, turns, "a2", "up", "", "zh")
    rows = store.rows()
    assert [(r["answer_id"], r["question"], r["vote"], r["comment"]) for r in rows] == [
        ("a1", "第一个问题", "down", "清楚"), ("a2", "第二个问题", "up", "")]
    assert rows[0]["citations"] == '["7"]'


def test_a_vote_for_an_answer_no_longer_in_the_chat_stores_nothing(tmp_path):
    store = FeedbackStore(tmp_path / "f.db")
    turns = [_turn("a1", "q"), Turn(question="pending", id="p1")]
    assert record_vote(store, turns, "gone", "up", "", "zh") == (turns, False)
    assert record_vote(store, turns, "p1", "up", "", "zh") == (turns, False)
    assert store.rows() == []
    with pytest.raises(ValueError, match="vote must be 'up' or 'down'"):
        record_vote(store, turns, "a1", "meh", "", "zh")


def test_votes_without_an_answer_id_stay_one_row_each(tmp_path):
    store = FeedbackStore(tmp_path / "f.db")
    ids = [store.record(question="q", answer="a", citations=[], vote="up") for _ in range(2)]
    again = [store.record(question="q", answer="a", citations=[], vote=v, answer_id="x") for v in ("up", "down")]
    assert ids == [1, 2] and again == [3, 3] and len(store.rows()) == 3


def test_an_old_feedback_table_gets_the_answer_id_column_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(OLD_SCHEMA)
    conn.execute("INSERT INTO feedback (time, question, answer, citations, vote, comment) VALUES "
                 "('2024-01-01T00:00:00+00:00', '旧问题', '旧回答', '[]', 'down', '旧意见')")
    conn.commit()
    conn.close()
    store = FeedbackStore(path)
    store.record(question="新问题", answer="新回答", citations=["7"], vote="up", answer_id="n1")
    store.record(question="新问题", answer="新回答", citations=["7"], vote="down", answer_id="n1")
    rows = store.rows()
    assert [(r["question"], r["vote"], r["comment"], r["answer_id"]) for r in rows] == [
        ("旧问题", "down", "旧意见", None), ("新问题", "down", "", "n1")]
    FeedbackStore(path).record(question="再问", answer="答", citations=[], vote="up", answer_id="n2")  # migrated once
    assert len(FeedbackStore(path).rows()) == 3
