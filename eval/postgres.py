"""A throwaway PostgreSQL cluster for the replica load run (`eval/replicas.py`) and the storage tests.

Debian's `postgresql` package provides the binaries (`/usr/lib/postgresql/<version>/bin/initdb`, `pg_ctl`);
the cluster lives in a temporary folder, listens on 127.0.0.1 (and a unix socket in that folder), trusts
local connections, and is stopped and deleted on exit. PostgreSQL refuses to run as root, so as root the
binaries run as the `postgres` user with the folder handed to it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = "install PostgreSQL's server binaries: apt-get install postgresql (Debian), then retry"


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server binaries here (the message says how to install them)."""


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: the newest /usr/lib/postgresql/*/bin, else the PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if candidates:
        return Path(candidates[-1]).parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    raise PostgresUnavailableError(f"no initdb/pg_ctl found; {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_postgres(*, fsync: bool = False, timeout: float = 60.0) -> Iterator[str]:
    """Start a fresh cluster; yield its URL (`postgresql://postgres@127.0.0.1:<port>/postgres`); stop it.

    Args:
        fsync: keep PostgreSQL's fsync on (off is faster and fine for tests that do not crash the OS).
    Raises:
        PostgresUnavailableError: no server binaries, or (as root) no `postgres` user to run them.
    """
    bindir = find_bindir()
    root = Path(tempfile.mkdtemp(prefix="policy-qa-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise PostgresUnavailableError(f"running as root and there is no postgres user; {INSTALL_HINT}") from None
        os.chown(root, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            log = (root / "log").read_text(errors="replace")[-2000:] if (root / "log").exists() else ""
            raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()} {log}")

    options = f"-h 127.0.0.1 -p {port} -k {root}" + ("" if fsync else " -F")
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C", "--no-sync")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options, "-w",
            "-t", str(int(timeout)), "start")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        try:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(root, ignore_errors=True)
