"""The key file's data and its JSON form: key slots, argon2id parameters, errors.

`db/crypto.py` is the API (create, unlock, add and remove slots, change a secret); this
module only describes what a key file holds and reads and writes it atomically.
"""

from __future__ import annotations

import base64
import binascii
import json
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from caseroom.db.files import write_atomically
from caseroom.errors import DatabaseUnavailableError, UserError
from caseroom.i18n import _

KEY_FILE_SUFFIX = ".keys"
FORMAT_NAME = "caseroom-keys"
FORMAT_VERSION = 2
"""Version 2 added each slot's key pair and the restricted key's boxes (version 1 files
are read, and written back as version 2)."""
CIPHER = "sqlcipher4-raw-key"
PASSPHRASE_SLOT = "passphrase"
"""The name of the room's passphrase slot (a key file may hold other passphrase slots)."""
MIN_PASSPHRASE_LENGTH = 8
MASTER_KEY_BYTES = 32
_SQLITE_MAGIC = b"SQLite format 3\x00"


class SlotKind(StrEnum):
    """Whose secret opens a key slot."""

    PASSPHRASE = "passphrase"
    ACCOUNT = "account"


@dataclass(frozen=True, slots=True)
class KdfParams:
    """argon2id parameters (memory in KiB). The defaults take about 0.4 s on a two-core
    laptop; tests pass `TEST_KDF` explicitly to stay fast."""

    time_cost: int = 3
    memory_cost: int = 65536
    parallelism: int = 2

    def derive(self, secret: str, salt: bytes) -> bytes:
        """The 32-byte key-encryption key for `secret` (NFC-normalised) and `salt`."""
        from argon2.low_level import Type, hash_secret_raw

        return hash_secret_raw(
            _normalise(secret).encode("utf-8"),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_cost,
            parallelism=self.parallelism,
            hash_len=MASTER_KEY_BYTES,
            type=Type.ID,
        )


KDF_LIMITS = {"time_cost": (1, 64), "memory_cost": (8, 4 * 1024 * 1024), "parallelism": (1, 64)}
"""The argon2id parameters a key file may hold: a damaged number must not hang every command."""
SALT_BYTES, NONCE_BYTES, WRAPPED_BYTES = 16, 12, MASTER_KEY_BYTES + 16


def kek_check(kek: bytes) -> bytes:
    """A digest of a key-encryption key stored beside its wrapped key (not the key itself)."""
    import hashlib

    return hashlib.sha256(b"caseroom-kek-check/1" + kek).digest()


DEFAULT_KDF = KdfParams()
TEST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
"""Cheap parameters for tests (pass them explicitly; nothing lowers the default)."""


@dataclass(frozen=True, slots=True)
class KeySlot:
    """The master key wrapped for one secret."""

    kind: str
    name: str
    kdf: KdfParams
    salt: bytes = field(repr=False)
    nonce: bytes = field(repr=False)
    wrapped: bytes = field(repr=False)
    created_at: str = ""
    check: bytes = field(default=b"", repr=False)
    """A digest of the key-encryption key (`kek_check`): tells a wrong secret from a damaged
    wrapped key. Empty in slots written before it existed."""
    public: bytes = field(default=b"", repr=False)
    """The slot's X25519 public key (`db/keyboxes.py`); empty in version 1 slots."""
    private: bytes = field(default=b"", repr=False)
    """The slot's private key, wrapped under its key-encryption key; empty with `public`."""
    box: bytes = field(default=b"", repr=False)
    """The restricted key sealed to `public`; empty when the slot does not hold it."""
    pending: bool = False
    """Access to the restricted key asked for, not yet given by someone who holds it."""

    def matches(self, kind: str | None, name: str | None) -> bool:
        """Whether this slot is of `kind` (any when None) and named `name` (any when None);
        names compare case-insensitively (user names are unique that way)."""
        if kind is not None and self.kind != kind:
            return False
        return name is None or _slot_name(self.name) == _slot_name(name)


@dataclass(frozen=True, slots=True)
class KeyFile:
    """The contents of a key file: the master key's id, the restricted key's id (empty
    until a restricted key exists) and the slots."""

    key_id: str
    slots: tuple[KeySlot, ...]
    version: int = FORMAT_VERSION
    restricted_id: str = ""

    def has_slot(self, kind: str, name: str) -> bool:
        """Whether a slot of `kind` named `name` exists."""
        return any(slot.matches(kind, name) for slot in self.slots)

    def slot(self, kind: str, name: str) -> KeySlot | None:
        """The slot of `kind` named `name` (None when there is none)."""
        return next((slot for slot in self.slots if slot.matches(kind, name)), None)

    def slot_names(self, kind: str) -> list[str]:
        """The names of the slots of `kind` (account slots: the user names)."""
        return [slot.name for slot in self.slots if slot.kind == kind]


# --- errors -----------------------------------------------------------------------------


class WrongPassphraseError(DatabaseUnavailableError):
    """No key slot opened with the secret given."""


class DatabaseDamagedError(DatabaseUnavailableError):
    """The key is right but the database file cannot be read (or is empty or missing)."""


class KeyFileMissingError(DatabaseUnavailableError):
    """The database looks encrypted but its key file is not beside it."""


class KeyFileDamagedError(DatabaseUnavailableError):
    """The key file cannot be read, or was written by a newer caseroom."""


class PassphraseRequiredError(DatabaseUnavailableError):
    """An encrypted database was opened without its key."""


def _normalise(secret: str) -> str:
    return unicodedata.normalize("NFC", secret)


def _slot_name(name: str) -> str:
    return _normalise(name).strip().casefold()


def _associated_data(kind: str, name: str) -> bytes:
    """Binds a wrapped key to its slot: a slot copied under another name does not open."""
    return f"{FORMAT_NAME}/{FORMAT_VERSION}/{kind}/{_slot_name(name)}".encode()


# --- reading and writing the key file ---------------------------------------------------


def read_key_file(path: Path) -> KeyFile:
    """Read the key file at `path`; `KeyFileDamagedError` when it cannot be understood."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise KeyFileMissingError(_("The key file {path} is missing.").format(path=path)) from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise _damaged_key_file(path) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise _damaged_key_file(path)
    version = data.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise KeyFileDamagedError(
            _(
                "The key file {path} was written by a newer version of caseroom; "
                "please update caseroom."
            ).format(path=path)
        )
    try:
        slots = tuple(_slot_from_json(item) for item in data["slots"])
        keys = KeyFile(
            key_id=str(data["key_id"]),
            slots=slots,
            version=version,
            restricted_id=str(data.get("restricted_id", "")),
        )
    except (KeyError, TypeError, ValueError, binascii.Error) as error:
        raise _damaged_key_file(path) from error
    if not keys.slots:
        raise _damaged_key_file(path)
    return keys


def write_key_file(path: Path, keys: KeyFile) -> None:
    """Write `keys` to `path` atomically (temporary file, fsync, rename, folder fsync)."""
    text = json.dumps(_key_file_to_json(keys), indent=2, ensure_ascii=True) + "\n"
    try:
        write_atomically(path, text)
    except OSError as error:
        raise _write_error(path, error) from error


def _damaged_key_file(path: Path) -> KeyFileDamagedError:
    return KeyFileDamagedError(_("The key file {path} is damaged.").format(path=path))


def _write_error(path: Path, error: OSError) -> UserError:
    return UserError(
        _("Could not write {path}: {error}").format(path=path, error=error.strerror or error)
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text), validate=True)


def _slot_from_json(item: dict[str, Any]) -> KeySlot:
    kdf = item["kdf"]
    if kdf.get("algorithm") != "argon2id":
        raise ValueError("unknown key derivation")
    numbers = {}
    for name, (lowest, highest) in KDF_LIMITS.items():
        value = kdf[name]
        if not isinstance(value, int) or isinstance(value, bool) or not lowest <= value <= highest:
            raise ValueError(f"argon2id {name} out of range")
        numbers[name] = value
    slot = KeySlot(
        kind=str(item["kind"]),
        name=str(item["name"]),
        kdf=KdfParams(**numbers),
        salt=_unb64(item["salt"]),
        nonce=_unb64(item["nonce"]),
        wrapped=_unb64(item["wrapped"]),
        created_at=str(item.get("created_at", "")),
        check=_unb64(item["check"]) if "check" in item else b"",
        public=_unb64(item["public"]) if "public" in item else b"",
        private=_unb64(item["private"]) if "private" in item else b"",
        box=_unb64(item["box"]) if "box" in item else b"",
        pending=item.get("pending", False) is True,
    )
    if (len(slot.salt), len(slot.nonce), len(slot.wrapped)) != (
        SALT_BYTES,
        NONCE_BYTES,
        WRAPPED_BYTES,
    ) or len(slot.check) not in (0, 32):
        raise ValueError("key slot of the wrong size")
    pair_sizes = (len(slot.public), len(slot.private))
    if pair_sizes not in ((0, 0), (32, 60)) or (
        slot.box and (not slot.public or len(slot.box) != 92)
    ):
        raise ValueError("key pair of the wrong size")
    return slot


def _key_file_to_json(keys: KeyFile) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": keys.version,
        "cipher": CIPHER,
        "key_id": keys.key_id,
        **({"restricted_id": keys.restricted_id} if keys.restricted_id else {}),
        "slots": [
            {
                "kind": slot.kind,
                "name": slot.name,
                "kdf": {
                    "algorithm": "argon2id",
                    "time_cost": slot.kdf.time_cost,
                    "memory_cost": slot.kdf.memory_cost,
                    "parallelism": slot.kdf.parallelism,
                },
                "salt": _b64(slot.salt),
                "nonce": _b64(slot.nonce),
                "wrapped": _b64(slot.wrapped),
                "created_at": slot.created_at,
                **({"check": _b64(slot.check)} if slot.check else {}),
                **(
                    {"public": _b64(slot.public), "private": _b64(slot.private)}
                    if slot.public
                    else {}
                ),
                **({"box": _b64(slot.box)} if slot.box else {}),
                **({"pending": True} if slot.pending else {}),
            }
            for slot in keys.slots
        ],
    }
