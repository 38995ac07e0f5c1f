"""`caseroom check`: is the database file sound, and can this version of caseroom open it?

The file is only read (read-only connection), so a check is safe while caseroom runs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from caseroom.db.backup import (
    MAIN_TABLES,
    VerifyResult,
    is_known_revision,
    open_read_only,
    verify_database_file,
)
from caseroom.db.migrate import HEAD_REVISION
from caseroom.db.search import SESSION_INDEX
from caseroom.i18n import _


@dataclass(frozen=True)
class HealthReport:
    """What `check_database` found: `findings` (what was checked, translated lines) and
    `problems` (what is wrong); `healthy` when there are no problems."""

    path: Path
    healthy: bool
    findings: list[str]
    problems: list[str]
    revision: str | None
    counts: dict[str, int]


def check_database(path: Path) -> HealthReport:
    """Integrity, foreign keys, schema version, journal mode and full-text index of `path`."""
    verified = verify_database_file(path)
    findings: list[str] = []
    problems = list(verified.problems)
    if verified.intact:
        findings.append(_("Integrity check: ok."))
        if verified.broken_links == 0:
            findings.append(_("Foreign keys: ok."))
        if set(MAIN_TABLES) <= set(verified.counts):
            _check_schema(verified, findings, problems)
            _check_storage(path, findings, problems)
    return HealthReport(
        path=path,
        healthy=not problems,
        findings=findings,
        problems=problems,
        revision=verified.revision,
        counts=dict(verified.counts),
    )


def _check_schema(verified: VerifyResult, findings: list[str], problems: list[str]) -> None:
    revision = verified.revision
    if revision is None:
        return  # verify_database_file already reported the missing version
    if revision == HEAD_REVISION:
        findings.append(_("Schema version {revision}: current.").format(revision=revision))
    elif is_known_revision(revision):
        findings.append(
            _(
                "Schema version {revision} is older than this caseroom's ({head}); "
                "it will be upgraded when the database is opened."
            ).format(revision=revision, head=HEAD_REVISION)
        )
    else:
        problems.append(
            _(
                "Schema version {revision} is newer than this caseroom knows ({head}); "
                "update caseroom to open this database."
            ).format(revision=revision, head=HEAD_REVISION)
        )


def _check_storage(path: Path, findings: list[str], problems: list[str]) -> None:
    try:
        connection = open_read_only(path)
        try:
            has_index = (
                connection.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    (SESSION_INDEX,),
                ).fetchone()
                is not None
            )
        finally:
            connection.close()
    except sqlite3.Error as error:
        problems.append(_("The file {path} cannot be read: {error}").format(path=path, error=error))
        return
    if _uses_wal(path):
        findings.append(_("Journal mode: WAL."))
    else:
        # Not a fault: caseroom switches the file to WAL each time it opens it.
        findings.append(
            _("Journal mode: rollback (caseroom switches to WAL when it opens the database).")
        )
    if has_index:
        findings.append(_("Full-text index of session notes: present."))
    else:
        problems.append(_("The full-text index of session notes is missing."))


def _uses_wal(path: Path) -> bool:
    """Read from the file header (bytes 18-19 are 2 in WAL mode), which an immutable
    read-only connection's `PRAGMA journal_mode` would not report."""
    with path.open("rb") as stream:
        header = stream.read(20)
    return header[18:20] == b"\x02\x02"
