"""The process-wide `index.Retriever` for the settings: which documents, which index folder, build when missing.

Owns the policy "the corpus is the bundled resolution, then `settings.docs`, then the documents staff
added (`settings.documents_dir`, by file name)" (`corpus_paths`); adding and removing those files is
`documents.py`'s, swapping a running server to a new index `live.py`'s.

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

from ingest import (
    BUNDLED_DOC_ID,
    SUPPORTED_SUFFIXES,
    Clause,
    Document,
    IngestError,
    all_clauses,
    bundled_path,
    ingest_batch,
)

from .pending import complete_pending, journal_path
from .settings import Settings

_lock = threading.Lock()


def managed_paths(settings: Settings) -> list[Path]:
    """The documents staff added: the supported files directly in `settings.documents_dir`, by name
    (hidden names, such as the `.staging` and `.removed` folders, are not documents)."""
    folder = settings.documents_dir
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir()
                   if not p.name.startswith(".") and p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()),
                  key=lambda p: p.name)


def corpus_paths(settings: Settings, *, managed: list[Path] | None = None) -> list[Path]:
    """Every document file to index, in index order: the bundled resolution, `settings.docs`, then the
    managed documents (`managed_paths`, or `managed` when given: what the folder will hold after a change)."""
    return [bundled_path(), *(Path(p) for p in settings.docs),
            *(managed_paths(settings) if managed is None else sorted(managed, key=lambda p: p.name))]


def file_key(path: Path) -> tuple[str, int, int]:
    """(path, size, mtime_ns) of one file, (path, -1, -1) when it cannot be read: changes when it is
    written, at the cost of one `stat`."""
    try:
        st = path.stat()
        return str(path), st.st_size, st.st_mtime_ns
    except OSError:
        return str(path), -1, -1


def corpus_fingerprint(settings: Settings) -> tuple[tuple[str, int, int], ...]:
    """`file_key` of every corpus file: changes when a document is added, removed or edited."""
    return tuple(file_key(p) for p in corpus_paths(settings))


def documents(settings: Settings, *, paths: list[Path] | None = None) -> list[Document]:
    """The documents to index: the bundled resolution, then those of `corpus_paths` (or `paths`) that
    parse. A file that fails is left out and said why (`take_notices`), so one broken file does not stop
    the rest."""
    report = ingest_batch(corpus_paths(settings) if paths is None else paths, short_names=settings.short_name_map)
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
def builder_lock(settings: Settings):
    """The index's builder lock, or a clear TimeoutError after `index_lock_timeout` seconds."""
    from filelock import Timeout

    from index.publish import building

    try:
        with building(settings.index_dir, timeout=settings.index_lock_timeout):
            yield
    except Timeout as e:
        raise TimeoutError(f"another build of the index at {settings.index_dir} is still running after "
                           f"{settings.index_lock_timeout:.0f} s (index_lock_timeout); try again later") from e


def build_index(settings: Settings, *, progress=None, docs: list[Document] | None = None):
    """(Re)build the index folder from the corpus (or from `docs`, read by a caller that holds
    `builder_lock`); the old index stays until the new one is published. Waits for a build already
    running (one builder at a time)."""
    import index

    with builder_lock(settings):
        if docs is None:
            complete_pending(settings)  # a staff change's move a crash left undone, before reading the corpus
        return index.build(
            corpus(settings) if docs is None else all_clauses(docs),
            embedder=settings.embedder,
            out_dir=settings.index_dir,
            approx_threshold=settings.approx_threshold,
            progress=progress,
            keep_versions=settings.index_keep_versions,
        )


def open_index(settings: Settings, *, notify: Callable[[str], None] | None = None):
    """Load the index, building it first if there is none (and saying so through `notify`)."""
    import index

    if journal_path(settings).exists():
        with builder_lock(settings):  # subtle: under the lock, so a rebuild running elsewhere is not undone
            complete_pending(settings)
    expected = index.corpus_hash(corpus(settings))

    def load():
        return index.load(settings.index_dir, embedder=settings.embedder, expected_corpus_hash=expected)

    try:
        return load()
    except (index.IndexNotFoundError, index.IndexFormatError):
        pass
    except index.CorpusChangedError:
        if settings.docs:  # not rebuilt here: a server on this home would switch to these documents
            raise index.CorpusChangedError(
                f"the index at {settings.index_dir} was built from other documents than the ones given; rebuild it "
                f"with `policy-qa index --docs {' '.join(settings.docs)}` (a server using this home then answers "
                f"from them too), or give another POLICY_QA_HOME") from None
        raise
    # subtle: another process may be building it right now; wait for its lock and look again before building
    with builder_lock(settings):
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
                      short_names: tuple[str, ...], fingerprint: tuple):
    import index

    settings = Settings(home=Path(home), embedder=embedder, reranker=reranker, docs=docs, approx_threshold=approx_threshold,
                        short_names=short_names)
    return index.Retriever(open_index(settings, notify=_NOTICES.append), reranker=reranker,
                           mappings_file=settings.vocabulary_file, examples_file=settings.examples_file)


_NOTICES: list[str] = []


def get_retriever(settings: Settings):
    """The process-wide retriever for these settings (loaded once per index, embedder and corpus;
    thread-safe). Settings that do not change the index (generator, top_k, …) share one retriever; a
    document added, removed or edited since gives a fresh one (`corpus_fingerprint`), never the stale one.
    A server follows index changes with `live.LiveRetriever` instead."""
    with _lock:
        return _cached_retriever(str(settings.home), settings.embedder, settings.reranker, settings.docs,
                                 settings.approx_threshold, settings.short_names, corpus_fingerprint(settings))


def take_notices() -> list[str]:
    """Messages produced while opening the index (e.g. 'building one now'), emptied on read."""
    out = list(_NOTICES)
    _NOTICES.clear()
    return out

