"""The PostgreSQL vote store, for several server replicas sharing one database (`POLICY_QA_DATABASE_URL`).

Owns the schema and its migrations (applied at start-up under an advisory lock, so replicas starting
together do not race), the connection pool (psycopg 3 + psycopg-pool, one per process) and the
guarantee the SQLite store gives: `record` returns only after the row is committed. A dropped connection
is retried; every vote carries a client-made UUID and is inserted with `ON CONFLICT DO NOTHING`, so a
retry after a commit whose acknowledgement was lost finds the row instead of storing it twice.
Passwords never appear in messages (`describe`). Choosing this store over SQLite is `feedback.py`'s.
"""

from __future__ import annotations

import functools
import json
import time
import uuid
from datetime import UTC, datetime

from .feedback import COLUMNS, FeedbackError, VoteStore

INSTALL_HINT = "PostgreSQL support needs the pg extra: pip install 'policy-qa[pg]' (psycopg 3 and psycopg-pool)"

#: Migration n (1-based) turns schema n-1 into n. Append only; never edit a released step.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE feedback (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        time TIMESTAMPTZ NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        citations JSONB NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        comment TEXT NOT NULL DEFAULT '',
        uid UUID NOT NULL UNIQUE
    )
    """,
    # 2: votes may name their answer (the page does); one row per answer, NULLs never collide.
    """
    ALTER TABLE feedback ADD COLUMN answer_id TEXT;
    CREATE UNIQUE INDEX feedback_answer_id ON feedback (answer_id);
    """,
)
#: Any constant shared by every replica: serialises migrations across processes.
MIGRATION_LOCK = 0x706F6C6963797161  # "policyqa"


def describe(url: str) -> str:
    """`user@host:port/dbname` for messages: the URL without its password."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        d = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 - a URL psycopg cannot parse is shown by its scheme only
        return "postgresql://…"
    user = f"{d['user']}@" if d.get("user") else ""
    return f"{user}{d.get('host', 'localhost')}:{d.get('port', 5432)}/{d.get('dbname', '')}"


def migrate(conn) -> int:
    """Bring the schema up to date in one transaction; return the version. Safe to run from many processes."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS policy_qa_schema ("
                     "version INT PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())")
        current = conn.execute("SELECT coalesce(max(version), 0) FROM policy_qa_schema").fetchone()[0]
        if current > len(MIGRATIONS):
            raise FeedbackError(f"the feedback database is at schema version {current}, newer than this policy-qa "
                                f"knows ({len(MIGRATIONS)}): upgrade policy-qa on this replica")
        for version in range(current + 1, len(MIGRATIONS) + 1):
            conn.execute(MIGRATIONS[version - 1])
            conn.execute("INSERT INTO policy_qa_schema (version) VALUES (%s)", (version,))
    return len(MIGRATIONS)


class PostgresFeedbackStore(VoteStore):
    """Votes in PostgreSQL through a pool of autocommit connections (thread-safe; one per process)."""

    def __init__(self, url: str, *, pool_size: int = 10, timeout: float = 5.0, retries: int = 3) -> None:
        try:
            import psycopg  # noqa: F401
            from psycopg_pool import ConnectionPool
        except ImportError as e:
            raise FeedbackError(INSTALL_HINT) from e
        self.where = describe(url)
        self.retries = retries
        # subtle: `check` round-trips each connection before use, so one killed by a database restart is
        # replaced instead of failing the vote; the retry below covers a failure during the insert itself.
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, timeout=timeout, open=False,
                                    kwargs={"autocommit": True}, check=ConnectionPool.check_connection,
                                    name="policy-qa-feedback")
        try:
            self._pool.open(wait=True, timeout=timeout)
            with self._pool.connection() as conn:
                self.schema_version = migrate(conn)
        except FeedbackError:
            self._pool.close()
            raise
        except Exception as e:  # psycopg.Error, PoolTimeout
            self._pool.close()
            raise FeedbackError(f"cannot use the feedback database {self.where}: {_one_line(e)} "
                                "(is PostgreSQL running, and is POLICY_QA_DATABASE_URL right?)") from e

    def _run(self, op):
        import psycopg

        delay = 0.05
        for attempt in range(self.retries + 1):
            try:
                with self._pool.connection() as conn:
                    return op(conn)
            except psycopg.OperationalError as e:  # connection lost, pool timeout, server shutting down
                if attempt == self.retries:
                    raise FeedbackError(f"vote not saved: {_one_line(e)} (database {self.where}; "
                                        "try again shortly)") from e
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
            except psycopg.Error as e:
                raise FeedbackError(f"vote not saved: {_one_line(e)} (database {self.where})") from e
        raise AssertionError("unreachable")

    def _insert(self, at: datetime, question: str, answer: str, citations: str, vote: str, comment: str,
                answer_id: str | None) -> int:
        uid = uuid.uuid4()

        def insert(conn) -> int:
            if answer_id is not None:  # a second vote on one answer updates its row (idempotent on retry too)
                return int(conn.execute(
                    "INSERT INTO feedback (time, question, answer, citations, vote, comment, uid, answer_id) "
                    "VALUES (%s, %s, %s, %s::jsonb, %s, %s, %s, %s) ON CONFLICT (answer_id) DO UPDATE SET "
                    "time = excluded.time, question = excluded.question, answer = excluded.answer, "
                    "citations = excluded.citations, vote = excluded.vote, comment = CASE WHEN excluded.comment <> '' "
                    "THEN excluded.comment ELSE feedback.comment END RETURNING id",
                    (at, question, answer, citations, vote, comment, uid, answer_id)).fetchone()[0])
            row = conn.execute(
                "INSERT INTO feedback (time, question, answer, citations, vote, comment, uid) "
                "VALUES (%s, %s, %s, %s::jsonb, %s, %s, %s) ON CONFLICT (uid) DO NOTHING RETURNING id",
                (at, question, answer, citations, vote, comment, uid)).fetchone()
            if row is None:  # a retry of an insert that had committed: the row is there
                row = conn.execute("SELECT id FROM feedback WHERE uid = %s", (uid,)).fetchone()
            return int(row[0])

        return self._run(insert)

    def rows(self) -> list[dict]:
        return self._run(lambda conn: [_row(r) for r in conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id").fetchall()])

    def needs_review(self, limit: int) -> list[dict]:
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit}")
        return self._run(lambda conn: [_row(r) for r in conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM feedback WHERE vote = 'down' OR citations = '[]'::jsonb "
            "ORDER BY id DESC LIMIT %s", (limit,)).fetchall()])

    def close(self) -> None:
        self._pool.close()


@functools.lru_cache(maxsize=4)
def shared_postgres_store(url: str, *, pool_size: int, timeout: float) -> PostgresFeedbackStore:
    """One store (one pool, one migration) per database per process, shared by the API and the page."""
    store = PostgresFeedbackStore(url, pool_size=pool_size, timeout=timeout)
    _opened.append(store)
    return store


_opened: list[PostgresFeedbackStore] = []


def close_shared_stores() -> None:
    """Close every pool `shared_postgres_store` opened (process shutdown, tests)."""
    for store in _opened:
        store.close()
    _opened.clear()
    shared_postgres_store.cache_clear()


def _row(r: tuple) -> dict:
    """A row as `VoteStore.rows` gives it: time ISO 8601 UTC, citations JSON text."""
    d = dict(zip(COLUMNS, r, strict=True))
    d["time"] = d["time"].astimezone(UTC).isoformat(timespec="seconds")
    d["citations"] = json.dumps(d["citations"], ensure_ascii=False)
    return d


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__
