"""The sample rosters in docs/samples import cleanly: what the documentation shows works."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from caseroom.cli import main
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Caregiver, Child, Family, PmpkConclusion, Room

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.fixture
def database(db_path: Path) -> Path:
    """A migrated database with its room set up."""
    engine = engine_for_path(db_path)
    with Session(engine) as session:
        session.add(Room(school_name="Школа-гимназия №5", room_name="Кабинет поддержки"))
        session.commit()
    engine.dispose()
    return db_path


def _count(path: Path, model: type[SQLModel]) -> int:
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:
            return int(session.execute(select(func.count()).select_from(model)).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.parametrize("name", ["roster-example.csv", "roster-example.xlsx"])
def test_a_sample_roster_imports_with_no_problem(
    database: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = SAMPLES / name
    assert main(["import", "roster", "--db", str(database), str(sample), "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "8 rows checked" in dry and "0 warnings" in dry
    assert _count(database, Child) == 0
    assert main(["import", "roster", "--db", str(database), str(sample)]) == 0
    counts = [_count(database, model) for model in (Child, Family, Caregiver, PmpkConclusion)]
    assert counts == [8, 7, 7, 3]  # two children of one mother share her family
