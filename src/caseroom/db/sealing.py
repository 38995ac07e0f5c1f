"""Small files sealed with a key derived from an encrypted database's master key.

Things the app keeps outside the database file (a half-typed session note kept as a
draft) must be as unreadable as the database itself when it is encrypted. Each purpose
gets its own 256-bit key, derived from the master key with HKDF-SHA256 (`derive_key`), so
a sealed file never reveals anything about the master key nor the keys of other purposes.
`seal` encrypts with AES-256-GCM under a fresh random nonce; `open_sealed` checks the tag,
so a file sealed under another key (another database) or changed on disk is refused.

A sealed file is `MAGIC`, the 12-byte nonce, then the ciphertext with its tag.
"""

from __future__ import annotations

import secrets

from caseroom.db.keyfile import MASTER_KEY_BYTES

MAGIC = b"caseroom-sealed-1\n"
_NONCE_BYTES = 12


class SealBrokenError(Exception):
    """A sealed file could not be opened: another key, or it was damaged or changed."""


def derive_key(master_key: bytes, purpose: str) -> bytes:
    """The key for `purpose` (e.g. "drafts"), derived from the database's master key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(),
        length=MASTER_KEY_BYTES,
        salt=None,
        info=b"caseroom sealed file\x00" + purpose.encode("utf-8"),
    ).derive(master_key)


def is_sealed(blob: bytes) -> bool:
    """Whether `blob` looks like a sealed file (it may still not open)."""
    return blob.startswith(MAGIC)


def seal(key: bytes, data: bytes, *, associated: bytes = b"") -> bytes:
    """`data` encrypted under `key` (AES-256-GCM), bound to `associated` (e.g. a name)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(_NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, MAGIC + associated)


def open_sealed(key: bytes, blob: bytes, *, associated: bytes = b"") -> bytes:
    """The data sealed in `blob`; `SealBrokenError` for another key or a damaged file."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(blob) or len(blob) < len(MAGIC) + _NONCE_BYTES + 16:
        raise SealBrokenError("not a sealed file")
    nonce = blob[len(MAGIC) : len(MAGIC) + _NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + _NONCE_BYTES :], MAGIC + associated)
    except (InvalidTag, ValueError) as error:
        raise SealBrokenError("the sealed file does not open with this key") from error
