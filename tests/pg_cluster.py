"""One throw-away PostgreSQL cluster, started by the tests themselves and shared by every
test that needs PostgreSQL in a session (the centre's tests, the centre window's UI tests,
the service tests on PostgreSQL), and by the centre benchmark.

initdb and pg_ctl are found on PATH or under /usr/lib/postgresql/*/bin; the cluster
listens only on a unix socket in a temporary folder and is stopped at the end. As root it
runs as the `postgres` user (or a user made for it), since PostgreSQL refuses root. Where
the server binaries are missing, `PostgresMissingError` says so plainly: the tests that need
the cluster fail with that message (no silent skip).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

MISSING = (
    "PostgreSQL's server binaries (initdb, pg_ctl) are missing: install PostgreSQL "
    "(Debian: apt-get install postgresql) to run the PostgreSQL tests."
)


class PostgresMissingError(RuntimeError):
    """PostgreSQL's server binaries are not installed on this machine."""


def postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server binaries (initdb, pg_ctl), or None."""
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _cluster_user() -> str | None:
    """The unprivileged user to run the cluster as (None: as ourselves, not root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "caseroom-pg"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "caseroom-pg"], check=True)
    return "caseroom-pg"


@dataclass(frozen=True)
class Cluster:
    """A running throw-away PostgreSQL cluster."""

    bin: Path
    socket_dir: Path
    user: str | None

    def run(self, *command: str) -> None:
        """Run a PostgreSQL program as the cluster's user."""
        argv = [str(self.bin / command[0]), *command[1:]]
        if self.user is not None:
            argv = ["runuser", "-u", self.user, "--", *argv]
        subprocess.run(argv, check=True, capture_output=True)

    def url(self, name: str) -> str:
        """The SQLAlchemy URL of the database `name` in this cluster."""
        return f"postgresql+psycopg://cr@/{name}?host={self.socket_dir}"

    def new_database(self, template: str | None = None) -> str:
        """A fresh database, empty or a copy of the database `template` (its name; nobody
        may be connected to it); its SQLAlchemy URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        copy = ["-T", template] if template is not None else []
        self.run("createdb", "-h", str(self.socket_dir), "-U", "cr", *copy, name)
        return self.url(name)

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user="cr", dbname="postgres") as admin:
            admin.autocommit = True
            admin.execute(statement)  # type: ignore[arg-type]  # names made here, never input

    def copy_database(self, template: str) -> str:
        """A new database copied from the database `template` (its name; nobody may be
        connected to it), by one statement rather than a `createdb` process: the fast way
        for a database per test. Its name."""
        name = "t_" + uuid.uuid4().hex[:12]
        # FILE_COPY copies the template's few megabytes faster than WAL-logging each page.
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return name

    def drop_database(self, name: str) -> None:
        """Remove the database `name`, closing any connection still open to it."""
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a cluster, yield it, stop and remove it; `PostgresMissingError` without binaries."""
    folder = postgres_bin()
    if folder is None:
        raise PostgresMissingError(MISSING)
    user = _cluster_user()
    base = Path(tempfile.mkdtemp(prefix="caseroom-pg-"))
    base.chmod(0o755)
    if user is not None:
        shutil.chown(base, user=user)
    cluster = Cluster(folder, base, user)
    try:
        cluster.run("initdb", "-D", str(base / "data"), "-A", "trust", "-U", "cr", "-E", "UTF8")
        options = f"-k {base} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        cluster.run(
            "pg_ctl",
            "-D",
            str(base / "data"),
            "-o",
            options,
            "-l",
            str(base / "log"),
            "start",
            "-w",
        )
        try:
            yield cluster
        finally:
            cluster.run("pg_ctl", "-D", str(base / "data"), "stop", "-m", "fast")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def session_cluster() -> Iterator[Cluster]:
    """The body of the `postgres` fixture: the running cluster, or a test failure naming
    what to install (a failure, not a skip that would let the suite look green)."""
    try:
        with running_cluster() as cluster:
            yield cluster
    except PostgresMissingError as missing:
        pytest.fail(str(missing), pytrace=False)
