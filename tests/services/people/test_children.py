"""Children: every validation rule, case numbers, SEN categories and specialists."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel, col

from caseroom.db.models import (
    AuditEvent,
    Child,
    ChildSenCategory,
    ChildSpecialist,
    Family,
    Room,
    SenCategory,
    Staff,
)
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.people.children import (
    ChildInput,
    age_on,
    archive_child,
    create_child,
    get_child,
    next_case_number,
    update_child,
)
from caseroom.services.people.iin import make_iin

TODAY = date(2026, 11, 23)
BIRTH = date(2018, 5, 9)
IIN = make_iin(BIRTH, "M", 4321)


def _count(session: Session, model: type[SQLModel]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _counts(session: Session) -> tuple[int, ...]:
    session.flush()
    return tuple(
        _count(session, model) for model in (Child, ChildSenCategory, ChildSpecialist, AuditEvent)
    )


@pytest.fixture
def second_staff(session: Session, room: Room) -> Staff:
    """A speech therapist beside the psychologist."""
    member = Staff(room_id=room.id, last_name="Ким", first_name="Ирина", role="speech_therapist")
    session.add(member)
    session.flush()
    return member


@pytest.fixture
def boy(family: Family, staff: Staff) -> ChildInput:
    """A complete, valid form for a boy of `family`."""
    return ChildInput(
        family_id=family.id,
        last_name=" Сейтқали ",
        first_name="Нұрсұлтан",
        patronymic="Маратұлы",
        birth_date=BIRTH,
        sex="M",
        iin=IIN,
        school="School-lyceum No. 12",
        grade=2,
        class_letter="ә",
        home_language="kk",
        enrolled_on=date(2026, 9, 1),
        sen_categories=("speech", "delayed_development"),
        specialist_ids=(staff.id,),
        lead_specialist_id=staff.id,
    )


def test_create_child(
    session: Session, room: Room, family: Family, staff: Staff, actor: Actor, boy: ChildInput
) -> None:
    made = create_child(session, actor=actor, data=boy, today=TODAY)
    assert made.room_id == room.id
    assert made.full_name == "Сейтқали Нұрсұлтан Маратұлы"
    assert made.case_number == "SR-2026-0001"
    assert made.class_letter == "Ә"
    assert made.sen_categories == ("delayed_development", "speech")
    assert (made.specialist_ids, made.lead_specialist_id) == ((staff.id,), staff.id)
    assert made.status == "active"
    record = session.get(Child, made.id)
    assert record is not None
    assert record.search_key == f"seitkali nursultan maratuli sr 2026 0001 {IIN}"
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity_id) == made.id)
    ).scalar_one()
    assert event.details == {
        "family_id": str(family.id),
        "status": "active",
        "grade": 2,
        "sen_categories": ["speech", "delayed_development"],
        "specialist_ids": [str(staff.id)],
    }


def test_minimal_child_defaults(session: Session, family: Family, actor: Actor) -> None:
    made = create_child(
        session,
        actor=actor,
        data=ChildInput(
            family_id=family.id, last_name="Ким", first_name="Лев", birth_date=date(2020, 1, 1)
        ),
        today=TODAY,
    )
    assert (made.enrolled_on, made.case_number, made.sex, made.iin) == (
        TODAY,
        "SR-2026-0001",
        None,
        None,
    )
    assert (made.sen_categories, made.specialist_ids, made.lead_specialist_id) == ((), (), None)


def test_sex_is_taken_from_the_iin_when_not_given(
    session: Session, actor: Actor, boy: ChildInput
) -> None:
    made = create_child(session, actor=actor, data=replace(boy, sex=None), today=TODAY)
    assert made.sex == "M"


def test_iin_typed_with_spaces_is_stored_without(
    session: Session, actor: Actor, boy: ChildInput
) -> None:
    spaced = f"{IIN[:6]} {IIN[6:]}"
    assert create_child(session, actor=actor, data=replace(boy, iin=spaced), today=TODAY).iin == IIN


RULES = [
    ({"last_name": ""}, "last_name", "Enter the last name"),
    ({"first_name": "  "}, "first_name", "Enter the first name"),
    ({"birth_date": None, "iin": None}, "birth_date", "Enter the birth date"),
    (
        {"birth_date": date(2026, 11, 24), "iin": None, "enrolled_on": date(2026, 11, 25)},
        "birth_date",
        "The birth date 24.11.2026 is in the future",
    ),
    (
        {"birth_date": date(2004, 8, 31), "iin": None},
        "birth_date",
        "The child would be 22 years old on enrolment; the room supports children up to 21",
    ),
    (
        {"enrolled_on": date(2018, 5, 8)},
        "enrolled_on",
        "The enrolment date 08.05.2018 is before the birth date 09.05.2018",
    ),
    (
        {"left_on": date(2026, 8, 31)},
        "left_on",
        "The date the child left, 31.08.2026, is before the enrolment date 01.09.2026",
    ),
    ({"sex": "X", "iin": None}, "sex", "Choose the child's sex"),
    ({"iin": "12345"}, "iin", "An IIN has exactly 12 digits"),
    (
        {"iin": IIN[:11] + str((int(IIN[11]) + 1) % 10)},
        "iin",
        f"The IIN {IIN[:11]}{(int(IIN[11]) + 1) % 10} fails its check digit: please check it",
    ),
    (
        {"birth_date": date(2018, 5, 10)},
        "iin",
        "The IIN encodes the birth date 09.05.2018, but the birth date is 10.05.2018",
    ),
    ({"sex": "F"}, "iin", "The IIN is that of a boy, but the child is recorded as a girl"),
    ({"case_number": "x" * 41}, "case_number", "A case number is at most 40 characters long"),
    ({"family_id": None}, "family_id", "Choose the child's family"),
    ({"family_id": uuid.UUID(int=7)}, "family_id", "This family was not found"),
    ({"school": "s" * 201}, "school", "The school name is at most 200 characters long"),
    ({"grade": -1}, "grade", "The grade must be 0 to 12 (0 = pre-school class)"),
    ({"grade": 13}, "grade", "The grade must be 0 to 12 (0 = pre-school class)"),
    ({"class_letter": "1"}, "class_letter", "The class letter is one to three letters, such as А"),
    (
        {"class_letter": "ABCD"},
        "class_letter",
        "The class letter is one to three letters, such as А",
    ),
    ({"home_language": "uz"}, "home_language", "Choose the language spoken at home"),
    ({"status": "graduated"}, "status", "Choose the child's status"),
    (
        {"sen_categories": ("speech", "dyslexia", "telepathy")},
        "sen_categories",
        "Unknown SEN category: dyslexia, telepathy",
    ),
    (
        {"specialist_ids": (uuid.UUID(int=5),), "lead_specialist_id": None},
        "specialist_ids",
        "A chosen specialist is not a current member of staff",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), RULES, ids=[r[1] for r in RULES])
def test_create_child_rules(
    session: Session,
    actor: Actor,
    boy: ChildInput,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    before = _counts(session)
    with pytest.raises(ValidationError) as caught:
        create_child(session, actor=actor, data=replace(boy, **changes), today=TODAY)  # type: ignore[arg-type]
    assert caught.value.problems == {field: message}
    assert not session.new
    assert _counts(session) == before


def test_age_limits_are_inclusive(session: Session, actor: Actor, boy: ChildInput) -> None:
    oldest = date(2004, 9, 1)  # 22nd birthday is on the day after enrolment
    assert age_on(oldest, date(2026, 9, 1)) == 22
    assert age_on(date(2004, 9, 2), date(2026, 9, 1)) == 21
    made = create_child(
        session, actor=actor, data=replace(boy, birth_date=date(2004, 9, 2), iin=None), today=TODAY
    )
    assert made.birth_date == date(2004, 9, 2)
    newborn = create_child(
        session,
        actor=actor,
        data=replace(boy, birth_date=TODAY, enrolled_on=TODAY, iin=None, case_number="N-1"),
        today=TODAY,
    )
    assert newborn.enrolled_on == TODAY


def test_archived_family_is_refused(
    session: Session, family: Family, actor: Actor, boy: ChildInput
) -> None:
    family.archived_at = datetime.now(UTC)
    session.add(family)
    session.flush()
    with pytest.raises(ValidationError) as caught:
        create_child(session, actor=actor, data=boy, today=TODAY)
    assert caught.value.problems == {"family_id": "This family is archived"}


def test_archived_sen_category_and_staff_are_refused_for_new_links(
    session: Session, staff: Staff, second_staff: Staff, actor: Actor, boy: ChildInput
) -> None:
    category = session.get(SenCategory, "hearing")
    assert category is not None
    category.archived_at = datetime.now(UTC)
    second_staff.archived_at = datetime.now(UTC)
    session.add_all([category, second_staff])
    session.flush()
    with pytest.raises(ValidationError) as caught:
        create_child(
            session,
            actor=actor,
            data=replace(boy, sen_categories=("hearing",), specialist_ids=(second_staff.id,)),
            today=TODAY,
        )
    assert caught.value.problems == {
        "sen_categories": "Unknown SEN category: hearing",
        "specialist_ids": "A chosen specialist is not a current member of staff",
    }


def test_links_already_held_may_stay_after_archiving(
    session: Session, staff: Staff, second_staff: Staff, actor: Actor, boy: ChildInput
) -> None:
    made = create_child(
        session,
        actor=actor,
        data=replace(boy, sen_categories=("hearing",), specialist_ids=(second_staff.id,)),
        today=TODAY,
    )
    category = session.get(SenCategory, "hearing")
    assert category is not None
    category.archived_at = datetime.now(UTC)
    second_staff.archived_at = datetime.now(UTC)
    session.add_all([category, second_staff])
    session.flush()
    again = update_child(
        session,
        actor=actor,
        child_id=made.id,
        data=replace(boy, sen_categories=("hearing",), specialist_ids=(second_staff.id,)),
        today=TODAY,
    )
    assert again.sen_categories == ("hearing",)
    assert set(again.specialist_ids) == {staff.id, second_staff.id}


def test_lead_specialist_is_added_to_the_specialists(
    session: Session, staff: Staff, second_staff: Staff, actor: Actor, boy: ChildInput
) -> None:
    made = create_child(
        session,
        actor=actor,
        data=replace(boy, specialist_ids=(second_staff.id,), lead_specialist_id=staff.id),
        today=TODAY,
    )
    assert made.specialist_ids == (staff.id, second_staff.id)  # lead first
    assert made.lead_specialist_id == staff.id
    leads = session.execute(
        select(func.count()).where(
            col(ChildSpecialist.child_id) == made.id, col(ChildSpecialist.is_lead).is_(True)
        )
    ).scalar_one()
    assert leads == 1


def test_case_numbers(session: Session, child: Child, actor: Actor, boy: ChildInput) -> None:
    # `child` holds SR-2026-0001; a typed number with a gap is respected, then continued.
    typed = create_child(
        session, actor=actor, data=replace(boy, case_number=" sr-2026-0041 "), today=TODAY
    )
    assert typed.case_number == "SR-2026-0041"
    generated = create_child(
        session,
        actor=actor,
        data=replace(boy, iin=None, first_name="Айгерим", sex="F"),
        today=TODAY,
    )
    assert generated.case_number == "SR-2026-0042"
    assert next_case_number(session, 2027) == "SR-2027-0001"
    earlier_year = create_child(
        session,
        actor=actor,
        data=replace(boy, iin=None, enrolled_on=date(2025, 9, 1)),
        today=TODAY,
    )
    assert earlier_year.case_number == "SR-2025-0001"


def test_duplicate_case_number_and_iin(
    session: Session, child: Child, actor: Actor, boy: ChildInput
) -> None:
    create_child(session, actor=actor, data=boy, today=TODAY)
    before = _counts(session)
    with pytest.raises(ValidationError) as caught:
        create_child(
            session, actor=actor, data=replace(boy, case_number="sr-2026-0001"), today=TODAY
        )
    assert caught.value.problems == {
        "iin": f"The IIN {IIN} already belongs to the child with case number SR-2026-0002",
        "case_number": "The case number SR-2026-0001 is already in use",
    }
    assert _counts(session) == before


def test_update_child(
    session: Session,
    staff: Staff,
    second_staff: Staff,
    actor: Actor,
    boy: ChildInput,
) -> None:
    made = create_child(session, actor=actor, data=boy, today=TODAY)
    changed = update_child(
        session,
        actor=actor,
        child_id=made.id,
        data=replace(
            boy,
            first_name="Nursultan",
            grade=3,
            status="left",
            left_on=date(2026, 11, 1),
            sen_categories=("speech",),
            specialist_ids=(staff.id, second_staff.id),
            lead_specialist_id=second_staff.id,
        ),
        today=TODAY,
    )
    assert changed.case_number == made.case_number  # None keeps the number
    assert (changed.first_name, changed.grade, changed.status) == ("Nursultan", 3, "left")
    assert changed.sen_categories == ("speech",)
    assert changed.specialist_ids == (second_staff.id, staff.id)
    assert changed.lead_specialist_id == second_staff.id
    # Updating the same record again (its own IIN and number are not duplicates).
    again = update_child(
        session,
        actor=actor,
        child_id=made.id,
        data=replace(boy, case_number=made.case_number),
        today=TODAY,
    )
    assert again.sen_categories == ("delayed_development", "speech")
    actions = session.execute(
        select(col(AuditEvent.action)).where(col(AuditEvent.entity_id) == made.id)
    ).scalars()
    assert sorted(actions) == ["create", "update", "update"]


def test_failed_update_changes_nothing(session: Session, actor: Actor, boy: ChildInput) -> None:
    made = create_child(session, actor=actor, data=boy, today=TODAY)
    before = _counts(session)
    with pytest.raises(ValidationError):
        update_child(
            session,
            actor=actor,
            child_id=made.id,
            data=replace(boy, grade=20, sen_categories=()),
            today=TODAY,
        )
    assert get_child(session, actor=actor, child_id=made.id) == made
    assert _counts(session) == before


def test_move_to_another_family(
    session: Session, room: Room, actor: Actor, boy: ChildInput
) -> None:
    made = create_child(session, actor=actor, data=boy, today=TODAY)
    other = Family(room_id=room.id, display_name="Ahmetov")
    session.add(other)
    session.flush()
    moved = update_child(
        session, actor=actor, child_id=made.id, data=replace(boy, family_id=other.id), today=TODAY
    )
    assert moved.family_id == other.id


def test_archive_child(session: Session, actor: Actor, boy: ChildInput) -> None:
    made = create_child(session, actor=actor, data=boy, today=TODAY)
    archived = archive_child(session, actor=actor, child_id=made.id)
    assert archived.archived_at is not None
    assert archive_child(session, actor=actor, child_id=made.id).archived_at == archived.archived_at


def test_unknown_child(session: Session, actor: Actor) -> None:
    with pytest.raises(NotFoundError, match="This child was not found"):
        get_child(session, actor=actor, child_id=uuid.uuid4())


def test_nothing_half_saved_after_rollback(
    session: Session, family: Family, actor: Actor, boy: ChildInput
) -> None:
    session.commit()
    before = _counts(session)
    with pytest.raises(ValidationError):
        create_child(session, actor=actor, data=replace(boy, grade=99), today=TODAY)
    session.rollback()
    assert _counts(session) == before
