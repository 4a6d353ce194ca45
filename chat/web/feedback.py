"""Thumbs up/down on answers, one row per vote; export to CSV. Owns the store interface (`VoteStore`),
the embedded SQLite store (WAL mode); the PostgreSQL store is `feedback_pg.py`, the choice between them `stores.py`.

A vote that names its `answer_id` (the page does) is one row per answer: voting again changes that row
instead of adding one. Votes without an id (the JSON API) are one row each. A database made before the
`answer_id` column existed gets the column on first open (existing rows keep NULL).

A locked database (another process writing) is retried with back-off, then reported as
`FeedbackError`; a vote is never dropped silently. Exports are written to a temp file and renamed.
The PostgreSQL store (several server replicas on one database) lives in `feedback_pg.py`.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
import time
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    answer_id TEXT
)
"""
# subtle: NULLs are distinct in a SQLite UNIQUE index, so votes without an answer_id never collide.
ANSWER_ID_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS feedback_answer_id ON feedback (answer_id)"
COLUMNS = ("id", "time", "question", "answer", "citations", "vote", "comment", "answer_id")
MAX_FIELD = 20_000


class FeedbackError(RuntimeError):
    """The vote could not be stored; the message says why and what to do."""


class VoteStore(ABC):
    """Where votes go. `record` returns only once the vote is durably stored (or raises `FeedbackError`)."""

    def record(self, *, question: str, answer: str, citations: list[str], vote: str, comment: str = "",
               answer_id: str | None = None) -> int:
        """Store one vote and return its row id.

        With `answer_id` (the page names each answer), a second vote on the same answer updates that
        answer's row (vote, time, and the comment unless the new one is empty) and returns the same id.

        Raises:
            ValueError: vote is not 'up' or 'down'.
            FeedbackError: the database could not be written after retries.
        """
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be 'up' or 'down', got {vote!r}")
        return self._insert(datetime.now(UTC).replace(microsecond=0), _clip(question), _clip(answer),
                            json.dumps(list(citations), ensure_ascii=False), vote, _clip(comment),
                            _clip(answer_id) if answer_id else None)

    @abstractmethod
    def _insert(self, at: datetime, question: str, answer: str, citations: str, vote: str, comment: str,
                answer_id: str | None) -> int:
        """Write one cleaned row (or update the row of `answer_id`); return its id."""

    @abstractmethod
    def rows(self) -> list[dict]:
        """Every vote, oldest first, as dicts with the keys of `COLUMNS` (time ISO 8601, citations JSON text)."""

    def close(self) -> None:  # noqa: B027 - optional hook: only the PostgreSQL store holds connections
        """Release connections (nothing to do for SQLite)."""

    def export_csv(self, out: str | Path) -> int:
        """Write every vote to `out` (UTF-8 with BOM so Excel opens Chinese correctly); returns the count."""
        out = Path(out)
        rows = self.rows()
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".tmp-", suffix=".csv")
        try:
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
                w = csv.DictWriter(f, fieldnames=COLUMNS)
                w.writeheader()
                w.writerows(rows)
            os.replace(tmp, out)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return len(rows)




class FeedbackStore(VoteStore):
    """One SQLite file; each call opens its own connection, so it is safe across threads and processes."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 2.0, retries: int = 5) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.retries = retries
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as e:
            raise FeedbackError(f"cannot open the feedback database {self.path}: {e}") from e
        if not self._ready:
            self._with_retry(lambda: conn.execute("PRAGMA journal_mode=WAL"), conn)
            self._with_retry(lambda: conn.execute(SCHEMA), conn)
            self._with_retry(lambda: _add_answer_id(conn), conn)
            self._ready = True
        return conn

    def _with_retry(self, op, conn: sqlite3.Connection):
        delay = 0.05
        for attempt in range(self.retries + 1):
            try:
                return op()
            except sqlite3.OperationalError as e:
                locked = "locked" in str(e) or "busy" in str(e)
                if not locked or attempt == self.retries:
                    conn.close()
                    hint = "another program holds the database; try again shortly" if locked else "check disk space and permissions"
                    raise FeedbackError(f"vote not saved: {e} ({hint})") from e
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
            except sqlite3.Error as e:
                conn.close()
                raise FeedbackError(f"vote not saved: {e}") from e
        raise AssertionError("unreachable")

    def _insert(self, at: datetime, question: str, answer: str, citations: str, vote: str, comment: str,
                answer_id: str | None) -> int:
        row = (at.isoformat(timespec="seconds"), question, answer, citations, vote, comment, answer_id)
        conn = self._connect()
        try:
            if answer_id is None:
                cur = self._with_retry(lambda: conn.execute(INSERT, row), conn)
                return int(cur.lastrowid)
            self._with_retry(lambda: conn.execute(UPSERT, row), conn)
            found = self._with_retry(lambda: conn.execute("SELECT id FROM feedback WHERE answer_id = ?", (answer_id,)), conn)
            return int(found.fetchone()[0])
        finally:
            conn.close()

    def rows(self) -> list[dict]:
        if not self.path.exists():
            return []
        conn = self._connect()
        try:
            cur = self._with_retry(lambda: conn.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id"), conn)
            return [dict(zip(COLUMNS, r, strict=True)) for r in cur.fetchall()]
        finally:
            conn.close()


UPSERT = """INSERT INTO feedback (time, question, answer, citations, vote, comment, answer_id) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (answer_id) DO UPDATE SET time = excluded.time, question = excluded.question, answer = excluded.answer,
    citations = excluded.citations, vote = excluded.vote,
    comment = CASE WHEN excluded.comment != '' THEN excluded.comment ELSE feedback.comment END
RETURNING id
"""


def _add_answer_id(conn: sqlite3.Connection) -> None:
    """Migration: tables made before votes had an answer id get the column and its unique index."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
    if "answer_id" not in have:
        try:
            conn.execute("ALTER TABLE feedback ADD COLUMN answer_id TEXT")
        except sqlite3.OperationalError as e:  # another process migrated it a moment ago
            if "duplicate column" not in str(e):
                raise
    conn.execute(ANSWER_ID_INDEX)


INSERT = "INSERT INTO feedback (time, question, answer, citations, vote, comment, answer_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
UPSERT = INSERT + """
ON CONFLICT (answer_id) DO UPDATE SET time = excluded.time, question = excluded.question, answer = excluded.answer,
citations = excluded.citations, vote = excluded.vote,
comment = CASE WHEN excluded.comment != '' THEN excluded.comment ELSE feedback.comment END"""


def _add_answer_id(conn: sqlite3.Connection) -> None:
    """Tables made before votes named their answer get the column (existing rows keep NULL)."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(feedback)")}
    if "answer_id" not in have:
        try:
            conn.execute("ALTER TABLE feedback ADD COLUMN answer_id TEXT")
        except sqlite3.OperationalError as e:  # another process added it first
            if "duplicate column" not in str(e):
                raise
    conn.execute(ANSWER_ID_INDEX)


def _clip(text: str) -> str:
    text = str(text).encode("utf-8", "replace").decode("utf-8")
    return text[:MAX_FIELD]
