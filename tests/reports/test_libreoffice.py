"""The term summary's XLSX opens in a real spreadsheet program with the same numbers.

LibreOffice (headless) converts every sheet of the workbook to CSV; each cell must come
back as the value `summary_tables` gave it: counts as whole numbers, rates and hours as
numbers, dates as dates (a date cell is exported in the program's own date form, not
as the text the workbook shows), text as typed (a formula-like label stays text, behind
a leading `'`).
LibreOffice is required: CI installs it (`.ci/run`), so a missing `soffice` fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from report_samples import summary_data
from sqlmodel import Session

from caseroom.demo.build import make_demo
from caseroom.reports.csv_export import neutralise
from caseroom.reports.data import TermSummaryData
from caseroom.reports.language import ReportLanguage
from caseroom.reports.spreadsheets import write_term_summary_xlsx
from caseroom.reports.summary_tables import Cell, ColumnKind, summary_tables
from caseroom.services.common import SYSTEM
from caseroom.services.plans.periods import resolve_period
from caseroom.services.reporting.report_data import term_summary_data

TODAY = date(2026, 11, 23)
# Field separator ";", text delimiter '"', UTF-8 (76), every text cell quoted, values
# rather than their display (so types show), and -1: each sheet into `<name>-<sheet>.csv`.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1033,true,true,false,false,false,-1"


@pytest.fixture(scope="module")
def soffice() -> str:
    """LibreOffice's command-line program (package libreoffice-calc-nogui)."""
    found = shutil.which("soffice")
    assert found, "LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui"
    return found


Field = tuple[str, bool]
"""A CSV field's text, and whether it was quoted (LibreOffice quotes text cells only)."""


def _fields(line: str) -> list[Field]:
    fields: list[Field] = []
    position = 0
    while position <= len(line):
        if line.startswith('"', position):
            end = position + 1
            chunk: list[str] = []
            while True:
                quote = line.index('"', end)
                chunk.append(line[end:quote])
                if line.startswith('"', quote + 1):
                    chunk.append('"')
                    end = quote + 2
                    continue
                break
            fields.append(("".join(chunk), True))
            position = quote + 2
        else:
            end = line.find(";", position)
            end = len(line) if end < 0 else end
            fields.append((line[position:end], False))
            position = end + 1
    return fields


def _convert(soffice: str, workbook: Path, out: Path) -> dict[str, list[list[Field]]]:
    """Every sheet of `workbook` as CSV rows, by sheet name."""
    out.mkdir()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "HOME": str(out)}
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=180,
    )
    sheets: dict[str, list[list[Field]]] = {}
    prefix = f"{workbook.stem}-"
    for path in out.glob(f"{prefix}*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        sheets[path.stem[len(prefix) :]] = [_fields(line) for line in lines]
    return sheets


def _read(field: Field, kind: ColumnKind, expected: Cell) -> Cell:
    """A CSV cell read as the type the workbook meant it to have (told by `expected`):
    text must have been a text cell, anything else a number or date cell."""
    text, quoted = field
    if text == "" and not quoted:
        return None
    if isinstance(expected, str):
        return text if quoted else f"not text: {text}"
    if quoted:
        return f"text, not a number or date: {text}"
    if isinstance(expected, date):
        return datetime.strptime(text, "%m/%d/%Y").date()
    if kind is ColumnKind.PERCENT:
        return round(float(text.rstrip("%")) / 100, 6)
    if kind is ColumnKind.HOURS:
        return float(text)
    return int(text)  # a count: "13", never "13.0"


def _expected(value: Cell, kind: ColumnKind) -> Cell:
    if isinstance(value, str):
        return neutralise(value)  # formula-like text keeps a leading ' (as in the CSV)
    if kind is ColumnKind.PERCENT and isinstance(value, float):
        return round(value, 6)
    if kind is ColumnKind.HOURS and isinstance(value, int | float):
        return float(value)
    return value


def _check(data: TermSummaryData, soffice: str, tmp_path: Path, language: str) -> None:
    workbook = tmp_path / "summary.xlsx"
    write_term_summary_xlsx(data, workbook, language=language)
    sheets = _convert(soffice, workbook, tmp_path / "csv")
    tables = summary_tables(data, ReportLanguage(language))
    assert sorted(sheets) == sorted(table.sheet_name for table in tables)
    for table in tables:
        rows = sheets[table.sheet_name]
        assert rows[0] == [(column.title, True) for column in table.columns], table.key
        expected_rows = list(table.rows) + ([table.total] if table.total is not None else [])
        body, after = rows[1 : 1 + len(expected_rows)], rows[1 + len(expected_rows) :]
        # Under the table: an empty row, then its notes (one a row), if it has any.
        notes = [row[0][0] for row in after if row and row[0][0]]
        assert notes == list(table.notes), table.key
        assert len(after) == (len(table.notes) + 1 if table.notes else 0), table.key
        for got, want in zip(body, expected_rows, strict=True):
            got += [("", False)] * (len(table.columns) - len(got))  # trailing empty cells
            assert [
                _read(text, column.kind, value)
                for text, column, value in zip(got, table.columns, want, strict=True)
            ] == [
                _expected(value, column.kind)
                for value, column in zip(want, table.columns, strict=True)
            ], table.key


def test_demo_room_summary_has_the_same_numbers_in_libreoffice(
    soffice: str, session: Session, tmp_path: Path
) -> None:
    make_demo(session, today=TODAY, families=12, seed=3, lang="kk")
    session.flush()
    data = term_summary_data(
        session,
        actor=SYSTEM,
        period=resolve_period(session, "2026-2027", today=TODAY),
        identified=False,
        made_on=TODAY,
    )
    assert data.children_total > 0
    assert sum(row.held for row in data.sessions_by_kind) > 0
    _check(data, soffice, tmp_path, "kk")


def test_hand_built_summary_with_names_and_formula_text(soffice: str, tmp_path: Path) -> None:
    data = summary_data(identified=True)
    _check(data, soffice, tmp_path, "ru")
    sheets = _convert(soffice, tmp_path / "summary.xlsx", tmp_path / "again")
    by_category = sheets[summary_tables(data, ReportLanguage("ru"))[1].sheet_name]
    assert by_category[4] == [('\'=HYPERLINK("http://x")', True), ("3", False)]
