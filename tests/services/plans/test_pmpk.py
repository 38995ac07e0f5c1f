"""PMPK conclusions: validation, the default term, the current one, and expiry warnings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from caseroom.db.models import AuditEvent, Child, Family, PmpkConclusion, Room
from caseroom.errors import ValidationError
from caseroom.services.common import Actor
from caseroom.services.plans.pmpk import (
    DEFAULT_VALIDITY_YEARS,
    ConclusionInput,
    add_conclusion,
    archive_conclusion,
    conclusions_of_child,
    current_conclusion,
    default_valid_until,
    expiring_conclusions,
    update_conclusion,
)


def _count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(PmpkConclusion)).scalar_one())


def _audits(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(select(AuditEvent.action, AuditEvent.entity).order_by(AuditEvent.at))
    return [(row[0], row[1]) for row in rows]


def _other_child(session: Session, room: Room, family: Family, case: str, **extra: object) -> Child:
    record = Child(
        room_id=room.id,
        family_id=family.id,
        case_number=case,
        last_name="Seitkali",
        first_name="Nurlan",
        birth_date=date(2015, 5, 2),
        enrolled_on=date(2026, 9, 1),
        **extra,
    )
    session.add(record)
    session.flush()
    return record


def test_add_uses_the_default_term_when_none_is_given(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    read = add_conclusion(
        session,
        actor=actor,
        child_id=child.id,
        data=ConclusionInput(issued_on=date(2026, 5, 20), number="  №145 ", recommendations=""),
        today=today,
    )
    assert DEFAULT_VALIDITY_YEARS == 1
    assert read.number == "№145"
    assert read.recommendations is None
    assert read.valid_until == date(2027, 5, 20)
    assert read.archived is False
    assert _audits(session) == [("create", "pmpk_conclusion")]


def test_an_explicit_term_is_kept(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    read = add_conclusion(
        session,
        actor=actor,
        child_id=child.id,
        data=ConclusionInput(date(2026, 5, 20), "12", "Assistant", valid_until=date(2028, 5, 20)),
        today=today,
    )
    assert read.valid_until == date(2028, 5, 20)
    assert read.recommendations == "Assistant"


def test_default_term_of_29_february() -> None:
    assert default_valid_until(date(2024, 2, 29)) == date(2025, 2, 28)
    assert default_valid_until(date(2024, 3, 1), years=2) == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            ConclusionInput(date(2026, 11, 24), "1"),
            "issued_on",
            "The conclusion date 24.11.2026 is in the future.",
        ),
        (
            ConclusionInput(date(2017, 3, 13), "1"),
            "issued_on",
            "The conclusion date 13.03.2017 is before the child's birth on 14.03.2017.",
        ),
        (
            ConclusionInput(date(2026, 5, 20), "   "),
            "number",
            "Enter the number of the conclusion.",
        ),
        (
            ConclusionInput(date(2026, 5, 20), "x" * 61),
            "number",
            "The number is longer than 60 characters.",
        ),
        (
            ConclusionInput(date(2026, 5, 20), "1", valid_until=date(2026, 5, 20)),
            "valid_until",
            "The conclusion must be valid after its date 20.05.2026.",
        ),
        (
            ConclusionInput(date(2026, 5, 20), "1", valid_until=date(2026, 1, 1)),
            "valid_until",
            "The conclusion must be valid after its date 20.05.2026.",
        ),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_written(
    session: Session,
    actor: Actor,
    child: Child,
    today: date,
    data: ConclusionInput,
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as error:
        add_conclusion(session, actor=actor, child_id=child.id, data=data, today=today)
    assert error.value.problems == {field: message}
    assert _count(session) == 0
    assert _audits(session) == []


def test_the_last_day_allowed_is_today(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    read = add_conclusion(
        session, actor=actor, child_id=child.id, data=ConclusionInput(today, "7"), today=today
    )
    assert read.issued_on == today


def test_update_validates_and_changes(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    first = add_conclusion(
        session,
        actor=actor,
        child_id=child.id,
        data=ConclusionInput(date(2026, 5, 20), "1"),
        today=today,
    )
    with pytest.raises(ValidationError) as error:
        update_conclusion(
            session,
            actor=actor,
            conclusion_id=first.id,
            data=ConclusionInput(date(2026, 5, 20), ""),
            today=today,
        )
    assert set(error.value.problems) == {"number"}
    assert session.get(PmpkConclusion, first.id).number == "1"  # type: ignore[union-attr]
    changed = update_conclusion(
        session,
        actor=actor,
        conclusion_id=first.id,
        data=ConclusionInput(date(2026, 6, 1), "2", valid_until=date(2027, 12, 31)),
        today=today,
    )
    assert (changed.issued_on, changed.number, changed.valid_until) == (
        date(2026, 6, 1),
        "2",
        date(2027, 12, 31),
    )
    assert _audits(session) == [("create", "pmpk_conclusion"), ("update", "pmpk_conclusion")]


def test_current_is_the_latest_not_archived(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    assert current_conclusion(session, actor=actor, child_id=child.id) is None
    old = add_conclusion(
        session,
        actor=actor,
        child_id=child.id,
        data=ConclusionInput(date(2025, 5, 1), "old"),
        today=today,
    )
    new = add_conclusion(
        session,
        actor=actor,
        child_id=child.id,
        data=ConclusionInput(date(2026, 5, 1), "new"),
        today=today,
    )
    assert current_conclusion(session, actor=actor, child_id=child.id) == new
    archive_conclusion(session, actor=actor, conclusion_id=new.id)
    assert current_conclusion(session, actor=actor, child_id=child.id) == old
    listed = conclusions_of_child(session, actor=actor, child_id=child.id, include_archived=True)
    assert [(c.number, c.archived) for c in listed] == [("new", True), ("old", False)]
    assert [c.number for c in conclusions_of_child(session, actor=actor, child_id=child.id)] == [
        "old"
    ]


def test_expiring_conclusions_boundaries(
    session: Session, actor: Actor, room: Room, family: Family, child: Child, today: date
) -> None:
    def conclusion(
        owner: Child, number: str, valid_until: date, issued: date | None = None
    ) -> None:
        add_conclusion(
            session,
            actor=actor,
            child_id=owner.id,
            data=ConclusionInput(issued or date(2026, 1, 10), number, valid_until=valid_until),
            today=today,
        )

    children = [_other_child(session, room, family, f"SR-2026-01{n:02d}") for n in range(5)]
    conclusion(child, "today", today)  # ends today: listed, 0 days left
    conclusion(children[0], "day30", today + timedelta(days=30))  # last day of the window
    conclusion(children[1], "day31", today + timedelta(days=31))  # just outside
    conclusion(children[2], "ended", today - timedelta(days=1))  # already ended
    # replaced by a later conclusion: the old one is not a warning any more
    conclusion(children[3], "replaced", today + timedelta(days=5))
    conclusion(children[3], "renewal", date(2028, 1, 1), issued=date(2026, 11, 1))
    # a child who left the room
    gone = _other_child(session, room, family, "SR-2026-0199", status="left")
    conclusion(gone, "left", today + timedelta(days=3))
    # an archived conclusion
    conclusion(children[4], "archived", today + timedelta(days=2))
    archived_id = conclusions_of_child(session, actor=actor, child_id=children[4].id)[0].id
    archive_conclusion(session, actor=actor, conclusion_id=archived_id)

    found = expiring_conclusions(session, actor=actor, today=today)
    assert [(c.number, c.days_left, c.case_number) for c in found] == [
        ("today", 0, "SR-2026-0001"),
        ("day30", 30, "SR-2026-0100"),
    ]
    assert found[0].valid_until == today
    wider = expiring_conclusions(session, actor=actor, today=today, within_days=31)
    assert [c.number for c in wider] == ["today", "day30", "day31"]
    # an ended conclusion is not lost: it is listed as expired, with the days overdue
    long_ago = _other_child(session, room, family, "SR-2026-0150")
    conclusion(long_ago, "months ago", today - timedelta(days=120))
    ended = expiring_conclusions(session, actor=actor, today=today, expired=True)
    assert [(c.number, -c.days_left) for c in ended] == [("months ago", 120), ("ended", 1)]


@pytest.mark.parametrize(
    ("issued", "months", "until"),
    [
        (date(2026, 11, 23), 12, date(2027, 11, 23)),
        (date(2026, 11, 23), 1, date(2026, 12, 23)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 3, 31), 18, date(2027, 9, 30)),
        (date(2026, 9, 1), 60, date(2031, 9, 1)),
    ],
)
def test_valid_until_after_the_usual_months(issued: date, months: int, until: date) -> None:
    from caseroom.services.plans.pmpk import valid_until_after

    assert valid_until_after(issued, months) == until
