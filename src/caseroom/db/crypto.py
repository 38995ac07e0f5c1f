"""Encryption keys of a caseroom database: the key file and its key slots.

An encrypted database (SQLCipher) is read with a random 256-bit master key. The master key
is never stored in the clear: the key file beside the database (`<db>.keys`, JSON) holds it
wrapped once per *key slot*. A slot belongs to a secret — the room's passphrase, or one
staff account's password — and wraps the master key with AES-256-GCM under a key derived
from that secret by argon2id (slow on purpose). A wrong secret fails the GCM tag, which is
how a wrong passphrase is told apart from a damaged database file.

Changing a secret rewraps the master key (the database is not rewritten); every change
of the key file is written to a temporary file, flushed and renamed over it in one step.
SQLCipher connections and the encryption of an existing plain file are in `db/cipher.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from caseroom.db.keyfile import (
    _SQLITE_MAGIC,
    CIPHER,
    DEFAULT_KDF,
    FORMAT_NAME,
    FORMAT_VERSION,
    KEY_FILE_SUFFIX,
    MASTER_KEY_BYTES,
    MIN_PASSPHRASE_LENGTH,
    PASSPHRASE_SLOT,
    TEST_KDF,
    DatabaseDamagedError,
    KdfParams,
    KeyFile,
    KeyFileDamagedError,
    KeyFileMissingError,
    KeySlot,
    PassphraseRequiredError,
    SlotKind,
    WrongPassphraseError,
    _associated_data,
    kek_check,
    read_key_file,
    write_key_file,
)
from caseroom.errors import UserError
from caseroom.i18n import _

__all__ = [
    "CIPHER",
    "DEFAULT_KDF",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "KEY_FILE_SUFFIX",
    "MASTER_KEY_BYTES",
    "MIN_PASSPHRASE_LENGTH",
    "PASSPHRASE_SLOT",
    "TEST_KDF",
    "DatabaseDamagedError",
    "KdfParams",
    "KeyFile",
    "KeyFileDamagedError",
    "KeyFileMissingError",
    "KeySlot",
    "PassphraseRequiredError",
    "SlotKind",
    "WrongPassphraseError",
    "add_slot",
    "change_secret",
    "create_key_file",
    "is_encrypted",
    "key_file_path",
    "key_id",
    "looks_encrypted",
    "new_master_key",
    "open_keys",
    "passphrase_problems",
    "read_key_file",
    "remove_slot",
    "unlock",
    "unlock_keys",
    "wrap_key",
    "write_key_file",
]

_SALT_BYTES = 16
_NONCE_BYTES = 12


# --- paths and checks -------------------------------------------------------------------


def key_file_path(db_path: Path) -> Path:
    """`<db>.keys`, the key file beside the database file `db_path`."""
    return db_path.with_name(db_path.name + KEY_FILE_SUFFIX)


def is_encrypted(db_path: Path) -> bool:
    """Whether the database at `db_path` is encrypted (its key file is beside it)."""
    return key_file_path(db_path).is_file()


def looks_encrypted(db_path: Path) -> bool:
    """Whether `db_path` is a non-empty file that does not start like a plain SQLite file."""
    try:
        with db_path.open("rb") as stream:
            header = stream.read(len(_SQLITE_MAGIC))
    except OSError:
        return False
    return bool(header) and header != _SQLITE_MAGIC


def new_master_key() -> bytes:
    """A random 256-bit master key."""
    return secrets.token_bytes(MASTER_KEY_BYTES)


def key_id(master_key: bytes) -> str:
    """A public identifier of a master key (tells backups of the same database apart from
    others); reveals nothing about the key."""
    return hashlib.sha256(b"caseroom key id\x00" + master_key).hexdigest()[:32]


def passphrase_problems(passphrase: str) -> list[str]:
    """What is wrong with a new passphrase (translated; empty when it is fine)."""
    problems: list[str] = []
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        problems.append(
            _("The passphrase must be at least {count} characters long.").format(
                count=MIN_PASSPHRASE_LENGTH
            )
        )
    return problems


def wrap_key(
    master_key: bytes,
    *,
    kind: str,
    name: str,
    secret: str,
    kdf: KdfParams | None = None,
    private_key: bytes | None = None,
    restricted_key: bytes | None = None,
    pending: bool = False,
) -> KeySlot:
    """A new slot holding `master_key` for `secret`, with a key pair (`private_key`, or a
    new one) and, given `restricted_key`, the restricted key sealed to it."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from caseroom.db import keyboxes

    if kind not in tuple(SlotKind):
        raise ValueError(f"unknown slot kind {kind!r}")
    params = kdf or DEFAULT_KDF
    salt, nonce = secrets.token_bytes(_SALT_BYTES), secrets.token_bytes(_NONCE_BYTES)
    kek = params.derive(secret, salt)
    associated = _associated_data(kind, name)
    wrapped = AESGCM(kek).encrypt(nonce, master_key, associated)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    private = private_key or keyboxes.new_private_key()
    public = keyboxes.public_of(private)
    box = b"" if restricted_key is None else keyboxes.seal_box(public, restricted_key, associated)
    return KeySlot(
        kind,
        name,
        params,
        salt,
        nonce,
        wrapped,
        stamp,
        kek_check(kek),
        public=public,
        private=keyboxes.wrap_private(kek, private, associated),
        box=box,
        pending=pending and not box,
    )


def _open(slot: KeySlot, secret: str) -> tuple[bytes, bytes] | None:
    """The master key and the key-encryption key of `slot` for `secret` (None: wrong)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = slot.kdf.derive(secret, slot.salt)
    if slot.check and not hmac.compare_digest(kek_check(kek), slot.check):
        return None  # the secret is wrong
    try:
        master_key = AESGCM(kek).decrypt(
            slot.nonce, slot.wrapped, _associated_data(slot.kind, slot.name)
        )
    except InvalidTag:
        if slot.check:  # the secret is right, so the wrapped key itself was changed
            raise KeyFileDamagedError(
                _("The key file is damaged: the key for {name} cannot be read.").format(
                    name=slot.name
                )
            ) from None
        return None
    return master_key, kek


def open_keys(
    keys: KeyFile, secret: str, *, kind: str | None = SlotKind.PASSPHRASE, name: str | None = None
) -> tuple[KeySlot, bytes, bytes]:
    """The first slot of `kind` (and `name`) that `secret` opens, with the master key and
    the slot's key-encryption key; `WrongPassphraseError` when none does."""
    for slot in keys.slots:
        if not slot.matches(kind, name):
            continue
        opened = _open(slot, secret)
        if opened is None:
            continue
        master_key, kek = opened
        if key_id(master_key) != keys.key_id:
            raise KeyFileDamagedError(_("The key file does not belong to this database."))
        return slot, master_key, kek
    if kind == SlotKind.ACCOUNT:
        raise WrongPassphraseError(_("Wrong user name or password"))
    raise WrongPassphraseError(_("The passphrase is wrong."))


def unlock_keys(
    keys: KeyFile, secret: str, *, kind: str | None = SlotKind.PASSPHRASE, name: str | None = None
) -> bytes:
    """The master key from the first slot of `kind` (and `name`) that `secret` opens.

    Raises `WrongPassphraseError` when none does (`kind=None` tries every slot).
    """
    return open_keys(keys, secret, kind=kind, name=name)[1]


def unlock(
    db_path: Path,
    secret: str,
    *,
    kind: str | None = SlotKind.PASSPHRASE,
    name: str | None = None,
) -> bytes:
    """The master key of the database at `db_path`, opened with `secret`."""
    return unlock_keys(_read_for(db_path), secret, kind=kind, name=name)


def _read_for(db_path: Path) -> KeyFile:
    path = key_file_path(db_path)
    if not path.is_file():
        raise KeyFileMissingError(
            _("The key file {keys} of the database {path} is missing.").format(
                keys=path, path=db_path
            )
        )
    return read_key_file(path)


def _check_key(keys: KeyFile, master_key: bytes) -> None:
    if key_id(master_key) != keys.key_id:
        raise KeyFileDamagedError(_("The key file does not belong to this database."))


# --- creating and changing slots --------------------------------------------------------


def create_key_file(
    db_path: Path,
    secret: str,
    *,
    kind: str = SlotKind.PASSPHRASE,
    name: str = PASSPHRASE_SLOT,
    kdf: KdfParams | None = None,
    master_key: bytes | None = None,
) -> bytes:
    """Write a new key file for `db_path` with one slot for `secret`; returns the master
    key (a new random one unless `master_key` is given). Refuses an existing key file.

    The file also gets a new restricted key, sealed for that first slot (the room's
    passphrase: whoever knows it may read and give restricted material)."""
    from caseroom.db.keyboxes import new_restricted_key, restricted_id

    path = key_file_path(db_path)
    if path.exists():
        raise UserError(_("The key file {path} already exists.").format(path=path))
    master_key = master_key or new_master_key()
    restricted_key = new_restricted_key()
    slot = wrap_key(
        master_key, kind=kind, name=name, secret=secret, kdf=kdf, restricted_key=restricted_key
    )
    keys = KeyFile(key_id(master_key), (slot,), restricted_id=restricted_id(restricted_key))
    write_key_file(path, keys)
    return master_key


def add_slot(
    db_path: Path,
    master_key: bytes,
    *,
    kind: str,
    name: str,
    secret: str,
    kdf: KdfParams | None = None,
    replace: bool = False,
    restricted_key: bytes | None = None,
    pending: bool = False,
) -> KeyFile:
    """Add a slot for `secret` (an account's password, another passphrase).

    With `replace`, a slot of the same kind and name is replaced (an administrator
    resetting a password); otherwise an existing one is refused. With `restricted_key`
    (which must be the file's) the slot holds it too; with `pending` its access to it
    waits for someone who holds it.
    """
    from caseroom.db.keyboxes import restricted_id

    keys = _read_for(db_path)
    _check_key(keys, master_key)
    if keys.has_slot(kind, name) and not replace:
        raise UserError(_("A key for {name} already exists.").format(name=name))
    if restricted_key is not None and restricted_id(restricted_key) != keys.restricted_id:
        raise KeyFileDamagedError(_("The key file does not belong to this database."))
    kept = tuple(slot for slot in keys.slots if not slot.matches(kind, name))
    slot = wrap_key(
        master_key,
        kind=kind,
        name=name,
        secret=secret,
        kdf=kdf,
        restricted_key=restricted_key,
        pending=pending,
    )
    updated = _with_slots(keys, (*kept, slot))
    write_key_file(key_file_path(db_path), updated)
    return updated


def remove_slot(db_path: Path, master_key: bytes, *, kind: str, name: str) -> KeyFile:
    """Remove the slot of `kind` named `name`; the last slot is never removed."""
    keys = _read_for(db_path)
    _check_key(keys, master_key)
    kept = tuple(slot for slot in keys.slots if not slot.matches(kind, name))
    if len(kept) == len(keys.slots):
        raise UserError(_("There is no key for {name}.").format(name=name))
    if not kept:
        raise UserError(_("The last key of the database cannot be removed."))
    updated = _with_slots(keys, kept)
    write_key_file(key_file_path(db_path), updated)
    return updated


def change_secret(
    db_path: Path,
    *,
    old_secret: str,
    new_secret: str,
    kind: str = SlotKind.PASSPHRASE,
    name: str = PASSPHRASE_SLOT,
    kdf: KdfParams | None = None,
) -> KeyFile:
    """Rewrap the master key of slot (`kind`, `name`) for `new_secret`.

    The old secret must open that slot (`WrongPassphraseError` otherwise); afterwards it
    no longer does. Fast: the database itself is not rewritten.
    """
    from caseroom.db.keyboxes import unwrap_private

    keys = _read_for(db_path)
    previous, master_key, kek = open_keys(keys, old_secret, kind=kind, name=name)
    associated = _associated_data(previous.kind, previous.name)
    private = (
        unwrap_private(kek, previous.private, associated, previous.name)
        if previous.public
        else None
    )
    slots = list(keys.slots)
    position = slots.index(previous)
    slot = wrap_key(
        master_key,
        kind=kind,
        name=previous.name,
        secret=new_secret,
        kdf=kdf or previous.kdf,
        private_key=private,
        pending=previous.pending,
    )
    # the box is sealed to the public key, which stays: it needs no new secret
    slots[position] = replace(slot, box=previous.box) if previous.public else slot
    updated = _with_slots(keys, slots)
    write_key_file(key_file_path(db_path), updated)
    return updated


def _with_slots(keys: KeyFile, slots: Iterable[KeySlot]) -> KeyFile:
    return replace(keys, slots=tuple(slots), version=FORMAT_VERSION)
