"""Thumbs up/down on answers, one row per vote; export to CSV or JSON Lines. Owns the store interface
(`VoteStore`) and the embedded SQLite store (WAL mode); the PostgreSQL store is `feedback_pg.py`, the
choice between them `stores.py`.

A vote that names its `answer_id` (the page does) is one row per answer: voting again changes that row
instead of adding one. Votes without an id (the JSON API) are one row each. A database made before the
`answer_id` column existed gets the column on first open (existing rows keep NULL).

A locked database (another process writing) is retried with back-off, then reported as
`FeedbackError`; a vote is never dropped silently, and `record` returns only once the vote is committed
(group commit: votes arriving together share one transaction). Every stored field is bounded (text
clipped to `feedback_text_chars`, at most `feedback_citations` citations of `feedback_citation_chars`
each; the JSON API refuses larger ones before they get here) and invalid Unicode is replaced. Values go
to the database as parameters only. Exports are written to a temp file and renamed; spreadsheet cells
that a spreadsheet would run as a formula are neutralized (`safe_cell`, the OWASP CSV-injection rule).
"""

from __future__ import annotations

import contextlib
import csv
import json
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from index.publish import write_atomically

from ..settings import Settings

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
MAX_FIELD = Settings.feedback_text_chars
INSERT = "INSERT INTO feedback (time, question, answer, citations, vote, comment, answer_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
UPSERT = INSERT + """
ON CONFLICT (answer_id) DO UPDATE SET time = excluded.time, question = excluded.question, answer = excluded.answer,
citations = excluded.citations, vote = excluded.vote,
comment = CASE WHEN excluded.comment != '' THEN excluded.comment ELSE feedback.comment END"""
# A cell starting with one of these is run as a formula by Excel, WPS or LibreOffice (OWASP: = + - @
# tab CR; the full-width forms too, which Chinese input methods type and some spreadsheets accept).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


class FeedbackError(RuntimeError):
    """The vote could not be stored; the message says why and what to do."""


class VoteStore(ABC):
    """Where votes go. `record` returns only once the vote is durably stored (or raises `FeedbackError`)."""

    text_chars: int = Settings.feedback_text_chars
    max_citations: int = Settings.feedback_citations
    citation_chars: int = Settings.feedback_citation_chars

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
        cited = [_clip(c, self.citation_chars) for c in list(citations or [])[: self.max_citations]]
        return self._insert(datetime.now(UTC).replace(microsecond=0), _clip(question, self.text_chars),
                            _clip(answer, self.text_chars), json.dumps(cited, ensure_ascii=False), vote,
                            _clip(comment, self.text_chars), _clip(answer_id, 200) if answer_id else None)

    @abstractmethod
    def _insert(self, at: datetime, question: str, answer: str, citations: str, vote: str, comment: str,
                answer_id: str | None) -> int:
        """Write one cleaned row (or update the row of `answer_id`); return its id."""

    @abstractmethod
    def rows(self) -> list[dict]:
        """Every vote, oldest first, as dicts with the keys of `COLUMNS` (time ISO 8601, citations JSON text)."""

    def iter_rows(self) -> Iterator[dict]:
        """Every vote, oldest first (a store may read them in batches)."""
        yield from self.rows()

    @abstractmethod
    def needs_review(self, limit: int) -> list[dict]:
        """The latest `limit` votes that were voted down or whose answer cited nothing (a refusal never
        cites), newest first, like `rows`; the store selects and limits them (SQL LIMIT), so the cost
        does not grow with the number of votes ever stored.

        Raises:
            ValueError: `limit` < 1.
        """

    def close(self) -> None:  # noqa: B027 - optional hook: only the PostgreSQL store holds connections
        """Release connections (nothing to do for SQLite)."""

    def export_csv(self, out: str | Path) -> int:
        """Write every vote to `out` (UTF-8 with BOM so Excel opens Chinese correctly; formula-like cells
        neutralized, see `safe_cell`); returns the count."""
        return write_atomically(out, lambda f: write_csv(self.iter_rows(), f), encoding="utf-8-sig", newline="")

    def export_jsonl(self, out: str | Path) -> int:
        """Write every vote to `out` as JSON Lines (one object a line, citations as a list); returns the count."""
        return write_atomically(out, lambda f: write_jsonl(self.iter_rows(), f), newline="")


class FeedbackStore(VoteStore):
    """One SQLite file; each call opens its own connection, so it is safe across threads and processes."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 2.0, retries: int = 5,
                 text_chars: int = Settings.feedback_text_chars, max_citations: int = Settings.feedback_citations,
                 citation_chars: int = Settings.feedback_citation_chars) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.retries = retries
        self.text_chars, self.max_citations, self.citation_chars = text_chars, max_citations, citation_chars
        self._ready = False
        self._cv = threading.Condition()
        self._pending: list[dict] = []
        self._leading = False

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        """The store at `settings.feedback_db` with the settings' limits."""
        return cls(settings.feedback_db, text_chars=settings.feedback_text_chars,
                   max_citations=settings.feedback_citations, citation_chars=settings.feedback_citation_chars)

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # check_same_thread off: a streamed export reads its cursor from the worker threads in turn
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
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
        return self._commit((at.isoformat(timespec="seconds"), question, answer, citations, vote, comment, answer_id))

    def _commit(self, row: tuple) -> int:
        """Group commit: votes arriving together are written in one transaction (one disk sync), and each
        caller returns only once its vote is committed, so an acknowledged vote survives a kill -9.

        subtle: the first caller becomes the leader and writes everything pending; the others wait for it,
        and one of them leads the next batch. One writer per process also spares the threads SQLite's
        busy-handler naps (up to 100 ms each), which made votes take seconds under load."""
        slot: dict = {"row": row, "done": False, "id": None, "error": None}
        with self._cv:
            self._pending.append(slot)
            while self._leading and not slot["done"]:
                self._cv.wait()
            if not slot["done"]:
                self._leading = True
                batch, self._pending = self._pending, []
            else:
                batch = []
        if batch:
            try:
                for s, row_id in zip(batch, self._write([s["row"] for s in batch]), strict=True):
                    s["id"] = row_id
            except BaseException as e:  # noqa: BLE001 - handed to every caller of the batch, raised below
                for s in batch:
                    s["error"] = e
            with self._cv:
                for s in batch:
                    s["done"] = True
                self._leading = False
                self._cv.notify_all()
        if slot["error"] is not None:
            raise slot["error"]
        return slot["id"]

    def _write(self, rows: list[tuple]) -> list[int]:
        """Write `rows` in one transaction; return their ids (a row naming an answer_id updates its row)."""
        conn = self._connect()

        def one(r: tuple) -> int:
            if r[-1] is None:
                return int(conn.execute(INSERT, r).lastrowid)
            conn.execute(UPSERT, r)
            return int(conn.execute("SELECT id FROM feedback WHERE answer_id = ?", (r[-1],)).fetchone()[0])

        def transaction() -> list[int]:
            try:
                conn.execute("BEGIN IMMEDIATE")
                ids = [one(r) for r in rows]
                conn.execute("COMMIT")
                return ids
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise

        try:
            return self._with_retry(transaction, conn)
        finally:
            conn.close()

    def rows(self, *, limit: int | None = None, offset: int = 0) -> list[dict]:
        """Votes in id order (`limit` of them from `offset`; all when limit is None)."""
        return list(self.iter_rows(limit=limit, offset=offset))

    def needs_review(self, limit: int) -> list[dict]:
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit}")
        if not self.path.exists():
            return []
        conn = self._connect()
        try:
            # subtle: citations are stored as json.dumps(list): an empty list is exactly '[]'
            sql = (f"SELECT {', '.join(COLUMNS)} FROM feedback WHERE vote = 'down' OR citations = '[]' "
                   "ORDER BY id DESC LIMIT ?")
            rows = self._with_retry(lambda: conn.execute(sql, (limit,)).fetchall(), conn)
            return [dict(zip(COLUMNS, r, strict=True)) for r in rows]
        finally:
            conn.close()

    def iter_rows(self, *, limit: int | None = None, offset: int = 0) -> Iterator[dict]:
        """Votes in id order, read in batches (an export of many votes does not hold them all in memory)."""
        if not self.path.exists():
            return
        conn = self._connect()
        try:
            sql = f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id LIMIT ? OFFSET ?"
            cur = self._with_retry(lambda: conn.execute(sql, (-1 if limit is None else limit, offset)), conn)
            while batch := cur.fetchmany(500):
                for r in batch:
                    yield dict(zip(COLUMNS, r, strict=True))
        finally:
            conn.close()


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


def safe_cell(value: object) -> object:
    """A spreadsheet cell that cannot run as a formula: text starting with = + - @ tab or CR (or their
    full-width forms) gets a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.

    >>> safe_cell("=SUM(A1)"), safe_cell("-1"), safe_cell("第7条"), safe_cell(3)
    ("'=SUM(A1)", "'-1", '第7条', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_lines(rows) -> Iterator[str]:
    """The CSV text of `rows` (header first), one line at a time, every cell through `safe_cell`."""
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS)
    w.writeheader()
    for row in _header_first(rows):
        if row is not None:
            w.writerow({k: safe_cell(v) for k, v in row.items()})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def _header_first(rows):
    yield None
    yield from rows


def write_csv(rows, f) -> int:
    """Write `rows` as CSV to the open file `f`; returns how many rows (not counting the header)."""
    lines = -1
    for line in csv_lines(rows):
        f.write(line)
        lines += 1
    return lines


def jsonl_line(row: dict) -> str:
    """One vote as a JSON line, its citations decoded to a list."""
    try:
        cited = json.loads(row["citations"])
    except (TypeError, ValueError):
        cited = row["citations"]
    return json.dumps(dict(row, citations=cited), ensure_ascii=False) + "\n"


def write_jsonl(rows, f) -> int:
    n = 0
    for row in rows:
        f.write(jsonl_line(row))
        n += 1
    return n


def _clip(text: object, limit: int) -> str:
    text = str(text)[: limit * 2].encode("utf-8", "replace").decode("utf-8")
    return text[:limit]
