"""Two server replicas (subprocesses on two ports) sharing one PostgreSQL database and one index folder,
loaded at once by eval/replicas.py: no errors, and every acknowledged vote is in the database."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_two_replicas_share_votes_without_loss(pg_url):
    from eval.replicas import run_replicas

    report = run_replicas(n=2, clients=4, seconds=8, database_url=pg_url)
    assert report["errors"] == 0 and report["votes_lost"] == 0, report
    assert report["votes_acknowledged"] == report["votes_stored"] > 0
    assert all(r["requests"] > 0 and r["votes_acknowledged"] > 0 for r in report["per_replica"])
