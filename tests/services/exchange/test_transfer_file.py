"""The transfer file refuses a wrong passphrase, damage and bad values, and writes nothing."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session
from transfer_rooms import DEMO_TODAY, PASSPHRASE, RoomMaker, export_file, richest_child

from caseroom.bundles.transfer_format import (
    MAGIC,
    TEST_KDF,
    TransferDamagedError,
    TransferPassphraseError,
    open_sealed,
    passphrase_problem,
    seal,
)
from caseroom.db.models import AuditEvent, Child, Goal, SessionRecord
from caseroom.services.common import SYSTEM
from caseroom.services.exchange import transfer_rows
from caseroom.services.exchange.transfer_import import open_transfer
from caseroom.services.exchange.transfer_write import import_transfer

PAYLOAD = {"format": "caseroom-child-transfer", "version": 1, "child": {"a": "Әсел"}}


def _counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Child, Goal, SessionRecord, AuditEvent)
        )


def test_a_sealed_payload_opens_with_its_passphrase_only() -> None:
    data = seal(PAYLOAD, PASSPHRASE, kdf=TEST_KDF)
    assert data.startswith(MAGIC) and "Әсел".encode() not in data
    assert open_sealed(data, PASSPHRASE) == PAYLOAD
    with pytest.raises(TransferPassphraseError):
        open_sealed(data, PASSPHRASE + "!")


@pytest.mark.parametrize("damage", ["truncated", "flipped", "resealed", "foreign", "empty"])
def test_damage_is_told_apart_from_a_wrong_passphrase(damage: str) -> None:
    data = bytearray(seal(PAYLOAD, PASSPHRASE, kdf=TEST_KDF))
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "flipped":
        data[len(data) - 40] ^= 1
    elif damage == "resealed":  # a changed byte with the outer digest made anew
        data[len(data) - 40] ^= 1
        data[-32:] = hashlib.sha256(bytes(data[:-32])).digest()
    elif damage == "foreign":
        data = bytearray(b"PK\x03\x04" + bytes(data[4:]))
    else:
        data = bytearray()
    with pytest.raises(TransferDamagedError):
        open_sealed(bytes(data), PASSPHRASE)
    if damage != "resealed":  # the digest tells it without the passphrase
        with pytest.raises(TransferDamagedError):
            open_sealed(bytes(data), "some other passphrase")


def test_a_short_passphrase_is_refused_for_a_new_file() -> None:
    assert passphrase_problem("short") is not None
    assert passphrase_problem(PASSPHRASE) is None


def test_a_bad_value_in_the_file_refuses_it_whole(make_room: RoomMaker) -> None:
    sender = make_room("sender", 1)
    with Session(sender) as session:
        child_id = richest_child(session)
    made = export_file(sender, child_id)
    payload = open_sealed(made.data, PASSPHRASE)
    payload["plans"][0]["goals"][0]["domain"] = "astrology"
    with pytest.raises(TransferDamagedError, match="domain"):
        open_transfer(seal(payload, PASSPHRASE, kdf=TEST_KDF), PASSPHRASE)
    payload = open_sealed(made.data, PASSPHRASE)
    payload["child"]["last_name"] = "Name\x00"
    with pytest.raises(TransferDamagedError, match="last_name"):
        open_transfer(seal(payload, PASSPHRASE, kdf=TEST_KDF), PASSPHRASE)


def test_a_failure_half_way_leaves_the_room_as_it_was(
    make_room: RoomMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    sender, receiver = make_room("sender", 1), make_room("receiver", 2)
    with Session(sender) as session:
        child_id = richest_child(session)
    made = export_file(sender, child_id)
    before = _counts(receiver)
    opened = open_transfer(made.data, PASSPHRASE)

    def fail(*args: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(transfer_rows.RowWriter, "held_session", fail)
    with Session(receiver) as session, pytest.raises(OSError):
        try:
            import_transfer(session, actor=SYSTEM, opened=opened, today=DEMO_TODAY)
        finally:
            session.rollback()
    assert _counts(receiver) == before
