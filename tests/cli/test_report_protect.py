"""`caseroom report` with exports protected by a password (CASEROOM_EXPORT_PASSWORD).

Exports that name children from an encrypted database are always protected; from a
plain one on request (`--encrypt`, or the variable set); de-identified summaries never.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import msoffcrypto
import pytest
import pyzipper
from openpyxl import load_workbook
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.cli import main
from caseroom.cli.report import export_password
from caseroom.db.crypto import key_file_path, unlock
from caseroom.db.engine import engine_for_path
from caseroom.db.models import AuditEvent, Child
from caseroom.errors import UserError

PERIOD = "2025-09-01..2026-12-31"
PASSPHRASE = "Шымкент 2026 күз"
PASSWORD = "Экспорт-құпия-7"


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "6", "--lang", "kk"]) == 0
    return path


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("encrypted") / "demo.sqlite3"
    os.environ["CASEROOM_PASSPHRASE"] = PASSPHRASE
    try:
        assert main(["demo", "--db", str(path), "--families", "6", "--lang", "kk"]) == 0
    finally:
        del os.environ["CASEROOM_PASSPHRASE"]
    yield path


@pytest.fixture(autouse=True)
def _environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("CASEROOM_EXPORT_PASSWORD", "CASEROOM_USER", "CASEROOM_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)


@pytest.fixture
def plain_db(plain_demo: Path, tmp_path: Path) -> Path:
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(plain_demo, path)
    return path


@pytest.fixture
def encrypted_db(encrypted_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEROOM_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(encrypted_demo, path)
    shutil.copyfile(key_file_path(encrypted_demo), key_file_path(path))
    return path


def _engine(path: Path) -> object:
    key = unlock(path, PASSPHRASE) if key_file_path(path).is_file() else None
    return engine_for_path(path, key=key)


def _exports(path: Path) -> list[dict[str, object]]:
    engine = _engine(path)
    try:
        with Session(engine) as session:  # type: ignore[call-overload]
            rows = session.execute(
                select(col(AuditEvent.details)).where(col(AuditEvent.action) == "export")
            )
            return [details for (details,) in rows]
    finally:
        engine.dispose()  # type: ignore[attr-defined]


def _child(path: Path) -> tuple[str, str]:
    """The case number and first name of the first active child."""
    engine = _engine(path)
    try:
        with Session(engine) as session:  # type: ignore[call-overload]
            row = session.execute(
                select(col(Child.case_number), col(Child.first_name))
                .where(col(Child.status) == "active")
                .order_by(col(Child.case_number))
            ).first()
            assert row is not None
            return str(row[0]), str(row[1])
    finally:
        engine.dispose()  # type: ignore[attr-defined]


def _pdftotext(path: Path, password: str | None = None) -> subprocess.CompletedProcess[bytes]:
    command = ["pdftotext", "-enc", "UTF-8"]
    command += ["-upw", password] if password else []
    return subprocess.run([*command, str(path), "-"], capture_output=True, check=False)


def _summary(db: Path, out: Path, file_format: str, *extra: str) -> list[str]:
    return [
        "report", "summary", "--db", str(db), "--period", PERIOD,
        "--format", file_format, "--out", str(out), *extra,
    ]  # fmt: skip


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


# --- plain database -------------------------------------------------------------------


def test_encrypt_flag_with_the_variable_protects_an_identified_xlsx(
    plain_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", PASSWORD)
    out = tmp_path / "summary.xlsx"
    assert main(_summary(plain_db, out, "xlsx", "--identified", "--encrypt")) == 0
    captured = capsys.readouterr()
    assert PASSWORD not in captured.out + captured.err
    office = msoffcrypto.OfficeFile(io.BytesIO(out.read_bytes()))
    assert office.is_encrypted()
    office.load_key(password=PASSWORD)
    plain = io.BytesIO()
    office.decrypt(plain)
    sheets = load_workbook(plain).sheetnames
    assert len(sheets) >= 5
    details = _exports(plain_db)
    assert details[-1]["encrypted"] is True and details[-1]["format"] == "xlsx"
    assert PASSWORD not in repr(details)


def test_without_encrypt_or_variable_a_plain_database_exports_as_before(
    plain_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "summary.xlsx"
    assert main(_summary(plain_db, out, "xlsx", "--identified")) == 0
    load_workbook(out)  # an ordinary workbook
    assert "encrypted" not in _exports(plain_db)[-1]


def test_encrypt_without_identified_is_refused(
    plain_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", PASSWORD)
    out = tmp_path / "summary.pdf"
    assert main(_summary(plain_db, out, "pdf", "--encrypt")) == 2
    assert "--identified" in _one_line(capsys.readouterr().err)
    assert not out.exists()


def test_encrypt_without_a_password_and_no_terminal_is_exit_2(
    plain_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.pdf"
    assert main(_summary(plain_db, out, "pdf", "--identified", "--encrypt")) == 2
    assert "CASEROOM_EXPORT_PASSWORD" in _one_line(capsys.readouterr().err)
    assert not out.exists()
    assert _exports(plain_db) == []


def test_identified_csv_goes_into_an_aes_zip(
    plain_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", PASSWORD)
    out = tmp_path / "summary.csv"
    assert main(_summary(plain_db, out, "csv", "--identified", "--encrypt")) == 0
    written = tmp_path / "summary.csv.zip"
    assert str(written) in capsys.readouterr().out
    assert not out.exists()
    with pyzipper.AESZipFile(written) as archive:
        archive.setpassword(PASSWORD.encode("utf-8"))
        text = archive.read("summary.csv").decode("utf-8-sig")
    assert text.count("\r\n") > 10


def test_a_short_password_is_refused(
    plain_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", "short")
    out = tmp_path / "summary.pdf"
    assert main(_summary(plain_db, out, "pdf", "--identified")) == 2
    assert "at least 8" in _one_line(capsys.readouterr().err)
    assert not out.exists()


def test_on_a_terminal_the_password_is_typed_twice(tmp_path: Path) -> None:
    db = tmp_path / "plain.sqlite3"
    typed = iter([PASSWORD, PASSWORD])
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    password = export_password(db, requested=True, environ={}, ask_secret=ask, interactive=True)
    assert password == PASSWORD and len(prompts) == 2
    differ = iter([PASSWORD, PASSWORD + "x"])
    with pytest.raises(UserError, match="differ"):
        export_password(
            db, requested=True, environ={}, ask_secret=lambda _p: next(differ), interactive=True
        )
    assert export_password(db, requested=False, environ={}, interactive=True) is None


# --- encrypted database ---------------------------------------------------------------


def test_encrypted_database_refuses_an_identified_summary_without_a_password(
    encrypted_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.xlsx"
    assert main(_summary(encrypted_db, out, "xlsx", "--identified")) == 2
    assert "CASEROOM_EXPORT_PASSWORD" in _one_line(capsys.readouterr().err)
    assert not out.exists()
    assert _exports(encrypted_db) == []


def test_encrypted_database_writes_a_deidentified_summary_unencrypted(
    encrypted_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", PASSWORD)
    out = tmp_path / "summary.pdf"
    assert main(_summary(encrypted_db, out, "pdf")) == 0
    assert _pdftotext(out).returncode == 0  # readable without any password


def test_encrypted_database_protects_one_childs_progress_report(
    encrypted_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, first_name = _child(encrypted_db)
    out = tmp_path / "report.pdf"
    command = ["report", "progress", "--db", str(encrypted_db), "--child", case]
    command += ["--period", PERIOD, "--out", str(out)]
    assert main(command) == 2  # no password: refused, nothing written
    assert not out.exists()
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", PASSWORD)
    assert main(command) == 0
    assert _pdftotext(out).returncode != 0
    opened = _pdftotext(out, PASSWORD)
    assert opened.returncode == 0
    assert first_name in opened.stdout.decode("utf-8")


def test_encrypted_database_protects_every_report_of_a_batch(
    encrypted_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", PASSWORD)
    out = tmp_path / "reports"
    command = ["report", "progress", "--db", str(encrypted_db), "--all"]
    assert main([*command, "--period", PERIOD, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert PASSWORD not in captured.out + captured.err
    files = sorted(out.iterdir())
    assert len(files) >= 3
    for path in files:
        assert _pdftotext(path).returncode != 0, path
        assert _pdftotext(path, PASSWORD).returncode == 0, path
