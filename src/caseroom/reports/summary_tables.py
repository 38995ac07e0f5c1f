"""The tables of a room's term summary, typed and translated once for PDF, XLSX and CSV.

Each `SummaryTable` has columns of a known kind (text, count, percent, hours, date) and
rows of plain Python values (`str`, `int`, `float`, `date`, or `None` for "nothing to
count"), so every writer prints the same figures and the spreadsheet gets typed cells.
A column's title names its unit ("Sessions held", "Attended (people)"), and a table whose
rows overlap or count people rather than sessions says so in its `notes`.

In a de-identified summary, counts of people go through `small_counts` ("<3", "…"):
the same cells in every format. The wellbeing and PMPK tables are in `summary_more`,
the support groups' in `summary_voice`.
"""

from __future__ import annotations

from collections.abc import Sequence

from caseroom.reports.data import FamilyGroup, InvolvementMeasure, SpecialistCount, TermSummaryData
from caseroom.reports.language import ReportLanguage, period_text, sentence
from caseroom.reports.summary_more import pmpk_tables, wellbeing_tables
from caseroom.reports.summary_voice import voice_tables
from caseroom.reports.table_model import (
    SHEET_NAME_LIMIT,
    Cell,
    Column,
    ColumnKind,
    SummaryTable,
    TableBuilder,
    cell_text,
    sheet_name,
)

__all__ = [
    "SHEET_NAME_LIMIT",
    "Cell",
    "Column",
    "ColumnKind",
    "SummaryTable",
    "cell_text",
    "sheet_name",
    "summary_tables",
]


def summary_tables(data: TermSummaryData, lang: ReportLanguage) -> tuple[SummaryTable, ...]:
    """All tables of the summary, in print order."""
    builder = TableBuilder(lang, protect=not data.identified)
    grades = builder.column([row.children for row in data.children_by_grade], data.children_total)
    # The grade table's total is the number of children: the overview shows it the same way.
    children = grades[1] if data.children_by_grade else builder.people(data.children_total)
    _overview(builder, data, children)
    _children_tables(builder, data, grades)
    _session_tables(builder, data)
    _goal_and_family_tables(builder, data)
    pmpk_tables(builder, data)
    wellbeing_tables(builder, data)
    voice_tables(builder, data)
    return tuple(builder.tables)


def _overview(builder: TableBuilder, data: TermSummaryData, children: Cell) -> None:
    """The first table: what the summary is about (`children`: the room's children as
    the grade table's total shows them)."""
    _ = builder.lang.gettext
    text = ColumnKind.TEXT
    period = data.period
    rows: list[tuple[Cell, ...]] = [
        (_("School"), data.school),
        (_("Support room"), data.room),
        (_("Period"), period_text(period, builder.lang)),
        (_("Period starts"), period.start),
        (_("Period ends"), period.planned_end or period.end),
    ]
    if period.cut_short:
        rows.append((_("Counted up to"), period.end))
    rows += [
        (_("Made on"), data.made_on),
        (_("Names included"), _("yes") if data.identified else _("no")),
        (_("Children in the room"), children),
    ]
    if builder.protect:
        rows.append((_("Counts of 1 or 2 people"), _("shown as “<3”")))
    builder.add(
        "overview",
        _("About this summary"),
        _("About"),
        [Column(_("Item"), text), Column(_("Value"), text)],
        rows,
    )


def _children_tables(
    builder: TableBuilder, data: TermSummaryData, grades: tuple[list[Cell], Cell]
) -> None:
    """Children by SEN category and by grade (`grades`: the grade cells and total)."""
    _ = builder.lang.gettext
    lang = builder.lang
    text, count = ColumnKind.TEXT, ColumnKind.COUNT
    categories = data.children_by_category
    builder.add(
        "children_by_category",
        _("Children by SEN category"),
        _("By SEN category"),
        [Column(_("SEN category"), text), Column(_("Children (people)"), count)],
        [
            (lang.sen_category(row.code, row.label), builder.people(row.children))
            for row in categories
        ],
        notes=(
            _(
                "A child can have several categories, so the rows add up to more than "
                "the number of children."
            ),
        ),
    )
    cells, total = grades
    builder.add(
        "children_by_grade",
        _("Children by grade"),
        _("By grade"),
        [Column(_("Grade"), text), Column(_("Children (people)"), count)],
        [
            (_grade_text(row.grade, lang), cell)
            for row, cell in zip(data.children_by_grade, cells, strict=True)
        ],
        total=(_("Total"), total),
    )


def _session_tables(builder: TableBuilder, data: TermSummaryData) -> None:
    _ = builder.lang.gettext
    lang = builder.lang
    text, count = ColumnKind.TEXT, ColumnKind.COUNT
    kinds = data.sessions_by_kind
    came, came_total = builder.column([row.attended for row in kinds])
    missed, missed_total = builder.column([row.missed for row in kinds])
    builder.add(
        "sessions_by_kind",
        _("Sessions by kind"),
        _("Sessions by kind"),
        [
            Column(_("Kind of session"), text),
            Column(_("Sessions held"), count),
            Column(_("Attended (people)"), count),
            Column(_("Missed (people)"), count),
        ],
        [
            (sentence(lang.label(row.kind)), row.held, present, absent)
            for row, present, absent in zip(kinds, came, missed, strict=True)
        ],
        total=(_("Total"), sum(row.held for row in kinds), came_total, missed_total),
        notes=(
            _(
                "A session counts once however many people it had. Attended and missed "
                "count people: every child and caregiver on a session's list, so a group "
                "session of 6 children adds 6."
            ),
        ),
    )
    specialists = data.sessions_by_specialist
    hours = ColumnKind.HOURS
    totals = (
        sum(row.held for row in specialists),
        round(sum(row.minutes for row in specialists) / 60, 1),
    )
    if data.identified:
        columns = [Column(_("Specialist"), text)]
        rows: list[tuple[Cell, ...]] = [
            (row.name or "", row.held, round(row.minutes / 60, 1)) for row in specialists
        ]
        total: tuple[Cell, ...] = (_("Total"), *totals)
        notes: tuple[str, ...] = ()
    else:
        columns = [Column(_("Role"), text), Column(_("Staff (people)"), count)]
        rows = [
            (_role_text(row, specialists, lang), row.people, row.held, round(row.minutes / 60, 1))
            for row in specialists
        ]
        total = (_("Total"), sum(row.people for row in specialists), *totals)
        notes = (
            _(
                "Staff are shown by role where two or more people of the role held "
                "sessions; the others are counted together."
            ),
        )
    builder.add(
        "sessions_by_specialist",
        _("Sessions by specialist"),
        _("Sessions by specialist"),
        [*columns, Column(_("Sessions held"), count), Column(_("Hours"), hours)],
        rows,
        total=total,
        notes=notes,
    )


def _goal_and_family_tables(builder: TableBuilder, data: TermSummaryData) -> None:
    _ = builder.lang.gettext
    lang = builder.lang
    text, count = ColumnKind.TEXT, ColumnKind.COUNT
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
        InvolvementMeasure.HOME_PRACTICE: _("Home practice tasks done of given"),
        InvolvementMeasure.GROUP_MEETINGS: _("Group meetings: caregivers present of registered"),
        InvolvementMeasure.FAMILIES_INVOLVED: _("Families taking part of all families"),
    }
    counts_people = {InvolvementMeasure.GROUP_MEETINGS, InvolvementMeasure.FAMILIES_INVOLVED}
    builder.add(
        "involvement",
        _("Parent involvement"),
        _("Parent involvement"),
        builder.ratio_columns(_("Measure"), _("Number"), _("Of")),
        [
            builder.ratio_row(
                measure_text[row.measure], row.ratio, people=row.measure in counts_people
            )
            for row in data.involvement
        ],
    )
    group_text = {
        FamilyGroup.LARGE: _("Large families (4 or more children)"),
        FamilyGroup.VULNERABLE: _("Socially vulnerable families"),
    }
    builder.add(
        "families",
        _("Large and vulnerable families reached"),
        _("Families reached"),
        builder.ratio_columns(_("Families"), _("Taking part (families)"), _("In the group")),
        [builder.ratio_row(group_text[row.group], row.reached) for row in data.families],
    )
    builder.add(
        "referrals",
        _("Referrals by status"),
        _("Referrals"),
        [Column(_("Status"), text), Column(_("Referrals"), count)],
        [(sentence(lang.label(row.status)), row.count) for row in data.referrals],
        total=(_("Total"), sum(row.count for row in data.referrals)),
    )


def _grade_text(grade: int | None, lang: ReportLanguage) -> str:
    _ = lang.gettext
    if grade is None:
        return _("Grade not recorded")
    if grade == 0:
        return _("Pre-school class")
    return _("Grade {grade}").format(grade=grade)


def _role_text(row: SpecialistCount, rows: Sequence[SpecialistCount], lang: ReportLanguage) -> str:
    """A de-identified row's name: its role, or the others together ("all" if alone)."""
    _ = lang.gettext
    if row.role is not None:
        return sentence(lang.label(row.role))
    return _("Other specialists") if len(rows) > 1 else _("Specialists")
