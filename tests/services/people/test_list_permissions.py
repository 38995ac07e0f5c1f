"""The children and families lists name people: an administrator without identified
access is refused them, counts too (a count for a typed name would tell whether that
child or family is known)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session

from caseroom.db.models import Caregiver, Child, Staff
from caseroom.errors import PermissionDeniedError
from caseroom.services.common import Actor
from caseroom.services.people.child_list import ChildFilters, count_children, list_children
from caseroom.services.people.family_list import count_families, list_families
from caseroom.services.permissions import IDENTIFIED_ACCESS

Call = Callable[[Session, Actor, str], Any]

CALLS: dict[str, Call] = {
    "list_children": lambda s, a, text: list_children(
        s, actor=a, filters=ChildFilters(text=text or None)
    ),
    "count_children": lambda s, a, text: count_children(
        s, actor=a, filters=ChildFilters(text=text or None)
    ),
    "list_families": lambda s, a, text: list_families(s, actor=a, text=text or None),
    "count_families": lambda s, a, text: count_families(s, actor=a, text=text or None),
}


@pytest.mark.parametrize("text", ["", "a name"])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_administrator_without_identified_access_is_refused(
    session: Session, staff: Staff, child: Child, caregiver: Caregiver, name: str, text: str
) -> None:
    admin = Actor(staff.id, "administrator")
    typed = child.last_name if text else ""
    with pytest.raises(PermissionDeniedError) as raised:
        CALLS[name](session, admin, typed)
    assert "records" in str(raised.value)


def _refusal(session: Session, admin: Actor, name: str, typed: str) -> str:
    with pytest.raises(PermissionDeniedError) as raised:
        CALLS[name](session, admin, typed)
    return str(raised.value)


def test_a_refused_name_search_tells_nothing(session: Session, staff: Staff, child: Child) -> None:
    admin = Actor(staff.id, "administrator")
    for name in ("count_children", "count_families"):
        answers = {_refusal(session, admin, name, typed) for typed in (child.case_number, "Zz")}
        assert len(answers) == 1


@pytest.mark.parametrize("role", ["administrator+identified", "assistant", "psychologist"])
def test_roles_that_see_records_get_the_lists(
    session: Session, staff: Staff, child: Child, caregiver: Caregiver, role: str
) -> None:
    if role == "administrator+identified":
        actor = Actor(staff.id, "administrator", frozenset(IDENTIFIED_ACCESS))
    else:
        actor = Actor(staff.id, role)
    assert [row.id for row in list_children(session, actor=actor, filters=ChildFilters())] == [
        child.id
    ]
    assert count_children(session, actor=actor, filters=ChildFilters(text=child.case_number)) == 1
    assert len(list_families(session, actor=actor)) == 1
    assert count_families(session, actor=actor) == 1
