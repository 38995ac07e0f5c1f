"""A 10,000-family demo database builds in one go and passes `caseroom check`."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from caseroom.cli import main


@pytest.mark.slow
def test_demo_10000_families_then_check_is_healthy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "big.sqlite3"
    started = time.perf_counter()
    assert main(["demo", "--db", str(db), "--families", "10000", "--seed", "7"]) == 0
    built_in = time.perf_counter() - started
    assert main(["check", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert str(db) in out
    with sqlite3.connect(db) as connection:
        families = connection.execute("SELECT count(*) FROM family").fetchone()[0]
        children = connection.execute("SELECT count(*) FROM child").fetchone()[0]
        indexed = connection.execute("SELECT count(*) FROM session_note_fts").fetchone()[0]
        sessions = connection.execute("SELECT count(*) FROM session_record").fetchone()[0]
    assert families == 10000
    assert children >= families
    assert indexed == sessions > 100_000
    print(f"built {families} families in {built_in:.1f} s")
