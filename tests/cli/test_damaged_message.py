"""A damaged file: one clear translated line on the terminal, SQLite's own words only in
the private log (mode 0600)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from caseroom.cli import main

MESSAGES = {
    "en": "is damaged: it fails its integrity check",
    "ru": "повреждена: она не проходит проверку целостности",
    "kk": "зақымдалған: ол тұтастық тексерісінен өтпейді",
}


def _log(home: Path) -> Path:
    found = list((home / "state").rglob("caseroom.log"))
    assert found, "no log file was written"
    return found[0]


@pytest.fixture
def damaged(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A room whose header counts 7 free pages it does not have (the integrity check
    answers in several raw lines)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "room.sqlite3"
    path.write_bytes(template_db.read_bytes())
    data = bytearray(path.read_bytes())
    data[36:40] = (7).to_bytes(4, "big")
    path.write_bytes(bytes(data))
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    connection.close()
    return path


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_report_summary_on_a_damaged_file_says_one_translated_line(
    damaged: Path, tmp_path: Path, language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = damaged.read_bytes()
    out = tmp_path / "s.csv"
    argv = ["report", "summary", "--db", str(damaged), "--format", "csv", "--out", str(out)]

    assert main([*argv, "--lang", language]) == 2

    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert MESSAGES[language] in lines[0] and "caseroom.log" in lines[0]
    assert "freelist" not in err.lower() and "***" not in err
    log = _log(tmp_path)
    assert "freelist" in log.read_text(encoding="utf-8").lower()
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    assert not out.exists() and damaged.read_bytes() == before
