"""Helpers of the centre's tests: a centre and demo rooms driven through the services."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.bundles.room_bundle import read_envelope
from caseroom.centre.database import centre_engine, connected
from caseroom.centre.imports import ImportOutcome, import_bundle
from caseroom.centre.setup import add_room, centre_private_key, centre_public_key, init_centre
from caseroom.db.engine import engine_for_path
from caseroom.services.common import SYSTEM
from caseroom.services.exchange.bundle_export import export_bundle
from caseroom.services.exchange.bundle_keys import room_public_key, trust_centre

PASSPHRASE = "a centre passphrase for tests"
PERIOD = "2026-2027"
TODAY = date(2026, 12, 1)


class CentreUnderTest:
    """A centre made for a test, with helpers to register rooms and import bundles."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = centre_engine(url)
        with connected(self.engine) as connection:
            init_centre(connection, name="Regional centre", passphrase=PASSPHRASE)
            self.public = centre_public_key(connection).to_bytes()
            self.private = centre_private_key(connection, PASSPHRASE)

    def add(self, room: RoomUnderTest) -> None:
        """Register `room`."""
        with connected(self.engine) as connection:
            add_room(connection, room.public_key())

    def import_(self, data: bytes) -> ImportOutcome:
        """Import one bundle (its own transaction)."""
        envelope = read_envelope(data)
        with connected(self.engine) as connection:
            return import_bundle(connection, envelope, centre_private=self.private)


class RoomUnderTest:
    """A demo room's database file, with helpers for its keys and bundles."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = engine_for_path(path)

    def trust(self, centre_public: bytes) -> None:
        """Trust a centre's public key file."""
        with Session(self.engine) as session:
            trust_centre(session, actor=SYSTEM, key_file=centre_public)
            session.commit()

    def public_key(self) -> bytes:
        """The room's public key file."""
        with Session(self.engine) as session:
            data = room_public_key(session, actor=SYSTEM).to_bytes()
            session.commit()
        return data

    def export(self, *, identified: bool = False) -> bytes:
        """A new bundle for the period."""
        with Session(self.engine) as session:
            made = export_bundle(
                session, actor=SYSTEM, period=PERIOD, identified=identified, today=TODAY
            )
            session.commit()
        return made.data


def room_id(room: RoomUnderTest) -> uuid.UUID:
    """The room's record id."""
    from sqlmodel import select

    from caseroom.db.models import Room

    with Session(room.engine) as session:
        return session.exec(select(Room)).one().id


def change_a_grade(
    room: RoomUnderTest, grade: int = 11, record_id: uuid.UUID | None = None
) -> uuid.UUID:
    """Put child `record_id` (else the room's first active child not in `grade`) in
    `grade`; the child's record id."""
    from sqlmodel import col, select

    from caseroom.db.models import Child

    with Session(room.engine) as session:
        query = select(Child).where(col(Child.status) == "active")
        if record_id is not None:
            query = query.where(col(Child.id) == record_id)
        else:
            query = query.where(col(Child.grade).is_(None) | (col(Child.grade) != grade))
        child = session.exec(query.order_by(col(Child.id))).first()
        assert child is not None and child.grade != grade
        child.grade = grade
        session.add(child)
        session.commit()
        return child.id


def copy_a_child(source: RoomUnderTest, target: RoomUnderTest) -> uuid.UUID:
    """Give `target` a child with the same record id as `source`'s first active child (as
    a transfer would) but in another grade; the record id."""
    from sqlmodel import col, select

    from caseroom.db.models import Child, Family, Room

    with Session(source.engine) as session:
        child = session.exec(
            select(Child).where(col(Child.status) == "active").order_by(col(Child.id))
        ).first()
        assert child is not None
        values = child.model_dump()
    with Session(target.engine) as session:
        room = session.exec(select(Room)).one()
        family = session.exec(select(Family)).first()
        assert family is not None
        values.update(
            room_id=room.id,
            family_id=family.id,
            case_number="MOVED-1",
            iin=None,
            grade=(values["grade"] or 1) % 11 + 1,
        )
        session.add(Child(**values))
        session.commit()
    return values["id"]
