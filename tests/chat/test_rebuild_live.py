"""Rebuilding after a staff change (chat/rebuild.py) and following the published index (chat/live.py), with
the real embedder and real index builds: the new index is built before any file moves, a failure leaves
the old index published and answering, one rebuild at a time, the live retriever swaps between requests
(and picks up a version another builder published), and `get_retriever` never serves a stale corpus."""

import threading
import time
from pathlib import Path

import pytest

from chat import answer, uploads
from chat import documents as docs
from chat.errors import RebuildBusy
from chat.live import LiveRetriever, pinned, published_version
from chat.rebuild import Rebuilder
from chat.retriever import build_index, get_retriever, managed_paths
from chat.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
NOTICE = DATA / "notice-geshui-fujia.txt"
#: Our own wording; only the notice's 办法 answers it (第五条: 每个子女每月1000元).
NEW_QUESTION = "子女上学的教育支出每月可以定额扣除多少？"
NOTICE_KEY = "notice-geshui-fujia:附件:5"


@pytest.fixture
def settings(home_with_index) -> Settings:
    return Settings(home=home_with_index)


@pytest.fixture
def live(settings):
    import index

    r = index.Retriever(index.load(settings.index_dir))
    return LiveRetriever(settings, r, check_every=3600)  # only refresh() swaps, unless a test says otherwise


def cited(question, settings, retriever) -> list[str]:
    return [c.clause for c in answer(question, settings=settings, retriever=retriever).citations]


def test_publishing_builds_first_then_moves_the_file_and_swaps_the_retriever(settings, live):
    before, old = published_version(settings.index_dir), pinned(live)
    assert NOTICE_KEY not in cited(NEW_QUESTION, settings, live)
    upload = uploads.stage_upload(settings, "notice-geshui-fujia.txt", NOTICE.read_bytes())
    phases = []
    job = Rebuilder(settings, on_published=live.refresh, on_progress=lambda s: phases.append(s.phase))
    job.start(uploads.publication(settings, upload.id))
    status = job.wait(120)
    assert status.state == "done" and not status.error, status
    assert status.version == published_version(settings.index_dir) and status.version != before
    assert phases.index("reading") < phases.index("embedding") < phases.index("loading")
    assert 0 < status.done == status.total
    assert [p.name for p in managed_paths(settings)] == ["notice-geshui-fujia.txt"]
    assert uploads.list_uploads(settings) == []
    assert pinned(live) is not old and live.version == status.version
    assert "notice-geshui-fujia" in live.doc_ids
    assert NOTICE_KEY in cited(NEW_QUESTION, settings, live)


def test_a_failed_build_keeps_the_old_index_published_and_answering(settings, live):
    before, old = published_version(settings.index_dir), pinned(live)
    upload = uploads.stage_upload(settings, "notice-geshui-fujia.txt", NOTICE.read_bytes())

    def disk_full(status):
        if status.running and status.phase == "embedding" and status.done:
            raise OSError(28, "No space left on device", str(settings.home / "index.versions"))

    job = Rebuilder(settings, on_published=live.refresh, on_progress=disk_full)
    job.start(uploads.publication(settings, upload.id))
    status = job.wait(120)
    assert status.state == "failed" and status.finished
    assert "No space left on device" in status.error and "previous index is still answering" in status.error
    assert str(settings.home) not in status.error
    assert published_version(settings.index_dir) == before and pinned(live) is old
    assert managed_paths(settings) == [] and [u.id for u in uploads.list_uploads(settings)] == [upload.id]
    assert cited("沿江大道和常洪大桥有什么安排", settings, live)[:1] == ["7"]
    assert NOTICE_KEY not in cited(NEW_QUESTION, settings, live)


def test_one_rebuild_at_a_time(settings, live):
    release = threading.Event()
    job = Rebuilder(settings, on_progress=lambda s: s.phase == "embedding" and release.wait(60))
    job.start(docs.Change("rebuild"))
    try:
        with pytest.raises(RebuildBusy, match=r"a rebuild \(rebuild\) is already running"):
            job.start(docs.Change("rebuild"))
        assert job.status().state == "running"
    finally:
        release.set()
    assert job.wait(120).state == "done"


def test_a_version_published_by_another_builder_is_picked_up_in_the_background(settings):
    import index

    first = index.Retriever(index.load(settings.index_dir))
    live = LiveRetriever(settings, first, check_every=0.0)
    assert pinned(live) is first
    settings.documents_dir.mkdir(parents=True)
    (settings.documents_dir / "notice-geshui-fujia.txt").write_bytes(NOTICE.read_bytes())
    build_index(settings)  # as another replica sharing the home would
    deadline = time.monotonic() + 60
    while pinned(live) is first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pinned(live) is not first and "notice-geshui-fujia" in live.doc_ids
    assert live.version == published_version(settings.index_dir)


def test_get_retriever_never_serves_a_stale_corpus(settings):
    first = get_retriever(settings)
    assert get_retriever(settings) is first  # cached while nothing changes
    settings.documents_dir.mkdir(parents=True)
    (settings.documents_dir / "notice-geshui-fujia.txt").write_bytes(NOTICE.read_bytes())
    build_index(settings)
    fresh = get_retriever(settings)
    assert fresh is not first and NOTICE_KEY in fresh.by_key and NOTICE_KEY not in first.by_key
