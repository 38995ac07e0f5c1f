"""A person decides a conflict at the centre, on SQLite and on PostgreSQL: the decision is
recorded (who, when, how), the value it replaces goes to history, it is audited, and later
bundles neither undo it silently nor raise the same conflict again."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from centre_rooms import CentreUnderTest, RoomUnderTest, change_a_grade, copy_a_child
from sqlalchemy import select

from caseroom.centre import schema
from caseroom.centre.conflicts import Conflict, correct_record, open_conflicts, record_history
from caseroom.centre.database import connected
from caseroom.centre.decisions import (
    CENTRE_DECISION,
    Keep,
    checked_value,
    decided_conflicts,
    resolve_conflict,
)
from caseroom.cli import main
from caseroom.errors import UserError

Linked = tuple[CentreUnderTest, list[RoomUnderTest]]
PERIOD = "2026-2027"


def _grade(centre: CentreUnderTest, record_id: uuid.UUID) -> Any:
    with connected(centre.engine) as connection:
        return connection.execute(
            select(schema.child.c.grade).where(schema.child.c.record_id == record_id)
        ).scalar_one()


def _open_grade(centre: CentreUnderTest, record_id: uuid.UUID) -> list[Conflict]:
    with connected(centre.engine) as connection:
        return [
            c for c in open_conflicts(connection) if c.record_id == record_id and c.field == "grade"
        ]


def _transfer_conflict(linked: Linked) -> tuple[CentreUnderTest, list[RoomUnderTest], Conflict]:
    """Room 1 holds a child; room 2 sends the same record in another grade."""
    centre, rooms = linked
    centre.import_(rooms[0].export())
    record_id = copy_a_child(rooms[0], rooms[1])
    centre.import_(rooms[1].export())
    (grade,) = _open_grade(centre, record_id)
    return centre, rooms, grade


def _audit(centre: CentreUnderTest) -> list[dict[str, Any]]:
    with connected(centre.engine) as connection:
        return [dict(row) for row in connection.execute(select(schema.audit)).mappings()]


def test_keeping_the_kept_value_records_the_decision(linked: Linked) -> None:
    centre, rooms, conflict = _transfer_conflict(linked)
    with connected(centre.engine) as connection:
        decision = resolve_conflict(connection, conflict.id, keep=Keep.KEPT, by="A. Seitkali")
    assert not decision.changed and decision.value == conflict.kept_value
    assert _grade(centre, conflict.record_id) == conflict.kept_value
    assert _open_grade(centre, conflict.record_id) == []
    with connected(centre.engine) as connection:
        (decided,) = decided_conflicts(connection, record_id=conflict.record_id)
    assert decided["resolved_by"] == "A. Seitkali" and decided["resolved_at"] is not None
    assert decided["resolution"] == "kept"
    assert decided["other_value"] == conflict.other_value  # the losing value stays
    (event,) = _audit(centre)
    assert (event["actor"], event["action"], event["entity_id"]) == (
        "A. Seitkali",
        "resolve",
        str(conflict.id),
    )
    assert event["details"]["keep"] == "kept" and "other_value" not in event["details"]
    # The second room sends the same grade again: the decision stands, no new conflict.
    outcome = centre.import_(rooms[1].export())
    assert outcome.conflicts == 0
    assert _open_grade(centre, conflict.record_id) == []


def test_taking_the_other_value_keeps_the_old_in_history(linked: Linked) -> None:
    centre, rooms, conflict = _transfer_conflict(linked)
    with connected(centre.engine) as connection:
        decision = resolve_conflict(connection, conflict.id, keep=Keep.OTHER, by="B. Nurova")
        history = record_history(connection, period=PERIOD, record_id=conflict.record_id)
    assert decision.changed
    assert _grade(centre, conflict.record_id) == conflict.other_value
    assert history[-1]["old_values"] == {"grade": conflict.kept_value}
    assert history[-1]["replaced_by"] == conflict_bundle(centre, conflict.id)
    # The room holding the record sends its old grade again: the decision is not undone.
    centre.import_(rooms[0].export())
    assert _grade(centre, conflict.record_id) == conflict.other_value
    assert _open_grade(centre, conflict.record_id) == []


def conflict_bundle(centre: CentreUnderTest, conflict_id: int) -> uuid.UUID:
    """The bundle that brought conflict `conflict_id`'s other value."""
    with connected(centre.engine) as connection:
        return connection.execute(
            select(schema.conflict.c.bundle_id).where(schema.conflict.c.id == conflict_id)
        ).scalar_one()


def _correction_conflict(linked: Linked) -> tuple[CentreUnderTest, RoomUnderTest, Conflict]:
    """The centre corrected a grade to 3, then the room changed it to 10."""
    centre, rooms = linked
    centre.import_(rooms[0].export())
    record_id = change_a_grade(rooms[0], grade=10)
    with connected(centre.engine) as connection:
        correct_record(connection, period=PERIOD, record_id=record_id, field="grade", value=3)
    centre.import_(rooms[0].export())
    (conflict,) = _open_grade(centre, record_id)
    return centre, rooms[0], conflict


def test_the_rooms_value_over_a_correction_withdraws_it(linked: Linked) -> None:
    centre, room, conflict = _correction_conflict(linked)
    with connected(centre.engine) as connection:
        resolve_conflict(connection, conflict.id, keep=Keep.OTHER, by="C")
    assert _grade(centre, conflict.record_id) == 10
    change_a_grade(room, grade=9, record_id=conflict.record_id)
    outcome = centre.import_(room.export())
    assert outcome.conflicts == 0 and outcome.updated == 1  # the room's values flow again
    assert _grade(centre, conflict.record_id) == 9


def test_keeping_the_correction_keeps_it_binding(linked: Linked) -> None:
    centre, room, conflict = _correction_conflict(linked)
    with connected(centre.engine) as connection:
        resolve_conflict(connection, conflict.id, keep=Keep.KEPT, by="C")
    assert _grade(centre, conflict.record_id) == 3
    centre.import_(room.export())  # the same 10 again: decided already
    assert _open_grade(centre, conflict.record_id) == []
    change_a_grade(room, grade=8, record_id=conflict.record_id)
    centre.import_(room.export())  # a new value: a new conflict, the correction stays
    (again,) = _open_grade(centre, conflict.record_id)
    assert (again.kept_value, again.other_value) == (3, 8)
    assert _grade(centre, conflict.record_id) == 3


def test_a_value_of_ones_own_becomes_a_correction(linked: Linked) -> None:
    centre, rooms, conflict = _transfer_conflict(linked)
    with connected(centre.engine) as connection:
        decision = resolve_conflict(connection, conflict.id, keep=Keep.VALUE, by="D", value=5)
        history = record_history(connection, period=PERIOD, record_id=conflict.record_id)
        (decided,) = decided_conflicts(connection)
    assert decision.changed and _grade(centre, conflict.record_id) == 5
    assert history[-1]["replaced_by"] == CENTRE_DECISION
    assert (decided["resolution"], decided["resolved_value"]) == ("value", 5)
    centre.import_(rooms[0].export())  # neither room's grade undoes it
    centre.import_(rooms[1].export())
    assert _grade(centre, conflict.record_id) == 5


def test_a_value_that_does_not_fit_is_refused_and_changes_nothing(linked: Linked) -> None:
    centre, _rooms, conflict = _transfer_conflict(linked)
    with connected(centre.engine) as connection, pytest.raises(UserError, match="can hold"):
        resolve_conflict(connection, conflict.id, keep=Keep.VALUE, by="D", value="eleven")
    assert _open_grade(centre, conflict.record_id) != []
    assert _audit(centre) == []


def test_deciding_twice_or_an_unknown_number_is_refused(linked: Linked) -> None:
    centre, _rooms, conflict = _transfer_conflict(linked)
    with connected(centre.engine) as connection:
        resolve_conflict(connection, conflict.id, keep=Keep.KEPT, by="E")
    with connected(centre.engine) as connection, pytest.raises(UserError, match="already"):
        resolve_conflict(connection, conflict.id, keep=Keep.OTHER, by="F")
    with connected(centre.engine) as connection, pytest.raises(UserError, match="no conflict"):
        resolve_conflict(connection, 999_999, keep=Keep.KEPT, by="F")
    with connected(centre.engine) as connection, pytest.raises(UserError, match="who"):
        resolve_conflict(connection, conflict.id, keep=Keep.KEPT, by="  ")
    assert len(_audit(centre)) == 1


@pytest.mark.parametrize(
    ("field", "value", "fits"),
    [
        ("grade", 4, True),
        ("grade", None, True),
        ("grade", -1, False),
        ("grade", True, False),
        ("sessions_attended", None, False),
        ("sex", "f", True),
        ("sex", "fm", False),
        ("categories", ["b", "a"], True),
        ("categories", "a", False),
        ("sex", "\x1b", False),
        ("status", "active\x00", False),
        ("status", "left\u2028", False),
        ("categories", ["f70", "f7\x1b[31m"], False),
        ("plan_in_effect", 1, False),
        ("identity", {"last_name": "X"}, False),
        ("nonsense", 1, False),
    ],
)
def test_checked_value(field: str, value: Any, fits: bool) -> None:
    if fits:
        assert checked_value(field, value) == (sorted(value) if isinstance(value, list) else value)
    else:
        with pytest.raises(UserError):
            checked_value(field, value)


def test_a_correction_or_a_decider_with_a_control_character_is_refused(linked: Linked) -> None:
    centre, _room, conflict = _correction_conflict(linked)
    with connected(centre.engine) as connection:
        with pytest.raises(UserError):
            correct_record(
                connection,
                period=PERIOD,
                record_id=conflict.record_id,
                field="status",
                value="active\x1b[2J",
            )
        with pytest.raises(UserError, match="control character"):
            resolve_conflict(connection, conflict.id, keep=Keep.KEPT, by="C\x00")
        stored = connection.execute(
            select(schema.child.c.status).where(schema.child.c.record_id == conflict.record_id)
        ).scalar_one()
    assert "\x1b" not in (stored or "")
    assert _open_grade(centre, conflict.record_id) == [conflict]


def test_the_command_line_lists_numbers_and_decides(
    linked: Linked, capsys: pytest.CaptureFixture[str]
) -> None:
    centre, _rooms, conflict = _transfer_conflict(linked)
    url = centre.url
    capsys.readouterr()
    assert main(["centre", "conflicts", "--db", url, "--lang", "en"]) == 0
    listed = capsys.readouterr().out
    assert f"No. {conflict.id}: " in listed and "centre resolve" in listed
    number = str(conflict.id)
    assert main(["centre", "resolve", "--db", url, number, "--value", "7", "--by", "G"]) == 0
    assert "is now 7" in capsys.readouterr().out
    assert _grade(centre, conflict.record_id) == 7
    assert main(["centre", "resolve", "--db", url, number, "--keep", "kept"]) == 2
    assert "decided already, by G" in capsys.readouterr().err
    assert main(["centre", "resolve", "--db", url, "999999", "--keep", "other"]) == 2
    capsys.readouterr()
    both = ["centre", "resolve", "--db", url, number, "--keep", "kept", "--value", "1"]
    assert main(both) == 2
    assert "not allowed" in capsys.readouterr().err
    (event,) = _audit(centre)
    assert event["actor"] == "G"
