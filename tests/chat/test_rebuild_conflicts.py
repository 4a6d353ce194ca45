"""Staff changes racing each other or a crash (chat/rebuild.py, chat/documents.py Change.checked, chat/pending.py),
with real index builds: two servers sharing one home never overwrite a published document, a change is
re-checked under the builder lock, a failure after publishing says so, and a move a crash left undone
is completed from the journal by the next builder or the next start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from chat import documents as docs
from chat import uploads
from chat.errors import ChangeConflict, RebuildBusy
from chat.live import published_version
from chat.pending import (
    JOURNAL,
    PendingMove,
    complete_pending,
    move_without_replacing,
    read_pending,
    write_pending,
)
from chat.rebuild import Rebuilder
from chat.retriever import build_index, managed_paths, open_index
from chat.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
NOTICE = DATA / "notice-geshui-fujia.txt"
LAW = DATA / "law-xingzheng-chufa.txt"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(home_with_index) -> Settings:
    return Settings(home=home_with_index)


def removed_files(settings: Settings) -> list[Path]:
    folder = docs.removed_dir(settings)
    return sorted(folder.iterdir()) if folder.exists() else []


def versions(settings: Settings) -> list[str]:
    return sorted(p.name for p in settings.index_dir.with_name("index.versions").iterdir())


def held_jobs(settings: Settings, changes) -> list[Rebuilder]:
    """Start one Rebuilder per change, as servers sharing the home would: the first is held while it
    embeds until every other one has started (and waits for the builder lock), so they truly overlap."""
    release, holding = threading.Event(), threading.Event()

    def hold(status) -> None:
        if status.phase == "embedding":
            holding.set()  # the first holds the builder lock from here
            release.wait(60)

    first = Rebuilder(settings, on_progress=hold)
    jobs = [first] + [Rebuilder(settings) for _ in changes[1:]]
    first.start(changes[0])
    # subtle: the others start only once the first holds the lock, or one of them could take it first
    assert holding.wait(120), "the first rebuild never started embedding"
    try:
        for job, change in zip(jobs[1:], changes[1:], strict=True):
            job.start(change)
            assert job.status().phase == "waiting"
    finally:
        release.set()
    return jobs


def test_two_servers_publishing_the_same_name_never_overwrite_one_another(settings):
    first = uploads.stage_upload(settings, "law.txt", NOTICE.read_bytes())
    second = uploads.stage_upload(settings, "law.txt", LAW.read_bytes())
    changes = [uploads.publication(settings, first.id), uploads.publication(settings, second.id)]  # both allowed now
    jobs = held_jobs(settings, changes)
    one, two = (job.wait(180) for job in jobs)
    assert one.state == "done", one
    assert two.state == "failed" and "a file law.txt was added to the documents folder meanwhile" in two.error
    assert "previous index is still answering" in two.error and str(settings.home) not in two.error
    # the first is published, the second waits in staging: nothing lost, nothing replaced
    assert [p.name for p in managed_paths(settings)] == ["law.txt"]
    assert (settings.documents_dir / "law.txt").read_bytes() == NOTICE.read_bytes()
    assert [u.id for u in uploads.list_uploads(settings)] == [second.id]
    assert uploads.get_upload(settings, second.id).size == len(LAW.read_bytes())
    assert not (settings.documents_dir / JOURNAL).exists()


def test_two_concurrent_removals_remove_once_and_the_second_publishes_nothing(settings):
    upload = uploads.stage_upload(settings, "notice-geshui-fujia.txt", NOTICE.read_bytes())
    job = Rebuilder(settings)
    job.start(uploads.publication(settings, upload.id))
    assert job.wait(180).state == "done"
    removals = [docs.removal(settings, "notice-geshui-fujia"), docs.removal(settings, "notice-geshui-fujia")]
    before = versions(settings)
    one, two = (j.wait(180) for j in held_jobs(settings, removals))
    assert one.state == "done" and two.state == "failed"
    assert "'notice-geshui-fujia' was already removed" in two.error
    assert two.error.endswith("The previous index is still answering.")  # true: it published nothing
    assert len(set(versions(settings)) - set(before)) == 1  # one new version: the first removal's
    assert managed_paths(settings) == []
    assert [p.name.split("-", 1)[1] for p in removed_files(settings)] == ["notice-geshui-fujia.txt"]
    assert removed_files(settings)[0].read_bytes() == NOTICE.read_bytes()


def test_a_move_never_replaces_an_existing_file(tmp_path):
    source, target = tmp_path / "a" / "law.txt", tmp_path / "b" / "law.txt"
    source.parent.mkdir()
    target.parent.mkdir()
    source.write_text("new")
    target.write_text("old")
    with pytest.raises(ChangeConflict, match="a file law.txt is already in the b folder"):
        move_without_replacing(source, target)
    assert source.read_text() == "new" and target.read_text() == "old"
    target.unlink()
    move_without_replacing(source, target)
    assert not source.exists() and target.read_text() == "new"


def test_a_failed_move_after_publishing_says_so_and_is_completed_by_the_next_rebuild(settings):
    upload = uploads.stage_upload(settings, "notice-geshui-fujia.txt", NOTICE.read_bytes())
    job = Rebuilder(settings)
    job.start(uploads.publication(settings, upload.id))
    assert job.wait(180).state == "done"
    docs.removed_dir(settings).parent.mkdir(parents=True, exist_ok=True)
    docs.removed_dir(settings).write_text("a file where the .removed folder should be")  # the move will fail
    before = published_version(settings.index_dir)
    job.start(docs.removal(settings, "notice-geshui-fujia"))
    status = job.wait(180)
    assert status.state == "failed" and published_version(settings.index_dir) != before
    assert "the new index was published" in status.error and "could not be moved" in status.error
    assert "previous index is still answering" not in status.error and str(settings.home) not in status.error
    assert read_pending(settings).kind == "remove"  # the journal keeps the move
    docs.removed_dir(settings).unlink()  # the cause fixed: the next rebuild completes the move first
    job.start(docs.Change("rebuild"))
    assert job.wait(180).state == "done"
    assert managed_paths(settings) == [] and len(removed_files(settings)) == 1
    assert read_pending(settings) is None


def test_a_journal_of_a_build_that_never_published_is_dropped_and_the_files_stay(settings):
    upload = uploads.stage_upload(settings, "notice-geshui-fujia.txt", NOTICE.read_bytes())
    change = uploads.publication(settings, upload.id)
    write_pending(settings, change.pending(published_version(settings.index_dir)))
    with pytest.raises(RebuildBusy, match="is being published right now"):
        uploads.discard_upload(settings, upload.id)
    assert complete_pending(settings) == "dropped"
    assert read_pending(settings) is None and managed_paths(settings) == []
    assert [u.id for u in uploads.list_uploads(settings)] == [upload.id]


def test_a_journal_naming_files_outside_the_documents_folder_is_never_acted_on(settings, tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    write_pending(settings, PendingMove("remove", "x", str(outside), str(settings.documents_dir / "x.txt"), "old"))
    assert read_pending(settings) is None
    assert complete_pending(settings) == "" and outside.read_text() == "keep me"
    assert not (settings.documents_dir / JOURNAL).exists()


CRASH = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from chat import uploads
    from chat.rebuild import Rebuilder
    from chat.settings import Settings

    settings = Settings(home=Path(sys.argv[1]))
    upload = uploads.stage_upload(settings, "notice-geshui-fujia.txt", Path(sys.argv[2]).read_bytes())
    def crash(status):
        if status.phase == "moving":  # the new index is published, the file not yet moved
            os._exit(3)
    job = Rebuilder(settings, on_progress=crash)
    job.start(uploads.publication(settings, upload.id))
    job.wait(300)
    sys.exit(1)  # never reached when the crash came
""")


@pytest.mark.slow
def test_a_crash_between_publishing_and_moving_is_completed_when_the_server_starts(settings):
    before = published_version(settings.index_dir)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICY_QA_HOME": str(settings.home)}
    done = subprocess.run([sys.executable, "-c", CRASH, str(settings.home), str(NOTICE)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr[-2000:]
    assert published_version(settings.index_dir) != before and managed_paths(settings) == []
    assert read_pending(settings).kind == "add"
    idx = open_index(settings)  # what a server starting does: the move is completed, the index loads
    assert "notice-geshui-fujia" in {c.doc_id for c in idx.clauses}
    assert [p.name for p in managed_paths(settings)] == ["notice-geshui-fujia.txt"]
    assert uploads.list_uploads(settings) == [] and read_pending(settings) is None


def test_without_a_journal_the_start_up_error_says_to_run_policy_qa_index(settings):
    import index

    (settings.documents_dir).mkdir(parents=True)
    (settings.documents_dir / "notice-geshui-fujia.txt").write_bytes(NOTICE.read_bytes())
    build_index(settings)
    os.unlink(settings.documents_dir / "notice-geshui-fujia.txt")  # the index has a document its folder lacks
    with pytest.raises(index.IndexMismatchError, match=r"the documents changed since the index .* was built; "
                                                       r"rebuild it with `policy-qa index`"):
        open_index(settings)



def test_documents_given_explicitly_over_an_index_of_others_get_the_command_that_rebuilds(settings):
    """`policy-qa eval --docs …` over a home whose index holds only the resolution: not rebuilt behind a
    server that may be using this home; the error gives the command with those documents."""
    import dataclasses

    import index

    build_index(settings)  # the resolution alone
    given = dataclasses.replace(settings, docs=(str(NOTICE),))
    with pytest.raises(index.CorpusChangedError, match=r"policy-qa index --docs .*notice-geshui-fujia\.txt"):
        open_index(given)
    assert {c.doc_id for c in open_index(settings).clauses} == {"zhenhai-2023-31"}  # the index is untouched
