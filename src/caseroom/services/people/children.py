"""Children supported by the room: their record, SEN categories and specialists."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlmodel import Session, col

from caseroom.db.models import Child, ChildSenCategory, ChildSpecialist, Family, SenCategory
from caseroom.i18n import _
from caseroom.names import search_key, sort_key
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import (
    NOTE_MAX,
    Actor,
    Problems,
    checked_text,
    clean_text,
    load,
    touch,
)
from caseroom.services.people.families import require_active_family
from caseroom.services.people.iin import clean_iin, iin_sex, validate_iin
from caseroom.services.people.staff import (
    PersonNames,
    active_staff_ids,
    clean_person_names,
    full_name,
)
from caseroom.services.permissions import Permission, require, working_note
from caseroom.vocab import ChildStatus, HomeLanguage, Sex

MAX_AGE = 21
"""The oldest a child may be on enrolment (in whole years)."""
MAX_GRADE = 12
CASE_NUMBER_LIMIT = 40
SCHOOL_LIMIT = 200
_CLASS_LETTER = re.compile(r"[^\W\d_]{1,3}")


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


@dataclass(frozen=True, slots=True)
class ChildInput:
    """What a person fills in for a child. `case_number=None` means: make one (on create)
    or keep the current one (on update); `enrolled_on=None` means today."""

    family_id: uuid.UUID | None
    last_name: str
    first_name: str
    birth_date: date | None
    patronymic: str | None = None
    sex: str | None = None
    iin: str | None = None
    case_number: str | None = None
    school: str | None = None
    grade: int | None = None
    class_letter: str | None = None
    home_language: str | None = None
    enrolled_on: date | None = None
    left_on: date | None = None
    status: str = ChildStatus.ACTIVE
    notes: str | None = None
    sen_categories: tuple[str, ...] = ()
    specialist_ids: tuple[uuid.UUID, ...] = ()
    lead_specialist_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ChildRead:
    """A child as screens see it, with SEN category codes and specialist ids."""

    id: uuid.UUID
    room_id: uuid.UUID
    family_id: uuid.UUID
    case_number: str
    last_name: str
    first_name: str
    patronymic: str | None
    birth_date: date
    sex: str | None
    iin: str | None
    school: str | None
    grade: int | None
    class_letter: str | None
    home_language: str | None
    enrolled_on: date
    left_on: date | None
    status: str
    notes: str | None
    last_session_on: date | None
    archived_at: datetime | None
    sen_categories: tuple[str, ...] = ()
    specialist_ids: tuple[uuid.UUID, ...] = ()
    lead_specialist_id: uuid.UUID | None = None

    @property
    def full_name(self) -> str:
        """Last, first and patronymic."""
        return full_name(self.last_name, self.first_name, self.patronymic)


@dataclass(frozen=True, slots=True)
class _Clean:
    family_id: uuid.UUID
    names: PersonNames
    birth_date: date
    enrolled_on: date
    sex: str | None
    iin: str | None
    case_number: str | None
    class_letter: str | None
    sen: tuple[str, ...]
    specialists: tuple[uuid.UUID, ...]
    lead: uuid.UUID | None
    school: str | None
    notes: str | None


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def _check_dates(problems: Problems, data: ChildInput, today: date) -> tuple[date, date]:
    birth = data.birth_date
    enrolled = data.enrolled_on or today
    if birth is None:
        problems.add("birth_date", _("Enter the birth date"))
        return today, enrolled
    if birth > today:
        problems.add(
            "birth_date", _("The birth date {date} is in the future").format(date=_day(birth))
        )
    if enrolled < birth:
        problems.add(
            "enrolled_on",
            _("The enrolment date {date} is before the birth date {birth}").format(
                date=_day(enrolled), birth=_day(birth)
            ),
        )
    elif age_on(birth, enrolled) > MAX_AGE:
        problems.add(
            "birth_date",
            _(
                "The child would be {age} years old on enrolment; the room supports children up "
                "to {most}"
            ).format(age=age_on(birth, enrolled), most=MAX_AGE),
        )
    if data.left_on is not None and data.left_on < enrolled:
        problems.add(
            "left_on",
            _("The date the child left, {date}, is before the enrolment date {enrolled}").format(
                date=_day(data.left_on), enrolled=_day(enrolled)
            ),
        )
    return birth, enrolled


def _check_identity(
    session: Session,
    problems: Problems,
    data: ChildInput,
    birth: date | None,
    own: uuid.UUID | None,
) -> tuple[str | None, str | None]:
    """The cleaned IIN and sex (taken from the IIN when not given)."""
    sex = data.sex
    if sex is not None and sex not in set(Sex):
        problems.add("sex", _("Choose the child's sex"))
        sex = None
    iin = clean_iin(data.iin) if data.iin and data.iin.strip() else None
    if iin is None:
        return None, sex
    found = validate_iin(iin, birth_date=birth, sex=sex)
    if found:
        problems.add("iin", found[0])
        return iin, sex
    query = select(col(Child.case_number)).where(col(Child.iin) == iin)
    if own is not None:
        query = query.where(col(Child.id) != own)
    other = session.execute(query).scalar()
    if other is not None:
        problems.add(
            "iin",
            _("The IIN {iin} already belongs to the child with case number {case}").format(
                iin=iin, case=other
            ),
        )
    return iin, sex or iin_sex(iin)


def _check_case_number(
    session: Session, problems: Problems, given: str | None, own: uuid.UUID | None
) -> str | None:
    case = checked_text(
        problems,
        "case_number",
        given,
        limit=CASE_NUMBER_LIMIT,
        too_long=_("A case number is at most {limit} characters long"),
    )
    if case is None:
        return clean_text(given)
    case = case.upper()
    query = select(col(Child.id)).where(col(Child.case_number) == case)
    if own is not None:
        query = query.where(col(Child.id) != own)
    if session.execute(query).first() is not None:
        problems.add("case_number", _("The case number {case} is already in use").format(case=case))
    return case


def _check_links(
    session: Session, problems: Problems, data: ChildInput, kept: ChildRead | None
) -> tuple[tuple[str, ...], tuple[uuid.UUID, ...], uuid.UUID | None]:
    """SEN codes and specialists; ones the child already has may stay even if archived."""
    codes = tuple(dict.fromkeys(data.sen_categories))
    allowed = set(kept.sen_categories) if kept else set()
    if codes:
        allowed |= set(
            session.execute(
                select(col(SenCategory.code)).where(
                    col(SenCategory.code).in_(codes), col(SenCategory.archived_at).is_(None)
                )
            )
            .scalars()
            .all()
        )
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        problems.add(
            "sen_categories",
            _("Unknown SEN category: {codes}").format(codes=", ".join(unknown)),
        )
    specialists = list(dict.fromkeys(data.specialist_ids))
    lead = data.lead_specialist_id
    if lead is not None and lead not in specialists:
        specialists.insert(0, lead)
    known = set(kept.specialist_ids) if kept else set()
    known |= active_staff_ids(session, set(specialists) - known)
    if any(staff_id not in known for staff_id in specialists):
        problems.add("specialist_ids", _("A chosen specialist is not a current member of staff"))
    return codes, tuple(specialists), lead


def _validate(
    session: Session,
    data: ChildInput,
    today: date,
    existing: ChildRead | None,
) -> _Clean:
    problems = Problems()
    own = existing.id if existing else None
    names = clean_person_names(problems, data.last_name, data.first_name, data.patronymic)
    birth, enrolled = _check_dates(problems, data, today)
    iin, sex = _check_identity(session, problems, data, data.birth_date, own)
    case = _check_case_number(session, problems, data.case_number, own)
    if existing is None or data.family_id != existing.family_id:
        problem = require_active_family(session, data.family_id)
        if problem is not None:
            problems.add("family_id", problem)
    school = checked_text(
        problems,
        "school",
        data.school,
        limit=SCHOOL_LIMIT,
        too_long=_("The school name is at most {limit} characters long"),
    )
    if data.grade is not None and not 0 <= data.grade <= MAX_GRADE:
        problems.add(
            "grade",
            _("The grade must be 0 to {most} (0 = pre-school class)").format(most=MAX_GRADE),
        )
    letter = checked_text(problems, "class_letter", data.class_letter)
    if letter is not None and not _CLASS_LETTER.fullmatch(letter):
        problems.add("class_letter", _("The class letter is one to three letters, such as А"))
    if data.home_language is not None and data.home_language not in set(HomeLanguage):
        problems.add("home_language", _("Choose the language spoken at home"))
    if data.status not in set(ChildStatus):
        problems.add("status", _("Choose the child's status"))
    sen, specialists, lead = _check_links(session, problems, data, existing)
    notes = checked_text(problems, "notes", data.notes, limit=NOTE_MAX, multiline=True)
    problems.raise_if_any()
    return _Clean(
        family_id=data.family_id or uuid.UUID(int=0),  # None was refused above
        names=names,
        birth_date=birth,
        enrolled_on=enrolled,
        sex=sex,
        iin=iin,
        case_number=case,
        class_letter=letter.upper() if letter else None,
        sen=sen,
        specialists=specialists,
        lead=lead,
        school=school,
        notes=notes,
    )


def next_case_number(session: Session, year: int) -> str:
    """The next free case number `SR-<year>-<NNNN>` for `year`."""
    prefix = f"SR-{year}-"
    taken = session.execute(
        select(col(Child.case_number)).where(col(Child.case_number).startswith(prefix))
    ).scalars()
    numbers = [int(case[len(prefix) :]) for case in taken if case[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _apply(record: Child, data: ChildInput, clean: _Clean) -> None:
    record.last_name = clean.names.last_name
    record.first_name = clean.names.first_name
    record.patronymic = clean.names.patronymic
    record.birth_date = clean.birth_date
    record.sex = clean.sex
    record.iin = clean.iin
    record.school = clean.school
    record.grade = data.grade
    record.class_letter = clean.class_letter
    record.home_language = data.home_language
    record.enrolled_on = clean.enrolled_on
    record.left_on = data.left_on
    record.status = data.status
    record.notes = clean.notes
    record.search_key = search_key(
        record.last_name, record.first_name, record.patronymic, record.case_number, record.iin
    )
    record.sort_name = sort_key(record.last_name, record.first_name, record.patronymic)


def _store_links(session: Session, child_id: uuid.UUID, clean: _Clean) -> None:
    session.execute(delete(ChildSenCategory).where(col(ChildSenCategory.child_id) == child_id))
    session.execute(delete(ChildSpecialist).where(col(ChildSpecialist.child_id) == child_id))
    session.add_all(ChildSenCategory(child_id=child_id, category_code=code) for code in clean.sen)
    session.add_all(
        ChildSpecialist(child_id=child_id, staff_id=staff_id, is_lead=staff_id == clean.lead)
        for staff_id in clean.specialists
    )


def _details(record: Child, clean: _Clean) -> dict[str, object]:
    return {
        "family_id": str(record.family_id),
        "status": record.status,
        "grade": record.grade,
        "sen_categories": list(clean.sen),
        "specialist_ids": [str(staff_id) for staff_id in clean.specialists],
    }


def create_child(
    session: Session, *, actor: Actor, data: ChildInput, today: date | None = None
) -> ChildRead:
    """Enrol a child of a family in the room (nothing is written if any rule fails)."""
    require(actor, Permission.EDIT_RECORDS)
    clean = _validate(session, data, today or date.today(), None)
    family = load(session, Family, clean.family_id, _("This family was not found"))
    record = Child(
        room_id=family.room_id,
        family_id=family.id,
        case_number=clean.case_number or next_case_number(session, clean.enrolled_on.year),
        last_name="",
        first_name="",
        birth_date=clean.birth_date,
        enrolled_on=clean.enrolled_on,
    )
    _apply(record, data, clean)
    session.add(record)
    session.flush()
    _store_links(session, record.id, clean)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="child",
        details=_details(record, clean),
    )
    return get_child(session, actor=actor, child_id=record.id)


def update_child(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    data: ChildInput,
    today: date | None = None,
) -> ChildRead:
    """Change a child's record, SEN categories and specialists (the whole form at once)."""
    require(actor, Permission.EDIT_RECORDS)
    existing = get_child(session, actor=actor, child_id=child_id)
    clean = _validate(session, data, today or date.today(), existing)
    record = load(session, Child, child_id, _("This child was not found"))
    if data.family_id is not None and data.family_id != record.family_id:
        family = load(session, Family, data.family_id, _("This family was not found"))
        record.family_id = family.id
        record.room_id = family.room_id
    if clean.case_number is not None:
        record.case_number = clean.case_number
    _apply(record, data, clean)
    touch(record)
    session.add(record)
    _store_links(session, record.id, clean)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="child",
        details=_details(record, clean),
    )
    return get_child(session, actor=actor, child_id=record.id)


def archive_child(
    session: Session, *, actor: Actor, child_id: uuid.UUID, reason: str | None = None
) -> ChildRead:
    """Archive a child's record (it leaves the lists but stays for reports and audit)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Child, child_id, _("This child was not found"))
    archive_and_audit(session, actor, record, "child", reason=reason)
    return get_child(session, actor=actor, child_id=child_id)


def get_child(session: Session, *, actor: Actor, child_id: uuid.UUID) -> ChildRead:
    """A child with SEN category codes (sorted) and specialist ids (lead first)."""
    require(actor, Permission.VIEW_RECORDS)
    record = load(session, Child, child_id, _("This child was not found"))
    codes = session.execute(
        select(col(ChildSenCategory.category_code))
        .where(col(ChildSenCategory.child_id) == child_id)
        .order_by(col(ChildSenCategory.category_code))
    ).scalars()
    specialists = session.execute(
        select(col(ChildSpecialist.staff_id), col(ChildSpecialist.is_lead))
        .where(col(ChildSpecialist.child_id) == child_id)
        .order_by(col(ChildSpecialist.is_lead).desc(), col(ChildSpecialist.staff_id))
    ).all()
    return ChildRead(
        id=record.id,
        room_id=record.room_id,
        family_id=record.family_id,
        case_number=record.case_number,
        last_name=record.last_name,
        first_name=record.first_name,
        patronymic=record.patronymic,
        birth_date=record.birth_date,
        sex=record.sex,
        iin=record.iin,
        school=record.school,
        grade=record.grade,
        class_letter=record.class_letter,
        home_language=record.home_language,
        enrolled_on=record.enrolled_on,
        left_on=record.left_on,
        status=record.status,
        notes=working_note(actor, record.notes),
        last_session_on=record.last_session_on,
        archived_at=record.archived_at,
        sen_categories=tuple(codes),
        specialist_ids=tuple(row[0] for row in specialists),
        lead_specialist_id=next((row[0] for row in specialists if row[1]), None),
    )
