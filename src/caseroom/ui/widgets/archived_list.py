"""A tab's "Show archived" toggle and the list of its archived records, each with Restore.

Ticking the toggle reads the child's archived records of the tab's kinds on the worker
(`services.people.child_archive`) and lists them: what each was, when and why it was
archived. "Restore" (or Enter on a row) brings the chosen one back as it was; Ctrl+Z
archives it again, with the reason it had. The list is read again whenever the tab shows
the child anew (after any write) while the toggle is ticked.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Mapping
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.people.child_archive import ArchivedRecord, archived_of_child
from caseroom.ui.archive_kinds import kind
from caseroom.ui.widgets.labels import fit_rows, muted
from caseroom.ui.widgets.style import SPACE_S
from caseroom.vocab import (
    ArchiveReason,
    ConsentScope,
    Domain,
    ParentGoalStatus,
    PlanStatus,
    PracticeOutcome,
    SessionKind,
    label,
)

CODES: dict[str, type[StrEnum]] = {
    "consent": ConsentScope,
    "session": SessionKind,
    "goal": Domain,
    "plan": PlanStatus,
    "practice": PracticeOutcome,
    "parent_goal": ParentGoalStatus,
}
"""The vocabulary of each kind's code (a check-in's is its questionnaire)."""


def _code_text(record: ArchivedRecord, questionnaires: Mapping[str, str]) -> str:
    if record.code is None:
        return ""
    if record.kind == "checkin":
        return questionnaires.get(record.code, record.code)
    vocabulary = CODES.get(record.kind)
    try:
        return label(vocabulary(record.code)) if vocabulary is not None else record.code
    except ValueError:
        return record.code


def reason_text(code: str | None) -> str:
    """Why a record was archived, in words (a dash when no reason was kept)."""
    if code is None:
        return "—"
    try:
        return label(ArchiveReason(code))
    except ValueError:
        return code


def describe(
    record: ArchivedRecord,
    caregivers: Mapping[uuid.UUID, str],
    questionnaires: Mapping[str, str] | None = None,
) -> str:
    """ "Goal: communication · Asks for help": the kind, then what the record was."""
    title = kind(record.kind).title
    parts = [
        caregivers.get(record.caregiver_id, "") if record.caregiver_id else "",
        record.on.strftime("%d.%m.%Y") if record.on else "",
        _code_text(record, questionnaires or {}),
        record.text,
    ]
    details = " · ".join(part for part in parts if part)
    return _("{record}: {details}").format(record=title[:1].upper() + title[1:], details=details)


def read_archived(
    session: Any, actor: Actor, child_id: uuid.UUID, kinds: Collection[str]
) -> tuple[list[ArchivedRecord], dict[str, str]]:
    """The child's archived records of `kinds`, and the questionnaires' short names."""
    found = archived_of_child(session, actor=actor, child_id=child_id, kinds=kinds)
    questionnaires: dict[str, str] = {}
    if any(record.kind == "checkin" for record in found):
        from caseroom.services.wellbeing.instruments import builtin_instruments

        questionnaires = {key: item.abbreviation for key, item in builtin_instruments().items()}
    return found, questionnaires


class ArchivedList(QWidget):
    """ "Show archived" and, once ticked, the archived records of `kinds` with Restore."""

    def __init__(
        self,
        context: Any,
        kinds: Collection[str],
        toggle_text: str,
        toggle_name: str,
        *,
        keep: Callable[[ArchivedRecord], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.kinds, self.keep = context, tuple(kinds), keep
        self.child_id: uuid.UUID | None = None
        self.caregivers: dict[uuid.UUID, str] = {}
        self.records: list[ArchivedRecord] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        top = QHBoxLayout()
        self.toggle = QCheckBox(toggle_text, self)
        self.toggle.setAccessibleName(toggle_name)
        self.toggle.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.toggle)
        top.addStretch(1)
        self.restore_button = QPushButton(_("Restore"), self)
        self.restore_button.setAccessibleName(_("Restore the chosen archived record"))
        self.restore_button.setToolTip(_("Restore the chosen record as it was (Enter)"))
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore)
        top.addWidget(self.restore_button)
        layout.addLayout(top)
        self.table = QTreeWidget(self)
        self.table.setObjectName("archivedList")
        self.table.setAccessibleName(_("Archived records"))
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([_("Record"), _("Archived on"), _("Reason")])
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(lambda *_args: self.restore())
        layout.addWidget(self.table)
        self.empty = muted(_("Nothing here is archived."), self)
        layout.addWidget(self.empty)
        self._show_state()

    def show_child(
        self, child_id: uuid.UUID, caregivers: Mapping[uuid.UUID, str] | None = None
    ) -> None:
        """The tab shows `child_id` (her family's caregivers by id): read the list again if
        it is shown."""
        if child_id != self.child_id:
            self.records = []
        self.child_id, self.caregivers = child_id, dict(caregivers or {})
        self.refresh()

    def refresh(self) -> None:
        """Read the archived records on the worker while the toggle is ticked."""
        self._show_state()
        child_id = self.child_id
        if not self.toggle.isChecked() or child_id is None:
            return
        actor, kinds = self.context.actor, self.kinds

        def done(result: tuple[list[ArchivedRecord], dict[str, str]]) -> None:
            if child_id == self.child_id and self.toggle.isChecked():
                self.show_records(*result)

        self.context.run(
            lambda session: read_archived(session, actor, child_id, kinds), done, parent=self
        )

    def show_records(
        self, records: list[ArchivedRecord], questionnaires: Mapping[str, str] | None = None
    ) -> None:
        """List `records` (those the tab keeps), the newest archived first."""
        chosen = self.current()
        self.records = [r for r in records if self.keep is None or self.keep(r)]
        self.table.clear()
        for record in self.records:
            text = describe(record, self.caregivers, questionnaires)
            archived_on = record.archived_at.astimezone().strftime("%d.%m.%Y")
            item = QTreeWidgetItem([text, archived_on, reason_text(record.reason)])
            item.setToolTip(0, text)
            item.setData(0, Qt.ItemDataRole.UserRole, record.record_id)
            self.table.addTopLevelItem(item)
        row = next(
            (n for n, r in enumerate(self.records) if chosen and r.record_id == chosen.record_id),
            0,
        )
        current = self.table.topLevelItem(row)
        if current is not None:
            self.table.setCurrentItem(current)
        fit_rows(self.table)
        self._show_state()

    def _show_state(self) -> None:
        shown = self.toggle.isChecked()
        self.table.setVisible(shown and bool(self.records))
        self.empty.setVisible(shown and not self.records)
        self.restore_button.setVisible(shown and bool(self.records))

    def current(self) -> ArchivedRecord | None:
        """The archived record the keyboard is on."""
        item = self.table.currentItem()
        row = self.table.indexOfTopLevelItem(item) if item is not None else -1
        return self.records[row] if 0 <= row < len(self.records) else None

    def restore(self) -> None:
        """Bring the chosen record back as it was (Ctrl+Z archives it again)."""
        from caseroom.ui.dialogs.archive_dialog import restore_record

        record = self.current()
        if record is None:
            return
        restore_record(
            self.context,
            record.kind,
            record.record_id,
            parent=self.window(),
            reason=record.reason,
        )
