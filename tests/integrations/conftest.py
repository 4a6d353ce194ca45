"""Fixtures for the integration tests: a built index, the whole server (page, API, /v1, /retrieval, /mcp)
running under uvicorn on a loopback port, and a throwaway PostgreSQL cluster with a fresh database per test.

Real servers, real clients: nothing here is mocked.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from pathlib import Path

import pytest

from chat.settings import Settings

API_KEY = "sk-test-integration-key"
OTHER_KEY = "sk-second-key"
PG_HINT = "PostgreSQL tests need the pg extra: pip install -e '.[pg]'"


@pytest.fixture(scope="session")
def index_home(tmp_path_factory) -> Path:
    """A home folder with the default index of the bundled resolution, built once."""
    from chat.retriever import build_index

    home = tmp_path_factory.mktemp("integrations-home")
    build_index(Settings(home=home))
    return home


@pytest.fixture(scope="session")
def live_settings(index_home) -> Settings:
    # The rate limit is its own test (tests/reliability/test_limits.py); these tests send many requests fast.
    return Settings(home=index_home, api_keys=(API_KEY, OTHER_KEY), rate_limit="")


@pytest.fixture(scope="session")
def live_server(live_settings):
    """The app `policy-qa serve` runs (`server.create_app`), served by uvicorn on 127.0.0.1; yields its URL."""
    import uvicorn

    from chat.web.server import create_app

    app, _ = create_app(live_settings)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def retriever(live_server, live_settings):
    """The retriever the live server uses (same index), for expected values."""
    from chat.retriever import get_retriever

    return get_retriever(live_settings)


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server for the session (eval/postgres.py); skipped with a hint when missing,
    failed instead under scripts/test.sh (REQUIRE_POSTGRES_TESTS=1)."""
    pytest.importorskip("psycopg", reason=PG_HINT)
    pytest.importorskip("psycopg_pool", reason=PG_HINT)
    from eval.postgres import PostgresUnavailableError, throwaway_postgres

    cluster = throwaway_postgres()
    try:
        url = cluster.__enter__()
    except PostgresUnavailableError as e:
        if os.environ.get("REQUIRE_POSTGRES_TESTS"):
            pytest.fail(str(e))
        pytest.skip(str(e))
    yield url
    from chat.web.feedback_pg import close_shared_stores

    close_shared_stores()
    cluster.__exit__(None, None, None)


@pytest.fixture
def pg_url(pg_cluster):
    """A fresh, empty database on the session's cluster; dropped afterwards."""
    import psycopg

    from chat.web.feedback_pg import close_shared_stores

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_cluster, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_cluster.rsplit("/", 1)[0] + "/" + name
    close_shared_stores()
    with psycopg.connect(pg_cluster, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
