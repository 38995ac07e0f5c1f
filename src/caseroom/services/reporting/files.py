"""Report files, made the same way from the app's Reports page and from `caseroom report`.

- `report_setup`: what a report form offers (periods of the school calendar, the room's
  language, the active children to choose from);
- `write_summary_file` / `save_term_summary`: the term summary as PDF, XLSX or CSV (an
  identified summary is audited in the same unit of work, which the caller commits once the
  file is written);
- `save_progress_report`: one child's progress report as a PDF;
- `preview_progress_report`: the first page of a child's report, as drawing steps;
- `password_required` / `export_password_problems`: when an export must be protected
  with a password (identified exports of an encrypted database), and whether a password
  typed twice will do. The encryption itself is `reports.protect`.

The batch of many children is `services.batch`.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Child
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.reports.data import Audience, ProgressReportData, TermSummaryData
from caseroom.reports.preview import PageDrawing
from caseroom.reports.protect import write_protected
from caseroom.services.common import Actor, audit
from caseroom.services.people.child_list import name_order
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, allowed
from caseroom.services.plans.calendar import current_quarter, school_year_of
from caseroom.services.plans.periods import Period, resolve_period
from caseroom.services.reporting.passwords import (
    check_export_password,
    password_required,
)
from caseroom.services.reporting.report_data import (
    progress_report_data,
    report_language,
    term_summary_data,
)
from caseroom.vocab import ChildStatus

SUMMARY_FORMATS = ("pdf", "xlsx", "csv")
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class PeriodChoice:
    """A period a form offers: its `--period` text and its translated label."""

    text: str
    label: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class ChildChoice:
    """An active child a batch can be made for."""

    id: uuid.UUID
    case_number: str
    full_name: str
    grade: int | None
    class_letter: str | None


@dataclass(frozen=True, slots=True)
class ReportSetup:
    """What a report form starts from."""

    periods: tuple[PeriodChoice, ...]
    current: int
    """Index in `periods` of the current quarter."""
    language: str
    """The room's default report language."""
    children: tuple[ChildChoice, ...]
    may_make_reports: bool = True
    may_export_summary: bool = True
    may_export_identified: bool = True
    password_required: bool = False
    """Whether exports with names must be protected with a password (the database is
    encrypted)."""


def period_choices(session: Session, *, today: date) -> tuple[tuple[PeriodChoice, ...], int]:
    """This school year's and last year's quarters and whole years (newest first), and the
    index of the current quarter among them."""
    this_year = school_year_of(session, today).start_year
    now = current_quarter(session, today=today)
    choices: list[PeriodChoice] = []
    current = 0
    for start_year in (this_year, this_year - 1):
        year_text = f"{start_year}-{start_year + 1}"
        for text in [f"{year_text}:q{number}" for number in (4, 3, 2, 1)] + [year_text]:
            period = resolve_period(session, text, today=today)
            if period.school_year == now.start_year and period.quarter == now.number:
                current = len(choices)
            choices.append(PeriodChoice(text, period.label, period.start, period.end))
    return tuple(choices), current


def report_setup(
    session: Session, *, actor: Actor, today: date, with_children: bool = True
) -> ReportSetup:
    """Periods, the room's report language and (`with_children`, when `actor` may make
    reports) the active children; and what `actor` may make."""
    periods, current = period_choices(session, today=today)
    language = report_language(session, None)
    may_make = allowed(actor, Permission.MAKE_REPORTS)
    may = (may_make, allowed(actor, Permission.EXPORT_SUMMARY))
    may_identified = allowed(actor, Permission.EXPORT_IDENTIFIED)
    required = password_required(session)
    if not (with_children and may_make):
        return ReportSetup(periods, current, language, (), *may, may_identified, required)
    rows = session.execute(
        select(
            col(Child.id),
            col(Child.case_number),
            col(Child.last_name),
            col(Child.first_name),
            col(Child.patronymic),
            col(Child.grade),
            col(Child.class_letter),
        )
        .where(col(Child.archived_at).is_(None), col(Child.status) == ChildStatus.ACTIVE.value)
        # The alphabet's order, as on the Children page (Latin spellings after Cyrillic).
        .order_by(*name_order(Child), col(Child.case_number))
    )
    children = tuple(
        ChildChoice(row[0], row[1], full_name(row[2], row[3], row[4]), row[5], row[6])
        for row in rows
    )
    return ReportSetup(periods, current, language, children, *may, may_identified, required)


def summary_file_name(period_text: str, file_format: str, *, identified: bool) -> str:
    """`term-summary-2026-2027-q1.xlsx` (`-identified` before the suffix when named)."""
    stem = _UNSAFE.sub("-", period_text.replace(":", "-").replace("..", "-")).strip("-.")
    extra = "-identified" if identified else ""
    return f"term-summary-{stem or 'period'}{extra}.{file_format}"


def write_summary_file(
    data: TermSummaryData,
    out: Path,
    file_format: str,
    language: str,
    *,
    password: str | None = None,
) -> Path:
    """Write the term summary `data` to `out` as `file_format` (pdf, xlsx or csv),
    encrypted under `password` when given; returns the file written (an encrypted CSV
    is `<out>.zip`, see `reports.protect.protected_path`)."""
    buffer = io.BytesIO()
    if file_format == "pdf":
        from caseroom.reports.term_summary import write_term_summary

        write_term_summary(data, buffer, language=language)
    elif file_format == "xlsx":
        from caseroom.reports.spreadsheets import write_term_summary_xlsx

        write_term_summary_xlsx(data, buffer, language=language)
    elif file_format == "csv":
        from caseroom.reports.csv_export import write_term_summary_csv

        write_term_summary_csv(data, buffer, language=language)
    else:
        raise UserError(_("Unknown file format: {format}").format(format=file_format))
    return write_protected(out, buffer.getvalue(), file_format, password)


def _writable(out: Path) -> Path:
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name").format(path=out))
    if not out.parent.is_dir():
        raise UserError(_("The folder {path} does not exist").format(path=out.parent))
    return out


def save_term_summary(
    session: Session,
    *,
    actor: Actor,
    period: str | None,
    file_format: str,
    identified: bool,
    out: Path,
    made_on: date,
    language: str | None = None,
    password: str | None = None,
) -> Path:
    """Fill the term summary of `period` (`--period` text) and write it to `out`
    (encrypted under `password` when given); returns the file written.

    An identified summary writes its audit event into `session` (noting whether the file
    was encrypted): commit after this returns. From an encrypted database an identified
    summary needs a `password` (`UserError` without one).
    """
    _writable(out)
    if not identified:
        password = None  # de-identified summaries are never encrypted: centres merge them
    check_export_password(session, password, identified=identified)
    resolved = resolve_period(session, period, today=made_on)
    language = report_language(session, language)
    data = term_summary_data(
        session,
        actor=actor,
        period=resolved,
        identified=identified,
        made_on=made_on,
        file_format=file_format,
        language=language,
        encrypted=password is not None,
    )
    return write_summary_file(data, out, file_format, language, password=password)


def _progress_data(
    session: Session,
    actor: Actor,
    child_id: uuid.UUID,
    period: Period | str | None,
    audience: Audience | str,
    made_on: date,
    language: str | None,
) -> tuple[Period, str, ProgressReportData]:
    """The resolved period and language, and what one child's progress report prints."""
    if not isinstance(period, Period):
        period = resolve_period(session, period, today=made_on)
    language = report_language(session, language)
    data = progress_report_data(
        session,
        actor=actor,
        child_id=child_id,
        period=period,
        audience=audience,
        made_on=made_on,
        language=language,
    )
    return period, language, data


def save_progress_report(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    period: Period | str | None,
    audience: Audience | str,
    out: Path,
    made_on: date,
    language: str | None = None,
    password: str | None = None,
) -> Path:
    """Write one child's progress report for `period` to the PDF file `out`, encrypted
    under `password` when given (required when the database is encrypted)."""
    from caseroom.reports.progress_report import write_progress_report

    _writable(out)
    check_export_password(session, password, identified=True)
    period, language, data = _progress_data(
        session, actor, child_id, period, audience, made_on, language
    )
    buffer = io.BytesIO()
    write_progress_report(data, buffer, language=language)
    written = write_protected(out, buffer.getvalue(), "pdf", password)
    audit_progress_reports(
        session,
        actor=actor,
        child_ids=[child_id],
        period=period,
        audience=audience,
        language=language,
        encrypted=password is not None,
    )
    return written


def audit_progress_reports(
    session: Session,
    *,
    actor: Actor,
    child_ids: list[uuid.UUID],
    period: Period,
    audience: Audience | str,
    language: str,
    encrypted: bool,
) -> None:
    """Note in the audit trail that progress reports of these children were printed (one
    event per child: who printed whose report, for which period and audience)."""
    for child_id in child_ids:
        audit(
            session,
            actor=actor,
            action="print",
            entity="progress_report",
            entity_id=child_id,
            details={
                "period": f"{period.start.isoformat()}..{period.end.isoformat()}",
                "audience": str(audience),
                "language": language,
                "encrypted": encrypted,
            },
        )


def preview_progress_report(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    period: Period | str | None,
    audience: Audience | str,
    made_on: date,
    language: str | None = None,
) -> PageDrawing:
    """The first page of one child's progress report, for an on-screen preview."""
    from caseroom.reports.progress_report import progress_report_first_page

    period, language, data = _progress_data(
        session, actor, child_id, period, audience, made_on, language
    )
    return progress_report_first_page(data, language=language)
