"""`caseroom report progress | summary` as docs/command-line.md states them, on a demo database."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import alembic.config  # noqa: F401 - bind alembic's stdout at collection (see test_demo_cli)
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text
from sqlmodel import Session, col

from caseroom.cli import main
from caseroom.db.engine import engine_for_path
from caseroom.db.models import AuditEvent, Child
from caseroom.reports.data import Audience
from caseroom.services.common import SYSTEM
from caseroom.services.plans.periods import resolve_period
from caseroom.services.reporting.batch import BatchJob, ProgressBatch
from caseroom.services.reporting.report_data import children_to_report

PERIOD = "2025-09-01..2026-12-31"
PROGRESS_LINE = re.compile(r"^(\d+)/(\d+) (\S+)$")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 60-family demo database in Kazakh, made once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "60", "--lang", "kk"]) == 0
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo database for one test (logs go to the test's folder)."""
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


def _active_cases(path: Path) -> list[str]:
    rows = _sql(
        path,
        "SELECT case_number FROM child WHERE archived_at IS NULL AND status = 'active' "
        "ORDER BY case_number",
    )
    return [str(row[0]) for row in rows]


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


# --- report progress ----------------------------------------------------------------------


def test_one_child_by_case_number(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _active_cases(db)[0]
    out = tmp_path / "one.pdf"
    args = ["report", "progress", "--db", str(db), "--child", case, "--period", PERIOD]
    status = main([*args, "--lang", "en", "--audience", "consilium", "--out", str(out)])
    assert status == 0
    assert str(out) in capsys.readouterr().out
    text_ = _pdf_text(out)
    assert "Progress report for the school consilium" in text_
    assert case in text_
    assert "01.09.2025 – 31.12.2026" in text_
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".pdf"] == ["one.pdf"]
    printed = _sql(
        db,
        "SELECT c.case_number, a.details FROM audit_event a JOIN child c ON c.id = a.entity_id "
        "WHERE a.action = 'print' AND a.entity = 'progress_report'",
    )
    assert [row[0] for row in printed] == [case]
    assert '"audience": "consilium"' in printed[0][1] and '"encrypted": false' in printed[0][1]


def test_one_child_by_record_id_defaults_to_parent_and_room_language(
    db: Path, tmp_path: Path
) -> None:
    raw, case = _sql(db, "SELECT id, case_number FROM child ORDER BY case_number LIMIT 1")[0]
    hex_id = str(raw).replace("-", "")
    child_id = f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"
    folder = tmp_path / "out"
    folder.mkdir()
    args = ["report", "progress", "--db", str(db), "--child", child_id, "--out", str(folder)]
    assert main(args) == 0
    assert sorted(path.name for path in folder.iterdir()) == [f"{case}-parent-kk.pdf"]


def test_unknown_child_is_a_user_error_and_writes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nobody.pdf"
    status = main(
        ["report", "progress", "--db", str(db), "--child", "SR-1900-0001", "--out", str(out)]
    )
    assert status == 2
    assert "SR-1900-0001" in capsys.readouterr().err
    assert not out.exists()
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".pdf")] == []


FUTURE = "2090-2091:q1"
"""A quarter that has not begun whenever the tests run."""


@pytest.mark.parametrize("kind", ["one", "all", "summary"])
def test_a_period_that_has_not_begun_is_refused_and_nothing_is_written(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    case = _active_cases(db)[0]
    out = tmp_path / "out"
    common = ["--db", str(db), "--period", FUTURE, "--lang", "en"]
    if kind == "one":
        args = ["report", "progress", *common, "--child", case, "--out", str(tmp_path / "a.pdf")]
    elif kind == "all":
        args = ["report", "progress", *common, "--all", "--out", str(out)]
    else:
        args = ["report", "summary", *common, "--format", "csv", "--out", str(tmp_path / "s.csv")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "This period starts on 01.09.2090, after today" in err
    assert "a report can only cover days that have already come" in err
    assert not [path for path in tmp_path.iterdir() if path.suffix in (".pdf", ".csv")]
    assert not out.exists()


@pytest.mark.parametrize(
    "extra",
    [
        ["--period", "2026-2028"],
        ["--audience", "teacher"],
        ["--lang", "de"],
        ["--start-method", "thread"],
    ],
)
def test_bad_flags_are_user_errors(db: Path, tmp_path: Path, extra: list[str]) -> None:
    out = tmp_path / "x.pdf"
    case = _active_cases(db)[0]
    args = ["report", "progress", "--db", str(db), "--child", case, "--out", str(out), *extra]
    assert main(args) == 2
    assert not out.exists()


def test_missing_database_and_newer_schema_are_user_errors(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    missing = tmp_path / "missing.sqlite3"
    assert main(["report", "progress", "--db", str(missing), "--all", "--out", str(out)]) == 2
    assert not missing.exists()
    _sql(db, "UPDATE alembic_version SET version_num = '9999'")
    assert main(["report", "progress", "--db", str(db), "--all", "--out", str(out)]) == 2
    assert not out.exists()


def test_all_writes_one_pdf_per_active_child_and_nothing_else(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reports"
    args = ["report", "progress", "--db", str(db), "--all", "--period", PERIOD, "--lang", "ru"]
    assert main([*args, "--audience", "consilium", "--out", str(folder)]) == 0
    cases = _active_cases(db)
    assert sorted(path.name for path in folder.iterdir()) == [
        f"{case}-consilium-ru.pdf" for case in cases
    ]
    lines = [PROGRESS_LINE.match(line) for line in capsys.readouterr().err.splitlines()]
    assert all(lines)
    assert [int(match[1]) for match in lines if match] == list(range(1, len(cases) + 1))
    assert {match[2] for match in lines if match} == {str(len(cases))}
    assert sorted(match[3] for match in lines if match) == cases
    sample = folder / f"{cases[-1]}-consilium-ru.pdf"
    assert cases[-1] in _pdf_text(sample)
    printed = _sql(
        db,
        "SELECT c.case_number FROM audit_event a JOIN child c ON c.id = a.entity_id "
        "WHERE a.action = 'print' AND a.entity = 'progress_report' ORDER BY c.case_number",
    )
    assert [row[0] for row in printed] == cases  # who printed whose report is on record


def test_a_failing_child_is_named_and_the_rest_are_written(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = _active_cases(db)
    broken = cases[3]
    _sql(
        db,
        "UPDATE goal_rating SET rating = 'bogus' WHERE goal_id IN (SELECT goal.id FROM goal "
        "JOIN support_plan ON support_plan.id = goal.plan_id JOIN child ON child.id = "
        f"support_plan.child_id WHERE child.case_number = '{broken}')",
    )
    folder = tmp_path / "reports"
    args = ["report", "progress", "--db", str(db), "--all", "--period", PERIOD]
    assert main([*args, "--out", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"Could not write the report of {broken}" in err
    written = sorted(path.name for path in folder.iterdir())
    assert written == [f"{case}-parent-kk.pdf" for case in cases if case != broken]


WORKERS_LINES = {
    "en": "2 worker processes used (start method {method})",
    "ru": "Использовано 2 рабочих процесса (способ запуска: {method})",
    "kk": "2 жұмыс процесі қолданылды (іске қосу тәсілі: {method})",
}


@pytest.mark.parametrize(
    ("method", "language"),
    [
        pair
        for pair in (("spawn", "en"), ("fork", "ru"), ("forkserver", "kk"))
        if pair[0] in multiprocessing.get_all_start_methods()
    ],
)
def test_start_method_is_chosen_and_the_workers_used_are_counted(
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    language: str,
) -> None:
    # The room's language is Kazakh: without CASEROOM_LANG the command speaks it.
    if language == "kk":
        monkeypatch.delenv("CASEROOM_LANG")
    else:
        monkeypatch.setenv("CASEROOM_LANG", language)
    folder = tmp_path / "reports"
    args = ["report", "progress", "--db", str(db), "--all", "--period", PERIOD]
    assert main([*args, "--start-method", method, "--out", str(folder)]) == 0
    assert len(list(folder.iterdir())) == len(_active_cases(db))
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == WORKERS_LINES[language].format(method=method)


def test_the_default_start_method_is_the_platforms_and_one_child_needs_one_worker(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = _active_cases(db)[0]
    _sql(db, f"UPDATE child SET status = 'left' WHERE case_number != '{keep}'")
    folder = tmp_path / "reports"
    args = ["report", "progress", "--db", str(db), "--all", "--period", PERIOD]
    assert main([*args, "--out", str(folder)]) == 0
    assert [path.name for path in folder.iterdir()] == [f"{keep}-parent-kk.pdf"]
    default = multiprocessing.get_context().get_start_method()
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"1 worker process used (start method {default})"
    )


def test_ctrl_c_stops_the_batch_without_half_written_files(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    env = {**os.environ, "CASEROOM_LANG": "en"}
    command = [sys.executable, "-m", "caseroom", "report", "progress", "--db", str(db)]
    command += ["--all", "--period", "2026-2027", "--out", str(folder)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stderr is not None
    first = process.stderr.readline()
    assert PROGRESS_LINE.match(first.strip()), first
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 2
    assert "Interrupted." in rest
    names = [path.name for path in folder.iterdir()]
    assert not [name for name in names if not name.endswith("-parent-kk.pdf")]
    assert 0 < len(names) < len(_active_cases(db))
    for name in names:
        assert _pdf_text(folder / name).strip()


# --- report summary -----------------------------------------------------------------------


def _exports(path: Path) -> list[dict[str, object]]:
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(col(AuditEvent.details)).where(col(AuditEvent.action) == "export")
            )
            return [details for (details,) in rows]
    finally:
        engine.dispose()


def _children(path: Path) -> int:
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:
            return int(session.execute(select(func.count()).select_from(Child)).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.parametrize("file_format", ["pdf", "xlsx", "csv"])
def test_summary_in_each_format_is_deidentified_and_not_audited(
    db: Path, tmp_path: Path, file_format: str
) -> None:
    out = tmp_path / f"summary.{file_format}"
    args = ["report", "summary", "--db", str(db), "--period", PERIOD, "--lang", "en"]
    assert main([*args, "--format", file_format, "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    assert _exports(db) == []
    if file_format == "csv":
        content = out.read_text(encoding="utf-8-sig")
        assert "Names included,no" in content
        assert f"Children in the room,{_children(db)}" in content
    elif file_format == "xlsx":
        sheet = load_workbook(out).worksheets[0]
        values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert values["Names included"] == "no"
    else:
        assert "Term summary of the support room" in _pdf_text(out)


def test_identified_summary_is_audited_without_names(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    args = ["report", "summary", "--db", str(db), "--period", "2026-2027", "--identified"]
    args += ["--lang", "en"]
    assert main([*args, "--format", "xlsx", "--out", str(out)]) == 0
    assert _exports(db) == [{"period": "2026-2027", "identified": True, "format": "xlsx"}]
    values = {
        row[0]: row[1]
        for row in load_workbook(out).worksheets[0].iter_rows(min_row=2, values_only=True)
    }
    assert values["Names included"] == "yes"


def test_summary_refuses_a_missing_folder_and_audits_nothing(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "summary.csv"
    args = ["report", "summary", "--db", str(db), "--identified", "--format", "csv"]
    assert main([*args, "--out", str(out)]) == 2
    assert not out.parent.exists()
    assert _exports(db) == []


def test_batch_works_with_spawned_workers_as_on_windows(db: Path, tmp_path: Path) -> None:
    engine = engine_for_path(db, read_only=True)
    with Session(engine) as session:
        period = resolve_period(session, PERIOD, today=date.today())
        children = children_to_report(session, actor=SYSTEM)[:5]
    engine.dispose()
    job = BatchJob(db, tmp_path / "out", period, Audience.CONSILIUM, "en", date.today())
    seen: list[tuple[int, int, str]] = []
    batch = ProgressBatch(job, children, workers=2, start_method="spawn")
    outcomes = batch.run(
        lambda done, total, outcome: seen.append((done, total, outcome.case_number))
    )
    assert [outcome.error for outcome in outcomes] == [None] * 5
    assert [(done, total) for done, total, _case in seen] == [(n, 5) for n in range(1, 6)]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        f"{child.case_number}-consilium-en.pdf" for child in children
    )
