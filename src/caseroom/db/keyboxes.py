"""The public-key pieces of a key slot: each secret's key pair, and the restricted key
sealed to a slot's public key.

Every key slot written from key file version 2 on carries an X25519 key pair: the public
key in the clear, the private key wrapped (AES-256-GCM) under a key derived with HKDF from
the slot's key-encryption key, so the same argon2id derivation that opens the master key
opens it. Someone who holds the restricted key can then give it to another slot without
knowing that slot's secret: `seal_box` encrypts it to the slot's public key (an ephemeral
X25519 key, HKDF-SHA256, AES-256-GCM), and only the slot's private key opens the box.

A box or a wrapped private key that fails its tag under the right secret was changed on
disk: `KeyFileDamagedError`, never "wrong password".
"""

from __future__ import annotations

import hashlib
import secrets

from caseroom.db.keyfile import MASTER_KEY_BYTES, KeyFileDamagedError
from caseroom.i18n import _

PUBLIC_BYTES = 32
PRIVATE_WRAP_BYTES = 12 + 32 + 16
"""A wrapped private key: nonce, ciphertext, tag."""
BOX_BYTES = PUBLIC_BYTES + 12 + MASTER_KEY_BYTES + 16
"""A sealed box: the ephemeral public key, nonce, ciphertext of a 256-bit key, tag."""


def _hkdf(material: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material)


def restricted_id(restricted_key: bytes) -> str:
    """A public identifier of a restricted key (which key a box must hold)."""
    return hashlib.sha256(b"caseroom restricted key id\x00" + restricted_key).hexdigest()[:32]


def new_restricted_key() -> bytes:
    """A random 256-bit restricted key."""
    return secrets.token_bytes(MASTER_KEY_BYTES)


def new_private_key() -> bytes:
    """A new raw X25519 private key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    return X25519PrivateKey.generate().private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )


def public_of(private_key: bytes) -> bytes:
    """The raw public key of a raw X25519 private key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private = X25519PrivateKey.from_private_bytes(private_key)
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def wrap_private(kek: bytes, private_key: bytes, associated: bytes) -> bytes:
    """`private_key` encrypted under a key derived from the slot's key-encryption key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    key = _hkdf(kek, b"caseroom slot private key\x00")
    return nonce + AESGCM(key).encrypt(nonce, private_key, b"private/" + associated)


def unwrap_private(kek: bytes, wrapped: bytes, associated: bytes, name: str) -> bytes:
    """The private key of a slot whose key-encryption key `kek` is known to be right."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _hkdf(kek, b"caseroom slot private key\x00")
    try:
        return AESGCM(key).decrypt(wrapped[:12], wrapped[12:], b"private/" + associated)
    except (InvalidTag, ValueError):
        raise _damaged(name) from None


def seal_box(public_key: bytes, secret_key: bytes, associated: bytes) -> bytes:
    """`secret_key` sealed so that only the holder of `public_key`'s private key opens it."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = _hkdf(shared, b"caseroom restricted box\x00" + ephemeral_public + public_key)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, secret_key, b"box/" + associated)
    return ephemeral_public + nonce + sealed


def open_box(private_key: bytes, box: bytes, associated: bytes, name: str) -> bytes:
    """The key sealed in `box` for the slot whose (right) private key is `private_key`."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    private = X25519PrivateKey.from_private_bytes(private_key)
    public_key = public_of(private_key)
    ephemeral_public, nonce, sealed = box[:PUBLIC_BYTES], box[PUBLIC_BYTES:44], box[44:]
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _hkdf(shared, b"caseroom restricted box\x00" + ephemeral_public + public_key)
        return AESGCM(key).decrypt(nonce, sealed, b"box/" + associated)
    except (InvalidTag, ValueError):
        raise _damaged(name) from None


def _damaged(name: str) -> KeyFileDamagedError:
    return KeyFileDamagedError(
        _("The key file is damaged: the key for {name} cannot be read.").format(name=name)
    )
