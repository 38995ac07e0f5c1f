"""The child's home practice on the parents tab: each task, who took it home, how it went.

The list is read with the tab; on a task Space (or the menu key, or a right click) opens
the outcome menu (`dialogs.practice_outcome`): a letter records done, partly done, not
done or not checked, and the tab is read again, its involvement figures with it. Enter
(or "Correct the task…") opens the session it was given at in the session dialog, the
focus on the task, to correct its text, who took it home and its due date; Delete archives
it, asking why.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.parents.practice import PracticeRead
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.dialogs.practice_outcome import ask_outcome, menu_keys, outcome_text
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.child_card.parts import SPACE_S, day, heading, muted

SHOWN = 12
"""Tasks listed (the most recently given first)."""


class PracticeSection(QWidget):
    """A heading and the list of the child's home practice."""

    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        navigator: Navigator | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.today, self.navigator = context, today, navigator
        self.tasks: list[PracticeRead] = []
        self.outcome_menu: QMenu | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        layout.addWidget(heading(_("Home practice"), self))
        self.hint = muted(
            _("On a task, Space records how it went and Enter corrects it."), self, wrap=True
        )
        layout.addWidget(self.hint)
        self.list = QTreeWidget(self)
        self.list.setObjectName("practiceList")
        self.list.setAccessibleName(_("Home practice"))
        self.list.setColumnCount(4)
        self.list.setHeaderLabels([_("Given"), _("Caregiver"), _("Task"), _("Outcome")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.list.itemActivated.connect(lambda *_args: self.correct())
        self.list.currentItemChanged.connect(lambda *_args: self._offer_correction())
        layout.addWidget(self.list)
        self.correct_button = QPushButton(_("Correct the task…"), self)
        self.correct_button.setAccessibleName(_("Correct the chosen home-practice task"))
        self.correct_button.setToolTip(
            _("Its text, who took it home and its due date, in the session it was given at (Enter)")
        )
        self.correct_button.setAutoDefault(False)
        self.correct_button.clicked.connect(self.correct)
        self.archive_button = QPushButton(_("Archive the task…"), self)
        self.archive_button.setAccessibleName(_("Archive the chosen home-practice task"))
        self.archive_button.setToolTip(_("Archive the chosen task (Delete)"))
        self.archive_button.setAutoDefault(False)
        self.archive_button.clicked.connect(self.archive)
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.archive)
        self.archive_dialog: ArchiveDialog | None = None
        self.empty = muted(_("No home practice given to this child's family yet."), self)
        layout.addWidget(self.empty)
        menu_keys(self.list, self.open_menu)

    def show_tasks(
        self, tasks: list[PracticeRead] | None, caregivers: dict[uuid.UUID, str]
    ) -> None:
        """List `tasks` (None: the role may not read them, and the part hides)."""
        self.setVisible(tasks is not None)
        chosen = self.current_task()
        self.tasks = list(tasks or [])[:SHOWN]
        self.list.clear()
        for task in self.tasks:
            outcome = outcome_text(task.outcome)
            if task.checked_on is not None:
                outcome = _("{outcome} ({date})").format(outcome=outcome, date=day(task.checked_on))
            item = QTreeWidgetItem(
                [day(task.given_on), caregivers.get(task.caregiver_id, "—"), task.task, outcome]
            )
            tip = task.task + (f"\n{task.follow_up}" if task.follow_up else "")
            for column in range(4):
                item.setToolTip(column, tip)
            self.list.addTopLevelItem(item)
        self.list.setVisible(bool(self.tasks))
        self.hint.setVisible(bool(self.tasks))
        self.archive_button.setVisible(bool(self.tasks) and self.may_edit)
        self.correct_button.setVisible(bool(self.tasks) and self.may_edit)
        self.empty.setVisible(not self.tasks)
        rows = max(len(self.tasks), 1)
        height = rows * max(self.list.sizeHintForRow(0), 20)
        height += self.list.header().sizeHint().height() + 2 * self.list.frameWidth()
        self.list.setFixedHeight(height + SPACE_S)
        self._select(chosen.id if chosen else None)

    def _select(self, task_id: uuid.UUID | None) -> None:
        row = next((n for n, t in enumerate(self.tasks) if t.id == task_id), 0)
        item = self.list.topLevelItem(row)
        if item is not None:
            self.list.setCurrentItem(item)
        self._offer_correction()

    def _offer_correction(self) -> None:
        """A task is corrected in the session it was given at: one given at none is not."""
        task = self.current_task()
        self.correct_button.setEnabled(task is not None and task.session_id is not None)

    def current_task(self) -> PracticeRead | None:
        """The task the keyboard is on."""
        item = self.list.currentItem()
        row = self.list.indexOfTopLevelItem(item) if item is not None else -1
        return self.tasks[row] if 0 <= row < len(self.tasks) else None

    def open_menu(self) -> None:
        """How the task went: the outcome menu, a letter records it."""
        task, item = self.current_task(), self.list.currentItem()
        if task is None or item is None:
            return
        self.outcome_menu = ask_outcome(
            self.context,
            self.list.viewport(),
            self.list.visualItemRect(item).bottomLeft(),
            task,
            today=self.today(),
        )

    @property
    def may_edit(self) -> bool:
        """Whether the person may archive home practice."""
        return allowed(self.context.actor, Permission.EDIT_RECORDS)

    def correct(self) -> None:
        """Open the session the chosen task was given at, the focus on the task."""
        task = self.current_task()
        if task is None or task.session_id is None or not self.may_edit:
            return
        if self.navigator is not None:
            self.navigator.log_session(session_id=task.session_id, practice_id=task.id)

    def archive(self) -> ArchiveDialog | None:
        """Archive the task the keyboard is on, asking why (Ctrl+Z brings it back)."""
        task, item = self.current_task(), self.list.currentItem()
        if task is None or item is None or not self.may_edit:
            return None
        what = " · ".join(item.text(column) for column in (0, 1, 2) if item.text(column))
        dialog = ArchiveDialog(self.context, "practice", task.id, what, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.archive_dialog = dialog
        dialog.open()
        return dialog
