"""The tables of a room's term summary, typed and translated once for PDF, XLSX and CSV.

Each `SummaryTable` has columns of a known kind (text, count, percent, hours, date) and
rows of plain Python values (`str`, `int`, `float`, `date`, or `None` for "nothing to
count"), so every writer prints the same figures and the spreadsheet gets typed cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caseroom.reports.data import (
    ExpiringConclusion,
    FamilyGroup,
    InvolvementMeasure,
    Ratio,
    SpecialistCount,
    TermSummaryData,
)
from caseroom.reports.language import ReportLanguage, format_date, sentence

Cell = str | int | float | date | None

SHEET_NAME_LIMIT = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class ColumnKind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"
    COUNT = "count"
    PERCENT = "percent"  # a rate between 0 and 1
    HOURS = "hours"
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its translated title and the kind of its values."""

    title: str
    kind: ColumnKind


@dataclass(frozen=True, slots=True)
class SummaryTable:
    """One table of the summary.

    `key` is stable and language-neutral; `title` is the translated heading; `sheet_name`
    is a valid, unique spreadsheet sheet name (≤ 31 characters, none of `[]:*?/\\`).
    `total` is an optional last row that sums the table.
    """

    key: str
    title: str
    sheet_name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None


def sheet_name(title: str, taken: Sequence[str] = ()) -> str:
    """`title` made into a valid sheet name that is not in `taken` (case-insensitive)."""
    name = _SHEET_FORBIDDEN.sub(" ", title).strip().strip("'") or "Sheet"
    name = " ".join(name.split())[:SHEET_NAME_LIMIT].rstrip()
    used = {existing.casefold() for existing in taken}
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = name[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
    return candidate


def cell_text(value: Cell, kind: ColumnKind) -> str:
    """A cell as text (PDF and CSV): dates dd.mm.yyyy, rates as whole percentages."""
    if value is None:
        return "—" if kind is ColumnKind.PERCENT else ""
    if isinstance(value, date):
        return format_date(value)
    if kind is ColumnKind.PERCENT and isinstance(value, int | float):
        return f"{round(value * 100)}%"
    if kind is ColumnKind.HOURS and isinstance(value, int | float):
        return f"{value:.1f}"
    return str(value)


def summary_tables(data: TermSummaryData, lang: ReportLanguage) -> tuple[SummaryTable, ...]:
    """All tables of the summary, in print order."""
    _ = lang.gettext
    builder = _Builder()
    text, count = ColumnKind.TEXT, ColumnKind.COUNT

    builder.add(
        "overview",
        _("About this summary"),
        _("About"),
        [Column(_("Item"), text), Column(_("Value"), text)],
        [
            (_("School"), data.school),
            (_("Support room"), data.room),
            (_("Period"), data.period.label),
            (_("Period starts"), data.period.start),
            (_("Period ends"), data.period.end),
            (_("Made on"), data.made_on),
            (_("Names included"), _("yes") if data.identified else _("no")),
            (_("Children in the room"), data.children_total),
        ],
    )
    builder.add(
        "children_by_category",
        _("Children by SEN category"),
        _("By SEN category"),
        [Column(_("SEN category"), text), Column(_("Children"), count)],
        [
            (lang.sen_category(row.code, row.label), row.children)
            for row in data.children_by_category
        ],
    )
    builder.add(
        "children_by_grade",
        _("Children by grade"),
        _("By grade"),
        [Column(_("Grade"), text), Column(_("Children"), count)],
        [(_grade_text(row.grade, lang), row.children) for row in data.children_by_grade],
        total=(_("Total"), sum(row.children for row in data.children_by_grade)),
    )
    kinds = data.sessions_by_kind
    builder.add(
        "sessions_by_kind",
        _("Sessions by kind"),
        _("Sessions by kind"),
        [
            Column(_("Kind of session"), text),
            Column(_("Held"), count),
            Column(_("Attended"), count),
            Column(_("Missed"), count),
        ],
        [(sentence(lang.label(row.kind)), row.held, row.attended, row.missed) for row in kinds],
        total=(
            _("Total"),
            sum(row.held for row in kinds),
            sum(row.attended for row in kinds),
            sum(row.missed for row in kinds),
        ),
    )
    specialists = data.sessions_by_specialist
    builder.add(
        "sessions_by_specialist",
        _("Sessions by specialist"),
        _("Sessions by specialist"),
        [
            Column(_("Specialist"), text),
            Column(_("Sessions held"), count),
            Column(_("Hours"), ColumnKind.HOURS),
        ],
        [
            (name, row.held, round(row.minutes / 60, 1))
            for name, row in zip(_specialist_names(specialists, lang), specialists, strict=True)
        ],
        total=(
            _("Total"),
            sum(row.held for row in specialists),
            round(sum(row.minutes for row in specialists) / 60, 1),
        ),
    )
    goals = data.goals
    builder.add(
        "goals",
        _("Goals by latest rating"),
        _("Goals"),
        [Column(_("Outcome"), text), Column(_("Goals"), count)],
        [
            (_("Achieved"), goals.achieved),
            (_("Progressing"), goals.progressing),
            (_("No change"), goals.no_change),
            (_("Not assessed"), goals.not_assessed),
        ],
        total=(
            _("Total"),
            goals.achieved + goals.progressing + goals.no_change + goals.not_assessed,
        ),
    )
    measure_text = {
        InvolvementMeasure.CONSULTATIONS: _("Consultations attended of offered"),
        InvolvementMeasure.HOME_PRACTICE: _("Home practice done of given"),
        InvolvementMeasure.GROUP_MEETINGS: _("Group meetings: present of registered"),
        InvolvementMeasure.FAMILIES_INVOLVED: _("Families taking part of all families"),
    }
    builder.add(
        "involvement",
        _("Parent involvement"),
        _("Parent involvement"),
        _ratio_columns(_("Measure"), lang),
        [_ratio_row(measure_text[row.measure], row.ratio) for row in data.involvement],
    )
    group_text = {
        FamilyGroup.LARGE: _("Large families (4 or more children)"),
        FamilyGroup.VULNERABLE: _("Socially vulnerable families"),
    }
    builder.add(
        "families",
        _("Large and vulnerable families reached"),
        _("Families reached"),
        _ratio_columns(_("Families"), lang),
        [_ratio_row(group_text[row.group], row.reached) for row in data.families],
    )
    builder.add(
        "referrals",
        _("Referrals by status"),
        _("Referrals"),
        [Column(_("Status"), text), Column(_("Referrals"), count)],
        [(sentence(lang.label(row.status)), row.count) for row in data.referrals],
        total=(_("Total"), sum(row.count for row in data.referrals)),
    )
    _pmpk_tables(builder, data, lang)
    _wellbeing_tables(builder, data, lang)
    return tuple(builder.tables)


def _wellbeing_tables(builder: _Builder, data: TermSummaryData, lang: ReportLanguage) -> None:
    """Caregivers' wellbeing check-ins and safety flags: counts only, never a person."""
    _ = lang.gettext
    text, count = ColumnKind.TEXT, ColumnKind.COUNT
    counts = data.wellbeing
    builder.add(
        "wellbeing_checkins",
        _("Caregivers' wellbeing check-ins by instrument"),
        _("Wellbeing check-ins"),
        [
            Column(_("Instrument"), text),
            Column(_("Check-ins"), count),
            Column(_("Caregivers"), count),
        ],
        [(row.instrument, row.checkins, row.caregivers) for row in counts.given],
        total=(_("Total"), sum(row.checkins for row in counts.given), None),
    )
    builder.add(
        "wellbeing_bands",
        _("Caregivers' wellbeing check-ins by band"),
        _("Wellbeing bands"),
        [Column(_("Instrument"), text), Column(_("Band"), text), Column(_("Check-ins"), count)],
        [
            (
                row.instrument,
                row.band_label or row.band or _("no cut-off: watch the change"),
                row.checkins,
            )
            for row in counts.bands
        ],
    )
    raised = counts.flags_raised
    builder.add(
        "safety_flags",
        _("Safety flags raised and followed up"),
        _("Safety flags"),
        _ratio_columns(_("Safety flags"), lang),
        [_ratio_row(_("Followed up of raised"), Ratio(counts.flags_followed_up, raised))]
        if raised
        else [],
    )


class _Builder:
    def __init__(self) -> None:
        self.tables: list[SummaryTable] = []

    def add(
        self,
        key: str,
        title: str,
        short: str,
        columns: Sequence[Column],
        rows: Sequence[tuple[Cell, ...]],
        *,
        total: tuple[Cell, ...] | None = None,
    ) -> None:
        name = sheet_name(short, [table.sheet_name for table in self.tables])
        self.tables.append(
            SummaryTable(key, title, name, tuple(columns), tuple(rows), total if rows else None)
        )


def _ratio_columns(first: str, lang: ReportLanguage) -> list[Column]:
    _ = lang.gettext
    return [
        Column(first, ColumnKind.TEXT),
        Column(_("Number"), ColumnKind.COUNT),
        Column(_("Of"), ColumnKind.COUNT),
        Column(_("Rate"), ColumnKind.PERCENT),
    ]


def _ratio_row(label: str, ratio: Ratio) -> tuple[Cell, ...]:
    return (label, ratio.part, ratio.whole, ratio.value)


def _grade_text(grade: int | None, lang: ReportLanguage) -> str:
    _ = lang.gettext
    if grade is None:
        return _("Grade not recorded")
    if grade == 0:
        return _("Pre-school class")
    return _("Grade {grade}").format(grade=grade)


def _specialist_names(rows: Sequence[SpecialistCount], lang: ReportLanguage) -> list[str]:
    """Names when given; otherwise the role numbered in order ("speech therapist 2")."""
    _ = lang.gettext
    seen: dict[str, int] = {}
    names = []
    for row in rows:
        seen[row.role] = seen.get(row.role, 0) + 1
        if row.name:
            names.append(row.name)
        else:
            names.append(
                _("{role} {number}").format(
                    role=sentence(lang.label(row.role)), number=seen[row.role]
                )
            )
    return names


def _pmpk_tables(builder: _Builder, data: TermSummaryData, lang: ReportLanguage) -> None:
    """Conclusions expiring soon and those already expired (with the days overdue); case
    and conclusion numbers and names only in an identified summary."""
    _ = lang.gettext
    text = ColumnKind.TEXT
    named = (
        [
            Column(_("Case number"), text),
            Column(_("Child"), text),
            Column(_("Conclusion No."), text),
        ]
        if data.identified
        else []
    )

    def who(row: ExpiringConclusion) -> tuple[Cell, ...]:
        if not data.identified:
            return ()
        return (row.case_number or "", row.child_name or "", row.number or "")

    builder.add(
        "pmpk_expired",
        _("PMPK conclusions expired"),
        _("PMPK expired"),
        [
            *named,
            Column(_("Valid until"), ColumnKind.DATE),
            Column(_("Days overdue"), ColumnKind.COUNT),
        ],
        [(*who(row), row.valid_until, row.days_overdue) for row in data.expired],
    )
    builder.add(
        "pmpk_expiring",
        _("PMPK conclusions expiring"),
        _("PMPK expiring"),
        [*named, Column(_("Valid until"), ColumnKind.DATE)],
        [(*who(row), row.valid_until) for row in data.expiring],
    )
