"""A server's retriever that follows the published index: `LiveRetriever` wraps the current
`index.Retriever` and swaps to a freshly loaded one when the index link points to a new version.

Owns "when does a running server start answering from a new index": never in the middle of an
answer — `pinned(retriever)` gives each request one `index.Retriever` for its whole life (the
answering entry points call it) — and soon after a new version is published: at most once per
`check_every` seconds a request looks where the index link points (one `readlink`); when that changed,
the new version is loaded in a background thread while requests go on with the old one, then swapped
in. A builder in this process calls `refresh()` to load it at once (the documents page reports a
rebuild done only when its index answers). Replicas sharing the index folder pick the new version up
the same way. A version that cannot be loaded leaves the old retriever in place (`last_error`).
Building and publishing are `retriever.py`'s and `index/`'s.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from .settings import Settings

log = logging.getLogger("policy_qa.live")


def published_version(index_dir: Path) -> str:
    """The name of the version folder the index link points to ("" when there is no index)."""
    target = os.path.realpath(index_dir)
    return os.path.basename(target) if os.path.exists(target) else ""


def pinned(retriever):
    """The `index.Retriever` to use for one whole request: a LiveRetriever's current one, else `retriever`."""
    return retriever.current() if isinstance(retriever, LiveRetriever) else retriever


class LiveRetriever:
    """Wraps the current `index.Retriever`; attribute reads (`search`, `by_key`, `clauses`, …) go to the
    current one. Use `pinned(live)` to hold one retriever across a request.

    Args:
        settings: which index folder, embedder, reranker and staff vocabulary file.
        retriever: the retriever loaded at start-up (from the version published now).
        check_every: seconds between two looks at the index link.
    """

    def __init__(self, settings: Settings, retriever, *, check_every: float = 1.0) -> None:
        self.settings = settings
        self.check_every = check_every
        self._current = retriever
        self._version = published_version(settings.index_dir)
        self._checked = time.monotonic()
        self._lock = threading.Lock()  # one load at a time
        self._loading = False
        self._failed = ""  # a version that would not load is not tried again every second
        self.last_error = ""

    @property
    def version(self) -> str:
        """The index version the current retriever was loaded from."""
        return self._version

    def current(self):
        """The retriever to answer with now; starts loading a newly published version in the background."""
        now = time.monotonic()
        if now - self._checked >= self.check_every:
            self._checked = now
            version = published_version(self.settings.index_dir)
            if version and version not in (self._version, self._failed) and not self._loading:
                self._loading = True
                threading.Thread(target=self._load_quietly, name="policy-qa-index-reload", daemon=True).start()
        return self._current

    def refresh(self) -> bool:
        """Load the published version now if it is not the current one (waits for a load under way).
        Returns whether the retriever changed.

        Raises:
            index.IndexError_ (or OSError): the published version cannot be loaded; the old one stays.
        """
        with self._lock:
            version = published_version(self.settings.index_dir)
            if not version or version == self._version:
                return False
            import index

            try:
                fresh = index.Retriever(index.load(self.settings.index_dir, embedder=self.settings.embedder),
                                        reranker=self.settings.reranker, mappings_file=self.settings.vocabulary_file,
                                        examples_file=self.settings.examples_file)
            except Exception as e:
                self._failed, self.last_error = version, f"index version {version} could not be loaded: {e}"
                raise
            # subtle: the version is read before loading; a newer one published meanwhile is seen next time
            self._current, self._version, self._failed, self.last_error = fresh, version, "", ""
            log.info("now answering from index version %s", version)
            return True

    def _load_quietly(self) -> None:
        try:
            self.refresh()
        except Exception:  # noqa: BLE001 - a background load: the old retriever goes on answering
            log.exception("could not load the newly published index; answering from the previous one")
        finally:
            self._loading = False

    def __getattr__(self, name: str):
        # subtle: only called for names the wrapper lacks, so `search`, `by_key`, … reach the retriever
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.current(), name)
