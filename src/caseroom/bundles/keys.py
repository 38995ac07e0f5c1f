"""Key pairs for room bundles, public key files and a private key sealed under a passphrase.

A centre has an X25519 key pair: rooms encrypt their bundles to its public key. A room has
an Ed25519 key pair: it signs its bundles and the centre checks them against the public key
it registered. A public key file (docs/bundle-format.md, "Public key files") is UTF-8 JSON:

    {"format": "caseroom-public-key", "version": 1, "kind": "centre" | "room",
     "id": "<uuid>", "name": "...", "key": "<base64 of the 32 raw key bytes>", ...}

The centre's private key is kept sealed: AES-256-GCM under a key derived from the
centre's passphrase with scrypt (parameters and salt stored beside it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from caseroom.errors import UserError
from caseroom.i18n import _

PUBLIC_KEY_FORMAT = "caseroom-public-key"
PUBLIC_KEY_VERSION = 1
CENTRE = "centre"
ROOM = "room"
KEY_BYTES = 32
MAX_KEY_FILE_BYTES = 64 * 1024
MIN_CENTRE_PASSPHRASE = 10


class KeyFileError(UserError):
    """A public key file that cannot be used (translated message)."""


class WrongPassphraseError(UserError):
    """The passphrase does not open the centre's private key."""


def b64(data: bytes) -> str:
    """Standard base64 text of `data`."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, length: int | None = None) -> bytes:
    """The bytes of base64 `text`; ValueError when it is not that (or not `length` long)."""
    if not isinstance(text, str):
        raise ValueError("not text")
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if length is not None and len(data) != length:
        raise ValueError("wrong length")
    return data


def fingerprint(raw_key: bytes) -> str:
    """A short, readable fingerprint of a raw public key: `ab12-cd34-...` (16 hex digits)."""
    digest = hashlib.sha256(raw_key).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True, slots=True)
class PublicKeyFile:
    """What a public key file says: whose key it is and the key itself."""

    kind: str
    id: uuid.UUID
    name: str
    key: bytes
    extra: dict[str, str] = field(default_factory=dict)
    """For a room: school_name, room_name, locality, region (text or absent)."""

    @property
    def fingerprint(self) -> str:
        """The key's fingerprint."""
        return fingerprint(self.key)

    def to_bytes(self) -> bytes:
        """The file's bytes."""
        body: dict[str, Any] = {
            "format": PUBLIC_KEY_FORMAT,
            "version": PUBLIC_KEY_VERSION,
            "kind": self.kind,
            "id": str(self.id),
            "name": self.name,
            "key": b64(self.key),
            "fingerprint": self.fingerprint,
            **self.extra,
        }
        return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def read_public_key_file(data: bytes, *, kind: str) -> PublicKeyFile:
    """Parse a public key file of `kind`; `KeyFileError` for anything else."""
    wrong = KeyFileError(
        _("This is not a caseroom centre's public key file.")
        if kind == CENTRE
        else _("This is not a caseroom room's public key file.")
    )
    if len(data) > MAX_KEY_FILE_BYTES:
        raise wrong
    try:
        body = json.loads(data.decode("utf-8"))
        if not isinstance(body, dict) or body.get("format") != PUBLIC_KEY_FORMAT:
            raise ValueError("format")
        if body.get("version") != PUBLIC_KEY_VERSION or body.get("kind") != kind:
            raise ValueError("kind")
        key = unb64(body.get("key"), KEY_BYTES)
        name = body.get("name")
        if not isinstance(name, str):
            raise ValueError("name")
        extra = {
            k: v
            for k, v in body.items()
            if k in {"school_name", "room_name", "locality", "region"} and isinstance(v, str)
        }
        result = PublicKeyFile(kind, uuid.UUID(str(body.get("id"))), name, key, extra)
    except (ValueError, UnicodeDecodeError, TypeError):
        raise wrong from None
    if body.get("fingerprint") not in (None, result.fingerprint):
        raise wrong
    return result


def new_signing_key() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair for a room: (private raw bytes, public raw bytes)."""
    private = Ed25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private)


def new_encryption_key() -> tuple[bytes, bytes]:
    """A new X25519 key pair for a centre: (private raw bytes, public raw bytes)."""
    private = X25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private)


def _raw_private(private: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    return private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _raw_public(private: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


# --- the centre's private key, sealed under its passphrase -----------------------------

SCRYPT_N = 2**15
_SCRYPT_LIMITS = {"n": (2**10, 2**22), "r": (1, 32), "p": (1, 16)}


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    normal = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(normal)


def passphrase_problem(passphrase: str) -> str | None:
    """Why `passphrase` will not do for a new centre key, or None."""
    if len(passphrase.strip()) < MIN_CENTRE_PASSPHRASE:
        return _("The centre's passphrase must be at least {count} characters long.").format(
            count=MIN_CENTRE_PASSPHRASE
        )
    return None


def seal_private_key(private: bytes, passphrase: str, *, n: int = SCRYPT_N) -> dict[str, Any]:
    """`private` sealed under `passphrase`: a JSON-ready mapping to store."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key = _derive(passphrase, salt, n, 8, 1)
    sealed = AESGCM(key).encrypt(nonce, private, b"caseroom-centre-key/1")
    return {
        "kdf": "scrypt",
        "n": n,
        "r": 8,
        "p": 1,
        "salt": b64(salt),
        "nonce": b64(nonce),
        "sealed": b64(sealed),
    }


def open_private_key(stored: dict[str, Any], passphrase: str) -> bytes:
    """The private key sealed in `stored`; `WrongPassphraseError` for a wrong passphrase."""
    try:
        n, r, p = (int(stored[name]) for name in ("n", "r", "p"))
        for name, value in (("n", n), ("r", r), ("p", p)):
            low, high = _SCRYPT_LIMITS[name]
            if not low <= value <= high:
                raise ValueError(name)
        key = _derive(passphrase, unb64(stored["salt"]), n, r, p)
        return AESGCM(key).decrypt(
            unb64(stored["nonce"], 12), unb64(stored["sealed"]), b"caseroom-centre-key/1"
        )
    except InvalidTag:
        raise WrongPassphraseError(
            _("The centre's passphrase is wrong: its private key stays locked.")
        ) from None
    except (KeyError, ValueError, TypeError):
        raise UserError(_("The centre's stored private key is damaged.")) from None
