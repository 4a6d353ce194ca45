"""The one way a small file is replaced (index.publish.write_atomically: uploads' records, staff mappings,
vocabulary and vote exports, the pending-change journal): the old file or the new one, never a part."""

from __future__ import annotations

import re

import pytest

from chat.documents import now_utc
from index.publish import write_atomically
from index.vocabulary import now


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    path = tmp_path / "sub" / "record.json"
    assert write_atomically(path, lambda f: f.write("old")) == 3  # what `write` returns; the folder is made
    def fail(f):
        f.write("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_atomically(path, fail)
    assert path.read_text() == "old" and [p.name for p in path.parent.iterdir()] == ["record.json"]
    write_atomically(path, lambda f: f.write("新\n"), encoding="utf-8-sig", newline="\r\n")
    assert path.read_bytes() == "\ufeff新\r\n".encode()


def test_every_record_writes_times_in_one_format():
    iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")  # as votes are read back, too
    assert iso.match(now_utc()) and iso.match(now()) and iso.match(now_utc(0.0))
    assert now_utc(0.0) == "1970-01-01T00:00:00+00:00"
