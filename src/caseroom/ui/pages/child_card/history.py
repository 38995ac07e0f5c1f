"""The child card's history: everything that happened, newest first, page by page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.people.children import ChildRead
from caseroom.services.sessions.timeline import TimelineEntry, TimelineKind, child_timeline
from caseroom.ui.context import AppContext
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.child_card.parts import SPACE_L, SPACE_M, CardTab, EmptyState, Loader, day

PAGE = 100
"""Entries read at a time."""


class HistoryTab(CardTab):
    """The child's timeline with "Show older"."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, navigator, today, parent)
        self.entries: list[TimelineEntry] = []
        self._more = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_L)
        outer.setSpacing(SPACE_M)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)
        page = QWidget(self.stack)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.list = QTreeWidget(page)
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName(_("History"))
        self.list.setHeaderLabels([_("Date"), _("What happened"), _("Details")])
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 420)
        header.setStretchLastSection(True)
        self.list.itemActivated.connect(self._open)
        column.addWidget(self.list, 1)
        self.older = QPushButton(_("Show ol&der"), page)
        self.older.setAccessibleName(_("Show older history"))
        self.older.clicked.connect(self.show_older)
        column.addWidget(self.older, 0, Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(page)
        self.empty = EmptyState(_("Nothing recorded for this child yet."), parent=self.stack)
        self.stack.addWidget(self.empty)

    def loader(self) -> Loader:
        """The newest page of the timeline."""

        def load(session: Session, actor: Actor, child: ChildRead) -> list[TimelineEntry]:
            return child_timeline(session, actor=actor, child_id=child.id, limit=PAGE)

        return load

    def show_data(self, child: ChildRead, data: list[TimelineEntry]) -> None:
        """Show the newest entries."""
        self.child = child
        self.entries = []
        self.list.clear()
        self._append(data)

    def _append(self, entries: list[TimelineEntry]) -> None:
        self.entries.extend(entries)
        for entry in entries:
            item = QTreeWidgetItem([day(entry.on), entry.title, entry.detail or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, (entry.kind, entry.record_id))
            item.setToolTip(1, entry.title)
            item.setToolTip(2, entry.detail or "")
            self.list.addTopLevelItem(item)
        # The service returns whole days, so fewer than a page can still mean more.
        self._more = len(entries) > 0 and len(entries) >= PAGE // 2
        self.older.setVisible(self._more)
        self.stack.setCurrentIndex(0 if self.entries else 1)

    def show_older(self) -> None:
        """Read the page before the oldest entry shown."""
        if self.child is None or not self.entries:
            return
        child_id, before = self.child.id, self.entries[-1].on

        def arrived(entries: list[TimelineEntry]) -> None:
            if self.child is not None and self.child.id == child_id:
                self._append(entries)

        self.context.call(child_timeline, arrived, child_id=child_id, limit=PAGE, before=before)

    def _open(self, item: QTreeWidgetItem) -> None:
        found = item.data(0, Qt.ItemDataRole.UserRole)
        if not found:
            return
        kind, record_id = found
        if kind in (TimelineKind.SESSION, TimelineKind.FAMILY_SESSION) and isinstance(
            record_id, uuid.UUID
        ):
            self.navigator.log_session(session_id=record_id)
