"""The session journal: a day or a week (Monday first) of sessions, by specialist.

Alt+Left / Alt+Right move by a day or a week, "Today" comes back; Enter or a double-click
opens the session in the session dialog.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import N_, _, ngettext
from caseroom.services.people.staff import StaffRead, list_staff
from caseroom.services.permissions import Permission, allowed
from caseroom.services.sessions.writing import JournalRow, sessions_between
from caseroom.ui.context import AppContext
from caseroom.ui.navigation import Navigator
from caseroom.ui.widgets.empty_state import EmptyState
from caseroom.ui.widgets.style import SPACE_M, SPACE_S, page_margins, set_role
from caseroom.vocab import AttendanceStatus, SessionKind, SessionStatus, label

WATCHED = frozenset({"session", "staff"})
_ID = Qt.ItemDataRole.UserRole
_WEEKDAYS = (
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"), N_("Sunday"),
)  # fmt: skip


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def weekday_name(value: date) -> str:
    """The translated name of the day of the week."""
    return _(_WEEKDAYS[value.weekday()])


def week_start(value: date) -> date:
    """The Monday of the week of `value`."""
    return value - timedelta(days=value.weekday())


def _label_of(kind: type[Any], code: str) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


def _people(row: JournalRow) -> str:
    names = []
    for person in row.attendees:
        name = f"{person.last_name} {person.first_name}"
        if person.status not in (AttendanceStatus.PRESENT, AttendanceStatus.EXPECTED):
            name = _("{name} ({status})").format(
                name=name, status=_label_of(AttendanceStatus, person.status)
            )
        names.append(name)
    return ", ".join(names)


class JournalPage(QWidget):
    """Sessions of a day or a week, filtered by specialist."""

    def __init__(
        self, context: AppContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.navigator = context, navigator
        self.day = date.today()
        self.week = False
        self.rows: list[JournalRow] = []
        self._staff_loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(page_margins())
        layout.setSpacing(SPACE_M)
        layout.addLayout(self._build_bar())
        self.stack = QStackedWidget(self)
        self.tree = QTreeWidget(self.stack)
        self.tree.setAccessibleName(_("Sessions"))
        self.tree.setHeaderLabels(
            [_("Time"), _("Kind"), _("Who"), _("Specialist"), _("Status"), _("Topic")]
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._open)
        self.empty = EmptyState(
            _("No sessions on this day"), _("Log session"), self.log_session, self.stack
        )
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        for keys, step in (("Alt+Left", -1), ("Alt+Right", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.go(step))
        context.changed.connect(self._on_changed)

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(SPACE_S)
        self.title = set_role(QLabel(self), "title")
        self.title.setAccessibleName(_("Shown period"))
        bar.addWidget(self.title, 1)
        self.day_button = QPushButton(_("&Day"), self)
        self.week_button = QPushButton(_("&Week"), self)
        group = QButtonGroup(self)
        for button, week in ((self.day_button, False), (self.week_button, True)):
            button.setCheckable(True)
            button.setAccessibleName(button.text().replace("&", ""))
            button.clicked.connect(lambda _c=False, week=week: self.set_week(week))
            group.addButton(button)
            bar.addWidget(button)
        self.day_button.setChecked(True)
        self.previous_button = QPushButton("‹", self)
        self.previous_button.setAccessibleName(_("Previous (Alt+Left)"))
        self.previous_button.setToolTip(_("Previous (Alt+Left)"))
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.today_button = QPushButton(_("&Today"), self)
        self.today_button.setAccessibleName(_("Today"))
        self.today_button.clicked.connect(lambda: self.show_day(date.today()))
        self.next_button = QPushButton("›", self)
        self.next_button.setAccessibleName(_("Next (Alt+Right)"))
        self.next_button.setToolTip(_("Next (Alt+Right)"))
        self.next_button.clicked.connect(lambda: self.go(1))
        for button in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(button)
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(40)
        self.staff_combo = QComboBox(self)
        self.staff_combo.setAccessibleName(_("Specialist"))
        self.staff_combo.addItem(_("All specialists"), None)
        self.staff_combo.setMinimumWidth(200)
        self.staff_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.staff_combo)
        self.log_button = QPushButton(_("&Log session"), self)
        self.log_button.setAccessibleName(_("Log session"))
        self.log_button.setProperty("primary", True)
        self.log_button.clicked.connect(self.log_session)
        bar.addWidget(self.log_button)
        self.search_button: QPushButton | None = None
        if allowed(self.context.actor, Permission.VIEW_NOTES):
            self.search_button = QPushButton(_("Search &notes…"), self)
            self.search_button.setAccessibleName(_("Search notes"))
            self.search_button.clicked.connect(self.search_notes)
            bar.addWidget(self.search_button)
        return bar

    # --- what is shown ------------------------------------------------------------------

    def period(self) -> tuple[date, date]:
        """The first and last day shown."""
        if self.week:
            start = week_start(self.day)
            return start, start + timedelta(days=6)
        return self.day, self.day

    def staff_filter(self) -> uuid.UUID | None:
        """The specialist whose sessions are shown (None: everyone's)."""
        chosen = self.staff_combo.currentData()
        return uuid.UUID(chosen) if chosen else None

    def show_day(self, day: date) -> None:
        """Show the sessions of `day` (the navigator's `open_journal`)."""
        self.day = day
        self.refresh()

    def set_week(self, week: bool) -> None:
        """Switch between the day and the week view."""
        self.week = week
        (self.week_button if week else self.day_button).setChecked(True)
        self.refresh()

    def go(self, step: int) -> None:
        """Go back (-1) or forward (1) by a day or a week."""
        self.day += timedelta(days=7 * step if self.week else step)
        self.refresh()

    def refresh(self) -> None:
        """Read the shown period again."""
        start, end = self.period()
        if self.week:
            self.title.setText(
                _("Week of {start} – {end}").format(start=_day(start), end=_day(end))
            )
        else:
            self.title.setText(
                _("{weekday}, {date}").format(weekday=weekday_name(start), date=_day(start))
            )
        staff_id = self.staff_filter()
        load_staff = not self._staff_loaded

        def work(db: Any) -> tuple[list[JournalRow], list[StaffRead] | None]:
            actor = self.context.actor
            rows = sessions_between(
                db, actor=actor, start=start, end=end, staff_id=staff_id, limit=2000
            )
            return rows, list_staff(db, actor=actor) if load_staff else None

        self._staff_loaded = True
        asked = (start, end, staff_id)
        self.context.run(work, lambda result: self._shown(asked, result))

    def _shown(
        self,
        asked: tuple[date, date, uuid.UUID | None],
        result: tuple[list[JournalRow], list[StaffRead] | None],
    ) -> None:
        rows, staff = result
        if staff is not None:
            self.staff_combo.blockSignals(True)
            for person in staff:
                self.staff_combo.addItem(person.full_name, str(person.id))
            self.staff_combo.blockSignals(False)
        if asked != (*self.period(), self.staff_filter()):
            return  # the user has moved on; a newer answer is on its way
        self.rows = rows
        self.tree.clear()
        if not rows:
            self.empty.set_text(
                _("No sessions this week") if self.week else _("No sessions on this day")
            )
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.tree)
        parents: dict[date, QTreeWidgetItem] = {}
        for row in rows:
            item = QTreeWidgetItem(
                [
                    row.starts_at.strftime("%H:%M") if row.starts_at else "—",
                    _label_of(SessionKind, row.kind),
                    _people(row),
                    f"{row.staff_last_name} {row.staff_first_name}",
                    _label_of(SessionStatus, row.status),
                    row.topic or "",
                ]
            )
            item.setData(0, _ID, row.id)
            item.setToolTip(2, _people(row))
            if self.week:
                parent = parents.get(row.held_on)
                if parent is None:
                    count = sum(1 for r in rows if r.held_on == row.held_on)
                    parent = QTreeWidgetItem(
                        [
                            _("{weekday}, {date}").format(
                                weekday=weekday_name(row.held_on), date=_day(row.held_on)
                            ),
                            ngettext("{n} session", "{n} sessions", count).format(n=count),
                        ]
                    )
                    font = parent.font(0)
                    font.setBold(True)
                    parent.setFont(0, font)
                    self.tree.addTopLevelItem(parent)
                    parents[row.held_on] = parent
                parent.addChild(item)
            else:
                self.tree.addTopLevelItem(item)
        self.tree.setRootIsDecorated(self.week)
        self.tree.expandAll()
        for column in range(5):
            self.tree.resizeColumnToContents(column)
        self.tree.setColumnWidth(2, min(self.tree.columnWidth(2), 340))
        first = self.tree.topLevelItem(0)
        target = first.child(0) if first is not None and self.week else first
        if target is not None:
            self.tree.setCurrentItem(target)

    def session_ids(self) -> list[uuid.UUID]:
        """The ids of the sessions shown, in order."""
        return [row.id for row in self.rows]

    # --- actions --------------------------------------------------------------------------

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        session_id = item.data(0, _ID)
        if session_id is not None:
            self.navigator.log_session(session_id=session_id)

    def log_session(self) -> None:
        """Log a new session (the dialog asks for the child)."""
        self.navigator.log_session()

    def search_notes(self) -> None:
        """Open the search of session notes (for roles that may read notes)."""
        from caseroom.ui.dialogs.note_search import NoteSearchDialog

        dialog = NoteSearchDialog(self.context, self.navigator, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & WATCHED:
            self.refresh()
