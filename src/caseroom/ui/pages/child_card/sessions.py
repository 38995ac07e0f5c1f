"""The child card's sessions tab: the child's sessions, newest first, a year at a time.

"Archive the session…" (or Delete on a row) archives the chosen session with a reason;
"Show archived" lists the archived ones with Restore.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.i18n import _, ngettext, pgettext
from caseroom.services.common import Actor
from caseroom.services.people.children import ChildRead
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, allowed
from caseroom.services.sessions.writing import JournalRow, sessions_between
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.child_card.parts import (
    SPACE_L,
    SPACE_M,
    CardTab,
    EmptyState,
    Loader,
    day,
)
from caseroom.ui.widgets.archived_list import ArchivedList
from caseroom.vocab import AttendanceStatus, SessionKind, SessionStatus, label

WINDOW = timedelta(days=366)
"""Sessions are read a year at a time, newest first."""
AHEAD = timedelta(days=183)
"""How far ahead planned sessions are shown."""


def newest_first(
    session: Session, actor: Actor, child_id: uuid.UUID, start: date, end: date
) -> list[JournalRow]:
    """The child's sessions from `start` to `end`, newest first."""
    rows = sessions_between(
        session, actor=actor, start=start, end=end, child_id=child_id, limit=2000
    )
    return rows[::-1]


def _label(
    kind: type[SessionKind] | type[SessionStatus] | type[AttendanceStatus], code: str
) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


class SessionsTab(CardTab):
    """A list of the child's sessions with "Log session" and "Show older"."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, navigator, today, parent)
        self._from: date | None = None  # the oldest day read so far
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_L)
        outer.setSpacing(SPACE_M)
        bar = QHBoxLayout()
        self.count = QLabel("", self)
        self.count.setAccessibleName(_("Number of sessions shown"))
        bar.addWidget(self.count, 1)
        outer.addLayout(bar)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)
        page = QWidget(self.stack)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.table = QTreeWidget(page)
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(_("Sessions"))
        self.table.setHeaderLabels(
            [_("Date"), _("Time"), _("Kind"), _("Status"), _("Child"), _("Specialist"), _("Topic")]
        )
        header = self.table.header()
        header.setStretchLastSection(True)
        for index in range(6):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(self._open)
        column.addWidget(self.table, 1)
        self.older = QPushButton(_("Show ol&der sessions"), page)
        self.older.setAccessibleName(_("Show older sessions"))
        self.older.clicked.connect(self.show_older)
        self.archive_button = QPushButton(_("Archive the session…"), page)
        self.archive_button.setAccessibleName(_("Archive the chosen session"))
        self.archive_button.setToolTip(_("Archive the chosen session (Delete)"))
        self.archive_button.clicked.connect(self.archive)
        self.archive_button.setVisible(allowed(context.actor, Permission.SCHEDULE_SESSIONS))
        below = QHBoxLayout()
        below.addWidget(self.older)
        below.addWidget(self.archive_button)
        below.addStretch(1)
        column.addLayout(below)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.archive)
        self.stack.addWidget(page)
        self.list_page = page
        self.empty = EmptyState(
            _("No sessions yet."), _("Log the first session…"), self.log_session, self.stack
        )
        self.stack.addWidget(self.empty)
        self.archived = ArchivedList(
            context,
            ("session",),
            pgettext("child card sessions", "Show arc&hived"),
            _("Show archived sessions"),
            parent=self,
        )
        outer.addWidget(self.archived)
        self.rows: list[JournalRow] = []
        self.archive_dialog: ArchiveDialog | None = None

    def loader(self) -> Loader:
        """Sessions from the oldest day shown so far (or the last year) to half a year ahead."""
        end = self.today() + AHEAD
        start = self._from or end - WINDOW

        def load(session: Session, actor: Actor, child: ChildRead) -> tuple[date, list[JournalRow]]:
            return start, newest_first(session, actor, child.id, start, end)

        return load

    def show_data(self, child: ChildRead, data: tuple[date, list[JournalRow]]) -> None:
        """Show the sessions, or the empty state."""
        if self.child is None or self.child.id != child.id:
            self._from = None
        self.child = child
        self._from, self.rows = data[0], list(data[1])
        self._fill()
        self.archived.show_child(child.id)

    def _fill(self) -> None:
        assert self.child is not None
        self.table.clear()
        for row in self.rows:
            self.table.addTopLevelItem(self._item(row, self.child.id))
        more = self._from is not None and self._from > self.child.enrolled_on
        self.older.setVisible(more)
        shown = len(self.rows)
        if shown:
            self.count.setText(
                ngettext("{n} session since {date}", "{n} sessions since {date}", shown).format(
                    n=shown, date=day(max(self._from or self.today(), self.child.enrolled_on))
                )
            )
            self.stack.setCurrentIndex(0)
        else:
            self.count.setText(
                _("No sessions since {date}.").format(date=day(self._from))
                if more and self._from
                else ""
            )
            self.stack.setCurrentWidget(self.empty if not more else self.list_page)

    @staticmethod
    def _item(row: JournalRow, child_id: uuid.UUID) -> QTreeWidgetItem:
        mark = next((a for a in row.attendees if a.person_id == child_id), None)
        present = _label(AttendanceStatus, mark.status) if mark else "—"
        item = QTreeWidgetItem(
            [
                day(row.held_on),
                row.starts_at.strftime("%H:%M") if row.starts_at else "",
                _label(SessionKind, row.kind),
                _label(SessionStatus, row.status),
                present,
                full_name(row.staff_last_name, row.staff_first_name, None),
                row.topic or "",
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, row.id)
        item.setToolTip(6, row.topic or "")
        return item

    def show_older(self) -> None:
        """Read the year before the oldest day shown."""
        if self.child is None or self._from is None:
            return
        child_id, end = self.child.id, self._from - timedelta(days=1)
        start = end - WINDOW

        def arrived(rows: list[JournalRow]) -> None:
            if self.child is None or self.child.id != child_id:
                return
            self._from = start
            self.rows.extend(rows)
            self._fill()

        actor = self.context.actor
        self.context.run(lambda s: newest_first(s, actor, child_id, start, end), arrived)

    def log_session(self) -> None:
        """Open the session dialog for this child."""
        if self.child is not None:
            self.navigator.log_session(child_id=self.child.id)

    def archive(self) -> ArchiveDialog | None:
        """Archive the chosen session, asking why (Ctrl+Z brings it back)."""
        item = self.table.currentItem()
        if item is None or not allowed(self.context.actor, Permission.SCHEDULE_SESSIONS):
            return None
        what = " · ".join(item.text(column) for column in (0, 1, 2, 6) if item.text(column))
        session_id = item.data(0, Qt.ItemDataRole.UserRole)
        dialog = ArchiveDialog(self.context, "session", session_id, what, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.archive_dialog = dialog
        dialog.open()
        return dialog

    def _open(self, item: QTreeWidgetItem) -> None:
        session_id = item.data(0, Qt.ItemDataRole.UserRole)
        if session_id is not None:
            self.navigator.log_session(session_id=session_id)
