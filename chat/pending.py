"""The journal of a staff document change between publishing its index and moving its file, and the
one way such a change moves a file: never over an existing one.

A rebuild (`rebuild.Rebuilder`) writes `<home>/documents/.pending-change.json` — the move to make and
the index version published before the build — while it holds the builder lock, before it builds, and
removes it once the file has moved. If the process dies in between, the next holder of the builder
lock (a rebuild, a build from the documents, a server starting: `retriever.open_index`) calls
`complete_pending`: when a version was published since, the index has the change, so the move is
completed; when none was, the journal is dropped (the files are as they were). Every builder resolves
the journal first under the same lock, so no other publication can come in between.

What a change is and when it may be made is `documents.py`'s; the rebuild job `rebuild.py`'s.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from index.publish import fsync_dir, write_atomically

from .errors import ChangeConflict
from .live import published_version
from .settings import Settings

log = logging.getLogger("policy_qa.pending")
JOURNAL = ".pending-change.json"
STAGING = ".staging"  # where an added document waits (uploads.py); its folder goes once the file moved
#: link() failures that mean "this file system has no hard links", not "the move is wrong".
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV}


@dataclass(frozen=True)
class PendingMove:
    """A move a rebuild will make once its index is published (`previous`: the version before it)."""

    kind: str  # "add" | "remove"
    doc_id: str
    source: str
    target: str
    previous: str


def journal_path(settings: Settings) -> Path:
    return settings.documents_dir / JOURNAL


def write_pending(settings: Settings, move: PendingMove) -> None:
    """Record `move` before publishing (the caller holds the builder lock)."""
    write_atomically(journal_path(settings), lambda f: json.dump(asdict(move), f, ensure_ascii=False))


def clear_pending(settings: Settings) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal_path(settings))
        fsync_dir(settings.documents_dir)


def read_pending(settings: Settings) -> PendingMove | None:
    """The recorded move, or None (no journal, or one that is unreadable or names files outside the
    documents folder: never acted on)."""
    try:
        move = PendingMove(**json.loads(journal_path(settings).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as e:
        log.warning("ignoring the unreadable %s (%s)", JOURNAL, e)
        return None
    root = settings.documents_dir.resolve()
    if not all(Path(p).resolve().is_relative_to(root) for p in (move.source, move.target)):
        log.warning("ignoring %s: it names files outside the documents folder", JOURNAL)
        return None
    return move


def complete_pending(settings: Settings) -> str:
    """Resolve the journal a crashed rebuild left (the caller holds the builder lock): complete its move
    when its index was published, else drop it. Returns what was done ("" when there was no journal)."""
    move = read_pending(settings)
    if move is None:
        clear_pending(settings)
        return ""
    if published_version(settings.index_dir) == move.previous:
        clear_pending(settings)
        log.info("a rebuild (%s %s) stopped before publishing; its files stay where they were", move.kind, move.doc_id)
        return "dropped"
    source, target = Path(move.source), Path(move.target)
    done = "completed"
    if source.exists() and not os.path.lexists(target):
        move_without_replacing(source, target)
    elif source.exists():  # another file took the name: keep both, replace nothing
        done = "conflict"
        log.warning("could not complete %s %s: a file %s is already there; both are kept, `policy-qa index` "
                    "rebuilds the index from the documents folder as it is", move.kind, move.doc_id, target.name)
    elif not os.path.lexists(target):
        done = "lost"
        log.warning("the index published for %s %s is live but its file is gone; `policy-qa index` rebuilds the "
                    "index from the documents folder as it is", move.kind, move.doc_id)
    if done == "completed" and move.kind == "add" and source.parent.parent.name == STAGING:
        shutil.rmtree(source.parent, ignore_errors=True)  # the staging folder: only its upload.json is left
    clear_pending(settings)
    log.info("completed the move of an interrupted rebuild (%s %s): %s", move.kind, move.doc_id, done)
    return done


def move_without_replacing(source: Path, target: Path) -> None:
    """Move `source` to `target` (same file system) and never replace a file already at `target`: a hard
    link, which fails when the name is taken, then unlink the source. On a file system without hard links,
    check and rename (the caller holds the builder lock, which every mover of these files holds).

    Raises:
        ChangeConflict: a file is already at `target`; nothing was moved.
        OSError: the move failed (the source is where it was).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:
        raise ChangeConflict(f"a file {target.name} is already in the {target.parent.name} folder (added by another "
                             "server sharing this home?); nothing was replaced: remove one of them, then try again") from None
    except OSError as e:
        if e.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            raise ChangeConflict(f"a file {target.name} is already in the {target.parent.name} folder; nothing was "
                                 "replaced: remove one of them, then try again") from None
        os.rename(source, target)
    else:
        os.unlink(source)
    fsync_dir(target.parent)
    fsync_dir(source.parent)
