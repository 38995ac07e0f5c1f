"""The term summary's PMPK and wellbeing tables (`summary_tables` builds the others).

PMPK conclusions expired (with the days overdue) and expiring: case and conclusion
numbers and names only in an identified summary. Caregivers' wellbeing check-ins and
safety flags: counts only, never a person; de-identified, their small counts are hidden
as every count of people is (`small_counts`), the bands of an instrument together with
its check-ins, whose total they add up to.
"""

from __future__ import annotations

from caseroom.reports.data import ExpiringConclusion, Ratio, TermSummaryData
from caseroom.reports.table_model import Cell, Column, ColumnKind, TableBuilder


def pmpk_tables(builder: TableBuilder, data: TermSummaryData) -> None:
    """Conclusions already expired (with the days overdue) and those expiring soon."""
    _ = builder.lang.gettext
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


def wellbeing_tables(builder: TableBuilder, data: TermSummaryData) -> None:
    """Caregivers' wellbeing check-ins by instrument and by band, and safety flags."""
    _ = builder.lang.gettext
    text, count = ColumnKind.TEXT, ColumnKind.COUNT
    counts = data.wellbeing
    given = counts.given
    band_cells: list[Cell] = []
    told: list[int] = []  # instruments whose check-ins would give a band's "<3" away
    instruments = [row.instrument for row in given]
    for instrument in dict.fromkeys(row.instrument for row in counts.bands):
        # An instrument's bands add up to its check-ins, printed in the first table.
        cells, stays = builder.column_stays(
            [row.checkins for row in counts.bands if row.instrument == instrument]
        )
        band_cells += cells
        if not stays and instrument in instruments:
            told.append(instruments.index(instrument))
    checkins, checkins_total = builder.column([row.checkins for row in given], withheld=told)
    builder.add(
        "wellbeing_checkins",
        _("Caregivers' wellbeing check-ins by instrument"),
        _("Wellbeing check-ins"),
        [
            Column(_("Instrument"), text),
            Column(_("Check-ins"), count),
            Column(_("Caregivers (people)"), count),
        ],
        [
            (row.instrument, cell, builder.people(row.caregivers))
            for row, cell in zip(given, checkins, strict=True)
        ],
        total=(_("Total"), checkins_total, None),
        notes=(
            _(
                "A caregiver may answer an instrument more than once, and may answer "
                "several: caregivers are counted per instrument and have no total."
            ),
        ),
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
                cell,
            )
            for row, cell in zip(counts.bands, band_cells, strict=True)
        ],
    )
    raised = counts.flags_raised
    builder.add(
        "safety_flags",
        _("Safety flags raised and followed up"),
        _("Safety flags"),
        builder.ratio_columns(_("Safety flags"), _("Followed up"), _("Raised")),
        [builder.ratio_row(_("Followed up of raised"), Ratio(counts.flags_followed_up, raised))]
        if raised
        else [],
    )
