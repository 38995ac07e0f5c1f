"""`caseroom import roster`: summary, dry run, all or nothing, exit status."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from caseroom.cli import main
from caseroom.db.engine import engine_for_path
from caseroom.db.models import AuditEvent, Caregiver, Child, Family, PmpkConclusion, Room
from caseroom.services.people.iin import make_iin

IIN = make_iin(date(2017, 3, 14), "F", 11)
HEADER = (
    "Фамилия ребёнка;Имя ребенка;Дата рождения;Пол;ИИН;Дата ПМПК;Номер ПМПК;"
    "Фамилия родителя;Имя родителя;Кем приходится;Телефон;Примечание"
)
ROWS = [
    f"Сейткали;Айгерим;14.03.2017;ж;{IIN};10.02.2025;117;Сейткали;Гульнара;мать;87011234567;",
    "Сейткали;Ерлан;02.05.2015;м;;;;Сейткали;Гульнара;мать;87011234567;",
    "Омаров;Тимур;05.01.2012;м;;;;Омарова;Сауле;опекун;87017654321;",
]


@pytest.fixture
def database(db_path: Path) -> Path:
    """A migrated database with its room set up."""
    engine = engine_for_path(db_path)
    with Session(engine) as session:
        session.add(Room(school_name="School No. 12", room_name="Support room"))
        session.commit()
    engine.dispose()
    return db_path


def _roster(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join([HEADER, *rows]).encode("utf-8"))
    return path


def _counts(path: Path) -> tuple[int, ...]:
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:

            def count(model: type[SQLModel]) -> int:
                return int(session.execute(select(func.count()).select_from(model)).scalar_one())

            return tuple(
                count(model) for model in (Family, Caregiver, Child, PmpkConclusion, AuditEvent)
            )
    finally:
        engine.dispose()


def test_import_prints_a_summary_and_writes_the_records(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["import", "roster", "--db", str(database), str(_roster(tmp_path, ROWS))])
    captured = capsys.readouterr()
    assert status == 0
    lines = captured.out.splitlines()
    assert lines[:10] == [
        "3 rows imported. Created:",
        "  2 families",
        "  2 caregivers",
        "  3 children",
        "  1 PMPK conclusion",
        "Already present (left as they are):",
        "  0 families",
        "  0 caregivers",
        "  0 children",
        "1 warning",
    ]
    assert captured.err.splitlines() == [
        "Warning: Row 1, column “Примечание”: Unknown column: it is ignored"
    ]
    # 2 families + 2 caregivers + 3 children + 1 conclusion + the import itself, audited.
    assert _counts(database) == (2, 2, 3, 1, 9)


def test_importing_twice_reports_everything_already_present(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = str(_roster(tmp_path, ROWS))
    assert main(["import", "roster", "--db", str(database), roster]) == 0
    capsys.readouterr()
    assert main(["import", "roster", "--db", str(database), roster]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:9] == [
        "  0 families",
        "  0 caregivers",
        "  0 children",
        "  0 PMPK conclusions",
        "Already present (left as they are):",
        "  2 families",
        "  2 caregivers",
        "  3 children",
    ]
    assert _counts(database) == (2, 2, 3, 1, 10)


def test_a_dry_run_reports_what_it_would_create_and_writes_nothing(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _counts(database)
    roster = str(_roster(tmp_path, ROWS))
    status = main(["import", "roster", "--db", str(database), roster, "--dry-run"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[:5] == [
        "Dry run: 3 rows checked, nothing written. It would create:",
        "  2 families",
        "  2 caregivers",
        "  3 children",
        "  1 PMPK conclusion",
    ]
    assert _counts(database) == before


def test_an_invalid_row_prints_every_problem_and_writes_nothing(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _counts(database)
    rows = [
        *ROWS,
        "Ахметова;Дана;31.02.2014;х;;;;;;;;",
        "Ахметова;;01.09.2014;ж;;;;Ахметова;Айжан;сестра;123;",
    ]
    status = main(["import", "roster", "--db", str(database), str(_roster(tmp_path, rows))])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "Row 5, column “Дата рождения”: “31.02.2014” is not a date: write it as dd.mm.yyyy or "
        "yyyy-mm-dd",
        "Row 5, column “Пол”: “х” is not a sex: write F or M",
        "Row 6, column “Имя ребенка”: Enter the child's first name",
        "Row 6, column “Телефон”: 123 is not a phone number: write it as +7 7xx xxx xx xx",
        "4 problems found; nothing was imported.",
    ]
    assert _counts(database) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No roster file at"),
        (b"\xff\xfe\x00", "roster.csv is not readable UTF-16 text (line 1)"),
        (b"a;b\n\x98;\x98\n", "roster.csv is not UTF-8 text (line 2)"),
    ],
)
def test_a_missing_or_malformed_file_is_one_line_and_exit_2(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    message: str,
) -> None:
    roster = tmp_path / "roster.csv"
    if content is not None:
        roster.write_bytes(content)
    before = _counts(database)
    status = main(["import", "roster", "--db", str(database), str(roster)])
    err = capsys.readouterr().err.splitlines()
    assert status == 2
    assert len(err) == 1
    assert err[0].startswith(message)
    assert _counts(database) == before


def test_a_missing_required_column_is_reported_with_exit_2(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Фамилия;Имя\nСейткали;Айгерим\n", encoding="utf-8")
    status = main(["import", "roster", "--db", str(database), str(roster)])
    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        "Row 1: The required column “birth_date” is missing",
        "1 problem found; nothing was imported.",
    ]


def test_a_missing_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.sqlite3"
    status = main(["import", "roster", "--db", str(missing), str(_roster(tmp_path, ROWS))])
    assert status == 2
    assert capsys.readouterr().err.strip() == f"No database at {missing}"
    assert not missing.exists()


def test_a_database_without_a_room_is_refused(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["import", "roster", "--db", str(db_path), str(_roster(tmp_path, ROWS))])
    assert status == 2
    assert capsys.readouterr().err.strip() == (
        "Set up the room first: the school and the room's name"
    )
    assert _counts(db_path) == (0, 0, 0, 0, 0)


def test_the_summary_says_how_the_file_was_read(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_bytes("\r\n".join([HEADER, *ROWS]).encode("cp1251"))
    assert main(["import", "roster", "--db", str(database), str(roster), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:-1] == ["Read as Windows-1251, fields separated by semicolons."]
    roster.write_bytes(b"\xff\xfe" + "\r\n".join([HEADER, *ROWS]).replace(";", "\t").encode(
        "utf-16-le"
    ))  # fmt: skip
    assert main(["import", "roster", "--db", str(database), str(roster)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "3 rows imported. Created:"
    assert lines[-2] == "Read as UTF-16 LE, fields separated by tabs."


def test_a_changed_phone_is_shown_as_an_update_and_a_dry_run_keeps_the_old_one(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "roster", "--db", str(database), str(_roster(tmp_path, ROWS))]) == 0
    capsys.readouterr()
    changed = [row.replace("87011234567", "87025554433") for row in ROWS]
    roster = str(_roster(tmp_path, changed))
    assert main(["import", "roster", "--db", str(database), roster, "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[5:12] == [
        "Already present (left as they are):",
        "  2 families",
        "  1 caregiver",
        "  3 children",
        "Updated (a changed phone number):",
        "  1 caregiver",
        "1 warning",
    ]
    engine = engine_for_path(database)
    try:
        with Session(engine) as session:
            phones = session.execute(select(Caregiver.phone).order_by(Caregiver.phone)).scalars()
            assert list(phones) == ["+77011234567", "+77017654321"]
    finally:
        engine.dispose()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _big_roster(tmp_path: Path, count: int) -> Path:
    rows = [
        f"Фамилия{number};Имя;{1 + number % 28:02d}.01.2012;ж;;;;Мама{number};Анна;мать;"
        f"8701{number:07d};"
        for number in range(count)
    ]
    return _roster(tmp_path, rows)


def test_a_large_roster_shows_its_progress_on_a_terminal(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    roster = str(_big_roster(tmp_path, 1000))
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["import", "roster", "--db", str(database), roster, "--dry-run"]) == 0
    shown = terminal.getvalue()
    assert "\rChecking the rows: 500 of 1000 (50 %)" in shown
    assert "\rChecking the rows: 1000 of 1000 (100 %)" in shown
    assert "\rWriting the records: 100 %" in shown
    progress, _cleared, after = shown.rpartition("\r")
    assert after.startswith("Warning: ") and "\r" in progress  # the line is cleared first


def test_no_progress_for_a_small_roster_or_when_stderr_is_not_a_terminal(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    roster = str(_big_roster(tmp_path, 1000))
    assert main(["import", "roster", "--db", str(database), roster, "--dry-run"]) == 0
    assert "Checking" not in capsys.readouterr().err
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    small = str(_big_roster(tmp_path, 999))
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["import", "roster", "--db", str(database), small, "--dry-run"]) == 0
    assert "\r" not in terminal.getvalue()
