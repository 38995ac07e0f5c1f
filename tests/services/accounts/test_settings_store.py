"""Room settings: declared once, typed, validated, stored as JSON, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Setting
from caseroom.db.types import utcnow
from caseroom.errors import ValidationError
from caseroom.services.accounts.settings_store import (
    CHILD_VIEWS_FROM_AGE,
    IDLE_LOCK_MINUTES,
    LARGE_FAMILY_THRESHOLD,
    NO_SESSION_WEEKS,
    PMPK_DEFAULT_VALIDITY_MONTHS,
    PMPK_WARNING_DAYS,
    PRACTICE_FOLLOW_UP_DAYS,
    REFERRAL_OUTCOME_DAYS,
    SETTINGS,
    SettingSpec,
    all_settings,
    get_setting,
    set_setting,
)
from caseroom.services.common import Actor

DEFAULTS = {
    "pmpk_warning_days": 30,
    "pmpk_default_validity_months": 12,
    "child_views_from_age": 10,
    "large_family_threshold": 4,
    "practice_follow_up_days": 14,
    "referral_outcome_days": 30,
    "no_session_weeks": 3,
    "idle_lock_minutes": 10,
}


def test_declared_settings_and_defaults(session: Session) -> None:
    assert {key: spec.default for key, spec in SETTINGS.items()} == DEFAULTS
    assert list(SETTINGS) == list(DEFAULTS)
    assert list(SETTINGS.values()) == [
        PMPK_WARNING_DAYS,
        PMPK_DEFAULT_VALIDITY_MONTHS,
        CHILD_VIEWS_FROM_AGE,
        LARGE_FAMILY_THRESHOLD,
        PRACTICE_FOLLOW_UP_DAYS,
        REFERRAL_OUTCOME_DAYS,
        NO_SESSION_WEEKS,
        IDLE_LOCK_MINUTES,
    ]
    assert {key: get_setting(session, key) for key in SETTINGS} == DEFAULTS


def test_every_default_fits_its_own_rule() -> None:
    assert [spec.key for spec in SETTINGS.values() if spec.problem(spec.default)] == []


def test_set_and_get(session: Session, actor: Actor) -> None:
    read = set_setting(session, actor=actor, key=PMPK_WARNING_DAYS, value=45)
    assert (read.key, read.value, read.default, read.is_default) == (
        "pmpk_warning_days",
        45,
        30,
        False,
    )
    assert read.updated_at is not None
    assert get_setting(session, PMPK_WARNING_DAYS) == 45
    assert get_setting(session, "pmpk_warning_days") == 45
    set_setting(session, actor=actor, key="pmpk_warning_days", value=60)
    assert get_setting(session, PMPK_WARNING_DAYS) == 60
    stored = session.execute(select(col(Setting.value))).scalars().all()
    assert stored == [60]


def test_set_setting_is_audited_with_old_and_new_values(session: Session, actor: Actor) -> None:
    set_setting(session, actor=actor, key=IDLE_LOCK_MINUTES, value=5)
    set_setting(session, actor=actor, key=IDLE_LOCK_MINUTES, value=15)
    rows = session.execute(
        select(
            col(AuditEvent.action),
            col(AuditEvent.entity),
            col(AuditEvent.actor_id),
            col(AuditEvent.details),
        )
    ).all()
    events = sorted((tuple(row) for row in rows), key=lambda row: row[3]["to"])
    assert events == [
        ("update", "setting", actor.staff_id, {"key": "idle_lock_minutes", "from": None, "to": 5}),
        ("update", "setting", actor.staff_id, {"key": "idle_lock_minutes", "from": 5, "to": 15}),
    ]


@pytest.mark.parametrize(
    ("spec", "value", "message"),
    [
        (PMPK_WARNING_DAYS, 0, "Enter a whole number from 1 to 365"),
        (PMPK_WARNING_DAYS, 366, "Enter a whole number from 1 to 365"),
        (PMPK_DEFAULT_VALIDITY_MONTHS, 61, "Enter a whole number from 1 to 60"),
        (CHILD_VIEWS_FROM_AGE, 4, "Enter a whole number from 5 to 17"),
        (CHILD_VIEWS_FROM_AGE, 18, "Enter a whole number from 5 to 17"),
        (LARGE_FAMILY_THRESHOLD, 1, "Enter a whole number from 2 to 20"),
        (PRACTICE_FOLLOW_UP_DAYS, 91, "Enter a whole number from 1 to 90"),
        (IDLE_LOCK_MINUTES, 0, "Enter a whole number from 1 to 240"),
        (IDLE_LOCK_MINUTES, "10", "Enter a whole number"),
        (IDLE_LOCK_MINUTES, 10.0, "Enter a whole number"),
        (IDLE_LOCK_MINUTES, True, "Enter a whole number"),
        (IDLE_LOCK_MINUTES, None, "Enter a whole number"),
    ],
)
def test_invalid_values_are_refused(
    session: Session, actor: Actor, spec: SettingSpec[int], value: object, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        set_setting(session, actor=actor, key=spec, value=value)
    assert raised.value.problems == {spec.key: message}
    assert get_setting(session, spec) == spec.default
    assert session.execute(select(col(AuditEvent.id))).first() is None


@pytest.mark.parametrize("spec", list(SETTINGS.values()))
def test_limits_are_accepted(session: Session, actor: Actor, spec: SettingSpec[int]) -> None:
    assert spec.minimum is not None and spec.maximum is not None
    assert set_setting(session, actor=actor, key=spec, value=spec.minimum).value == spec.minimum
    assert set_setting(session, actor=actor, key=spec, value=spec.maximum).value == spec.maximum


def test_unknown_key(session: Session, actor: Actor) -> None:
    with pytest.raises(ValidationError) as raised:
        get_setting(session, "colour")
    assert raised.value.problems == {"key": "There is no setting called “colour”"}
    with pytest.raises(ValidationError):
        set_setting(session, actor=actor, key="colour", value=1)


def test_a_stored_value_that_no_longer_fits_reads_as_default(session: Session) -> None:
    session.add(Setting(key="large_family_threshold", value="four", updated_at=utcnow()))
    session.add(Setting(key="idle_lock_minutes", value=10_000, updated_at=utcnow()))
    session.flush()
    assert get_setting(session, LARGE_FAMILY_THRESHOLD) == 4
    assert get_setting(session, IDLE_LOCK_MINUTES) == 10


def test_all_settings(session: Session, actor: Actor) -> None:
    set_setting(session, actor=actor, key=LARGE_FAMILY_THRESHOLD, value=5)
    listed = all_settings(session)
    assert [item.key for item in listed] == list(DEFAULTS)
    by_key = {item.key: item for item in listed}
    family = by_key["large_family_threshold"]
    assert (family.value, family.default, family.is_default) == (5, 4, False)
    assert family.title == "Large family from (children)"
    assert (family.minimum, family.maximum) == (2, 20)
    assert family.updated_at is not None
    untouched = by_key["pmpk_warning_days"]
    assert (untouched.value, untouched.is_default, untouched.updated_at) == (30, True, None)
    assert untouched.title == "Warn before a PMPK conclusion expires (days)"


def test_bool_settings_are_supported() -> None:
    spec = SettingSpec("show_tips", bool, True, "Show tips", "Tips on each page.")
    assert spec.problem(False) is None
    assert spec.problem(1) == "Choose yes or no"


def test_a_declaration_needs_both_bounds_or_neither() -> None:
    with pytest.raises(ValueError, match="give both bounds or neither"):
        SettingSpec("odd", int, 1, "Odd", "Odd.", minimum=1)
