"""The restricted key: a second random 256-bit key for restricted material (notes,
safeguarding records, caregiver check-ins), held only by some of a room's key slots.

The master key opens the database file for every slot. The restricted key is sealed
(`db/keyboxes.py`) only to the slots that may read restricted material: the room's
passphrase (the recovery secret) and the accounts whose role reads notes. Who may read is
the services' rule (`services/accounts/restricted.py`); this module keeps the key file in
step with it:

- `unlock_restricted` opens a slot and, with it, the restricted key when the slot holds
  it. A version 1 slot gets its key pair there (the secret is at hand); a room without a
  restricted key yet (a key file from before it existed) gets one from the passphrase or
  from the first account of such an old slot that may read it.
- A slot that may read restricted material but was written by someone who does not hold
  the key (an administrator adding a specialist) is marked *pending*; `grant` seals the key
  to it, which only someone holding the key can do.
- `hold` keeps, per engine, the restricted key of whoever opened the file, so that the
  services can give it on (and, later, open the restricted store).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine

from caseroom.db import keyboxes
from caseroom.db.crypto import (
    KeyFile,
    KeyFileDamagedError,
    KeySlot,
    SlotKind,
    key_file_path,
    open_keys,
    read_key_file,
    write_key_file,
)
from caseroom.db.keyfile import FORMAT_VERSION, _associated_data
from caseroom.errors import UserError
from caseroom.i18n import _


class Access:
    """A slot's access to the restricted key."""

    HELD = "held"
    PENDING = "pending"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Unlocked:
    """What one secret opened: the master key, and the restricted key when its slot holds it."""

    kind: str
    name: str
    master_key: bytes
    restricted_key: bytes | None
    access: str


def access_of(slot: KeySlot | None) -> str:
    """`Access.HELD`, `PENDING` or `NONE` for a slot (None: no slot)."""
    if slot is None:
        return Access.NONE
    if slot.box:
        return Access.HELD
    return Access.PENDING if slot.pending else Access.NONE


def account_access(db_path: Path, username: str) -> str:
    """The access of `username`'s account slot in the key file beside `db_path`."""
    return access_of(read_key_file(key_file_path(db_path)).slot(SlotKind.ACCOUNT, username))


def _open_box(keys: KeyFile, slot: KeySlot, private_key: bytes) -> bytes:
    associated = _associated_data(slot.kind, slot.name)
    restricted_key = keyboxes.open_box(private_key, slot.box, associated, slot.name)
    if keyboxes.restricted_id(restricted_key) != keys.restricted_id:
        raise KeyFileDamagedError(
            _("The key file is damaged: the key for {name} cannot be read.").format(name=slot.name)
        )
    return restricted_key


def _seal_for(slot: KeySlot, restricted_key: bytes) -> KeySlot:
    box = keyboxes.seal_box(slot.public, restricted_key, _associated_data(slot.kind, slot.name))
    return replace(slot, box=box, pending=False)


def _write(db_path: Path, keys: KeyFile, slots: list[KeySlot], **changes: str) -> KeyFile:
    updated = replace(keys, slots=tuple(slots), version=FORMAT_VERSION, **changes)
    write_key_file(key_file_path(db_path), updated)
    return updated


def unlock_restricted(
    db_path: Path,
    secret: str,
    *,
    kind: str = SlotKind.PASSPHRASE,
    name: str | None = None,
    may_read: bool = True,
) -> Unlocked:
    """Open the slot of `kind`/`name` with `secret`, and the restricted key if it holds it.

    `may_read` says whether the slot's owner may read restricted material (always so for
    the passphrase). Along the way the key file is brought up to date: an old slot gets
    its key pair; a file without a restricted key gets one when the passphrase, or an old
    slot that may read it, opens it (a slot made since cannot: its access waits for a
    holder); a slot that may read but does not hold the key is marked pending.
    `WrongPassphraseError` for a wrong secret, `KeyFileDamagedError` for a box or wrapped
    key changed on disk.
    """
    may_read = may_read or kind == SlotKind.PASSPHRASE
    keys = read_key_file(key_file_path(db_path))
    slot, master_key, kek = open_keys(keys, secret, kind=kind, name=name)
    associated = _associated_data(slot.kind, slot.name)
    slots = list(keys.slots)
    position = slots.index(slot)
    old = not slot.public
    if old:
        private_key = keyboxes.new_private_key()
        slot = replace(
            slot,
            public=keyboxes.public_of(private_key),
            private=keyboxes.wrap_private(kek, private_key, associated),
        )
    else:
        private_key = keyboxes.unwrap_private(kek, slot.private, associated, slot.name)
    restricted_key = _open_box(keys, slot, private_key) if slot.box else None
    changes: dict[str, str] = {}
    if may_read and not keys.restricted_id and (old or kind == SlotKind.PASSPHRASE):
        restricted_key = keyboxes.new_restricted_key()
        changes["restricted_id"] = keyboxes.restricted_id(restricted_key)
        slot = _seal_for(slot, restricted_key)
        for index, other in enumerate(slots):
            if other.kind == SlotKind.PASSPHRASE and other.public and index != position:
                slots[index] = _seal_for(other, restricted_key)
    if restricted_key is not None:  # a passphrase slot the key was not sealed to gets it
        for index, other in enumerate(slots):
            passphrase = other.kind == SlotKind.PASSPHRASE and index != position
            if passphrase and other.public and not other.box:
                slots[index] = _seal_for(other, restricted_key)
    if may_read and not slot.box and not slot.pending:
        slot = replace(slot, pending=True)
    slots[position] = slot
    if tuple(slots) != keys.slots or changes:
        try:
            _write(db_path, keys, slots, **changes)
        except UserError:
            if changes:
                raise  # a new restricted key must be written before anyone uses it
    return Unlocked(slot.kind, slot.name, master_key, restricted_key, access_of(slot))


def grant(db_path: Path, master_key: bytes, restricted_key: bytes, username: str) -> KeyFile:
    """Seal the restricted key to `username`'s account slot (it is no longer pending).

    Refuses a restricted key that is not the file's, and an old slot that has no key
    pair yet (its owner must sign in once first)."""
    keys = read_key_file(key_file_path(db_path))
    if keyboxes.restricted_id(restricted_key) != keys.restricted_id:
        raise KeyFileDamagedError(_("The key file does not belong to this database."))
    from caseroom.db.crypto import key_id

    if key_id(master_key) != keys.key_id:
        raise KeyFileDamagedError(_("The key file does not belong to this database."))
    slot = keys.slot(SlotKind.ACCOUNT, username)
    if slot is None:
        raise UserError(_("There is no key for {name}.").format(name=username))
    if not slot.public:
        raise UserError(
            _(
                "{name} has not signed in since caseroom was updated; access can be "
                "confirmed after her next sign-in."
            ).format(name=username)
        )
    slots = list(keys.slots)
    slots[slots.index(slot)] = _seal_for(slot, restricted_key)
    return _write(db_path, keys, slots)


def pending_names(db_path: Path) -> list[str]:
    """The user names whose access to the restricted key is pending."""
    keys = read_key_file(key_file_path(db_path))
    return [s.name for s in keys.slots if s.kind == SlotKind.ACCOUNT and access_of(s) == "pending"]


# --- who holds the restricted key in this process -----------------------------------------


@dataclass(frozen=True, slots=True)
class Held:
    """The restricted key as opened by one slot (`username` None: the passphrase)."""

    restricted_key: bytes
    username: str | None


_HELD: weakref.WeakKeyDictionary[Engine, Held] = weakref.WeakKeyDictionary()


def hold(engine: Engine, restricted_key: bytes | None, username: str | None) -> None:
    """Remember (or, with None, forget) the restricted key opened for `engine`'s file."""
    if restricted_key is None:
        _HELD.pop(engine, None)
    else:
        _HELD[engine] = Held(restricted_key, username)


def held(engine: Engine) -> Held | None:
    """The restricted key held for `engine`, and by whom (None when nobody holds it)."""
    return _HELD.get(engine)
