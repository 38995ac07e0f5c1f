"""`caseroom directory import|export`: all or nothing, exit 2 on a malformed file."""

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
from caseroom.db.models_directory import DirectoryEntry

SAMPLES = Path(__file__).parents[2] / "docs" / "samples"


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


def _entries(path: Path) -> int:
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:
            return int(
                session.execute(select(func.count()).select_from(DirectoryEntry)).scalar_one()
            )
    finally:
        engine.dispose()


def test_import_the_sample_then_export_it(database: Path, tmp_path: Path) -> None:
    sample = SAMPLES / "directory-ru.csv"
    code, out, err = _run("directory", "import", "--db", str(database), str(sample))
    assert (code, err) == (0, "")
    assert out.strip() == "directory-ru.csv: 15 added, 0 updated, 0 unchanged."
    code, out, _err = _run("directory", "import", "--db", str(database), str(sample))
    assert out.strip() == "directory-ru.csv: 0 added, 0 updated, 15 unchanged."
    target = tmp_path / "out.json"
    code, out, _err = _run("directory", "export", "--db", str(database), "--out", str(target))
    assert code == 0 and out.strip() == f"15 directory entries written to {target}."
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["entries"]) == 15
    assert {"hotline-111", "pmpk-region"} <= {entry["id"] for entry in document["entries"]}


def test_kazakh_sample_imports_over_the_russian_one(database: Path) -> None:
    _run("directory", "import", "--db", str(database), str(SAMPLES / "directory-ru.csv"))
    code, out, _err = _run(
        "directory", "import", "--db", str(database), str(SAMPLES / "directory-kk.json")
    )
    assert code == 0 and "0 added, 15 updated" in out
    assert _entries(database) == 15


def test_a_malformed_file_exits_2_and_writes_nothing(database: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id;name;kind\na;A;pmpk\nb;;pmpk\nc;C;castle\n", encoding="utf-8")
    code, out, err = _run("directory", "import", "--db", str(database), str(bad))
    assert code == 2 and out == ""
    assert "bad.csv was not imported and nothing was changed: 2 rows have problems" in err
    assert "Row 3, column “name”" in err and "Row 4, column “kind”" in err
    assert _entries(database) == 0


def test_export_refuses_an_unknown_extension(database: Path, tmp_path: Path) -> None:
    code, _out, err = _run(
        "directory", "export", "--db", str(database), "--out", str(tmp_path / "x.pdf")
    )
    assert code == 2 and "a directory file is a .csv, .xlsx or .json file" in err
    assert not (tmp_path / "x.pdf").exists()
