"""The restricted key in the key file: sealed only to the slots given it, pending for the
others, brought into old key files, and a damaged box told apart from a wrong secret."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from caseroom.db.crypto import (
    TEST_KDF,
    KeyFileDamagedError,
    SlotKind,
    WrongPassphraseError,
    add_slot,
    change_secret,
    create_key_file,
    key_file_path,
    read_key_file,
)
from caseroom.db.keyboxes import restricted_id
from caseroom.db.restricted_keys import Access, account_access, grant, unlock_restricted

PASSPHRASE = "Алматы таулары 1854"
SPECIALIST, ASSISTANT = ("dana", "Дана-құпия-1"), ("asel", "Әсел-құпия-2")


@pytest.fixture
def keys_file(tmp_path: Path) -> tuple[Path, bytes]:
    """A key file (no database needed) with the passphrase, and its master key."""
    db = tmp_path / "room.sqlite3"
    return db, create_key_file(db, PASSPHRASE, kdf=TEST_KDF)


def _account(db: Path, master: bytes, who: tuple[str, str], **options: object) -> None:
    add_slot(db, master, kind=SlotKind.ACCOUNT, name=who[0], secret=who[1], kdf=TEST_KDF, **options)  # type: ignore[arg-type]


def test_a_new_key_file_seals_a_second_key_to_the_passphrase_only(
    keys_file: tuple[Path, bytes],
) -> None:
    db, master = keys_file
    opened = unlock_restricted(db, PASSPHRASE)
    assert opened.master_key == master
    assert opened.restricted_key is not None and opened.restricted_key != master
    assert len(opened.restricted_key) == 32
    keys = read_key_file(key_file_path(db))
    assert keys.restricted_id == restricted_id(opened.restricted_key)
    raw = key_file_path(db).read_bytes()
    assert opened.restricted_key.hex().encode() not in raw
    assert base64.b64encode(opened.restricted_key) not in raw


def test_an_account_without_the_key_opens_the_file_but_not_the_second_key(
    keys_file: tuple[Path, bytes],
) -> None:
    db, master = keys_file
    restricted = unlock_restricted(db, PASSPHRASE).restricted_key
    _account(db, master, ASSISTANT)
    _account(db, master, SPECIALIST, pending=True)
    assistant = unlock_restricted(
        db, ASSISTANT[1], kind=SlotKind.ACCOUNT, name="asel", may_read=False
    )
    assert assistant.master_key == master and assistant.restricted_key is None
    assert assistant.access == Access.NONE
    waiting = unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana")
    assert waiting.restricted_key is None and waiting.access == Access.PENDING
    assert account_access(db, "dana") == Access.PENDING

    assert restricted is not None
    grant(db, master, restricted, "Dana")
    confirmed = unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana")
    assert confirmed.restricted_key == restricted and confirmed.access == Access.HELD
    assert account_access(db, "dana") == Access.HELD
    assert account_access(db, "asel") == Access.NONE


def test_changing_a_password_keeps_the_second_key(keys_file: tuple[Path, bytes]) -> None:
    db, master = keys_file
    restricted = unlock_restricted(db, PASSPHRASE).restricted_key
    _account(db, master, SPECIALIST, restricted_key=restricted)
    change_secret(
        db, old_secret=SPECIALIST[1], new_secret="Жаңа-құпия-3", kind=SlotKind.ACCOUNT, name="dana"
    )
    opened = unlock_restricted(db, "Жаңа-құпия-3", kind=SlotKind.ACCOUNT, name="dana")
    assert opened.restricted_key == restricted
    with pytest.raises(WrongPassphraseError):
        unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana")


def test_a_foreign_restricted_key_is_refused(keys_file: tuple[Path, bytes]) -> None:
    db, master = keys_file
    _account(db, master, SPECIALIST, pending=True)
    with pytest.raises(KeyFileDamagedError):
        grant(db, master, bytes(32), "dana")
    assert account_access(db, "dana") == Access.PENDING


def _flip(db: Path, field: str, name: str) -> None:
    path = key_file_path(db)
    data = json.loads(path.read_text(encoding="utf-8"))
    slot = next(item for item in data["slots"] if item["name"] == name)
    blob = bytearray(base64.b64decode(slot[field]))
    blob[-5] ^= 0x01
    slot[field] = base64.b64encode(bytes(blob)).decode()
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("field", ["box", "private"])
def test_a_bit_flipped_box_is_damage_not_a_wrong_password(
    keys_file: tuple[Path, bytes], field: str
) -> None:
    db, master = keys_file
    restricted = unlock_restricted(db, PASSPHRASE).restricted_key
    _account(db, master, SPECIALIST, restricted_key=restricted)
    _flip(db, field, "dana")
    with pytest.raises(KeyFileDamagedError, match="damaged"):
        unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana")
    with pytest.raises(WrongPassphraseError):
        unlock_restricted(db, "not her password", kind=SlotKind.ACCOUNT, name="dana")
    assert unlock_restricted(db, PASSPHRASE).restricted_key == restricted


def _as_version_1(db: Path) -> None:
    """Strip the key file to what caseroom wrote before the restricted key existed."""
    path = key_file_path(db)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 1
    data.pop("restricted_id", None)
    for slot in data["slots"]:
        for name in ("public", "private", "box", "pending"):
            slot.pop(name, None)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_an_old_key_file_gets_the_key_from_the_first_holder_who_signs_in(
    keys_file: tuple[Path, bytes],
) -> None:
    db, master = keys_file
    _account(db, master, SPECIALIST)
    _account(db, master, ASSISTANT)
    _as_version_1(db)
    assert read_key_file(key_file_path(db)).restricted_id == ""

    assistant = unlock_restricted(
        db, ASSISTANT[1], kind=SlotKind.ACCOUNT, name="asel", may_read=False
    )
    assert assistant.restricted_key is None
    assert read_key_file(key_file_path(db)).restricted_id == ""  # she cannot make it

    dana = unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana")
    assert dana.restricted_key is not None and dana.access == Access.HELD
    keys = read_key_file(key_file_path(db))
    assert keys.version == 2 and keys.restricted_id == restricted_id(dana.restricted_key)
    # the old passphrase slot had no key pair to seal to: it gets one at its next use,
    # and the key at the next sign-in of someone who holds it
    assert unlock_restricted(db, PASSPHRASE).restricted_key is None
    unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana")
    assert unlock_restricted(db, PASSPHRASE).restricted_key == dana.restricted_key


def test_an_old_key_file_opened_with_the_passphrase_gets_the_key(
    keys_file: tuple[Path, bytes],
) -> None:
    db, master = keys_file
    _account(db, master, SPECIALIST)
    _as_version_1(db)
    opened = unlock_restricted(db, PASSPHRASE)
    assert opened.restricted_key is not None
    # an old specialist slot that signs in after that waits for confirmation
    dana = unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana")
    assert dana.restricted_key is None and dana.access == Access.PENDING
    grant(db, master, opened.restricted_key, "dana")
    assert (
        unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana").restricted_key
        == opened.restricted_key
    )


def test_a_slot_made_since_cannot_make_the_key_of_an_old_file(
    keys_file: tuple[Path, bytes],
) -> None:
    db, master = keys_file
    _as_version_1(db)
    _account(db, master, SPECIALIST, pending=True)  # an administrator added her since
    opened = unlock_restricted(db, SPECIALIST[1], kind=SlotKind.ACCOUNT, name="dana")
    assert opened.restricted_key is None and opened.access == Access.PENDING
    assert read_key_file(key_file_path(db)).restricted_id == ""


def test_an_old_slot_must_sign_in_once_before_it_can_be_given_the_key(
    keys_file: tuple[Path, bytes],
) -> None:
    db, master = keys_file
    _account(db, master, SPECIALIST)
    _as_version_1(db)
    restricted = unlock_restricted(db, PASSPHRASE).restricted_key
    assert restricted is not None
    with pytest.raises(Exception, match="signed in"):
        grant(db, master, restricted, "dana")
