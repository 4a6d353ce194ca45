"""The documents of the corpus as staff see them, and what adding or removing one does to the files.

Folders under `Settings.documents_dir` (`<home>/documents/`):

    law.txt, policy.docx, …     published documents, indexed after the bundled resolution and `docs`
    .staging/<id>/<name>        an upload waiting to be published or discarded (`uploads.py`)
    .removed/<time>-<name>      documents taken out of the index: moved here, never deleted

Owns the list (clause counts, coverage, warnings, where each document comes from), the rule "no second
document with the same doc_id or the same text", and `Change`: which files the next index is built
from, its re-check under the builder lock (`Change.checked`), and the move that applies it once that
index is published (never over an existing file; `pending.py` journals it in between). Which files make the
corpus is `retriever.corpus_paths`'s; checking and staging an upload is `uploads.py`'s; rebuilding and
applying a change `rebuild.Rebuilder`'s; HTTP chat/web/staff_documents.py's. Errors are
`errors.DocumentError`s naming files by their own name, never by a server path.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from ingest import BUNDLED_DOC_ID, Document, IngestError, bundled_path, doc_id_for, load_document

from .errors import ChangeConflict, DuplicateDocument, NotRemovable, UnknownDocument
from .pending import PendingMove, move_without_replacing
from .retriever import corpus_paths, file_key, managed_paths
from .settings import Settings

log = logging.getLogger("policy_qa.documents")
REMOVED = ".removed"


def now_utc(timestamp: float | None = None) -> str:
    """A time (now, or a POSIX `timestamp`) as every record here writes it: ISO 8601, UTC, seconds
    (`2024-05-01T08:30:00+00:00`, the format of votes and staff mappings too)."""
    at = datetime.now(UTC) if timestamp is None else datetime.fromtimestamp(timestamp, UTC)
    return at.isoformat(timespec="seconds")


@dataclass(frozen=True)
class ListedDocument:
    """One document of the corpus as the documents page lists it."""

    doc_id: str
    name: str  # file name
    origin: str  # "bundled" (ships with policy-qa), "configured" (--docs / POLICY_QA_DOCS) or "managed" (added here)
    title: str = ""
    doc_type: str = ""
    short_name: str = ""
    structure: str = ""
    clauses: int = 0
    coverage: float = 0.0
    warnings: tuple[str, ...] = ()
    error: str = ""  # the file does not parse: it is left out of the index
    size: int = 0
    added: str = ""  # when the file was last written (UTC)

    @property
    def removable(self) -> bool:
        return self.origin == "managed"

    def to_dict(self) -> dict:
        return asdict(self) | {"warnings": list(self.warnings), "removable": self.removable}


def refuse_taken_doc_id(settings: Settings, doc_id: str) -> None:
    """Raises DuplicateDocument when a document of the corpus already has this doc_id."""
    for listed in list_documents(settings):
        if listed.doc_id == doc_id:
            where = {"bundled": "the bundled resolution", "configured": "a document configured with --docs",
                     "managed": "a document added here"}[listed.origin]
            raise DuplicateDocument(f"a document named {doc_id!r} is already indexed ({where}); remove it first "
                                    "or rename the file")


def refuse_same_text(settings: Settings, name: str, content_hash: str) -> None:
    """Raises DuplicateDocument when a document of the corpus has the same text (`Document.content_hash`)."""
    for path in corpus_paths(settings):
        doc, _ = _parsed(*file_key(path))
        if doc is not None and doc.content_hash == content_hash:
            raise DuplicateDocument(f"{name} has the same text as the indexed document {doc.doc_id!r}; "
                                    "it is already there")


# --- the corpus ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _parsed(path: str, size: int, mtime_ns: int) -> tuple[Document | None, str]:
    """One corpus file parsed, cached until it changes (size or mtime): (document, "") or (None, why not)."""
    try:
        return load_document(path), ""
    except IngestError as e:
        return None, e.problem
    except Exception as e:  # noqa: BLE001 - one broken file must not break the list
        log.exception("parsing %s failed", path)
        return None, f"could not be parsed ({type(e).__name__}); the server log has the details"


def list_documents(settings: Settings) -> list[ListedDocument]:
    """Every document of the corpus, in index order, with clause count, coverage and warnings; a file
    that does not parse is listed with its error (the index leaves it out)."""
    configured = {str(Path(p)) for p in settings.docs}
    bundled = str(bundled_path())
    out = []
    for path in corpus_paths(settings):
        key = file_key(path)
        doc, error = _parsed(*key)
        origin = "bundled" if key[0] == bundled else "configured" if key[0] in configured else "managed"
        added = now_utc(key[2] / 1e9) if key[2] >= 0 else ""
        common = dict(doc_id=doc_id_for(path) if doc is None else doc.doc_id, name=path.name, origin=origin,
                      size=max(key[1], 0), added=added)
        if doc is None:
            out.append(ListedDocument(**common, error=error))
        else:
            out.append(ListedDocument(**common, title=doc.meta.title, doc_type=doc.doc_type, short_name=doc.short_name,
                                      structure=doc.structure, clauses=len(doc.clauses), coverage=doc.coverage,
                                      warnings=doc.warnings))
    return out


# --- changes ---------------------------------------------------------------------------------------


def removed_dir(settings: Settings) -> Path:
    return settings.documents_dir / REMOVED


@dataclass(frozen=True)
class Change:
    """What a rebuild does to the managed documents once the new index is published: move `source` to
    `target` (add: staged file → documents folder; remove: documents folder → .removed). A plain
    rebuild changes nothing."""

    kind: str  # "add" | "remove" | "rebuild"
    doc_id: str = ""
    source: Path | None = None
    target: Path | None = None
    content_hash: str = ""  # an added document's (`Document.content_hash`), to re-check "same text"

    def describe(self) -> str:
        return {"add": f"add {self.doc_id}", "remove": f"remove {self.doc_id}"}.get(self.kind, "rebuild")

    def checked(self, settings: Settings) -> Change:
        """The change re-checked against the folder as it is now (the caller holds the builder lock, so
        it stays so until the file moves): another server sharing the home may have published or removed
        the same document, or a file of that name, since the change was asked for.

        Raises:
            UnknownDocument (the upload or document is gone), DuplicateDocument, ChangeConflict.
        """
        if self.kind == "rebuild":
            return self
        name = self.target.name if self.kind == "add" else self.source.name
        if not self.source.exists():
            if self.kind == "add":
                raise UnknownDocument(f"the upload {name} is gone (published or discarded meanwhile, perhaps on "
                                      "another server); reload the list, and upload it again if it is not there")
            raise UnknownDocument(f"{self.doc_id!r} was already removed (perhaps on another server or in another "
                                  "tab); reload the list")
        if self.kind == "remove":
            return replace(self, target=removal_target(settings, self.source))
        if os.path.lexists(self.target):
            raise ChangeConflict(f"a file {name} was added to the documents folder meanwhile (perhaps on another "
                                 "server); nothing was replaced: remove it first, or rename this upload")
        refuse_taken_doc_id(settings, self.doc_id)
        if self.content_hash:
            refuse_same_text(settings, name, self.content_hash)
        return self

    def read_paths(self, settings: Settings) -> list[Path]:
        """The files the new index is built from: the corpus as it will be after the change (an added
        document is read where it is staged, under the name and place it will have)."""
        managed = [p for p in managed_paths(settings) if p != self.source]
        if self.kind == "add":
            managed.append(self.target)
        return [self.source if p == self.target and self.kind == "add" else p
                for p in corpus_paths(settings, managed=managed)]

    def pending(self, previous: str) -> PendingMove | None:
        """The journal entry of this change (`pending.py`), or None for a plain rebuild."""
        if self.kind == "rebuild":
            return None
        return PendingMove(self.kind, self.doc_id, str(self.source), str(self.target), previous)

    def apply(self) -> None:
        """Move the file, never over an existing one (`pending.move_without_replacing`); an added
        document's staging folder goes.

        Raises:
            ChangeConflict: a file is already at the target; nothing was moved.
        """
        if self.kind == "rebuild":
            return
        move_without_replacing(self.source, self.target)
        if self.kind == "add":
            shutil.rmtree(self.source.parent, ignore_errors=True)


def removal(settings: Settings, doc_id: str) -> Change:
    """The change that takes a document staff added out of the index (the file goes to .removed/).

    Raises:
        UnknownDocument, NotRemovable (the bundled resolution, or a document configured with --docs).
    """
    if doc_id == BUNDLED_DOC_ID:
        raise NotRemovable("the bundled resolution is what policy-qa answers about; it cannot be removed")
    for path in corpus_paths(settings):
        if doc_id_for(path) != doc_id:
            continue
        if path not in managed_paths(settings):
            raise NotRemovable(f"{doc_id!r} is configured with --docs / POLICY_QA_DOCS, not removable here: "
                               "take it out of that setting and restart the server")
        return Change("remove", doc_id, path, removal_target(settings, path))
    raise UnknownDocument(f"no document {doc_id[:80]!r} in the index; the list shows the doc_ids")


def removal_target(settings: Settings, path: Path) -> Path:
    """Where a removed document goes: `.removed/<UTC time>-<name>`, numbered when that name is taken."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = removed_dir(settings) / f"{stamp}-{path.name}"
    n = 1
    while os.path.lexists(target):
        n += 1
        target = removed_dir(settings) / f"{stamp}-{n}-{path.name}"
    return target
