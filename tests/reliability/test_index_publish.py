"""Atomic index publication across processes: readers never see a missing or half-written index while
another process rebuilds it; builders take turns; a reader that finds no index waits for the build
that is running instead of starting its own; old versions are removed; a read-only disk fails at the
write and leaves the index as it was."""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import index
from index.publish import versions_dir
from tests.index.conftest import HashingEmbedder

ROOT = Path(__file__).resolve().parents[2]

# Publishes the same index N times (a fresh version each time) and logs when it held the builder lock
# (`save` takes it too; the lock is re-entrant, so the logged span covers the whole save).
PUBLISHER = """
import json, sys, time
import index
from index.publish import building
from ingest import load_bundled
from tests.index.conftest import HashingEmbedder
out, n, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
idx = index.build(list(load_bundled().clauses), embedder=HashingEmbedder())
with open(log, "a") as f:
    for _ in range(n):
        with building(out):
            t0 = time.time()
            index.save(idx, out, keep=2)
            t1 = time.time()
        f.write(json.dumps([t0, t1]) + "\\n")
        f.flush()
"""


def _publisher(out, n, log):
    return subprocess.Popen([sys.executable, "-c", PUBLISHER, str(out), str(n), str(log)], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True)


def test_readers_in_another_process_never_see_a_missing_or_broken_index(tmp_path, bundled_doc):
    out = tmp_path / "idx"
    index.build(list(bundled_doc.clauses), embedder=HashingEmbedder(), out_dir=out)
    builder = _publisher(out, 40, tmp_path / "saves.log")
    failures, loads = [], [0]

    def read():
        while builder.poll() is None:
            try:
                assert index.load(out, embedder="test-hash").manifest["n_clauses"] == 14
                loads[0] += 1
            except Exception as e:  # noqa: BLE001 - every failure is collected and asserted below
                failures.append(f"{type(e).__name__}: {e}")

    readers = [threading.Thread(target=read) for _ in range(2)]
    for r in readers:
        r.start()
    builder.wait(timeout=300)
    for r in readers:
        r.join()
    assert builder.returncode == 0, builder.stderr.read()
    assert failures == [] and loads[0] >= 20
    assert len((tmp_path / "saves.log").read_text().splitlines()) == 40
    # subtle: a version one of the two readers held during the last save was kept (at most one each);
    # with the readers joined, nothing holds a version, so one more save's own clean-up leaves exactly
    # the current one and 2 earlier (nothing here removes versions but `save`)
    assert len(list(versions_dir(out).iterdir())) <= 3 + 2
    index.save(index.load(out, embedder="test-hash"), out, keep=2)
    kept = [p.name for p in versions_dir(out).iterdir()]
    assert len(kept) == 3 and not [k for k in kept if k.startswith(".")]  # current + 2 earlier; no temp folder
    assert out.is_symlink() and os.path.realpath(out).startswith(str(versions_dir(out)))


def test_concurrent_builders_take_turns(tmp_path):
    out, log = tmp_path / "idx", tmp_path / "saves.log"
    builders = [_publisher(out, 5, log) for _ in range(2)]
    for b in builders:
        assert b.wait(timeout=300) == 0, b.stderr.read()
    spans = sorted(json.loads(line) for line in log.read_text().splitlines())
    assert len(spans) == 10
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no two saves overlapped
    index.load(out)


HOLDER = """
import sys, time
import index
from index.publish import building
from ingest import load_bundled
from tests.index.conftest import HashingEmbedder
from chat.settings import load_settings
from chat.retriever import corpus
settings = load_settings()
with building(settings.index_dir):
    print("building", flush=True)
    time.sleep(3)  # a long build: the other process must wait for it, not start its own
    index.build(corpus(settings), embedder=HashingEmbedder(name="e5-small-q4"), out_dir=settings.index_dir)
"""


def test_a_reader_that_finds_no_index_waits_for_the_running_build(_isolated_home):
    from chat.retriever import open_index
    from chat.settings import load_settings

    holder = subprocess.Popen([sys.executable, "-c", HOLDER], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "POLICY_QA_HOME": str(_isolated_home)})
    assert holder.stdout.readline().strip() == "building"
    notes = []
    t0 = time.perf_counter()
    idx = open_index(load_settings(), notify=notes.append)
    waited = time.perf_counter() - t0
    assert holder.wait(timeout=120) == 0
    assert notes == [] and waited > 1.0  # it did not build: it waited and loaded the other's index
    assert idx.manifest["embedder"] == "e5-small-q4" and len(list(versions_dir(_isolated_home / "index").iterdir())) == 1


def test_an_index_folder_of_the_older_layout_is_moved_aside_on_rebuild(tmp_path, bundled_doc):
    out = tmp_path / "idx"
    index.build(list(bundled_doc.clauses), embedder=HashingEmbedder(), out_dir=out)
    plain = tmp_path / "plain"
    shutil.copytree(os.path.realpath(out), plain)
    out.unlink()
    shutil.rmtree(versions_dir(out))
    plain.rename(out)  # a real folder, as older versions wrote it
    index.build(list(bundled_doc.clauses), embedder=HashingEmbedder(), out_dir=out)
    assert out.is_symlink() and index.load(out).manifest["n_clauses"] == 14
    assert sorted(p.name.split("-")[-1] for p in versions_dir(out).iterdir())[-1] == "plain"


READ_ONLY = """
set -e
mount -t tmpfs -o size=64m tmpfs "$HOME_DIR"
POLICY_QA_HOME="$HOME_DIR" "$PY" -m chat.cli index >/dev/null 2>&1
find "$HOME_DIR/index/" -type f | sort | xargs sha256sum > "$SNAP.before"
mount -o remount,ro "$HOME_DIR"
set +e
POLICY_QA_HOME="$HOME_DIR" "$PY" -m chat.cli index 2> "$SNAP.err" >/dev/null
echo $? > "$SNAP.code"
find "$HOME_DIR/index/" -type f | sort | xargs sha256sum > "$SNAP.after"
POLICY_QA_HOME="$HOME_DIR" "$PY" -m chat.cli search 沿江大道 -k 1 > "$SNAP.search" 2>&1
"""


def test_read_only_disk_during_rebuild_fails_at_the_write_and_keeps_the_index(tmp_path):
    """A real read-only file system (a tmpfs remounted read-only in a private mount namespace)."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("needs unshare -m (root or user namespaces) to mount a read-only file system")
    home, snap = tmp_path / "ro-home", tmp_path / "snap"
    home.mkdir()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("POLICY_QA_")},
           "HOME_DIR": str(home), "SNAP": str(snap), "PY": sys.executable}
    done = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", READ_ONLY], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode and "mount" in done.stderr:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    err = Path(f"{snap}.err").read_text()
    assert Path(f"{snap}.code").read_text().strip() == "2"
    errors = [line for line in err.splitlines() if "policy-qa: error:" in line]
    # one line, from the first write of the new version (its folder), after the embedding ran
    assert len(errors) == 1 and "Read-only file system" in errors[0] and "index.versions/.building-" in errors[0]
    assert Path(f"{snap}.before").read_text() == Path(f"{snap}.after").read_text()
    assert "〔第7条〕" in Path(f"{snap}.search").read_text()
