"""The child transfer file: one child's records, sealed under a passphrase (no database).

A room sends a child's file to the room the child moves to; the receiving room is told
the passphrase by phone. The file (described in docs/bundle-format.md, "Child transfer
file") is, byte by byte:

    MAGIC                      b"CASEROOM-TRANSFER\\n"
    header length              2 bytes, big-endian
    header                     UTF-8 JSON: format version, argon2id parameters, salt,
                               nonce and a passphrase check
    sealed payload             AES-256-GCM over the zlib-compressed JSON payload; the
                               magic, the length and the header are its associated data
    digest                     SHA-256 of everything before it

The digest tells a truncated or damaged file from a wrong passphrase without the
passphrase; the check (an HMAC under a second key from the same argon2id output) tells a
wrong passphrase before decryption; the GCM tag refuses any deliberate change.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any

from caseroom.errors import UserError
from caseroom.i18n import _

MAGIC = b"CASEROOM-TRANSFER\n"
FILE_VERSION = 1
PAYLOAD_FORMAT = "caseroom-child-transfer"
PAYLOAD_VERSION = 1
FILE_SUFFIX = ".crtransfer"
MIN_PASSPHRASE_LENGTH = 10
MAX_PAYLOAD_BYTES = 256 * 1024 * 1024
"""The largest decompressed payload read (a child's file is far smaller)."""

_DIGEST_BYTES = 32
_SALT_BYTES = 16
_NONCE_BYTES = 12
_CHECK_LABEL = b"caseroom-transfer-check/1"
_LIMITS = {"t": (1, 64), "m": (8, 4 * 1024 * 1024), "p": (1, 64)}


class TransferFileError(UserError):
    """A transfer file that cannot be read (translated message)."""


class TransferDamagedError(TransferFileError):
    """The file is not a transfer file, or it was cut short or changed."""


class TransferPassphraseError(TransferFileError):
    """The passphrase does not open this (intact) transfer file."""


@dataclass(frozen=True, slots=True)
class TransferKdf:
    """argon2id parameters (memory in KiB); the defaults take about half a second."""

    time_cost: int = 3
    memory_cost: int = 65536
    parallelism: int = 2

    def derive(self, passphrase: str, salt: bytes) -> tuple[bytes, bytes]:
        """The encryption key and the check key for `passphrase` (NFC-normalised)."""
        from argon2.low_level import Type, hash_secret_raw

        raw = hash_secret_raw(
            unicodedata.normalize("NFC", passphrase).encode("utf-8"),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_cost,
            parallelism=self.parallelism,
            hash_len=64,
            type=Type.ID,
        )
        return raw[:32], raw[32:]


DEFAULT_KDF = TransferKdf()
TEST_KDF = TransferKdf(time_cost=1, memory_cost=8, parallelism=1)
"""Cheap parameters for tests (pass them explicitly; nothing lowers the default)."""


def passphrase_problem(passphrase: str) -> str | None:
    """What is wrong with a passphrase for a new transfer file (translated), or None."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        return _(
            "The passphrase for a transfer file must be at least {count} characters long."
        ).format(count=MIN_PASSPHRASE_LENGTH)
    return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _check(check_key: bytes, header_core: bytes) -> bytes:
    return hmac.new(check_key, _CHECK_LABEL + header_core, hashlib.sha256).digest()[:16]


def seal(payload: dict[str, Any], passphrase: str, *, kdf: TransferKdf = DEFAULT_KDF) -> bytes:
    """The bytes of a transfer file holding `payload` (a JSON-able dict) under `passphrase`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(_SALT_BYTES), secrets.token_bytes(_NONCE_BYTES)
    key, check_key = kdf.derive(passphrase, salt)
    core = {
        "v": FILE_VERSION,
        "kdf": "argon2id",
        "t": kdf.time_cost,
        "m": kdf.memory_cost,
        "p": kdf.parallelism,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
    }
    core_bytes = json.dumps(core, sort_keys=True, separators=(",", ":")).encode()
    header = json.dumps(
        {**core, "check": _b64(_check(check_key, core_bytes))},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    prefix = MAGIC + len(header).to_bytes(2, "big") + header
    body = zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), 9)
    sealed = prefix + AESGCM(key).encrypt(nonce, body, prefix)
    return sealed + hashlib.sha256(sealed).digest()


def _damaged() -> TransferDamagedError:
    return TransferDamagedError(
        _("The transfer file is damaged or incomplete (cut short or changed); nothing was read.")
    )


def _header(data: bytes) -> tuple[dict[str, Any], bytes, int]:
    """The header, the bytes it authenticates and where the sealed payload starts."""
    if not data.startswith(MAGIC):
        raise TransferDamagedError(_("This is not a caseroom child transfer file."))
    if len(data) < len(MAGIC) + 2 + _DIGEST_BYTES or not hmac.compare_digest(
        hashlib.sha256(data[:-_DIGEST_BYTES]).digest(), data[-_DIGEST_BYTES:]
    ):
        raise _damaged()
    start = len(MAGIC) + 2
    end = start + int.from_bytes(data[len(MAGIC) : start], "big")
    try:
        header = json.loads(data[start:end].decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError
        if header.get("v") != FILE_VERSION or header.get("kdf") != "argon2id":
            raise TransferDamagedError(
                _("This transfer file was made by a newer caseroom; update caseroom to read it.")
            )
        for name, (low, high) in _LIMITS.items():
            if not isinstance(header[name], int) or not low <= header[name] <= high:
                raise ValueError
        for name in ("salt", "nonce", "check"):
            header[name] = base64.b64decode(header[name], validate=True)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise _damaged() from error
    return header, data[:end], end


def open_sealed(data: bytes, passphrase: str) -> dict[str, Any]:
    """The payload of the transfer file `data`.

    `TransferDamagedError` for a file that is not one, cut short or changed;
    `TransferPassphraseError` for an intact file the passphrase does not open.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, prefix, start = _header(data)
    kdf = TransferKdf(time_cost=header["t"], memory_cost=header["m"], parallelism=header["p"])
    key, check_key = kdf.derive(passphrase, header["salt"])
    core = {k: header[k] for k in ("v", "kdf", "t", "m", "p")}
    core |= {"salt": _b64(header["salt"]), "nonce": _b64(header["nonce"])}
    core_bytes = json.dumps(core, sort_keys=True, separators=(",", ":")).encode()
    if not hmac.compare_digest(_check(check_key, core_bytes), header["check"]):
        raise TransferPassphraseError(
            _("The passphrase does not open this transfer file; ask the sending room again.")
        )
    try:
        body = AESGCM(key).decrypt(header["nonce"], data[start:-_DIGEST_BYTES], prefix)
        inflater = zlib.decompressobj()
        text = inflater.decompress(body, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError
        payload = json.loads(text.decode("utf-8"))
    except (InvalidTag, zlib.error, ValueError, UnicodeDecodeError) as error:
        raise _damaged() from error
    if not isinstance(payload, dict) or payload.get("format") != PAYLOAD_FORMAT:
        raise _damaged()
    if payload.get("version") != PAYLOAD_VERSION:
        raise TransferDamagedError(
            _("This transfer file was made by a newer caseroom; update caseroom to read it.")
        )
    return payload
