"""The audit trail as a table: labels for actions and records, the filters, and the
Qt model that reads the trail page by page as the view scrolls (`ui.pages.audit_viewer`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QWidget,
)

from caseroom.dates import format_date_time
from caseroom.i18n import N_, _, ngettext
from caseroom.services.accounts.audit_log import (
    AuditRow,
    list_audit_events,
)
from caseroom.ui.context import AppContext
from caseroom.vocab import Confidentiality, StaffRole, label

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseroom.services.common import Actor

ModelIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
"""Events read per page as the table scrolls."""

ACTIONS: dict[str, str] = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "archive": N_("Archived"),
    "view": N_("Viewed"),
    "export": N_("Exported"),
    "print": N_("Printed"),
    "import": N_("Imported"),
    "login": N_("Signed in"),
    "login_failed": N_("Sign-in failed"),
    "login_refused": N_("Sign-in refused: locked"),
    "login_key_failed": N_("Wrong password for the encrypted file"),
    "login_key_locked": N_("Encrypted file locked after wrong passwords"),
    "login_key_refused": N_("Encrypted file refused: locked"),
    "change_password": N_("Changed own password"),
    "reset_password": N_("Reset a password"),
    "unlock": N_("Unlocked"),
    "grant": N_("Changed identified access"),
    "withdraw": N_("Withdrawn"),
    "close": N_("Closed"),
    "reorder": N_("Reordered"),
    "demo": N_("Made demo data"),
}
"""Audit actions and their English labels (translated when shown)."""

ENTITIES: dict[str, str] = {
    "account": N_("Account"),
    "audit_event": N_("Audit trail"),
    "caregiver": N_("Caregiver"),
    "child": N_("Child"),
    "consent": N_("Consent"),
    "family": N_("Family"),
    "family_barrier": N_("Barrier"),
    "goal": N_("Goal"),
    "goal_rating": N_("Goal rating"),
    "group_attendance": N_("Group attendance"),
    "group_meeting": N_("Group meeting"),
    "group_member": N_("Group member"),
    "parent_group": N_("Parent support group"),
    "home_practice": N_("Home practice"),
    "parent_goal": N_("Parent's goal"),
    "parent_goals": N_("Parent's goals"),
    "plan_review": N_("Plan review"),
    "pmpk_conclusion": N_("PMPK conclusion"),
    "referral": N_("Referral"),
    "room": N_("Room"),
    "roster": N_("Roster"),
    "school_year": N_("School year"),
    "session": N_("Session"),
    "setting": N_("Setting"),
    "staff": N_("Staff member"),
    "support_plan": N_("Support plan"),
    "term_summary": N_("Term summary"),
    "progress_report": N_("Progress report"),
    "wellbeing_checkin": N_("Wellbeing check-in"),
    "wellbeing_flag": N_("Safety flag"),
    "wellbeing_followup": N_("Follow-up"),
}
"""Kinds of audited records and their English labels (translated when shown)."""

PERIODS: tuple[tuple[str, str], ...] = (
    ("all", N_("All time")),
    ("today", N_("Today")),
    ("week", N_("Last 7 days")),
    ("month", N_("Last 30 days")),
    ("range", N_("Between dates")),
)


def _code_label(table: dict[str, str], code: str) -> str:
    english = table.get(code)
    return _(english) if english else code.replace("_", " ")


def action_label(code: str) -> str:
    """The translated label of an audit action (an unknown code as it is)."""
    return _code_label(ACTIONS, code)


def entity_label(code: str) -> str:
    """The translated label of a kind of record (an unknown code as it is)."""
    return _code_label(ENTITIES, code)


def short_id(value: object) -> str:
    """The first eight characters of an id, enough to tell records apart on screen."""
    return str(value)[:8]


def summarise(details: dict[str, Any]) -> str:
    """An audit event's details in words (ids shortened, codes translated where known)."""
    parts: list[str] = []
    rest = dict(details)
    if "username" in rest:
        parts.append(_("user name {username}").format(username=rest.pop("username")))
    if "locked_minutes" in rest:
        minutes = int(rest.pop("locked_minutes"))
        parts.append(
            ngettext("locked for {count} minute", "locked for {count} minutes", minutes).format(
                count=minutes
            )
        )
    if "identified_access" in rest:
        granted = rest.pop("identified_access")
        parts.append(
            _("identified access granted") if granted else _("identified access withdrawn")
        )
    if "rows" in rest:
        rows = int(rest.pop("rows"))
        parts.append(ngettext("{count} row", "{count} rows", rows).format(count=rows))
    if rest.get("role") in set(StaffRole):
        parts.append(_("role: {role}").format(role=label(StaffRole(rest.pop("role")))))
    if "level" in rest:
        level = rest.pop("level")
        shown = label(Confidentiality(level)) if level in set(Confidentiality) else level
        parts.append(_("confidentiality: {level}").format(level=shown))
    if "staff_id" in rest:
        parts.append(_("staff record {id}").format(id=short_id(rest.pop("staff_id"))))
    if rest.pop("first", False):
        parts.append(_("the first account"))
    if "fields" in rest and isinstance(rest["fields"], list):
        parts.append(_("fields: {names}").format(names=", ".join(map(str, rest.pop("fields")))))
    if "key" in rest and "to" in rest:
        parts.append(
            _("{key}: {old} → {new}").format(
                key=rest.pop("key"), old=rest.pop("from", "—"), new=rest.pop("to")
            )
        )
    for key, value in rest.items():
        if value is None or value == "":
            continue
        shown = short_id(value) if key.endswith("_id") or key in ("flag",) else value
        if isinstance(shown, list):
            shown = ", ".join(short_id(v) if key.endswith("_id") else str(v) for v in shown)
        parts.append(f"{key}: {shown}")
    return "; ".join(str(part) for part in parts)


@dataclass(frozen=True, slots=True)
class Filters:
    """What the trail is narrowed to (service keyword arguments)."""

    since: datetime | None = None
    until: datetime | None = None
    action: str | None = None
    actor_id: uuid.UUID | None = None

    def kwargs(self) -> dict[str, Any]:
        """The filters as the audit service takes them."""
        return {
            "since": self.since,
            "until": self.until,
            "action": self.action,
            "actor_id": self.actor_id,
        }


def local_midnight(day: date) -> datetime:
    """The start of `day` on this computer's clock, as an aware datetime."""
    return datetime.combine(day, time()).astimezone()


def period_bounds(
    period: str, start: date, end: date, today: date
) -> tuple[datetime | None, datetime | None]:
    """`since` (included) and `until` (excluded) of a period choice."""
    if period == "today":
        return local_midnight(today), None
    if period == "week":
        return local_midnight(today - timedelta(days=6)), None
    if period == "month":
        return local_midnight(today - timedelta(days=29)), None
    if period == "range":
        low, high = min(start, end), max(start, end)
        return local_midnight(low), local_midnight(high + timedelta(days=1))
    return None, None


@dataclass(frozen=True, slots=True)
class Names:
    """Names the viewer shows for people and for staff and account records."""

    staff: dict[uuid.UUID, str] = field(default_factory=dict)
    accounts: dict[uuid.UUID, str] = field(default_factory=dict)


def read_names(session: Session, *, actor: Actor) -> Names:
    """Every staff member's name and every account's user name (administrators)."""
    from caseroom.services.accounts.accounts import list_accounts
    from caseroom.services.people.staff import list_staff

    staff = {m.id: m.full_name for m in list_staff(session, actor=actor, include_archived=True)}
    accounts = {
        a.id: a.username for a in list_accounts(session, actor=actor, include_archived=True)
    }
    return Names(staff, accounts)


class AuditModel(QAbstractTableModel):
    """Audit events, newest first, fetched page by page as the view scrolls."""

    HEADERS = (N_("When"), N_("Who"), N_("Action"), N_("Record"), N_("Which"), N_("Details"))

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[AuditRow] = []
        self.total = 0
        self.filters = Filters()
        self.names = Names()
        self._generation = 0
        self._loading = False

    def load(self, filters: Filters, total: int, first_page: list[AuditRow]) -> None:
        """Start over with `filters`: the count and the first page."""
        self.beginResetModel()
        self._generation += 1
        self._loading = False
        self.filters, self.total, self.rows = filters, total, list(first_page)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """The events read so far."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """Six columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        """Whether more events match than were read."""
        return not parent.isValid() and not self._loading and len(self.rows) < self.total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        """Read the next page on the worker."""
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation = self._generation
        self.context.call(
            list_audit_events,
            lambda rows: self._append(generation, rows),
            on_error=lambda _error: self._stop(generation),
            offset=len(self.rows),
            limit=PAGE_SIZE,
            **self.filters.kwargs(),
        )

    def _stop(self, generation: int) -> None:
        if generation == self._generation:
            self._loading = False

    def _append(self, generation: int, rows: list[AuditRow]) -> None:
        if generation != self._generation:
            return  # the filters changed while this page was read
        self._loading = False
        if not rows:
            self.total = len(self.rows)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    def who(self, row: AuditRow) -> str:
        """Who acted, in words."""
        if row.actor_id is None:
            if row.action.startswith(("login_failed", "login_refused", "login_key_")):
                return _("not signed in")
            return _("system")
        return row.actor_name or self.names.staff.get(row.actor_id) or short_id(row.actor_id)

    def which(self, row: AuditRow) -> str:
        """Which record: a staff member's name or a user name where known, else a short id."""
        if row.entity_id is None:
            return ""
        if row.entity == "staff" and row.entity_id in self.names.staff:
            return self.names.staff[row.entity_id]
        if row.entity == "account" and row.entity_id in self.names.accounts:
            return self.names.accounts[row.entity_id]
        return short_id(row.entity_id)

    def text(self, row: AuditRow, column: int) -> str:
        """The text of one cell."""
        if column == 0:
            return format_date_time(row.at.astimezone())
        if column == 1:
            return self.who(row)
        if column == 2:
            return action_label(row.action)
        if column == 3:
            return entity_label(row.entity)
        if column == 4:
            return self.which(row)
        return summarise(row.details)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text; the tooltip holds the full id and details."""
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 4 and row.entity_id is not None:
                return str(row.entity_id)
            if index.column() == 5:
                return self.text(row, 5)
        return None
