"""Reading the audit trail: filters, newest first, paging, counting, validation."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlmodel import Session

from caseroom.db.models import AuditEvent, Staff
from caseroom.errors import PermissionDeniedError, ValidationError
from caseroom.services.accounts.audit_log import (
    AuditRow,
    count_audit_events,
    export_audit_csv,
    list_audit_events,
)
from caseroom.services.common import SYSTEM, Actor, audit

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CHILD_ID = uuid.UUID(int=1)
FAMILY_ID = uuid.UUID(int=2)


@pytest.fixture
def actor(staff: Staff) -> Actor:
    """The staff member acting as an administrator (only they read the trail)."""
    return Actor(staff_id=staff.id, role="administrator")


@pytest.fixture
def events(session: Session, staff: Staff) -> list[AuditEvent]:
    """Five events an hour apart: two by the system, three by the psychologist."""
    rows: list[tuple[int, uuid.UUID | None, str, str, uuid.UUID, dict[str, Any]]] = [
        (0, None, "create", "family", FAMILY_ID, {}),
        (1, None, "create", "child", CHILD_ID, {"grade": 3}),
        (2, staff.id, "update", "child", CHILD_ID, {"fields": ["grade"]}),
        (3, staff.id, "archive", "child", CHILD_ID, {}),
        (4, staff.id, "update", "family", FAMILY_ID, {"fields": ["address"]}),
    ]
    made = [
        AuditEvent(
            at=T0 + timedelta(hours=hour),
            actor_id=actor_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details,
        )
        for hour, actor_id, action, entity, entity_id, details in rows
    ]
    session.add_all(made)
    session.flush()
    return made


def _hours(rows: list[AuditRow]) -> list[int]:
    return [int((row.at - T0) / timedelta(hours=1)) for row in rows]


def test_newest_first_with_every_column(
    session: Session, actor: Actor, events: list[AuditEvent]
) -> None:
    rows = list_audit_events(session, actor=actor)
    assert _hours(rows) == [4, 3, 2, 1, 0]
    assert rows[3] == AuditRow(
        id=events[1].id,
        at=T0 + timedelta(hours=1),
        actor_id=None,
        action="create",
        entity="child",
        entity_id=CHILD_ID,
        details={"grade": 3},
    )
    assert count_audit_events(session, actor=actor) == 5


def test_filters(session: Session, actor: Actor, events: list[AuditEvent]) -> None:
    assert _hours(list_audit_events(session, actor=actor, entity="child")) == [3, 2, 1]
    assert _hours(list_audit_events(session, actor=actor, entity_id=FAMILY_ID)) == [4, 0]
    assert _hours(list_audit_events(session, actor=actor, action="update")) == [4, 2]
    assert _hours(list_audit_events(session, actor=actor, actor_id=actor.staff_id)) == [4, 3, 2]
    assert count_audit_events(session, actor=actor, entity="child", action="update") == 1
    assert list_audit_events(session, actor=actor, entity="consent") == []


def test_since_is_included_and_until_excluded(
    session: Session, actor: Actor, events: list[AuditEvent]
) -> None:
    since, until = T0 + timedelta(hours=1), T0 + timedelta(hours=3)
    rows = list_audit_events(session, actor=actor, since=since, until=until)
    assert _hours(rows) == [2, 1]
    assert count_audit_events(session, actor=actor, since=since, until=until) == 2
    assert _hours(list_audit_events(session, actor=actor, since=T0 + timedelta(hours=4))) == [4]


def test_times_in_another_zone_compare_as_utc(
    session: Session, actor: Actor, events: list[AuditEvent]
) -> None:
    # 16:00 in Almaty (UTC+5) is 11:00 UTC, the hour of the third event.
    almaty = datetime(2026, 11, 23, 16, 0, tzinfo=timezone(timedelta(hours=5)))
    assert _hours(list_audit_events(session, actor=actor, since=almaty)) == [4, 3, 2]


def test_paging(session: Session, actor: Actor, events: list[AuditEvent]) -> None:
    assert _hours(list_audit_events(session, actor=actor, limit=2)) == [4, 3]
    assert _hours(list_audit_events(session, actor=actor, offset=2, limit=2)) == [2, 1]
    assert _hours(list_audit_events(session, actor=actor, offset=4, limit=2)) == [0]
    assert list_audit_events(session, actor=actor, offset=5) == []


def test_events_written_by_services_are_listed(session: Session) -> None:
    audit(session, actor=SYSTEM, action="create", entity="room", details={"x": 1})
    rows = list_audit_events(session, actor=SYSTEM)
    assert [(row.action, row.entity, row.actor_id, row.details) for row in rows] == [
        ("create", "room", None, {"x": 1})
    ]


@pytest.mark.parametrize(
    ("arguments", "problems"),
    [
        ({"offset": -1}, {"offset": "The page cannot start before the first event"}),
        ({"limit": 0}, {"limit": "A page holds from 1 to 1000 events"}),
        ({"limit": 1001}, {"limit": "A page holds from 1 to 1000 events"}),
        (
            {"since": datetime(2026, 11, 23)},
            {"since": "A time without a time zone cannot be compared with the log"},
        ),
        (
            {"until": datetime(2026, 11, 23)},
            {"until": "A time without a time zone cannot be compared with the log"},
        ),
        (
            {"since": T0, "until": T0 - timedelta(seconds=1)},
            {"until": "The end of the search comes before its start"},
        ),
    ],
)
def test_validation(
    session: Session, actor: Actor, arguments: dict[str, Any], problems: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as raised:
        list_audit_events(session, actor=actor, **arguments)
    assert raised.value.problems == problems


def test_count_validates_times_too(session: Session, actor: Actor) -> None:
    with pytest.raises(ValidationError) as raised:
        count_audit_events(session, actor=actor, since=T0, until=T0 - timedelta(hours=1))
    assert raised.value.problems == {"until": "The end of the search comes before its start"}


def test_limits_of_a_page_are_accepted(
    session: Session, actor: Actor, events: list[AuditEvent]
) -> None:
    assert len(list_audit_events(session, actor=actor, limit=1)) == 1
    assert len(list_audit_events(session, actor=actor, limit=1000)) == 5


def test_rows_name_the_staff_member_who_acted(
    session: Session, actor: Actor, events: list[AuditEvent]
) -> None:
    rows = list_audit_events(session, actor=actor)
    assert [row.actor_name for row in rows] == [
        "Omarova Dana",
        "Omarova Dana",
        "Omarova Dana",
        None,
        None,
    ]


@pytest.mark.parametrize("role", ["psychologist", "assistant", "speech_therapist"])
def test_only_an_administrator_reads_the_trail(
    session: Session, staff: Staff, events: list[AuditEvent], role: str
) -> None:
    someone = Actor(staff.id, role)
    with pytest.raises(PermissionDeniedError):
        list_audit_events(session, actor=someone)
    with pytest.raises(PermissionDeniedError):
        count_audit_events(session, actor=someone)
    with pytest.raises(PermissionDeniedError):
        export_audit_csv(session, actor=someone, out=io.BytesIO())


def test_export_to_csv_is_filtered_neutralised_and_audited(
    session: Session, actor: Actor, events: list[AuditEvent]
) -> None:
    audit(session, actor=SYSTEM, action="=cmd|calc", entity="child", details={"x": "@A1"})
    session.flush()
    out = io.BytesIO()
    count = export_audit_csv(session, actor=actor, out=out, entity="child")
    text = out.getvalue().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert count == 4 and len(lines) == 5
    assert lines[0] == ["Time (UTC)", "Who", "Action", "Record", "Record id", "Details"]
    actions = [line[2] for line in lines[1:]]
    assert actions[0] == "'=cmd|calc"
    assert actions[1:] == ["archive", "update", "create"]
    assert lines[2][1] == "Omarova Dana" and lines[4][1] == "system"
    assert lines[4][0] == "2026-11-23T10:00:00+00:00"
    [exported] = list_audit_events(session, actor=actor, action="export")
    assert exported.entity == "audit_event"
    assert exported.details == {"rows": 4, "entity": "child"}
    assert exported.actor_name == "Omarova Dana"
