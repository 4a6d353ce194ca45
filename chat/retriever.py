"""The process-wide `index.Retriever` for the settings: which documents, which index folder, build when missing.

Owns the policy "a missing index is built, and so is one in a format this version no longer reads
(the caller is told; it is derived from the same documents, and the old one stays until the new one is
complete); one built from other documents or with another embedder, or a corrupt one, is an error that
says how to rebuild, and is never silently overwritten". Builds hold the index's builder lock
(`index.publish.building`): a process that finds no index waits for a build already running and
uses its result instead of starting a second one.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable
from pathlib import Path

from ingest import BUNDLED_DOC_ID, Clause, Document, IngestError, all_clauses, bundled_path, ingest_batch

from .settings import Settings

_lock = threading.Lock()


def corpus_paths(settings: Settings) -> list[Path]:
    return [bundled_path(), *(Path(p) for p in settings.docs)]


def documents(settings: Settings) -> list[Document]:
    """The documents to index: the bundled resolution, then those of `settings.docs` that parse. A file
    that fails is left out and said why (`take_notices`), so one broken file does not stop the rest."""
    report = ingest_batch(corpus_paths(settings), short_names=settings.short_name_map)
    for r in report.failed:
        note = f"skipped {r.path}: {r.error}"
        if note not in _NOTICES:
            _NOTICES.append(note)
    docs = report.documents
    if not docs or docs[0].doc_id != BUNDLED_DOC_ID:
        raise IngestError(bundled_path(), "the bundled resolution could not be read; reinstall policy-qa")
    return docs


def corpus(settings: Settings) -> list[Clause]:
    """Every clause to index (see `documents`)."""
    return all_clauses(documents(settings))


@contextlib.contextmanager
def _builder_lock(settings: Settings):
    """The index's builder lock, or a clear TimeoutError after `index_lock_timeout` seconds."""
    from filelock import Timeout

    from index.publish import building

    try:
        with building(settings.index_dir, timeout=settings.index_lock_timeout):
            yield
    except Timeout as e:
        raise TimeoutError(f"another build of the index at {settings.index_dir} is still running after "
                           f"{settings.index_lock_timeout:.0f} s (index_lock_timeout); try again later") from e


def build_index(settings: Settings, *, progress=None):
    """(Re)build the index folder from the corpus; the old index stays until the new one is published.
    Waits for a build already running (one builder at a time)."""
    import index

    with _builder_lock(settings):
        return index.build(
            corpus(settings),
            embedder=settings.embedder,
            out_dir=settings.index_dir,
            approx_threshold=settings.approx_threshold,
            progress=progress,
            keep_versions=settings.index_keep_versions,
        )


def open_index(settings: Settings, *, notify: Callable[[str], None] | None = None):
    """Load the index, building it first if there is none (and saying so through `notify`)."""
    import index

    expected = index.corpus_hash(corpus(settings))

    def load():
        return index.load(settings.index_dir, embedder=settings.embedder, expected_corpus_hash=expected)

    try:
        return load()
    except (index.IndexNotFoundError, index.IndexFormatError):
        pass
    # subtle: another process may be building it right now; wait for its lock and look again before building
    with _builder_lock(settings):
        try:
            return load()
        except index.IndexNotFoundError:
            if notify:
                notify(f"no index at {settings.index_dir}; building one now (embedder {settings.embedder})")
        except index.IndexFormatError as e:
            if notify:
                notify(f"{e}: rebuilding it now from the same documents")
        return build_index(settings)


@functools.lru_cache(maxsize=4)
def _cached_retriever(home: str, embedder: str, reranker: str, docs: tuple[str, ...], approx_threshold: int,
                      short_names: tuple[str, ...] = ()):
    import index

    settings = Settings(home=Path(home), embedder=embedder, reranker=reranker, docs=docs, approx_threshold=approx_threshold,
                        short_names=short_names)
    return index.Retriever(open_index(settings, notify=_NOTICES.append), reranker=reranker,
                           mappings_file=settings.vocabulary_file)


_NOTICES: list[str] = []


def get_retriever(settings: Settings):
    """The process-wide retriever for these settings (loaded once per index and embedder; thread-safe).
    Settings that do not change the index (generator, top_k, …) share one retriever."""
    with _lock:
        return _cached_retriever(str(settings.home), settings.embedder, settings.reranker, settings.docs,
                                 settings.approx_threshold, settings.short_names)


def take_notices() -> list[str]:
    """Messages produced while opening the index (e.g. 'building one now'), emptied on read."""
    out = list(_NOTICES)
    _NOTICES.clear()
    return out

