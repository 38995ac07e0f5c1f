"""The audit trail for administrators: who did what to which record, and when.

Opened from Settings (`AuditCard`, shown with `VIEW_AUDIT`). The trail is read in pages
of `PAGE_SIZE` events, newest first, as the table scrolls (`canFetchMore` / `fetchMore`),
so a trail of many thousands of events opens at once. Filters (period, person, action)
go to the service's SQL; Export to CSV… writes the filtered trail through the service,
which audits the export itself. The trail is append-only: nothing here edits or deletes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseroom.db.audit_chain import ChainReport, break_message, holds_message
from caseroom.i18n import _, ngettext
from caseroom.services.accounts.audit_log import (
    AuditRow,
    check_audit_chain,
    count_audit_events,
    export_audit_csv,
    list_audit_events,
)
from caseroom.ui.context import AppContext
from caseroom.ui.models.audit_table import (
    ACTIONS,
    PAGE_SIZE,
    PERIODS,
    AuditModel,
    Filters,
    Names,
    action_label,
    period_bounds,
    read_names,
)
from caseroom.ui.widgets.card import make_card, muted_note, note_row
from caseroom.ui.widgets.date_field import DateField
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, set_role

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseroom.services.common import Actor


class AuditViewer(QDialog):
    """The audit trail as a table with filters and Export to CSV… (read-only)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Audit trail"))
        self.setAccessibleName(_("Audit trail"))
        self.resize(1180, 680)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_L)
        layout.setSpacing(SPACE_M)
        layout.addLayout(self._build_filters())
        self.model = AuditModel(context, self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(_("Audit events"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate((130, 200, 230, 150, 140)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.chain_label = QLabel("", self)
        self.chain_label.setObjectName("auditChain")
        self.chain_label.setAccessibleName(_("Audit trail chain"))
        self.chain_label.setWordWrap(True)
        layout.addWidget(self.chain_label)
        row = QHBoxLayout()
        self.count_label = set_role(QLabel("", self), "muted")
        self.count_label.setAccessibleName(_("Events found"))
        row.addWidget(self.count_label)
        self.status_label = set_role(QLabel("", self), "muted")
        self.status_label.setAccessibleName(_("Export"))
        self.status_label.setWordWrap(True)
        row.addWidget(self.status_label, 1)
        self.export_button = QPushButton(_("&Export to CSV…"), self)
        self.export_button.setAccessibleName(_("Export to CSV"))
        self.export_button.clicked.connect(self.ask_export)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.export_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.loaded = False
        context.call(read_names, self._names_read, on_error=self._failed, parent=self)
        context.call(check_audit_chain, self._chain_checked, on_error=self._failed, parent=self)

    def _chain_checked(self, report: ChainReport) -> None:
        if report.broken is None:
            set_role(self.chain_label, "muted")
            self.chain_label.setText(holds_message(report.events))
        else:
            set_role(self.chain_label, "error")
            self.chain_label.setText(break_message(report.broken))

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(SPACE_S)
        self.period = self._combo(row, _("&When"), _("Period"))
        for code, english in PERIODS:
            self.period.addItem(_(english), code)
        today = date.today()
        self.start = DateField(today - timedelta(days=30), self, accessible_name=_("From"))
        self.end = DateField(today, self, accessible_name=_("To"))
        for edit in (self.start, self.end):
            edit.setEnabled(False)
            edit.dateChanged.connect(lambda _d: self.reload())
            row.addWidget(edit)
        self.person = self._combo(row, _("&Person"), _("Person"))
        self.person.addItem(_("Everyone"), None)
        self.action = self._combo(row, _("&Action"), _("Action"))
        self.action.addItem(_("Any action"), None)
        for code in ACTIONS:
            self.action.addItem(action_label(code), code)
        row.addStretch(1)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.person.currentIndexChanged.connect(lambda _i: self.reload())
        self.action.currentIndexChanged.connect(lambda _i: self.reload())
        return row

    def _combo(self, row: QHBoxLayout, caption: str, name: str) -> QComboBox:
        label = QLabel(caption, self)
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label.setBuddy(combo)
        row.addWidget(label)
        row.addWidget(combo)
        return combo

    def _period_chosen(self, _index: int) -> None:
        custom = self.period.currentData() == "range"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        self.reload()

    def _names_read(self, names: Names) -> None:
        self.model.names = names
        self.person.blockSignals(True)
        for staff_id, name in sorted(names.staff.items(), key=lambda item: item[1]):
            self.person.addItem(name, staff_id)
        self.person.blockSignals(False)
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.count_label.setText(str(error))

    # --- reading ---------------------------------------------------------------------------

    def filters(self) -> Filters:
        """The filters as chosen now."""
        since, until = period_bounds(
            str(self.period.currentData()), self.start.value(), self.end.value(), date.today()
        )
        return Filters(
            since=since,
            until=until,
            action=self.action.currentData(),
            actor_id=self.person.currentData(),
        )

    def reload(self) -> None:
        """Count the events matching the filters and read the first page."""
        filters = self.filters()

        def work(session: Session, *, actor: Actor) -> tuple[int, list[AuditRow]]:
            kwargs = filters.kwargs()
            total = count_audit_events(session, actor=actor, **kwargs)
            rows = list_audit_events(session, actor=actor, limit=PAGE_SIZE, **kwargs)
            return total, rows

        def done(result: tuple[int, list[AuditRow]]) -> None:
            if filters != self.filters():
                return  # another reload follows with the newer filters
            total, rows = result
            self.model.load(filters, total, rows)
            self.count_label.setText(
                ngettext("{count} event", "{count} events", total).format(count=total)
            )
            self.loaded = True

        self.context.call(work, done, on_error=self._failed, parent=self)

    # --- export ----------------------------------------------------------------------------

    def ask_export(self) -> None:
        """Ask where to write the CSV file, then write it."""
        suggested = Path.home() / f"caseroom-audit-{date.today():%Y-%m-%d}.csv"
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Export the audit trail"), str(suggested), _("CSV file (*.csv)")
        )
        if target:
            self.export_to(Path(target))

    def export_to(self, path: Path) -> None:
        """Write the events matching the filters to `path` on the worker (audited)."""
        filters = self.filters()
        self.export_button.setEnabled(False)
        self.status_label.setText(_("Exporting…"))

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.status_label.setText(
                ngettext(
                    "{count} event exported to {path}", "{count} events exported to {path}", count
                ).format(count=count, path=path)
            )
            self.reload()  # the export itself is now in the trail

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.status_label.setText(str(error))

        self.context.call(
            export_audit_csv,
            done,
            on_error=failed,
            changes={"audit"},
            parent=self,
            out=path,
            since=filters.since,
            until=filters.until,
            action=filters.action,
            actor_id=filters.actor_id,
        )


class AuditCard(QFrame):
    """The Settings card that opens the audit trail."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.viewer: AuditViewer | None = None
        inner = make_card(self, _("Audit trail"))
        about = muted_note(
            self,
            _(
                "Every change, export, sign-in and read of a restricted record is kept in "
                "the audit trail. caseroom never changes or deletes it, and each event is "
                "chained to the one before: an event changed or deleted outside caseroom "
                "shows as a broken chain here and in caseroom check."
            ),
        )
        self.open_button = QPushButton(_("Open the a&udit trail…"), self)
        self.open_button.setAccessibleName(_("Open the audit trail"))
        self.open_button.clicked.connect(self.open_viewer)
        note_row(inner, about, self.open_button)

    def open_viewer(self) -> AuditViewer:
        """Show the audit viewer (one window; raised when already open)."""
        if self.viewer is None:
            self.viewer = AuditViewer(self.context, self)
            self.viewer.finished.connect(self._closed)
            self.viewer.show()
        else:
            self.viewer.raise_()
            self.viewer.activateWindow()
        return self.viewer

    def _closed(self, _result: int) -> None:
        if self.viewer is not None:
            self.viewer.deleteLater()
        self.viewer = None
