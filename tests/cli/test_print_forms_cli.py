"""`caseroom print consent|plan|pmpk|referral|slip|sheets` on demo databases."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import alembic.config  # noqa: F401 - bind alembic's stdout at collection (see test_demo_cli)
import pytest
from pypdf import PdfReader
from sqlalchemy import text

from caseroom.cli import main
from caseroom.db.crypto import key_file_path
from caseroom.db.engine import engine_for_path

FORMS = ("consent", "plan", "pmpk", "referral", "slip", "sheets")
KAZAKH = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
PASSPHRASE = "Шымкент 2026 күз"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 30-family demo (seed 7), made once for the module."""
    path = tmp_path_factory.mktemp("forms-demo") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "30", "--seed", "7"]) == 0
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(demo_db, path)
    return path


def _sql(path: Path, statement: str) -> list[tuple[object, ...]]:
    engine = engine_for_path(path)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _referred_child(path: Path) -> tuple[str, str]:
    """The first active child with a referral: case number and last name."""
    rows = _sql(
        path,
        "SELECT case_number, last_name FROM child c WHERE status = 'active' AND EXISTS "
        "(SELECT 1 FROM referral r WHERE r.child_id = c.id) ORDER BY case_number LIMIT 1",
    )
    return str(rows[0][0]), str(rows[0][1])


def _pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    )
    return result.stdout.decode("utf-8")


def test_every_form_prints_in_kazakh_and_english(db: Path, tmp_path: Path) -> None:
    case, last_name = _referred_child(db)
    for form in FORMS:
        words: dict[str, set[str]] = {}
        for lang in ("kk", "en"):
            out = tmp_path / f"{form}-{lang}.pdf"
            args = ["print", form, "--db", str(db), "--child", case, "--lang", lang]
            assert main([*args, "--out", str(out)]) == 0, (form, lang)
            content = _pdf_text(out)
            words[lang] = {w for w in re.findall(r"\w+", content) if KAZAKH.search(w)}
            assert len(PdfReader(out).pages) <= 2, (form, lang)
            if lang == "kk" and form != "sheets":
                assert last_name in content, form
        assert len(words["kk"] - words["en"]) >= 3, form
    printed = _sql(
        db, "SELECT count(*) FROM audit_event WHERE action = 'print' AND entity = 'form'"
    )
    assert printed == [(12,)]


def test_no_open_referral_exits_2_and_writes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _sql(
        db,
        "SELECT case_number FROM child c WHERE NOT EXISTS (SELECT 1 FROM referral r "
        "WHERE r.child_id = c.id) ORDER BY case_number LIMIT 1",
    )
    out = tmp_path / "letter.pdf"
    code = main(
        ["print", "referral", "--db", str(db), "--child", str(rows[0][0]), "--out", str(out)]
    )
    assert code == 2
    assert "no open referral" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_child_exits_2(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    assert main(["print", "plan", "--db", str(db), "--child", "SR-0000", "--out", str(out)]) == 2
    assert not out.exists()


def test_blank_sheets_need_no_child(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheets.pdf"
    assert (
        main(["print", "sheets", "--db", str(db), "--week", "2026-12-09", "--out", str(out)]) == 0
    )
    assert "07.12.2026 – 11.12.2026" in _pdf_text(out)


def test_consent_for_one_scope(db: Path, tmp_path: Path) -> None:
    case, _last = _referred_child(db)
    out = tmp_path / "consent.pdf"
    args = ["print", "consent", "--db", str(db), "--child", case, "--lang", "en"]
    assert main([*args, "--scope", "share_notes", "--out", str(out)]) == 0
    content = " ".join(_pdf_text(out).split())
    assert "1. " in content and "2. " not in content


@pytest.fixture(scope="module")
def encrypted_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("forms-encrypted") / "demo.sqlite3"
    os.environ["CASEROOM_PASSPHRASE"] = PASSPHRASE
    try:
        assert main(["demo", "--db", str(path), "--families", "4"]) == 0
    finally:
        del os.environ["CASEROOM_PASSPHRASE"]
    yield path


def test_a_form_from_an_encrypted_database_is_protected_blank_sheets_are_not(
    encrypted_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CASEROOM_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    db = tmp_path / "room.sqlite3"
    shutil.copyfile(encrypted_db, db)
    shutil.copyfile(key_file_path(encrypted_db), key_file_path(db))
    consent = tmp_path / "consent.pdf"
    case = "SR-2026-0001"
    args = ["print", "consent", "--db", str(db), "--child", case, "--out", str(consent)]
    assert main(args) == 2  # no password to protect it with: refused
    assert not consent.exists()
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", "forms password 2026")
    assert main(args) == 0
    reader = PdfReader(consent)
    assert reader.is_encrypted
    assert reader.decrypt("forms password 2026")
    sheets = tmp_path / "sheets.pdf"
    monkeypatch.delenv("CASEROOM_EXPORT_PASSWORD")
    assert main(["print", "sheets", "--db", str(db), "--out", str(sheets)]) == 0
    assert not PdfReader(sheets).is_encrypted
