"""The roster import wizard's review step: what the roster would make, the columns read
and ignored, and every problem and warning (`roster_problems`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import N_, _, ngettext
from caseroom.services.importing.columns import column_label
from caseroom.services.importing.plan import NEW, PRESENT, UPDATED, PreviewItem
from caseroom.services.importing.problems import RowProblem
from caseroom.services.importing.read import RosterTable
from caseroom.services.importing.roster import ImportSummary
from caseroom.ui.dialogs.roster_problems import ProblemTable
from caseroom.ui.widgets.style import SPACE_M, repolish, set_role

KINDS = {
    "family": N_("Family"),
    "caregiver": N_("Caregiver"),
    "child": N_("Child"),
    "conclusion": N_("PMPK conclusion"),
}
ACTIONS = {
    NEW: N_("New"),
    PRESENT: N_("Already there, left as it is"),
    UPDATED: N_("Already there, updated"),
}


def made_text(summary: ImportSummary, *, done: bool) -> str:
    """What an import made (`done`) or would make, in a few lines."""
    new = [
        ngettext("{n} family", "{n} families", summary.families_created),
        ngettext("{n} caregiver", "{n} caregivers", summary.caregivers_created),
        ngettext("{n} child", "{n} children", summary.children_created),
        ngettext("{n} PMPK conclusion", "{n} PMPK conclusions", summary.conclusions_created),
    ]
    counts = (
        summary.families_created,
        summary.caregivers_created,
        summary.children_created,
        summary.conclusions_created,
    )
    made = ", ".join(text.format(n=n) for text, n in zip(new, counts, strict=True))
    present = ", ".join(
        text.format(n=n)
        for text, n in (
            (ngettext("{n} family", "{n} families", summary.families_present),
             summary.families_present),
            (ngettext("{n} caregiver", "{n} caregivers", summary.caregivers_present),
             summary.caregivers_present),
            (ngettext("{n} child", "{n} children", summary.children_present),
             summary.children_present),
        )
    )  # fmt: skip
    lines = [
        (_("Made: {records}.") if done else _("Will be made: {records}.")).format(records=made),
        _("Already there, left as they are: {records}.").format(records=present),
    ]
    if summary.caregivers_updated:
        lines.append(
            ngettext(
                "Updated: {n} caregiver's phone.",
                "Updated: {n} caregivers' phones.",
                summary.caregivers_updated,
            ).format(n=summary.caregivers_updated)
        )
    return "\n".join(lines)


def _table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.setSortingEnabled(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(row, column, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(
        table.columnCount() - 1, QHeaderView.ResizeMode.Stretch
    )


def _preview_row(item: PreviewItem) -> list[str]:
    change = ""
    if item.change is not None:
        before, after = item.change
        change = _("Phone: {before} → {after}").format(before=before or "—", after=after)
    return [str(item.row), _(KINDS[item.kind]), _(ACTIONS[item.action]), item.name, change]


def column_rows(table: RosterTable | None, warnings: tuple[RowProblem, ...]) -> list[list[str]]:
    """[header as written, how it is read] for each column, the recognised ones first."""
    rows: list[list[str]] = []
    if table is not None:
        rows += [[header, column_label(column)] for column, header in table.columns.items()]
    # The header row's warnings that name a column are those of headers it does not know.
    ignored = [w.column for w in warnings if w.row == 1 and w.column]
    rows += [[header, _("Ignored: caseroom does not know this column")] for header in ignored]
    return rows


class ReviewPage(QWidget):
    """The review step: a verdict line and three tabs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_M)
        self.verdict = QLabel("", self)
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName(_("Whether the roster can be imported"))
        layout.addWidget(self.verdict)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("What the roster holds"))
        self.made = QWidget(self.tabs)
        made_layout = QVBoxLayout(self.made)
        self.made_summary = QLabel("", self.made)
        self.made_summary.setWordWrap(True)
        self.made_summary.setAccessibleName(_("What the import makes"))
        made_layout.addWidget(self.made_summary)
        self.records = _table(
            self.made,
            _("Records"),
            [_("Row"), _("Record"), _("What happens"), _("Name"), _("Change")],
        )
        made_layout.addWidget(self.records, 1)
        self.columns = _table(self.tabs, _("Columns"), [_("Header in the file"), _("Read as")])
        self.problems = ProblemTable(self.tabs)
        self.tabs.addTab(self.made, _("What will be &made"))
        self.tabs.addTab(self.columns, _("C&olumns"))
        self.tabs.addTab(self.problems, _("Problems"))
        layout.addWidget(self.tabs, 1)

    def show_result(
        self,
        table: RosterTable | None,
        summary: ImportSummary | None,
        problems: tuple[Any, ...],
        warnings: tuple[Any, ...],
    ) -> None:
        """Show a dry run's outcome: its summary, or the problems that refuse the roster."""
        self.problems.set_problems(tuple(problems), tuple(warnings))
        _fill(self.columns, column_rows(table, tuple(warnings)))
        count = len(problems)
        self.tabs.setTabText(
            2,
            ngettext(
                "&Problems and warnings ({n})",
                "&Problems and warnings ({n})",
                count + len(warnings),
            ).format(n=count + len(warnings)),
        )
        if summary is None:
            repolish(set_role(self.verdict, "error"))
            self.verdict.setText(
                ngettext(
                    "{n} problem: nothing can be imported until it is corrected in the file.",
                    "{n} problems: nothing can be imported until they are corrected in the file.",
                    count,
                ).format(n=count)
            )
            self.made_summary.setText(_("Correct the problems, save the file and check it again."))
            _fill(self.records, [])
            self.tabs.setCurrentIndex(2)
            return
        repolish(set_role(self.verdict, ""))
        rows = ngettext(
            "{n} row checked: the roster can be imported.",
            "{n} rows checked: the roster can be imported.",
            summary.rows,
        ).format(n=summary.rows)
        if warnings:
            rows += " " + ngettext(
                "Look at the {n} warning first.", "Look at the {n} warnings first.", len(warnings)
            ).format(n=len(warnings))
        self.verdict.setText(rows)
        self.made_summary.setText(made_text(summary, done=False))
        _fill(self.records, [_preview_row(item) for item in summary.preview])
        self.tabs.setCurrentIndex(0)
