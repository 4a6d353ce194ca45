"""The vote store's promises, run against both backends: the embedded SQLite file and a real PostgreSQL
server (a throwaway cluster, `eval/postgres.py`). PostgreSQL-only behaviour (migrations, pool recovery,
idempotent retries, password-free errors) follows."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chat.settings import Settings
from chat.web.feedback import COLUMNS, MAX_FIELD, FeedbackError
from chat.web.stores import open_feedback_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request, tmp_path) -> Settings:
    """Settings whose feedback goes to SQLite in tmp_path, or to a fresh PostgreSQL database."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else ""
    return Settings(home=tmp_path / "home", database_url=url)


def test_votes_are_rows_of_one_shape_and_export(settings, tmp_path):
    store = open_feedback_store(settings)
    a = store.record(question="沿江大道归哪条管？", answer="见〔第7条〕", citations=["7", "doc:p2"], vote="up")
    b = store.record(question="<img src=x>", answer="…", citations=[], vote="down", comment="不准确")
    assert b > a >= 1
    rows = store.rows()
    assert [tuple(r) for r in rows] == [COLUMNS, COLUMNS]
    assert [r["id"] for r in rows] == [a, b] and [r["vote"] for r in rows] == ["up", "down"]
    assert json.loads(rows[0]["citations"]) == ["7", "doc:p2"] and json.loads(rows[1]["citations"]) == []
    assert rows[0]["time"].endswith("+00:00") and len(rows[0]["time"]) == 25 and rows[1]["comment"] == "不准确"
    out = tmp_path / "votes.csv"
    assert store.export_csv(out) == 2
    with open(out, encoding="utf-8-sig", newline="") as f:
        assert [r["question"] for r in csv.DictReader(f)] == ["沿江大道归哪条管？", "<img src=x>"]


def test_bad_vote_and_odd_text(settings):
    store = open_feedback_store(settings)
    with pytest.raises(ValueError, match="vote must be 'up' or 'down'"):
        store.record(question="q", answer="a", citations=[], vote="meh")
    store.record(question="x" * (MAX_FIELD + 50), answer="half \ud800 surrogate", citations=["7"], vote="up")
    (row,) = store.rows()
    assert len(row["question"]) == MAX_FIELD and row["answer"] == "half ? surrogate"


def test_concurrent_votes_from_threads_all_land(settings):
    store = open_feedback_store(settings)
    errors, ids = [], []

    def vote(i: int) -> None:
        try:
            ids.append(store.record(question=f"q{i}", answer="a", citations=["7"], vote="up" if i % 2 else "down"))
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(set(ids)) == 40
    assert sorted(r["question"] for r in store.rows()) == sorted(f"q{i}" for i in range(40))


VOTER = """
import sys
from chat.settings import load_settings
from chat.web.stores import open_feedback_store
store = open_feedback_store(load_settings())
for i in range(int(sys.argv[2])):
    store.record(question=f"{sys.argv[1]}-{i}", answer="a", citations=["7"], vote="up")
print("done", flush=True)
"""


def test_two_processes_share_the_store(settings):
    """Two processes (as two server replicas would) voting at once: every vote from each is there."""
    env = {**os.environ, "POLICY_QA_HOME": str(settings.home)}
    if settings.database_url:
        env["POLICY_QA_DATABASE_URL"] = settings.database_url
    procs = [subprocess.Popen([sys.executable, "-c", VOTER, name, "25"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    got = sorted(r["question"] for r in open_feedback_store(settings).rows())
    assert got == sorted(f"{n}-{i}" for n in "ab" for i in range(25))


def test_json_api_votes_go_to_the_configured_store(settings, index_home):
    from chat.retriever import get_retriever
    from chat.web.api import create_api

    retriever = get_retriever(Settings(home=index_home))
    client = TestClient(create_api(settings, retriever))
    r = client.post("/api/feedback", json={"question": "q", "answer": "a", "citations": ["7"], "vote": "down"})
    assert r.status_code == 200
    (row,) = open_feedback_store(settings).rows()
    assert row["id"] == r.json()["id"] and row["vote"] == "down"


def test_needs_review_selects_the_latest_refused_or_voted_down_rows_in_the_database(settings):
    store = open_feedback_store(settings)
    assert store.needs_review(5) == []
    ids = {}
    for i in range(12):  # every third answered and liked: the rest refused (no citation) or voted down
        cited, vote = [(["7"], "up"), ([], "up"), (["3"], "down")][i % 3]
        ids[i] = store.record(question=f"q{i}", answer="a", citations=cited, vote=vote)
    rows = store.needs_review(5)
    assert [r["question"] for r in rows] == ["q11", "q10", "q8", "q7", "q5"]  # newest first, q9 (liked) left out
    assert [tuple(r) for r in rows] == [COLUMNS] * 5 and rows[0]["id"] == ids[11]
    assert rows[0]["time"] == store.rows()[-1]["time"] and json.loads(rows[1]["citations"]) == []
    assert len(store.needs_review(100)) == 8
    with pytest.raises(ValueError, match="limit must be >= 1"):
        store.needs_review(0)


# PostgreSQL only ------------------------------------------------------------------------------------------

def test_schema_is_migrated_once_even_by_racing_processes(pg_url):
    import psycopg

    from chat.web.feedback_pg import MIGRATIONS, PostgresFeedbackStore

    stores, errors = [], []

    def open_one() -> None:
        try:
            stores.append(PostgresFeedbackStore(pg_url, pool_size=1))
        except Exception as e:  # noqa: BLE001 - asserted below
            errors.append(e)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and {s.schema_version for s in stores} == {len(MIGRATIONS)}
    with psycopg.connect(pg_url) as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM policy_qa_schema ORDER BY version")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    for s in stores:
        s.close()


def test_a_newer_schema_is_refused(pg_url):
    import psycopg

    from chat.web.feedback_pg import MIGRATIONS, PostgresFeedbackStore

    PostgresFeedbackStore(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO policy_qa_schema (version) VALUES (%s)", (len(MIGRATIONS) + 1,))
    with pytest.raises(FeedbackError, match="newer than this policy-qa knows.*upgrade"):
        PostgresFeedbackStore(pg_url)


def test_killed_connections_are_replaced_and_the_vote_lands_once(pg_url):
    import psycopg

    from chat.web.feedback_pg import PostgresFeedbackStore

    store = PostgresFeedbackStore(pg_url, pool_size=2)
    store.record(question="before", answer="a", citations=[], vote="up")
    with psycopg.connect(pg_url, autocommit=True) as admin:
        killed = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]
    assert killed >= 1
    store.record(question="after", answer="a", citations=[], vote="down")
    assert [r["question"] for r in store.rows()] == ["before", "after"]
    store.close()


def test_a_retried_insert_is_not_stored_twice(pg_url, monkeypatch):
    """A retry after a commit whose acknowledgement was lost carries the same uid: the row is found, not
    duplicated."""
    from chat.web import feedback_pg

    store = feedback_pg.PostgresFeedbackStore(pg_url)
    fixed = uuid.uuid4()
    monkeypatch.setattr(feedback_pg.uuid, "uuid4", lambda: fixed)
    first = store.record(question="once", answer="a", citations=[], vote="up")
    again = store.record(question="once", answer="a", citations=[], vote="up")
    assert first == again and [r["question"] for r in store.rows()] == ["once"]
    store.close()


def test_unreachable_database_is_a_clear_error_without_the_password(pg_cluster):
    from eval.postgres import free_port

    url = f"postgresql://voter:s3cret-pw@127.0.0.1:{free_port()}/policyqa"
    with pytest.raises(FeedbackError) as e:
        open_feedback_store(Settings(database_url=url, db_timeout=1.0))
    message = str(e.value)
    assert "voter@127.0.0.1" in message and "POLICY_QA_DATABASE_URL" in message and "s3cret" not in message


def test_cli_export_reads_postgres(pg_url, tmp_path, monkeypatch, capsys):
    from chat.cli import main

    monkeypatch.setenv("POLICY_QA_DATABASE_URL", pg_url)
    open_feedback_store(Settings(database_url=pg_url)).record(question="q", answer="a", citations=[], vote="up")
    assert main(["feedback", "export", "--csv", str(tmp_path / "v.csv")]) == 0
    assert "1 vote(s)" in capsys.readouterr().out


def test_settings_hide_secrets_and_parse_key_lists(monkeypatch):
    from chat.settings import load_settings

    monkeypatch.setenv("POLICY_QA_API_KEYS", " sk-a , sk-b,")
    monkeypatch.setenv("POLICY_QA_DATABASE_URL", "postgresql://u:pw-secret@db:5432/q")
    s = load_settings()
    assert s.api_keys == ("sk-a", "sk-b") and "sk-a" not in repr(s) and "pw-secret" not in repr(s)
    with pytest.raises(ValueError, match="must start with postgresql://") as e:
        Settings().replace(database_url="mysql://u:pw-secret@db/q")
    assert "pw-secret" not in str(e.value)
