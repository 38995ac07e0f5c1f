"""`caseroom goals export|import`: all or nothing, exit 2 on a faulty file."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from caseroom.cli import main
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Room
from caseroom.db.models_plan_history import BankGoal

GOAL = {
    "id": "centre-quiet-voice",
    "domain": "social_emotional",
    "description": {"ru": "Говорит тихим голосом", "kk": "Ақырын дауыспен сөйлейді"},
    "baseline": {"ru": "Кричит на уроке"},
    "target": {},
    "criterion": {},
}


@pytest.fixture
def database(db_path: Path) -> Path:
    """A migrated database with its room set up."""
    engine = engine_for_path(db_path)
    with Session(engine) as session:
        session.add(Room(school_name="School No. 12", room_name="Support room"))
        session.commit()
    engine.dispose()
    return db_path


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _goals(path: Path) -> int:
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:
            return int(session.execute(select(func.count()).select_from(BankGoal)).scalar_one())
    finally:
        engine.dispose()


def _file(path: Path, goals: list[dict[str, object]]) -> Path:
    doc = {"format": "caseroom-goal-bank", "version": 1, "goals": goals}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_then_export(database: Path, tmp_path: Path) -> None:
    source = _file(tmp_path / "centre.json", [GOAL])
    code, out, err = _run("goals", "import", "--db", str(database), str(source))
    assert (code, err, out.strip()) == (0, "", "centre.json: 1 goals added, 0 updated.")
    code, out, _err = _run("goals", "import", "--db", str(database), str(source))
    assert out.strip() == "centre.json: 0 goals added, 1 updated."
    target = tmp_path / "out.json"
    code, out, _err = _run("goals", "export", "--db", str(database), "--out", str(target))
    assert code == 0 and out.strip() == f"1 goal written to {target}."
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["goals"][0]["description"]["kk"] == "Ақырын дауыспен сөйлейді"


def test_a_faulty_file_is_refused_whole_with_exit_2(database: Path, tmp_path: Path) -> None:
    bad = {**GOAL, "id": "Not An Id"}
    source = _file(tmp_path / "centre.json", [GOAL, bad])
    code, out, err = _run("goals", "import", "--db", str(database), str(source))
    assert code == 2 and out == ""
    assert "nothing was changed" in err and "goal 2" in err
    assert _goals(database) == 0
