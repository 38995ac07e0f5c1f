"""The key file: slots wrapping the master key, wrong secrets, changes written atomically."""

from __future__ import annotations

import json
import os
import stat
import unicodedata
from pathlib import Path

import pytest

from caseroom.db.crypto import (
    DEFAULT_KDF,
    PASSPHRASE_SLOT,
    TEST_KDF,
    KeyFileDamagedError,
    KeyFileMissingError,
    SlotKind,
    WrongPassphraseError,
    add_slot,
    change_secret,
    create_key_file,
    is_encrypted,
    key_file_path,
    key_id,
    looks_encrypted,
    passphrase_problems,
    read_key_file,
    remove_slot,
    unlock,
)
from caseroom.errors import UserError

PASSPHRASE = "Көктем келді 2026"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database path whose key file holds one passphrase slot."""
    path = tmp_path / "room.sqlite3"
    create_key_file(path, PASSPHRASE, kdf=TEST_KDF)
    return path


def test_the_key_file_sits_beside_the_database(db: Path) -> None:
    assert key_file_path(db) == db.with_name("room.sqlite3.keys")
    assert is_encrypted(db)
    assert not is_encrypted(db.with_name("other.sqlite3"))


def test_unlock_returns_the_master_key_the_file_names(db: Path) -> None:
    master_key = unlock(db, PASSPHRASE)

    assert len(master_key) == 32
    assert read_key_file(key_file_path(db)).key_id == key_id(master_key)


def test_the_key_file_holds_no_key_and_no_passphrase(db: Path) -> None:
    master_key = unlock(db, PASSPHRASE)
    raw = key_file_path(db).read_bytes()

    assert master_key not in raw
    assert master_key.hex().encode() not in raw
    assert PASSPHRASE.encode() not in raw
    data = json.loads(raw)
    assert data["format"] == "caseroom-keys"
    assert data["version"] == 2
    assert data["slots"][0]["kdf"]["algorithm"] == "argon2id"


def test_a_wrong_passphrase_is_told_clearly(db: Path) -> None:
    with pytest.raises(WrongPassphraseError) as caught:
        unlock(db, "Көктем келді 2027")
    assert str(caught.value) == "The passphrase is wrong."


def test_the_same_passphrase_typed_in_another_unicode_form_opens(db: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Йод " + PASSPHRASE)
    path = db.with_name("nfd.sqlite3")
    create_key_file(path, decomposed, kdf=TEST_KDF)

    assert unlock(path, unicodedata.normalize("NFC", decomposed))


def test_an_existing_key_file_is_never_overwritten(db: Path) -> None:
    before = key_file_path(db).read_bytes()
    with pytest.raises(UserError):
        create_key_file(db, "another passphrase", kdf=TEST_KDF)
    assert key_file_path(db).read_bytes() == before


def test_a_missing_key_file_is_told_clearly(tmp_path: Path) -> None:
    with pytest.raises(KeyFileMissingError, match="key file"):
        unlock(tmp_path / "none.sqlite3", PASSPHRASE)


@pytest.mark.parametrize(
    "content",
    ["", "not json", "[]", '{"format": "other"}', '{"format": "caseroom-keys", "version": 1}'],
)
def test_a_damaged_key_file_is_told_clearly(db: Path, content: str) -> None:
    key_file_path(db).write_text(content, encoding="utf-8")
    with pytest.raises(KeyFileDamagedError, match="damaged"):
        unlock(db, PASSPHRASE)


def test_a_key_file_from_a_newer_caseroom_asks_for_an_update(db: Path) -> None:
    data = json.loads(key_file_path(db).read_text(encoding="utf-8"))
    data["version"] = 3
    key_file_path(db).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyFileDamagedError, match="newer version"):
        unlock(db, PASSPHRASE)


def test_a_slot_renamed_by_hand_no_longer_opens(db: Path) -> None:
    master_key = unlock(db, PASSPHRASE)
    add_slot(db, master_key, kind=SlotKind.ACCOUNT, name="dana", secret="pw-dana-1", kdf=TEST_KDF)
    data = json.loads(key_file_path(db).read_text(encoding="utf-8"))
    data["slots"][1]["name"] = "aigerim"
    key_file_path(db).write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(KeyFileDamagedError):  # the password is right, the slot was tampered
        unlock(db, "pw-dana-1", kind=SlotKind.ACCOUNT, name="aigerim")
    with pytest.raises(WrongPassphraseError):
        unlock(db, "pw-dana-2", kind=SlotKind.ACCOUNT, name="aigerim")


def test_account_slots_open_with_their_own_password_only(db: Path) -> None:
    master_key = unlock(db, PASSPHRASE)
    add_slot(db, master_key, kind=SlotKind.ACCOUNT, name="Dana", secret="pw-dana-1", kdf=TEST_KDF)
    add_slot(db, master_key, kind="account", name="aigerim", secret="pw-aig-22", kdf=TEST_KDF)

    assert unlock(db, "pw-dana-1", kind=SlotKind.ACCOUNT, name="dana") == master_key
    assert unlock(db, "pw-aig-22", kind=SlotKind.ACCOUNT, name="AIGERIM") == master_key
    with pytest.raises(WrongPassphraseError, match="Wrong user name or password"):
        unlock(db, "pw-aig-22", kind=SlotKind.ACCOUNT, name="dana")
    with pytest.raises(WrongPassphraseError):
        unlock(db, "pw-dana-1")  # an account password is not the passphrase
    keys = read_key_file(key_file_path(db))
    assert keys.slot_names(SlotKind.ACCOUNT) == ["Dana", "aigerim"]


def test_a_slot_is_added_once_unless_replaced(db: Path) -> None:
    master_key = unlock(db, PASSPHRASE)
    add_slot(db, master_key, kind="account", name="dana", secret="first-pass", kdf=TEST_KDF)
    with pytest.raises(UserError):
        add_slot(db, master_key, kind="account", name="DANA", secret="other-pass", kdf=TEST_KDF)

    add_slot(
        db, master_key, kind="account", name="dana", secret="reset-pass", kdf=TEST_KDF, replace=True
    )

    assert unlock(db, "reset-pass", kind="account", name="dana") == master_key
    with pytest.raises(WrongPassphraseError):
        unlock(db, "first-pass", kind="account", name="dana")


def test_adding_a_slot_needs_the_right_master_key(db: Path) -> None:
    with pytest.raises(KeyFileDamagedError):
        add_slot(db, b"\x00" * 32, kind="account", name="eve", secret="x" * 10, kdf=TEST_KDF)
    assert len(read_key_file(key_file_path(db)).slots) == 1


def test_remove_a_slot_but_never_the_last(db: Path) -> None:
    master_key = unlock(db, PASSPHRASE)
    add_slot(db, master_key, kind="account", name="dana", secret="pw-dana-1", kdf=TEST_KDF)

    remove_slot(db, master_key, kind="account", name="dana")

    with pytest.raises(WrongPassphraseError):
        unlock(db, "pw-dana-1", kind="account", name="dana")
    with pytest.raises(UserError, match="last key"):
        remove_slot(db, master_key, kind="passphrase", name=PASSPHRASE_SLOT)
    with pytest.raises(UserError):
        remove_slot(db, master_key, kind="account", name="nobody")
    assert unlock(db, PASSPHRASE) == master_key


def test_changing_the_passphrase_rewraps_the_same_key(db: Path) -> None:
    master_key = unlock(db, PASSPHRASE)

    change_secret(db, old_secret=PASSPHRASE, new_secret="жаңа құпия сөз")

    assert unlock(db, "жаңа құпия сөз") == master_key
    with pytest.raises(WrongPassphraseError):
        unlock(db, PASSPHRASE)
    slot = read_key_file(key_file_path(db)).slots[0]
    assert slot.kdf == TEST_KDF  # kept from the old slot unless given


def test_changing_with_a_wrong_old_passphrase_changes_nothing(db: Path) -> None:
    before = key_file_path(db).read_bytes()
    with pytest.raises(WrongPassphraseError):
        change_secret(db, old_secret="not it at all", new_secret="whatever-new")
    assert key_file_path(db).read_bytes() == before


def test_key_file_writes_leave_no_temporary_files(db: Path) -> None:
    master_key = unlock(db, PASSPHRASE)
    add_slot(db, master_key, kind="account", name="dana", secret="pw-dana-1", kdf=TEST_KDF)
    change_secret(db, old_secret=PASSPHRASE, new_secret="another-one")

    assert sorted(p.name for p in db.parent.iterdir()) == ["room.sqlite3.keys"]


def test_key_file_is_private_to_its_owner(db: Path) -> None:
    mode = stat.S_IMODE(key_file_path(db).stat().st_mode)
    # POSIX: owner only (mkstemp); Windows reports the read-only bit alone.
    assert mode & 0o077 == 0 if os.name == "posix" else mode & stat.S_IREAD


def test_default_kdf_is_slow_and_memory_hard() -> None:
    assert DEFAULT_KDF.memory_cost >= 64 * 1024
    assert DEFAULT_KDF.time_cost >= 3
    assert TEST_KDF.memory_cost < DEFAULT_KDF.memory_cost


def test_passphrase_problems() -> None:
    assert passphrase_problems("long enough") == []
    assert passphrase_problems("short") == ["The passphrase must be at least 8 characters long."]
    assert passphrase_problems("   1234567   ") != []


def test_looks_encrypted(tmp_path: Path) -> None:
    plain = tmp_path / "plain.sqlite3"
    plain.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    other = tmp_path / "other.bin"
    other.write_bytes(b"\x8a\x11" * 50)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")

    assert not looks_encrypted(plain)
    assert looks_encrypted(other)
    assert not looks_encrypted(empty)
    assert not looks_encrypted(tmp_path / "missing")


def _edit_slot(db: Path, **changes: object) -> None:
    path = key_file_path(db)
    data = json.loads(path.read_text(encoding="utf-8"))
    for name, value in changes.items():
        if name in ("time_cost", "memory_cost", "parallelism"):
            data["slots"][0]["kdf"][name] = value
        else:
            data["slots"][0][name] = value
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "changes",
    [
        {"time_cost": 1_000_000_000},
        {"memory_cost": 2**40},
        {"parallelism": 0},
        {"time_cost": "3"},
        {"time_cost": 2.5},
        {"salt": "AAAA"},
    ],
)
def test_damaged_argon2_parameters_are_a_damaged_key_file_at_once(
    db: Path, changes: dict[str, object]
) -> None:
    import time

    _edit_slot(db, **changes)
    started = time.perf_counter()
    with pytest.raises(KeyFileDamagedError):
        unlock(db, PASSPHRASE)
    assert time.perf_counter() - started < 1.0


def test_a_bit_flipped_wrapped_key_is_damage_not_a_wrong_passphrase(db: Path) -> None:
    import base64

    data = json.loads(key_file_path(db).read_text(encoding="utf-8"))
    wrapped = bytearray(base64.b64decode(data["slots"][0]["wrapped"]))
    wrapped[5] ^= 0x01
    _edit_slot(db, wrapped=base64.b64encode(bytes(wrapped)).decode("ascii"))
    with pytest.raises(KeyFileDamagedError):
        unlock(db, PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        unlock(db, "not the passphrase at all")


def test_a_slot_written_before_the_check_existed_still_opens(db: Path) -> None:
    path = key_file_path(db)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["slots"][0]["check"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert unlock(db, PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        unlock(db, "not the passphrase at all")
