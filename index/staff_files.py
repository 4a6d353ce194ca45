"""The files staff write at run time — vocabulary mappings (vocabulary.py) and example questions (examples.py):
one JSON object holding a list of records under a key, written atomically, noticed by the retriever when
they change, and never allowed to stop a search when they cannot be read.

What a record holds and what its file is called in error messages are the callers'; this module owns the
storage: `read_records` / `write_records`, `file_stamp` (has the file changed?) and `rows_or_none` (a file
that cannot be read is logged and left out).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

from .publish import write_atomically

log = logging.getLogger("policy_qa.staff_files")


def read_records(path: str | Path, key: str, record: type) -> list:
    """The records stored under `key` at `path`, as `record` dataclasses whose fields are all strings
    ([] when the file does not exist yet).

    Raises:
        ValueError: the file is not such a file (not JSON, no `key`, a row of other fields or types); the
            message says what is wrong, and the caller names the file and the repair.
    """
    path = Path(path)
    if not path.exists():
        return []
    try:
        out = [record(**r) for r in json.loads(path.read_text(encoding="utf-8"))[key]]
        for r in out:  # every field a string: the matching lower-cases and scans them
            if not all(isinstance(v, str) for v in asdict(r).values()):
                raise TypeError(f"a malformed row {asdict(r)!r}")
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise ValueError(str(e)) from e
    return out


def write_records(path: str | Path, key: str, records: Iterable) -> None:
    """Write the records under `key` atomically (a temp file renamed over the old one)."""
    data = {"format": 1, key: [asdict(r) for r in records]}
    write_atomically(path, lambda f: json.dump(data, f, ensure_ascii=False, indent=1))


def file_stamp(path: Path | None) -> tuple:
    """What changes when a staff file is written (every write is a new file: os.replace); () for no file."""
    if path is None:
        return ()
    try:
        st = path.stat()
        return (st.st_ino, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return ("absent",)


def rows_or_none(read: Callable[[Path], Iterable], path: Path) -> list:
    """What a staff file holds, or [] when it cannot be read: a damaged file staff wrote must not stop every
    question (the staff page reports it, and the log says why); the bundled data still answers."""
    try:
        return list(read(path))
    except Exception as e:  # noqa: BLE001 — whatever is wrong with it (damaged, a folder, unreadable), the search goes on
        log.error("staff file %s left out of the search: %s", path, e)
        return []
