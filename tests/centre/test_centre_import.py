"""Importing room bundles at the centre, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from centre_rooms import (
    PASSPHRASE,
    CentreUnderTest,
    RoomUnderTest,
    change_a_grade,
    copy_a_child,
    room_id,
)
from sqlalchemy import func, select

from caseroom.bundles.room_bundle import (
    BundleDamagedError,
    CentreKeyMismatchError,
    NotABundleError,
    read_envelope,
)
from caseroom.centre import schema
from caseroom.centre.conflicts import correct_record, open_conflicts, record_history
from caseroom.centre.database import connected
from caseroom.centre.imports import BundleOrderError, UnknownRoomError
from caseroom.centre.setup import add_room
from caseroom.errors import UserError

Linked = tuple[CentreUnderTest, list[RoomUnderTest]]


def _counts(centre: CentreUnderTest) -> dict[str, int]:
    tables = (
        schema.bundle_import,
        schema.child,
        schema.room_period,
        schema.child_history,
        schema.conflict,
        schema.room_period_history,
    )
    with connected(centre.engine) as connection:
        return {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in tables
        }


def test_a_bundle_is_imported_and_recorded(linked: Linked) -> None:
    centre, rooms = linked
    outcome = centre.import_(rooms[0].export())
    assert not outcome.already and outcome.added > 0
    counts = _counts(centre)
    assert counts["bundle_import"] == 1
    assert counts["centre_child"] == outcome.added
    assert counts["room_period"] == 1


def test_the_same_bundle_again_changes_nothing(linked: Linked) -> None:
    centre, rooms = linked
    data = rooms[0].export()
    centre.import_(data)
    before = _counts(centre)
    again = centre.import_(data)
    assert again.already
    assert _counts(centre) == before


@pytest.mark.parametrize("cut", [1, 64, 200])
def test_a_truncated_bundle_is_refused(linked: Linked, cut: int) -> None:
    centre, rooms = linked
    data = rooms[0].export()
    with pytest.raises(BundleDamagedError):
        centre.import_(data[:-cut])
    assert _counts(centre)["bundle_import"] == 0


@pytest.mark.parametrize("where", [0.1, 0.5, 0.99])
def test_a_tampered_bundle_is_refused_and_writes_nothing(linked: Linked, where: float) -> None:
    centre, rooms = linked
    data = bytearray(rooms[0].export())
    data[int(len(data) * where)] ^= 0xFF
    with pytest.raises(UserError):
        centre.import_(bytes(data))
    assert _counts(centre) == dict.fromkeys(_counts(centre), 0)


def test_a_foreign_file_is_not_a_bundle(linked: Linked) -> None:
    centre, _rooms = linked
    with pytest.raises(NotABundleError):
        centre.import_(b"PK\x03\x04 a zip file, not a bundle" * 10)


def test_a_bundle_from_an_unknown_room_is_refused(
    centre: CentreUnderTest, rooms: list[RoomUnderTest]
) -> None:
    rooms[0].trust(centre.public)  # trusted, but the centre never registered the room
    with pytest.raises(UnknownRoomError, match="add-room"):
        centre.import_(rooms[0].export())
    assert _counts(centre)["bundle_import"] == 0


def test_a_bundle_signed_by_another_key_is_refused(linked: Linked) -> None:
    centre, rooms = linked
    from caseroom.bundles.keys import new_signing_key
    from caseroom.bundles.room_bundle import write_bundle

    real = read_envelope(rooms[0].export())
    forged = write_bundle(
        real.manifest,
        {"children": []},
        centre_public=_centre_key(centre),
        room_private=new_signing_key()[0],
    )
    with pytest.raises(BundleDamagedError):
        centre.import_(forged)


def _centre_key(centre: CentreUnderTest) -> bytes:
    from caseroom.bundles.keys import CENTRE, read_public_key_file

    return read_public_key_file(centre.public, kind=CENTRE).key


def test_a_changed_centre_key_is_told_apart_from_damage(
    linked: Linked, centre_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    centre, rooms = linked
    if "://" in centre_url:
        other_url = request.getfixturevalue("postgres").new_database()
    else:
        other_url = str(tmp_path / "other-centre.sqlite3")
    other = CentreUnderTest(other_url)
    try:
        rooms[0].trust(other.public)  # the room now seals to another centre's key
        with pytest.raises(CentreKeyMismatchError, match="another centre key"):
            centre.import_(rooms[0].export())
    finally:
        other.engine.dispose()
    assert _counts(centre)["bundle_import"] == 0


def test_an_older_bundle_is_refused(linked: Linked) -> None:
    centre, rooms = linked
    first = rooms[0].export()
    second = rooms[0].export()
    centre.import_(first)
    centre.import_(second)
    before = _counts(centre)
    # The room's file was put back from a backup and made another bundle after `first`.
    with pytest.raises(BundleOrderError, match="older"):
        centre.import_(_sibling_of(rooms[0], first))
    assert _counts(centre) == before


def _sibling_of(room: RoomUnderTest, data: bytes) -> bytes:
    """Another bundle whose previous bundle is the same as `data`'s next one's."""
    from sqlmodel import Session, col, delete

    from caseroom.db.models_exchange import BundleMade

    manifest = read_envelope(data).manifest
    with Session(room.engine) as session:  # forget every bundle made after `data`
        session.exec(delete(BundleMade).where(col(BundleMade.id) != manifest.bundle_id))
        session.commit()
    return room.export()


def test_a_gap_in_the_chain_is_refused(linked: Linked) -> None:
    centre, rooms = linked
    centre.import_(rooms[0].export())
    rooms[0].export()  # made, never sent
    third = rooms[0].export()
    with pytest.raises(BundleOrderError, match="has not imported"):
        centre.import_(third)
    assert _counts(centre)["bundle_import"] == 1


def test_a_later_bundle_updates_the_rooms_records_and_keeps_history(linked: Linked) -> None:
    centre, rooms = linked
    centre.import_(rooms[0].export())
    record_id = change_a_grade(rooms[0])
    outcome = centre.import_(rooms[0].export())
    assert outcome.updated == 1 and outcome.conflicts == 0
    with connected(centre.engine) as connection:
        grade = connection.execute(
            select(schema.child.c.grade).where(schema.child.c.record_id == record_id)
        ).scalar_one()
        history = record_history(connection, period="2026-2027", record_id=record_id)
    assert grade == 11
    assert len(history) == 1 and history[0]["old_values"]["grade"] != 11
    assert _counts(centre)["room_period_history"] == 1


def test_two_rooms_disagreeing_about_a_record_leave_conflicts(linked: Linked) -> None:
    centre, rooms = linked
    centre.import_(rooms[0].export())
    record_id = copy_a_child(rooms[0], rooms[1])
    outcome = centre.import_(rooms[1].export())
    assert outcome.conflicts >= 1
    with connected(centre.engine) as connection:
        conflicts = open_conflicts(connection)
        room_of = connection.execute(
            select(schema.child.c.room_id).where(schema.child.c.record_id == record_id)
        ).scalar_one()
    fields = {c.field for c in conflicts if c.record_id == record_id}
    assert "grade" in fields
    grade = next(c for c in conflicts if c.field == "grade")
    assert grade.kept_value != grade.other_value  # both values kept, nothing overwritten
    assert room_of == room_id(rooms[0])  # the first room's values stay


def test_a_centre_correction_and_a_rooms_later_change_conflict(linked: Linked) -> None:
    centre, rooms = linked
    centre.import_(rooms[0].export())
    record_id = change_a_grade(rooms[0], grade=10)
    with connected(centre.engine) as connection:
        correct_record(connection, period="2026-2027", record_id=record_id, field="grade", value=3)
    outcome = centre.import_(rooms[0].export())
    assert outcome.conflicts == 1
    with connected(centre.engine) as connection:
        (conflict,) = open_conflicts(connection)
        grade = connection.execute(
            select(schema.child.c.grade).where(schema.child.c.record_id == record_id)
        ).scalar_one()
    assert (conflict.kept_value, conflict.other_value, conflict.kept_source) == (3, 10, "centre")
    assert grade == 3


def test_a_room_registered_again_with_another_key_is_refused(linked: Linked) -> None:
    centre, rooms = linked
    from caseroom.bundles.keys import ROOM, PublicKeyFile, new_signing_key, read_public_key_file

    real = read_public_key_file(rooms[0].public_key(), kind=ROOM)
    other = PublicKeyFile(ROOM, real.id, real.name, new_signing_key()[1], real.extra)
    with connected(centre.engine) as connection, pytest.raises(UserError, match="another key"):
        add_room(connection, other.to_bytes())


def test_the_private_key_needs_the_passphrase(centre: CentreUnderTest) -> None:
    from caseroom.bundles.keys import WrongPassphraseError
    from caseroom.centre.setup import centre_private_key

    with connected(centre.engine) as connection:
        assert centre_private_key(connection, PASSPHRASE) == centre.private
        with pytest.raises(WrongPassphraseError):
            centre_private_key(connection, PASSPHRASE + "x")
