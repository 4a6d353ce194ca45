"""Rebuilding the index in the background after staff add or remove a document, with progress.

`Rebuilder.start(change)` runs one rebuild at a time in a thread (a second `start` while one runs is
`RebuildBusy`; other processes are held off by the index's builder lock, `retriever.builder_lock`, which
the job holds from reading the documents to moving the file, so two servers sharing a home cannot
interleave). In order: wait for the builder lock, complete a move an interrupted rebuild left
(`pending.complete_pending`), re-check the change against the folder as it is now
(`documents.Change.checked`: another server may have published the same name or removed the same
document meanwhile), journal the move (`pending.write_pending`), read the corpus as it will be after
the change, embed (progress: units embedded / total), publish the new version (one atomic switch of
the index link), move the file without replacing any (`documents.Change.apply`), drop the journal,
then `on_published` (the server's `LiveRetriever.refresh`), so "done" means the new index answers.
Until then every question is answered from the old index. A failure before publishing leaves the
old index published and the files where they were (an upload stays staged); a failure to move the
file after publishing says exactly that, and the journal has the next builder complete the move.
`status().error` says what went wrong without server paths.

Owns the job and its progress record; what goes into the corpus is `documents.py`'s and
`retriever.py`'s, the building and publishing `index/`'s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass

from ingest import IngestError

from .documents import Change, now_utc
from .errors import DocumentError, RebuildBusy
from .live import published_version
from .pending import clear_pending, complete_pending, write_pending
from .retriever import build_index, builder_lock, documents
from .settings import Settings

log = logging.getLogger("policy_qa.rebuild")


@dataclass(frozen=True)
class RebuildStatus:
    """Where the current (or last) rebuild is. `phase`: waiting (for another build's lock), reading
    (the documents), embedding (`done` of `total` units), publishing, moving (the file, once the new
    index is published), loading (the new index into this server); `state`: idle, running, done or failed."""

    state: str = "idle"
    change: str = ""  # "add law", "remove law", "rebuild"
    phase: str = ""
    done: int = 0
    total: int = 0
    started: str = ""
    finished: str = ""
    error: str = ""
    version: str = ""  # the index version published by the last successful rebuild

    @property
    def running(self) -> bool:
        return self.state == "running"

    def to_dict(self) -> dict:
        return asdict(self)


class Rebuilder:
    """One background rebuild at a time for the index of `settings`.

    Args:
        on_published: called after the new version is published and the files moved (the server's
            `LiveRetriever.refresh`); the rebuild is done when it returns.
        on_progress: called with every new status, in the job's thread (tests slow a rebuild down here).
    """

    def __init__(self, settings: Settings, *, on_published: Callable[[], object] | None = None,
                 on_progress: Callable[[RebuildStatus], None] | None = None) -> None:
        self.settings = settings
        self.on_published = on_published
        self.on_progress = on_progress
        self._status = RebuildStatus()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def status(self) -> RebuildStatus:
        return self._status

    def start(self, change: Change) -> RebuildStatus:
        """Start rebuilding the index with `change` applied. Raises RebuildBusy if one is running."""
        with self._lock:
            if self._status.running:
                raise RebuildBusy(f"a rebuild ({self._status.change}) is already running; wait until it is "
                                  "done, then try again")
            self._status = RebuildStatus(state="running", change=change.describe(), phase="waiting", started=now_utc())
            self._thread = threading.Thread(target=self._run, args=(change,), name="policy-qa-rebuild", daemon=True)
            self._thread.start()
        return self._status

    def wait(self, timeout: float | None = None) -> RebuildStatus:
        """Block until the running rebuild ends (or `timeout` seconds pass); the status then."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self._status

    def _set(self, **changes) -> None:
        self._status = dataclasses.replace(self._status, **changes)
        if self.on_progress:
            self.on_progress(self._status)

    def _embedded(self, done: int, total: int) -> None:
        self._set(phase="embedding" if done < total else "publishing", done=done, total=total)

    def _run(self, change: Change) -> None:
        published = False
        try:
            with builder_lock(self.settings):
                complete_pending(self.settings)  # a move an earlier rebuild (here or elsewhere) left undone
                change = change.checked(self.settings)  # the folder as it is now, not as it was when asked
                previous = published_version(self.settings.index_dir)
                if (move := change.pending(previous)) is not None:
                    write_pending(self.settings, move)
                try:
                    self._set(phase="reading")
                    docs = documents(self.settings, paths=change.read_paths(self.settings))
                    if change.kind == "add" and change.doc_id not in {d.doc_id for d in docs}:
                        raise DocumentError(f"{change.doc_id} could not be read any more; upload it again")
                    self._set(phase="embedding")
                    build_index(self.settings, progress=self._embedded, docs=docs)
                finally:
                    published = published_version(self.settings.index_dir) != previous
                    if not published:
                        clear_pending(self.settings)  # nothing published: nothing to move
                self._set(phase="moving")
                change.apply()
                clear_pending(self.settings)
            self._set(phase="loading")
            if self.on_published:
                self.on_published()
            self._set(state="done", phase="", finished=now_utc(), version=published_version(self.settings.index_dir))
        except Exception as e:  # noqa: BLE001 - the job reports every failure; the old index stays published
            log.exception("rebuilding the index (%s) failed", change.describe())
            self._status = dataclasses.replace(self._status, state="failed", finished=now_utc(),
                                               error=failure_message(e, self._status.phase, published=published))
            if self.on_progress:
                with contextlib.suppress(Exception):  # the failure is recorded whatever the hook does
                    self.on_progress(self._status)


def failure_message(e: Exception, phase: str, *, published: bool = False) -> str:
    """What staff read when a rebuild failed: the cause, what answers now, what to do; no server paths."""
    if phase == "loading":
        cause = (f"the new index was published but this server could not load it ({type(e).__name__}); "
                 "it keeps answering from the previous one: restart the server")
        return cause
    if published:  # the index has the change; its file has not moved (the journal keeps the move)
        why = str(e) if isinstance(e, DocumentError) else (e.strerror if isinstance(e, OSError) and e.strerror
                                                            else type(e).__name__)
        return (f"the new index was published (servers sharing this home switch to it), but the document file "
                f"could not be moved: {why}. The move is retried by the next rebuild or server start; if it "
                f"keeps failing, fix the cause and run `policy-qa index`.")
    if isinstance(e, TimeoutError):
        cause = "another build of the index is still running (index_lock_timeout); try again later"
    elif isinstance(e, IngestError):
        cause = e.problem
    elif isinstance(e, (DocumentError, ValueError)):
        cause = str(e)
    elif isinstance(e, OSError):
        cause = f"the index could not be written ({e.strerror or type(e).__name__}); check the disk space and " \
                "permissions of the home folder"
    else:
        cause = f"unexpected {type(e).__name__}; the server log has the details"
    return f"rebuild failed: {cause}. The previous index is still answering."
