"""The command line acts as the signed-in person, audits what it does with whole databases,
never overwrites one child's report with another's, tells a damaged file from a wrong
secret, and keeps record content out of its log file."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import uuid
from pathlib import Path

import alembic.config  # noqa: F401 - bind alembic's stdout at collection (see test_demo_cli)
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text, update
from sqlmodel import Session, col

from caseroom.cli import main
from caseroom.db.crypto import key_file_path, unlock
from caseroom.db.engine import engine_for_path
from caseroom.db.models import AuditEvent, Child, Room, Staff
from caseroom.services.accounts import passwords
from caseroom.services.accounts.accounts import create_account
from caseroom.services.common import SYSTEM

PASSWORD = "correct horse battery"
PASSPHRASE = "Шымкент 2026 күз"
PERIOD = "2025-09-01..2026-12-31"
NAME = "Айгерим Сейітова"


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with tiny costs, so the tests stay fast."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    passwords._decoy_hash.cache_clear()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small plain demo database, made once for the module."""
    path = tmp_path_factory.mktemp("privacy-demo") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "4", "--lang", "en"]) == 0
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's copy of the demo database: no credentials, no terminal, logs in tmp."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("CASEROOM_USER", "CASEROOM_PASSWORD", "CASEROOM_PASSPHRASE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv("CASEROOM_EXPORT_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(demo_db, path)
    return path


def _add_accounts(path: Path) -> dict[str, uuid.UUID]:
    """An administrator with identified access, an assistant and a psychologist."""
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:
            room_id = session.execute(select(col(Room.id))).scalars().first()
            made = {}
            for username, role in (
                ("admin", "administrator"),
                ("aide", "assistant"),
                ("psy", "psychologist"),
            ):
                member = Staff(room_id=room_id, last_name=username, first_name="A", role=role)
                session.add(member)
                session.flush()
                create_account(
                    session,
                    actor=SYSTEM,
                    staff_id=member.id,
                    username=username,
                    password=PASSWORD,
                    identified_access=role == "administrator",
                )
                made[username] = member.id
            session.commit()
            return made
    finally:
        engine.dispose()


def _sign_in(monkeypatch: pytest.MonkeyPatch, username: str) -> None:
    monkeypatch.setenv("CASEROOM_USER", username)
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)


def _first_case(path: Path) -> str:
    engine = engine_for_path(path)
    try:
        with engine.connect() as connection:
            return str(
                connection.execute(
                    text("SELECT case_number FROM child ORDER BY case_number LIMIT 1")
                ).scalar_one()
            )
    finally:
        engine.dispose()


def _audit(path: Path, action: str, key: bytes | None = None) -> list[uuid.UUID | None]:
    engine = engine_for_path(path, key=key)
    try:
        with Session(engine) as session:
            return list(
                session.execute(
                    select(col(AuditEvent.actor_id)).where(col(AuditEvent.action) == action)
                ).scalars()
            )
    finally:
        engine.dispose()


# --- 1. report progress acts as the signed-in person ---------------------------------------


def test_progress_reports_run_as_the_signed_in_person(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_accounts(db)
    case = _first_case(db)
    base = ["report", "progress", "--db", str(db), "--period", PERIOD]

    # An administrator may make reports (identified access) but never read notes: the
    # consilium report quotes specialists' notes, so it is refused, one line, no file.
    _sign_in(monkeypatch, "admin")
    one = tmp_path / "one.pdf"
    assert main([*base, "--child", case, "--audience", "consilium", "--out", str(one)]) == 2
    assert "notes" in _one_line(capsys.readouterr().err)
    assert not one.exists()
    folder = tmp_path / "all"
    assert main([*base, "--all", "--audience", "consilium", "--out", str(folder)]) == 2
    assert "notes" in _one_line(capsys.readouterr().err)
    assert not folder.exists() or not any(folder.iterdir())

    # The services get that person: what the report reads is read as the administrator.
    from caseroom.services.reporting import report_data

    seen: list[str] = []
    real = report_data.progress_report_data

    def spy(session: Session, **kwargs: object) -> object:
        seen.append(kwargs["actor"].role)  # type: ignore[attr-defined]
        return real(session, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(report_data, "progress_report_data", spy)
    assert main([*base, "--child", case, "--out", str(one)]) == 0
    assert one.exists() and seen == ["administrator"]
    capsys.readouterr()

    # An assistant may not make reports at all.
    _sign_in(monkeypatch, "aide")
    for which in (["--child", case, "--out", str(tmp_path / "x.pdf")], ["--all", "--out", "y"]):
        assert main([*base, *which]) == 2
        assert "role" in _one_line(capsys.readouterr().err)


def test_progress_reports_need_a_sign_in_like_the_summary(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_accounts(db)
    for command in (
        ["report", "progress", "--all", "--out", str(tmp_path / "all")],
        ["report", "summary", "--format", "csv", "--out", str(tmp_path / "s.csv")],
    ):
        assert main([*command, "--db", str(db), "--period", PERIOD]) == 2
        assert "CASEROOM_USER" in _one_line(capsys.readouterr().err)


# --- 2. backup and restore sign in, need a permission and are audited ----------------------


def test_backup_and_restore_sign_in_and_are_audited(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    staff = _add_accounts(db)
    copy = tmp_path / "copy.sqlite3"

    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 2
    assert "CASEROOM_USER" in _one_line(capsys.readouterr().err)
    assert not copy.exists()

    _sign_in(monkeypatch, "aide")
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 2
    assert "role" in _one_line(capsys.readouterr().err)
    assert not copy.exists()

    _sign_in(monkeypatch, "admin")
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 0
    assert _audit(db, "backup") == [staff["admin"]]
    capsys.readouterr()

    _sign_in(monkeypatch, "aide")
    assert main(["restore", "--db", str(db), str(copy)]) == 2
    assert "role" in _one_line(capsys.readouterr().err)
    assert _audit(db, "restore") == []
    assert _audit(db, "backup") == [staff["admin"]]  # still the database, not the copy

    monkeypatch.delenv("CASEROOM_PASSWORD")
    assert main(["restore", "--db", str(db), str(copy)]) == 2
    assert "CASEROOM_USER" in _one_line(capsys.readouterr().err)

    _sign_in(monkeypatch, "psy")
    assert main(["restore", "--db", str(db), str(copy)]) == 0
    assert "Restored" in capsys.readouterr().out
    # The event is in the database now in use: the copy, made before the backup's event.
    assert _audit(db, "backup") == []
    assert _audit(db, "restore") == [staff["psy"]]


# --- 3. one file per child, whatever the case numbers --------------------------------------


def test_all_reports_get_one_file_per_child(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = engine_for_path(db)
    try:
        with Session(engine) as session:
            ids = (
                session.execute(
                    select(col(Child.id))
                    .where(col(Child.archived_at).is_(None), col(Child.status) == "active")
                    .order_by(col(Child.case_number))
                )
                .scalars()
                .all()
            )
            assert len(ids) >= 5
            # The same safe name; the last only to a file system that ignores case.
            for child_id, case in zip(ids, ("A/1", "A_1", "A:1", "a_1"), strict=False):
                session.execute(
                    update(Child).where(col(Child.id) == child_id).values(case_number=case)
                )
            session.commit()
    finally:
        engine.dispose()
    out = tmp_path / "reports"

    argv = ["report", "progress", "--db", str(db), "--all", "--period", PERIOD, "--out", str(out)]
    assert main(argv) == 0

    files = sorted(path.name for path in out.iterdir())
    assert len(files) == len(ids)
    assert len({name.casefold() for name in files}) == len(files)
    assert f"{len(ids)} reports written to {out}" in capsys.readouterr().out
    assert sum(name.casefold().startswith("a_1-") for name in files) == 4


# --- 4. a damaged file is told apart from a wrong secret -----------------------------------


@pytest.fixture
def encrypted_db(db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's database encrypted with PASSPHRASE (set in the environment)."""
    from caseroom.db.cipher import encrypt_database
    from caseroom.db.crypto import TEST_KDF

    encrypt_database(db, PASSPHRASE, kdf=TEST_KDF)
    monkeypatch.setenv("CASEROOM_PASSPHRASE", PASSPHRASE)
    return db


def _damage(path: Path) -> None:
    with path.open("r+b") as stream:
        stream.seek(100)
        stream.write(b"\x00" * 300)


def test_check_exits_1_for_a_damaged_encrypted_file(
    encrypted_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert unlock(encrypted_db, PASSPHRASE)
    _damage(encrypted_db)

    assert main(["check", "--db", str(encrypted_db)]) == 1
    out = capsys.readouterr().out
    assert "damaged" in out and out.rstrip().endswith("1 problem found.")

    monkeypatch.setenv("CASEROOM_PASSPHRASE", "not the passphrase")
    assert main(["check", "--db", str(encrypted_db)]) == 2
    assert _one_line(capsys.readouterr().err) == "The passphrase is wrong."


def test_check_exits_1_for_a_damaged_plain_file(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage(db)
    assert main(["check", "--db", str(db)]) == 1
    capsys.readouterr()


def test_other_commands_exit_2_with_distinct_messages(
    encrypted_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _damage(encrypted_db)
    commands = (
        ["backup", "--out", str(tmp_path / "copy.sqlite3")],
        ["report", "summary", "--format", "csv", "--out", str(tmp_path / "s.csv")],
    )
    damaged = set()
    for command in commands:
        assert main([*command, "--db", str(encrypted_db)]) == 2
        damaged.add(_one_line(capsys.readouterr().err))
    monkeypatch.setenv("CASEROOM_PASSPHRASE", "not the passphrase")
    for command in commands:
        assert main([*command, "--db", str(encrypted_db)]) == 2
        assert _one_line(capsys.readouterr().err) == "The passphrase is wrong."
    assert all("damaged" in line for line in damaged)
    assert key_file_path(encrypted_db).is_file()


# --- 5. the log file holds no record content ----------------------------------------------


def test_the_log_file_is_private_and_holds_no_names(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from caseroom.services.reporting import report_data

    def failing(*args: object, **kwargs: object) -> object:
        secret = NAME  # a local holding a name: locals are never logged either
        raise RuntimeError(f"cannot write {secret}")

    monkeypatch.setattr(report_data, "term_summary_data", failing)
    out = tmp_path / "s.csv"
    argv = ["report", "summary", "--db", str(db), "--format", "csv", "--period", PERIOD]

    assert main([*argv, "--out", str(out)]) == 1

    err = _one_line(capsys.readouterr().err)
    assert "Unexpected error" in err and NAME not in err
    log = tmp_path / "state" / "caseroom" / "log" / "caseroom.log"
    if not log.exists():  # platformdirs' layout differs by system
        found = list((tmp_path / "state").rglob("caseroom.log"))
        assert found, "no log file was written"
        log = found[0]
    content = log.read_text(encoding="utf-8")
    assert "RuntimeError" in content and "failing" in content
    assert NAME not in content and "cannot write" not in content
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
