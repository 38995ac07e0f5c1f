"""The room's settings, each declared once here and stored as JSON in table `setting`.

Rules that change by ministerial order or by a room's habits (docs/domain.md *check* facts)
are settings rather than constants: how long before a PMPK conclusion expires to warn,
from what age a child's views are recorded, what counts as a large family, and so on.

Callers read a setting by its declaration, which keeps the type:
`get_setting(session, PMPK_WARNING_DAYS)` is an `int`. A stored value that no longer fits
its declaration (an older version wrote it, or someone edited the file) reads as the
default rather than breaking a screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, Generic, TypeVar, overload

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Setting
from caseroom.db.types import utcnow
from caseroom.errors import ValidationError
from caseroom.i18n import N_, _
from caseroom.services.common import Actor, Problems, audit, checked_text

T = TypeVar("T", int, bool, str)


@dataclass(frozen=True, slots=True)
class SettingSpec(Generic[T]):
    """The declaration of one setting: its key, type, default, title and allowed values."""

    key: str
    type: type[T]
    default: T
    title: str
    """English title marked with `N_()`; translated when shown."""
    description: str
    """English help text marked with `N_()`; translated when shown."""
    minimum: int | None = None
    maximum: int | None = None

    def __post_init__(self) -> None:
        if (self.minimum is None) != (self.maximum is None):
            raise ValueError(f"setting {self.key}: give both bounds or neither")

    def problem(self, value: object) -> str | None:
        """The translated reason `value` does not fit this setting, or None if it fits."""
        if self.type is bool:
            return None if isinstance(value, bool) else _("Choose yes or no")
        if self.type is str:
            return _folder_problem(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return _("Enter a whole number")
        low, high = self.minimum, self.maximum
        if low is not None and high is not None and not low <= value <= high:
            return _("Enter a whole number from {minimum} to {maximum}").format(
                minimum=self.minimum, maximum=self.maximum
            )
        return None


PMPK_WARNING_DAYS = SettingSpec(
    "pmpk_warning_days",
    int,
    30,
    N_("Warn before a PMPK conclusion expires (days)"),
    N_("How many days before a conclusion's valid-until date it is listed as due."),
    minimum=1,
    maximum=365,
)
PMPK_DEFAULT_VALIDITY_MONTHS = SettingSpec(
    "pmpk_default_validity_months",
    int,
    12,
    N_("Usual validity of a PMPK conclusion (months)"),
    N_("Suggested valid-until date for a new conclusion, counted from its date."),
    minimum=1,
    maximum=60,
)
CHILD_VIEWS_FROM_AGE = SettingSpec(
    "child_views_from_age",
    int,
    10,
    N_("Record the child's own views from age"),
    N_("From this age the child's views are asked for and recorded."),
    minimum=5,
    maximum=17,
)
LARGE_FAMILY_THRESHOLD = SettingSpec(
    "large_family_threshold",
    int,
    4,
    N_("Large family from (children)"),
    N_("A family with at least this many children counts as a large family."),
    minimum=2,
    maximum=20,
)
PRACTICE_FOLLOW_UP_DAYS = SettingSpec(
    "practice_follow_up_days",
    int,
    14,
    N_("Follow up home practice after (days)"),
    N_("Home practice without a due date is due for checking this many days after it is given."),
    minimum=1,
    maximum=90,
)
REFERRAL_OUTCOME_DAYS = SettingSpec(
    "referral_outcome_days",
    int,
    30,
    N_("Warn of a referral with no outcome after (days)"),
    N_("A referral planned or sent this many days ago with no outcome is listed on Today."),
    minimum=1,
    maximum=365,
)
NO_SESSION_WEEKS = SettingSpec(
    "no_session_weeks",
    int,
    3,
    N_("Warn of a child not seen for (weeks)"),
    N_("A child with no session attended for this many weeks is listed on Today."),
    minimum=1,
    maximum=26,
)
IDLE_LOCK_MINUTES = SettingSpec(
    "idle_lock_minutes",
    int,
    10,
    N_("Lock the app after idle time (minutes)"),
    N_("On a shared computer, the app locks after this many minutes without use."),
    minimum=1,
    maximum=240,
)

BACKUP_FOLDER = SettingSpec(
    "backup_folder",
    str,
    "",
    N_("Folder for automatic backups"),
    N_(
        "A copy of the database is saved here when caseroom closes and once a day, "
        "for example on a USB drive. Empty: the backups folder beside the database."
    ),
)
TEXT_SETTINGS: dict[str, SettingSpec[str]] = {spec.key: spec for spec in (BACKUP_FOLDER,)}
"""Settings that hold text (a folder). Kept apart from `SETTINGS`, the room's rules that
the settings page shows as numbers; `get_setting`/`set_setting` accept both."""

_MAX_FOLDER_LENGTH = 1000


def _folder_problem(value: object) -> str | None:
    """Why `value` is not a usable folder setting ("" means the default folder)."""
    if not isinstance(value, str):
        return _("Choose a folder")
    if value == "":
        return None
    problems = Problems()  # the one rule for stored text: no control character, bounded
    if checked_text(problems, "folder", value, limit=_MAX_FOLDER_LENGTH) != value:
        return problems.found.get("folder") or _("Choose a folder")
    if not (PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute()):
        return _("Choose a folder by its full path")
    return None


SETTINGS: dict[str, SettingSpec[Any]] = {
    spec.key: spec
    for spec in (
        PMPK_WARNING_DAYS,
        PMPK_DEFAULT_VALIDITY_MONTHS,
        CHILD_VIEWS_FROM_AGE,
        LARGE_FAMILY_THRESHOLD,
        PRACTICE_FOLLOW_UP_DAYS,
        REFERRAL_OUTCOME_DAYS,
        NO_SESSION_WEEKS,
        IDLE_LOCK_MINUTES,
    )
}
"""Every setting, by key, in the order a settings page shows them."""

SettingValue = int | bool | str


@dataclass(frozen=True, slots=True)
class SettingRead:
    """A setting's current value beside its declaration (title and help translated)."""

    key: str
    title: str
    description: str
    value: SettingValue
    default: SettingValue
    minimum: int | None
    maximum: int | None
    updated_at: datetime | None
    """When the value was last saved; None while it has never been set."""

    @property
    def is_default(self) -> bool:
        """Whether the value equals the default."""
        return self.value == self.default


def _spec(key: str | SettingSpec[Any]) -> SettingSpec[Any]:
    if isinstance(key, SettingSpec):
        return key
    found = SETTINGS.get(key) or TEXT_SETTINGS.get(key)
    if found is None:
        raise ValidationError({"key": _("There is no setting called “{key}”").format(key=key)})
    return found


def _stored(session: Session, keys: list[str]) -> dict[str, tuple[Any, datetime]]:
    rows = session.execute(
        select(col(Setting.key), col(Setting.value), col(Setting.updated_at)).where(
            col(Setting.key).in_(keys)
        )
    ).all()
    return {key: (value, updated_at) for key, value, updated_at in rows}


def _fitting(spec: SettingSpec[Any], value: Any) -> SettingValue:
    return value if spec.problem(value) is None else spec.default


def _read(spec: SettingSpec[Any], stored: tuple[Any, datetime] | None) -> SettingRead:
    return SettingRead(
        key=spec.key,
        title=_(spec.title),
        description=_(spec.description),
        value=spec.default if stored is None else _fitting(spec, stored[0]),
        default=spec.default,
        minimum=spec.minimum,
        maximum=spec.maximum,
        updated_at=None if stored is None else stored[1],
    )


@overload
def get_setting(session: Session, key: SettingSpec[T]) -> T: ...
@overload
def get_setting(session: Session, key: str) -> SettingValue: ...
def get_setting(session: Session, key: str | SettingSpec[Any]) -> SettingValue:
    """The value of a setting (its default until it is set). Unknown keys are refused."""
    spec = _spec(key)
    stored = _stored(session, [spec.key]).get(spec.key)
    return spec.default if stored is None else _fitting(spec, stored[0])


def set_setting(
    session: Session, *, actor: Actor, key: str | SettingSpec[Any], value: object
) -> SettingRead:
    """Save a setting's value after checking it fits the declaration."""
    spec = _spec(key)
    problems = Problems()
    problem = spec.problem(value)
    if problem is not None:
        problems.add(spec.key, problem)
    problems.raise_if_any()
    record = session.get(Setting, spec.key)
    previous = None if record is None else record.value
    now = utcnow()
    if record is None:
        record = Setting(key=spec.key, value=value, updated_at=now)
    else:
        record.value, record.updated_at = value, now
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="update",
        entity="setting",
        details={"key": spec.key, "from": previous, "to": value},
    )
    return _read(spec, (value, now))


def all_settings(session: Session) -> list[SettingRead]:
    """Every declared setting with its current value, in declaration order."""
    stored = _stored(session, list(SETTINGS))
    return [_read(spec, stored.get(key)) for key, spec in SETTINGS.items()]
