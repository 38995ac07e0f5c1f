"""Today: the sessions of the day and what is due, each row opening its record.

Sessions come from `services.sessions.sessions_on_day`; plan reviews, PMPK conclusions
ending soon and home practice to follow up from `services.due.what_is_due`. Enter or a
double-click on a row opens the record: a session in the session dialog, the rest on the
right tab of the child card. Safety flags of caregivers' check-ins waiting for a
follow-up (`services.wellbeing.open_flags`) stay listed until one is recorded: Enter or a
double-click opens the follow-up dialog. The warnings (consents ending, referrals waiting,
children not seen, sessions not written up) take the longest to find on a big file, so they
are read in a second step, once the rest is shown and only while the page is on screen:
they never hold up the page the person turns to next. A read still waiting in the worker's
queue when the person leaves the page is skipped when its turn comes (nothing read for a page
no longer looked at); the page reads afresh when shown again. Only roles that may see
safeguarding records see them (each read is audited under the person acting).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QItemSelectionModel, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, current_language, ngettext
from caseroom.services.accounts.settings_store import (
    NO_SESSION_WEEKS,
    PMPK_WARNING_DAYS,
    REFERRAL_OUTCOME_DAYS,
    get_setting,
)
from caseroom.services.common import Actor
from caseroom.services.parents.practice import PracticeRead, list_practice
from caseroom.services.permissions import Permission, allowed
from caseroom.services.plans.due import DueItem, DueKind, DueList, what_is_due
from caseroom.services.sessions.writing import JournalRow, sessions_on_day
from caseroom.services.wellbeing.checkins import FlagRead, open_flags
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.followup_dialog import FollowupDialog, flag_summary
from caseroom.ui.dialogs.practice_outcome import ask_outcome, menu_keys
from caseroom.ui.icons import icon
from caseroom.ui.navigation import Navigator
from caseroom.ui.widgets.empty_state import EmptyState
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, colors, page_margins, set_role
from caseroom.vocab import SessionKind, SessionStatus, label

if TYPE_CHECKING:
    from sqlmodel import Session

_OPEN = Qt.ItemDataRole.UserRole
Opener = Callable[[], None]
FIT_ROWS = 4
"""A side card listing fewer rows than this shrinks to them."""
QWIDGETSIZE_MAX = 16777215

WARNING_KINDS = frozenset(
    {
        DueKind.CONSENT_EXPIRY,
        DueKind.REFERRAL_WAITING,
        DueKind.NO_SESSION,
        DueKind.SESSION_UNWRITTEN,
    }
)
"""The kinds listed together under "Warnings"."""
QUICK_KINDS = frozenset(DueKind) - WARNING_KINDS
"""The kinds read with the day's sessions, before the warnings."""


@dataclass(frozen=True, slots=True)
class TodayData:
    """What the page shows, read in one unit of work."""

    day: date
    sessions: tuple[JournalRow, ...]
    due: DueList
    warning_days: int
    flags: tuple[FlagRead, ...] = ()
    no_session_weeks: int = NO_SESSION_WEEKS.default
    flags_allowed: bool = True
    warnings_loaded: bool = True
    """False until the warnings, read in a second step, are in `due`."""


def _due(session: Session, day: date, actor: Actor, kinds: frozenset[DueKind] | None) -> DueList:
    return what_is_due(
        session,
        actor=actor,
        today=day,
        within_days=get_setting(session, PMPK_WARNING_DAYS),
        referral_days=get_setting(session, REFERRAL_OUTCOME_DAYS),
        no_session_weeks=get_setting(session, NO_SESSION_WEEKS),
        kinds=kinds,
    )


def load_today(session: Session, day: date, actor: Actor, *, warnings: bool = True) -> TodayData:
    """The day's sessions and what is due as `actor` (the person signed in) may see them,
    with the PMPK warning period from the settings, and the safety flags waiting for a
    follow-up when `actor` may see them. Without `warnings`, what is due leaves out the
    warnings (`load_warnings` reads them)."""
    may_see_flags = allowed(actor, Permission.VIEW_RESTRICTED)
    return TodayData(
        day=day,
        sessions=tuple(sessions_on_day(session, actor=actor, day=day)),
        due=_due(session, day, actor, None if warnings else QUICK_KINDS),
        warning_days=get_setting(session, PMPK_WARNING_DAYS),
        no_session_weeks=get_setting(session, NO_SESSION_WEEKS),
        flags=tuple(open_flags(session, actor=actor)) if may_see_flags else (),
        flags_allowed=may_see_flags,
        warnings_loaded=warnings,
    )


def load_warnings(session: Session, day: date, actor: Actor) -> DueList:
    """The warnings of `day` (the slow part of what is due), as `actor` may see them."""
    return _due(session, day, actor, WARNING_KINDS)


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _vocab(kind: type[SessionKind] | type[SessionStatus], code: str) -> str:
    try:
        text = label(kind(code))
    except ValueError:
        text = code
    return text[:1].upper() + text[1:]


def long_date(day: date) -> str:
    """`day` written out in the interface language, e.g. "Monday, 23 November 2026"."""
    locale = QLocale({"kk": "kk_KZ", "ru": "ru_RU"}.get(current_language(), "en_GB"))
    return locale.toString(QDate(day.year, day.month, day.day), "dddd, d MMMM yyyy")


class Section(QFrame):
    """A card with a heading, a count and a list that turns into an empty state."""

    def __init__(
        self,
        name: str,
        columns: int,
        empty: EmptyState,
        parent: QWidget | None = None,
        *,
        stretch: tuple[int, ...] = (1,),
        shrink: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.name = name
        self.shrink = shrink
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_M, SPACE_M, SPACE_M, SPACE_S)
        layout.setSpacing(SPACE_S)
        self.heading = set_role(QLabel("", self), "heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.body = QStackedWidget(self)
        self.list = QTreeWidget(self.body)
        self.list.setObjectName(f"{name}List")
        self.list.setColumnCount(columns)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in range(columns):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in stretch:  # these share the width left; long texts are elided
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.list.itemActivated.connect(self._activate)
        self.empty = empty
        self.body.addWidget(self.list)
        self.body.addWidget(empty)
        layout.addWidget(self.body, 1)

    def set_heading(self, text: str) -> None:
        """The heading (with its count)."""
        self.heading.setText(text)
        self.list.setAccessibleName(text)

    def fill(self, rows: list[tuple[list[str], Opener, str]]) -> None:
        """Show rows of (column texts, what opens the row, tooltip); empty state if none."""
        self.list.clear()
        for texts, opener, tip in rows:
            item = QTreeWidgetItem(texts)
            item.setData(0, _OPEN, opener)
            for column in range(len(texts)):
                item.setToolTip(column, tip)
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:  # keyboard starts here, nothing looks selected yet
            self.list.setCurrentItem(first, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.body.setCurrentWidget(self.list if rows else self.empty)
        if self.shrink:
            self._fit(len(rows))

    def _fit(self, rows: int) -> None:
        """A card with few rows keeps only their height; the others share what is left."""
        self.setSizePolicy(
            QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.Preferred if rows >= FIT_ROWS else QSizePolicy.Policy.Maximum,
        )
        if rows == 0 or rows >= FIT_ROWS:
            self.body.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        height = rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + SPACE_S
        self.body.setMaximumHeight(height)

    def rows(self) -> int:
        """How many rows are listed."""
        return self.list.topLevelItemCount()

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        opener: Any = item.data(0, _OPEN)
        if callable(opener):
            opener()


class TodayPage(QWidget):
    """The room's day at a glance."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.navigator = navigator
        self.today = today
        self.data: TodayData | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(page_margins())
        layout.setSpacing(SPACE_L)
        layout.addLayout(self._build_header())
        self.sessions = Section("sessions", 4, self._empty(with_action=True), self, stretch=(1, 2))
        self.pmpk = Section("pmpk", 3, self._empty(), self, shrink=True)
        self.reviews = Section("reviews", 3, self._empty(), self, shrink=True)
        self.practice = Section("practice", 3, self._empty(), self, shrink=True)
        self.warnings = Section("warnings", 3, self._empty(), self, shrink=True)
        self.flags = Section("flags", 3, self._empty(), self, stretch=(0,), shrink=True)
        self.followup: FollowupDialog | None = None
        body = QHBoxLayout()
        body.setSpacing(SPACE_L)
        body.addWidget(self.sessions, 5)
        side = QVBoxLayout()
        side.setSpacing(SPACE_L)
        side.addWidget(self.pmpk, 3)
        side.addWidget(self.reviews, 2)
        side.addWidget(self.practice, 3)
        side.addWidget(self.warnings, 3)
        side.addWidget(self.flags, 1)
        body.addLayout(side, 4)
        layout.addLayout(body, 1)
        self.setTabOrder(self.log_button, self.sessions.list)
        self.setTabOrder(self.sessions.list, self.pmpk.list)
        self.setTabOrder(self.pmpk.list, self.reviews.list)
        self.setTabOrder(self.reviews.list, self.practice.list)
        self.setTabOrder(self.practice.list, self.warnings.list)
        self.setTabOrder(self.warnings.list, self.flags.list)
        self._practice_rows: tuple[DueItem, ...] = ()
        self._visit = 0
        """Counts the times the person left the page: a read queued during an earlier
        visit is no longer wanted."""
        self.outcome_menu: QMenu | None = None
        menu_keys(self.practice.list, self.practice_menu)
        context.changed.connect(self._on_changed)
        self.retranslate()

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        header.setSpacing(SPACE_M)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = set_role(QLabel("", self), "title")
        self.date_label = set_role(QLabel("", self), "muted")
        titles.addWidget(self.title)
        titles.addWidget(self.date_label)
        header.addLayout(titles, 1)
        self.log_button = QPushButton(icon("add", colors().accent_text), "", self)
        self.log_button.setProperty("primary", True)
        self.log_button.setObjectName("logSession")
        self.log_button.clicked.connect(lambda: self.navigator.log_session())
        header.addWidget(self.log_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return header

    def _empty(self, *, with_action: bool = False) -> EmptyState:
        if with_action:
            return EmptyState("", _("Log session"), lambda: self.navigator.log_session())
        return EmptyState("", compact=True)

    def retranslate(self) -> None:
        """Set the fixed texts in the current language."""
        self.title.setText(_("Today"))
        self.date_label.setText(long_date(self.today()))
        self.log_button.setText(_("&Log session"))
        self.log_button.setToolTip(_("Log a session (Ctrl+N)"))
        self.log_button.setAccessibleName(_("Log session"))
        self.setAccessibleName(_("Today"))
        if self.data is None:
            self.flags.fill([])
        self._show_counts()

    # --- data ------------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """The person turned to another page (not the window minimised): reads queued for
        this visit are skipped."""
        if not event.spontaneous():
            self._visit += 1
        super().hideEvent(event)

    def _this_visit(self) -> Callable[[], bool]:
        """Whether the person is still on the visit during which a read was queued
        (asked on the worker: it only compares two numbers)."""
        visit = self._visit
        return lambda: self._visit == visit

    def refresh(self) -> None:
        """Read the day again on the worker (the warnings in a second step)."""
        day, actor = self.today(), self.context.actor
        self.date_label.setText(long_date(day))
        self.context.run(
            lambda session: load_today(session, day, actor, warnings=False),
            self.show_data,
            parent=self,
            wanted=self._this_visit(),
        )

    def _load_warnings(self, data: TodayData) -> None:
        day, actor = data.day, self.context.actor

        def read(warnings: DueList) -> None:
            if self.data is data:  # no newer reading came in meanwhile
                self.show_data(replace(data, due=data.due.joined(warnings), warnings_loaded=True))

        self.context.run(
            lambda session: load_warnings(session, day, actor),
            read,
            parent=self,
            wanted=self._this_visit(),
        )

    def _on_changed(self, kinds: frozenset[str]) -> None:
        watched = {"session", "plan", "pmpk", "practice", "child", "setting", "wellbeing"}
        watched |= {"consent", "referral", "caregiver"}
        if kinds & watched and self.isVisible():
            self.refresh()

    def show_data(self, data: TodayData) -> None:
        """Fill the sections from `data`."""
        self.data = data
        self.sessions.fill([self._session_row(row) for row in data.sessions])
        conclusions = data.due.of_kind(DueKind.PMPK_EXPIRY)
        self.pmpk.fill([self._due_row(item) for item in conclusions])
        self._mark_expired(conclusions)
        self.reviews.fill([self._due_row(item) for item in data.due.of_kind(DueKind.PLAN_REVIEW)])
        practice = data.due.of_kind(DueKind.HOME_PRACTICE)
        self._practice_rows = practice
        self.practice.fill([self._due_row(item) for item in practice])
        warned = [item for item in data.due.items if item.kind in WARNING_KINDS]
        self.warnings.fill([self._warning_row(item) for item in warned])
        self.flags.fill([self._flag_row(flag) for flag in data.flags])
        self._show_counts()
        if not data.warnings_loaded and self.isVisible():
            self._load_warnings(data)  # off screen: read again when next shown

    def _show_counts(self) -> None:
        data = self.data
        sessions = len(data.sessions) if data else 0
        self.sessions.set_heading(
            ngettext("Sessions today: {n}", "Sessions today: {n}", sessions).format(n=sessions)
        )
        days = data.warning_days if data else PMPK_WARNING_DAYS.default
        conclusions = data.due.of_kind(DueKind.PMPK_EXPIRY) if data else ()
        expired = sum(1 for item in conclusions if item.overdue)
        ending = len(conclusions) - expired
        if expired:
            heading = _(
                "PMPK conclusions — expired: {expired}, ending within {days} days: {ending}"
            ).format(expired=expired, days=days, ending=ending)
        else:
            heading = ngettext(
                "PMPK conclusions ending within {days} days: {n}",
                "PMPK conclusions ending within {days} days: {n}",
                ending,
            ).format(days=days, n=ending)
        self.pmpk.set_heading(heading)
        reviews = len(data.due.of_kind(DueKind.PLAN_REVIEW)) if data else 0
        self.reviews.set_heading(_("Plan reviews due: {n}").format(n=reviews))
        practice = len(data.due.of_kind(DueKind.HOME_PRACTICE)) if data else 0
        self.practice.set_heading(_("Home practice to follow up: {n}").format(n=practice))
        warned = sum(1 for i in data.due.items if i.kind in WARNING_KINDS) if data else 0
        if data is not None and not data.warnings_loaded:
            self.warnings.set_heading(_("Warnings: {n}").format(n="…"))
            self.warnings.empty.set_text(_("Looking for warnings…"))
        else:
            self.warnings.set_heading(_("Warnings: {n}").format(n=warned))
            self.warnings.empty.set_text(
                _("No consent is ending, no referral waits, every child was seen recently.")
            )
        flags = len(data.flags) if data else 0
        self.flags.set_heading(_("Safety flags waiting for a follow-up: {n}").format(n=flags))
        if data is not None and not data.flags_allowed:
            self.flags.empty.set_text(
                _("Your role does not allow you to see safeguarding records.")
            )
        else:
            self.flags.empty.set_text(
                _("No safety flags. A flag from a wellbeing check-in stays here until its "
                  "follow-up is recorded.")
            )  # fmt: skip
        self.sessions.empty.set_text(_("No sessions planned today."))
        self.pmpk.empty.set_text(_("No PMPK conclusion ends within {days} days.").format(days=days))
        self.reviews.empty.set_text(_("No plan reviews are due."))
        self.practice.empty.set_text(_("No home practice waits for a follow-up."))

    # --- rows ------------------------------------------------------------------------------

    def _session_row(self, row: JournalRow) -> tuple[list[str], Opener, str]:
        time = row.starts_at.strftime("%H:%M") if row.starts_at else "—"
        people = ", ".join(f"{person.last_name} {person.first_name}" for person in row.attendees)
        kind = _vocab(SessionKind, row.kind)
        specialist = f"{row.staff_last_name} {row.staff_first_name[:1]}."
        if row.status != SessionStatus.PLANNED:
            kind = _("{kind} ({status})").format(
                kind=kind, status=_vocab(SessionStatus, row.status)
            )
        tip = _("{kind}: {topic}").format(kind=kind, topic=row.topic or "—")
        session_id = row.id
        return (
            [time, people or _("(no one listed)"), kind, specialist],
            lambda: self.navigator.log_session(session_id=session_id),
            tip,
        )

    def _due_row(self, item: DueItem) -> tuple[list[str], Opener, str]:
        child = item.child_name or "—"
        if item.kind == DueKind.PMPK_EXPIRY:
            what = _("Conclusion {number}").format(number=item.detail or "—")
            if item.overdue:
                days = (self.today() - item.on).days
                when = ngettext(
                    "expired on {date}, {days} day ago",
                    "expired on {date}, {days} days ago",
                    days,
                ).format(date=_day(item.on), days=days)
            else:
                when = _("ends {date}").format(date=_day(item.on))
            tab = "overview"
        elif item.kind == DueKind.PLAN_REVIEW:
            what = _("Plan review")
            when = (_("overdue since {date}") if item.overdue else _("due {date}")).format(
                date=_day(item.on)
            )
            tab = "plan"
        else:
            what = item.detail or _("Home practice")
            when = (_("overdue since {date}") if item.overdue else _("check {date}")).format(
                date=_day(item.on)
            )
            tab = "parents"
        child_id = item.child_id
        if item.kind == DueKind.HOME_PRACTICE:
            tip = _(
                "{child}: {what}, {when}. Space records the outcome, Enter opens the parents tab."
            ).format(child=child, what=what, when=when)
        else:
            tip = _("{child}: {what}, {when}").format(child=child, what=what, when=when)
        return [child, what, when], lambda: self._open_child(child_id, tab), tip

    def _warning_row(self, item: DueItem) -> tuple[list[str], Opener, str]:
        """A consent, referral, child not seen or session not written up; Enter opens it."""
        who = item.child_name or _("(several children)")
        day = _day(item.on)
        opener: Opener
        if item.kind == DueKind.CONSENT_EXPIRY:
            what = _("Consent")
            when = (_("ended on {date}") if item.overdue else _("ends {date}")).format(date=day)
            family_id = item.family_id
            if item.child_id is None and family_id is not None:
                opener = lambda: self.navigator.open_family(family_id)  # noqa: E731
            else:
                opener = self._opener(item.child_id, "overview")
        elif item.kind == DueKind.REFERRAL_WAITING:
            what = _("Referral to {to_whom}").format(to_whom=item.detail or "—")
            when = _("no outcome since {date}").format(date=day)
            opener = self._opener(item.child_id, "overview")
        elif item.kind == DueKind.NO_SESSION:
            what = _("No session attended")
            when = _("not seen since {date}").format(date=_day(item.on - self._weeks()))
            opener = self._opener(item.child_id, "sessions")
        else:
            what = item.detail or _("Planned session")
            when = _("not written up since {date}").format(date=day)
            session_id = item.record_id
            opener = lambda: self.navigator.log_session(session_id=session_id)  # noqa: E731
        tip = _("{child}: {what}, {when}").format(child=who, what=what, when=when)
        return [who, what, when], opener, tip

    def _weeks(self) -> timedelta:
        weeks = self.data.no_session_weeks if self.data else NO_SESSION_WEEKS.default
        return timedelta(weeks=weeks)

    def _opener(self, child_id: uuid.UUID | None, tab: str) -> Opener:
        return lambda: self._open_child(child_id, tab)

    def _mark_expired(self, conclusions: tuple[DueItem, ...]) -> None:
        """An expired conclusion's row is red, besides saying "expired" in words."""
        red = QBrush(QColor(colors().danger))
        for row, item in enumerate(conclusions):
            shown = self.pmpk.list.topLevelItem(row)
            if shown is None or not item.overdue:
                continue
            for column in range(shown.columnCount()):
                shown.setForeground(column, red)

    def practice_menu(self) -> None:
        """Space, the menu key or a right click on a task: how it went (two keystrokes).

        The task is read when asked for (a database opened read-only cannot record it)."""
        listing = self.practice.list
        item = listing.currentItem()
        row = listing.indexOfTopLevelItem(item) if item is not None else -1
        if item is None or not 0 <= row < len(self._practice_rows) or self.context.read_only:
            return
        due = self._practice_rows[row]
        if due.child_id is None:
            return
        point = listing.visualItemRect(item).bottomLeft()

        def found(tasks: list[PracticeRead]) -> None:
            task = next((t for t in tasks if t.id == due.record_id), None)
            if task is not None:
                self.outcome_menu = ask_outcome(
                    self.context, listing.viewport(), point, task, today=self.today()
                )

        self.context.call(list_practice, found, parent=self, child_id=due.child_id)

    def _flag_row(self, flag: FlagRead) -> tuple[list[str], Opener, str]:
        children = ", ".join(flag.children)
        who = (
            _("{caregiver} (children: {children})").format(
                caregiver=flag.caregiver_name, children=children
            )
            if children
            else flag.caregiver_name
        )
        tip = _("{summary}. Enter opens the follow-up.").format(summary=flag_summary(flag))
        return [who, flag.instrument_title, _day(flag.raised_on)], lambda: self.open_flag(flag), tip

    def open_flag(self, flag: FlagRead) -> None:
        """Ask what was done about `flag`; it leaves the list once that is recorded."""
        self.followup = FollowupDialog(
            self.context,
            flag.id,
            flag_summary(flag),
            raised_on=flag.raised_on,
            today=self.today(),
            parent=self,
        )
        self.followup.open()

    def _open_child(self, child_id: uuid.UUID | None, tab: str) -> None:
        if child_id is not None:
            self.navigator.open_child(child_id, tab)
