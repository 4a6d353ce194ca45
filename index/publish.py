"""Publishing an index folder so that readers never see a missing or half-written index (POSIX).

`<out>` is a symlink to a complete version folder in `<out>.versions/`; `point` switches it with one
atomic rename. Builders hold `building(out)` (a `filelock` lock file `.<name>.lock` beside the link);
readers hold a shared `flock` on the version folder they read (`lock_folder`), so `remove_old_versions`
never removes a version while it is read. What goes into a version folder is `store.py`'s. Also the
one way a small file is replaced (`write_atomically`: temp file, fsync, rename, fsync of the folder),
used for upload records, staff mappings, exports and the pending-change journal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import uuid
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: readers take no lock, old versions are removed by count only
    fcntl = None


def versions_dir(out_dir: str | Path) -> Path:
    """Where the versions of the index published at `out_dir` live: `<out_dir>.versions/`."""
    out = Path(out_dir)
    return out.with_name(f"{out.name}.versions")


def build_lock(out_dir: str | Path):
    """The file lock that serializes builders of `out_dir` across threads and processes (`.<name>.lock`
    beside it); re-entrant in one thread. Use `with building(out_dir):` unless you need the lock object."""
    from filelock import FileLock

    out = Path(os.path.abspath(out_dir))
    out.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(out.with_name(f".{out.name}.lock")), is_singleton=True)


@contextlib.contextmanager
def building(out_dir: str | Path, *, timeout: float = -1):
    """Hold the builder lock of `out_dir` (waiting at most `timeout` s; -1 = as long as it takes).

    On a read-only or unwritable folder the lock file cannot be opened; nobody can build there, so it
    goes on without the lock and the index write itself reports the problem.

    Raises:
        filelock.Timeout: another builder held the lock for longer than `timeout`.
    """
    from filelock import Timeout

    lock = build_lock(out_dir)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise
    except OSError as e:
        if e.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        yield
        return
    try:
        yield
    finally:
        lock.release()


def point(out: Path, target: Path) -> None:
    """Switch the link `out` to `target` in one rename; a plain index folder there is moved aside first."""
    fsync_dir(target.parent)  # the version's final name is on disk before anything points to it
    link = out.with_name(f".{out.name}.link-{uuid.uuid4().hex[:12]}")
    os.symlink(os.path.relpath(target, out.parent), link)
    try:
        if out.is_dir() and not out.is_symlink():
            # The older layout: wait for its readers, then move it among the versions as the oldest.
            fd = lock_folder(out, shared=False)
            try:
                os.rename(out, versions_dir(out) / "00000000T000000000000Z-plain")
            finally:
                if fd is not None:
                    os.close(fd)
        os.replace(link, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(link)
        raise
    fsync_dir(out.parent)


def remove_old_versions(out: Path, keep: int) -> None:
    """Remove versions older than the current one and the `keep` before it, unless being read; and the
    folders of builds that crashed (the caller holds the builder lock, so no build is running)."""
    versions = versions_dir(out)
    current = os.path.realpath(out)
    for p in versions.iterdir():
        if p.name.startswith(".building-"):
            shutil.rmtree(p, ignore_errors=True)
    done = sorted(p for p in versions.iterdir() if not p.name.startswith(".") and str(p) != current)
    for p in done[: max(len(done) - keep, 0)]:
        fd = lock_folder(p, shared=False, wait=False)
        if fd is None and fcntl is not None:
            continue  # a reader is loading it: next time
        try:
            shutil.rmtree(p, ignore_errors=True)
        finally:
            if fd is not None:
                os.close(fd)


def lock_folder(folder: Path, *, shared: bool, wait: bool = True) -> int | None:
    """flock a folder (shared for readers, exclusive to remove it); the fd to close, or None when the
    folder is missing, the lock is taken (wait=False) or the platform has no flock."""
    if fcntl is None:
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        return None
    return fd


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(path: str | Path, write, *, encoding: str = "utf-8", newline: str | None = None):
    """Write a file so that readers see the old one or the new one, never a part, and the new one
    survives a crash once this returns: `write(f)` fills a temporary file beside `path`, which is
    flushed, fsynced and renamed over `path`, then the folder is fsynced. Returns what `write` returns.

    >>> write_atomically(folder / "a.json", lambda f: f.write("{}"))   # doctest: +SKIP
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as f:
            result = write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    return result
