import csv
import json
import sqlite3
import subprocess
import sys
import time

import pytest

from chat.cli import main
from chat.web.feedback import FeedbackError, FeedbackStore


def test_votes_are_stored_one_row_each_and_exported(tmp_path):
    store = FeedbackStore(tmp_path / "home" / "feedback.sqlite3")
    a = store.record(question="沿江大道？", answer="见〔第7条〕", citations=["7"], vote="up")
    b = store.record(question="<img src=x>", answer="…", citations=[], vote="down", comment="不准确")
    assert (a, b) == (1, 2)
    rows = store.rows()
    assert [r["vote"] for r in rows] == ["up", "down"] and rows[1]["comment"] == "不准确"
    assert rows[0]["citations"] == '["7"]'
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    out = tmp_path / "votes.csv"
    assert store.export_csv(out) == 2
    with open(out, encoding="utf-8-sig", newline="") as f:
        got = list(csv.DictReader(f))
    assert [r["question"] for r in got] == ["沿江大道？", "<img src=x>"]


def test_cli_export_reads_the_configured_home(tmp_path, capsys, _isolated_home):
    FeedbackStore(_isolated_home / "feedback.sqlite3").record(question="q", answer="a", citations=[], vote="up")
    assert main(["feedback", "export", "--csv", str(tmp_path / "v.csv")]) == 0
    assert "1 vote(s)" in capsys.readouterr().out


def test_bad_vote_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="vote must be 'up' or 'down'"):
        FeedbackStore(tmp_path / "f.db").record(question="q", answer="a", citations=[], vote="meh")


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def _lock_in_another_process(path, seconds):
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_locked_database_is_retried_and_the_vote_lands(tmp_path):
    store = FeedbackStore(tmp_path / "f.db", busy_timeout=0.2, retries=8)
    store.record(question="first", answer="a", citations=[], vote="up")
    proc = _lock_in_another_process(store.path, 0.8)
    t0 = time.perf_counter()
    store.record(question="second", answer="a", citations=[], vote="down")
    assert time.perf_counter() - t0 >= 0.3  # it had to wait for the other process
    proc.wait()
    assert [r["question"] for r in store.rows()] == ["first", "second"]


def test_locked_database_gives_a_clear_error_after_retries(tmp_path):
    store = FeedbackStore(tmp_path / "f.db", busy_timeout=0.1, retries=2)
    store.record(question="first", answer="a", citations=[], vote="up")
    proc = _lock_in_another_process(store.path, 5)
    try:
        with pytest.raises(FeedbackError, match="vote not saved.*locked.*try again"):
            store.record(question="lost?", answer="a", citations=[], vote="down")
    finally:
        proc.kill()
        proc.wait()
    assert [r["question"] for r in store.rows()] == ["first"]  # nothing half-written


def test_read_only_or_full_disk_is_a_clear_error(tmp_path, monkeypatch):
    store = FeedbackStore(tmp_path / "f.db")
    store.record(question="kept", answer="a", citations=[], vote="up")
    real_connect = sqlite3.connect

    class FullDisk:
        def __init__(self, conn):
            self._c = conn

        def execute(self, sql, *args):
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return self._c.execute(sql, *args)

        def close(self):
            self._c.close()

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: FullDisk(real_connect(*a, **k)))
    with pytest.raises(FeedbackError, match="disk is full.*check disk space"):
        store.record(question="new", answer="a", citations=[], vote="up")
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    assert [r["question"] for r in store.rows()] == ["kept"]


FORMULAS = ["=HYPERLINK(\"http://evil.example/\",\"点我\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-1+1", "\t=1", "\r=1",
            "＝1+1", "＋1", "－1", "＠x"]


def test_csv_export_neutralizes_every_formula_start_and_jsonl_keeps_the_text(tmp_path, capsys, _isolated_home):
    store = FeedbackStore(_isolated_home / "feedback.sqlite3")
    for f in FORMULAS:
        store.record(question=f, answer=f, citations=[f[:10]], vote="up", comment=f)
    store.record(question="普通问题 = 没有公式", answer="〔第7条〕", citations=["7"], vote="down")
    assert main(["feedback", "export", "--csv", str(tmp_path / "v.csv")]) == 0
    with open(tmp_path / "v.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row, formula in zip(rows, FORMULAS, strict=False):
        assert row["question"] == row["answer"] == row["comment"] == "'" + formula
    assert rows[-1]["question"] == "普通问题 = 没有公式" and rows[-1]["citations"] == '["7"]'
    assert main(["feedback", "export", "--jsonl", str(tmp_path / "v.jsonl")]) == 0
    lines = [json.loads(line) for line in (tmp_path / "v.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["question"] for r in lines[:-1]] == FORMULAS and lines[-1]["citations"] == ["7"]
    assert "11 vote(s)" in capsys.readouterr().out


def test_store_clips_text_and_citations_and_replaces_invalid_unicode(tmp_path):
    store = FeedbackStore(tmp_path / "f.db", text_chars=10, max_citations=2, citation_chars=3)
    store.record(question="问" * 50 + "\ud800", answer="a\udfff", citations=["1234", "5", "6"], vote="up", comment="c" * 50)
    row = store.rows()[0]
    assert row["question"] == "问" * 10 and row["answer"] == "a?" and row["comment"] == "c" * 10
    assert json.loads(row["citations"]) == ["123", "5"]
