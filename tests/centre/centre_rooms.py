"""Helpers of the centre's tests: a centre and demo rooms driven through the services."""

from __future__ import annotations

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
