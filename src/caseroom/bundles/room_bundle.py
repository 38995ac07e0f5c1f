"""The room bundle: a room's records for one period, for the centre (no database).

Byte by byte (docs/bundle-format.md, "Room bundle"):

    MAGIC               b"CASEROOM-BUNDLE\\n"
    header length       4 bytes, big-endian
    header              UTF-8 JSON, keys sorted: the manifest (format, bundle id, room id,
                        period, counts, schema version, previous bundle id, made at,
                        identified) and the sealing (the centre key's fingerprint, the
                        ephemeral X25519 public key, the nonce)
    payload length      4 bytes, big-endian
    sealed payload      ChaCha20-Poly1305 over the zlib-compressed JSON payload, under a key
                        from X25519(ephemeral, centre) through HKDF-SHA256; the magic and
                        the header are its associated data
    signature           64 bytes: Ed25519 by the room's key over everything before it

Reading is strict: a wrong magic (not a bundle), a length past the end or bytes after the
signature (cut short or damaged), a header that is not exactly the manifest (damaged) are
each refused before any key is used. Then the centre checks the signature against the
room it registered (unknown room / damaged), the fingerprint against its own key (sealed
for another or an older centre key), and only then opens the payload.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseroom.bundles.keys import KEY_BYTES, b64, fingerprint, new_encryption_key, unb64
from caseroom.errors import UserError
from caseroom.i18n import _

MAGIC = b"CASEROOM-BUNDLE\n"
FORMAT_VERSION = 1
FILE_SUFFIX = ".crbundle"
PAYLOAD_FORMAT = "caseroom-room-bundle"
MAX_HEADER_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024
SIGNATURE_BYTES = 64
_NONCE_BYTES = 12
_HKDF_INFO = b"caseroom-bundle/1"
_HEADER_KEYS = frozenset(
    {
        "format",
        "bundle_id",
        "room_id",
        "period",
        "counts",
        "schema_version",
        "previous_bundle_id",
        "made_at",
        "identified",
        "centre_key",
        "ephemeral_key",
        "nonce",
    }
)


class BundleError(UserError):
    """A bundle that is refused (translated message); nothing is written."""


class NotABundleError(BundleError):
    """The file is not a caseroom room bundle at all."""


class BundleDamagedError(BundleError):
    """The file was cut short, changed, or its signature does not hold."""


class CentreKeyMismatchError(BundleError):
    """The bundle was sealed for another centre key than this centre's."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a bundle says about itself, readable without any key."""

    bundle_id: uuid.UUID
    room_id: uuid.UUID
    period: str
    counts: dict[str, int]
    schema_version: str
    previous_bundle_id: uuid.UUID | None
    made_at: datetime
    identified: bool
    centre_key: str
    """The fingerprint of the centre public key the payload was sealed to."""


@dataclass(frozen=True, slots=True)
class Envelope:
    """A bundle read apart (its structure checked; signature and seal not yet)."""

    manifest: Manifest
    signed: bytes
    header: bytes
    sealed: bytes
    signature: bytes
    ephemeral_key: bytes
    nonce: bytes

    @property
    def digest(self) -> str:
        """SHA-256 of the whole file (hex)."""
        return hashlib.sha256(self.signed + self.signature).hexdigest()


def _seal_key(shared: bytes, ephemeral: bytes, centre: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + centre, info=_HKDF_INFO
    ).derive(shared)


def write_bundle(
    manifest: Manifest,
    payload: dict[str, Any],
    *,
    centre_public: bytes,
    room_private: bytes,
) -> bytes:
    """The bytes of a bundle carrying `payload`, sealed to the centre and signed by the room.

    `manifest.centre_key` must be the fingerprint of `centre_public`."""
    if manifest.centre_key != fingerprint(centre_public):
        raise ValueError("the manifest names another centre key")
    ephemeral_private, ephemeral_public = new_encryption_key()
    shared = X25519PrivateKey.from_private_bytes(ephemeral_private).exchange(
        X25519PublicKey.from_public_bytes(centre_public)
    )
    nonce = secrets.token_bytes(_NONCE_BYTES)
    header = _header_bytes(manifest, ephemeral_public, nonce)
    body = zlib.compress(
        json.dumps(
            {"format": PAYLOAD_FORMAT, **payload}, ensure_ascii=False, sort_keys=True
        ).encode("utf-8"),
        6,
    )
    key = _seal_key(shared, ephemeral_public, centre_public)
    sealed = ChaCha20Poly1305(key).encrypt(nonce, body, MAGIC + header)
    signed = MAGIC + struct.pack(">I", len(header)) + header + struct.pack(">I", len(sealed))
    signed += sealed
    signature = Ed25519PrivateKey.from_private_bytes(room_private).sign(signed)
    return signed + signature


def _header_bytes(manifest: Manifest, ephemeral: bytes, nonce: bytes) -> bytes:
    body = {
        "format": FORMAT_VERSION,
        "bundle_id": str(manifest.bundle_id),
        "room_id": str(manifest.room_id),
        "period": manifest.period,
        "counts": dict(manifest.counts),
        "schema_version": manifest.schema_version,
        "previous_bundle_id": (
            None if manifest.previous_bundle_id is None else str(manifest.previous_bundle_id)
        ),
        "made_at": manifest.made_at.isoformat(),
        "identified": manifest.identified,
        "centre_key": manifest.centre_key,
        "ephemeral_key": b64(ephemeral),
        "nonce": b64(nonce),
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _damaged() -> BundleDamagedError:
    return BundleDamagedError(
        _(
            "The bundle is damaged or was cut short (it may have been changed on the way): "
            "nothing was imported. Ask the room for a new copy."
        )
    )


def read_envelope(data: bytes) -> Envelope:
    """Read a bundle's structure and manifest; `NotABundleError` or `BundleDamagedError`."""
    if not data.startswith(MAGIC):
        raise NotABundleError(_("This file is not a caseroom room bundle: nothing was imported."))
    at = len(MAGIC)
    header, at = _chunk(data, at, MAX_HEADER_BYTES)
    sealed, at = _chunk(data, at, MAX_PAYLOAD_BYTES)
    if len(data) - at != SIGNATURE_BYTES:
        raise _damaged()
    try:
        body = json.loads(header.decode("utf-8"))
        if not isinstance(body, dict) or set(body) != _HEADER_KEYS:
            raise ValueError("keys")
        if body["format"] != FORMAT_VERSION:
            raise BundleError(
                _("The bundle was made by a newer caseroom: update caseroom at the centre.")
            )
        manifest = _manifest(body)
        ephemeral = unb64(body["ephemeral_key"], KEY_BYTES)
        nonce = unb64(body["nonce"], _NONCE_BYTES)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise _damaged() from None
    return Envelope(manifest, data[:at], header, sealed, data[at:], ephemeral, nonce)


def _chunk(data: bytes, at: int, limit: int) -> tuple[bytes, int]:
    if len(data) < at + 4:
        raise _damaged()
    (length,) = struct.unpack(">I", data[at : at + 4])
    at += 4
    if length > limit or len(data) < at + length:
        raise _damaged()
    return data[at : at + length], at + length


def _manifest(body: dict[str, Any]) -> Manifest:
    counts = body["counts"]
    if not isinstance(counts, dict) or not all(
        isinstance(k, str) and type(v) is int and v >= 0 for k, v in counts.items()
    ):
        raise ValueError("counts")
    previous = body["previous_bundle_id"]
    texts = ("period", "schema_version", "centre_key", "made_at")
    if not all(isinstance(body[name], str) for name in texts):
        raise ValueError("text")
    if not isinstance(body["identified"], bool):
        raise ValueError("identified")
    made_at = datetime.fromisoformat(body["made_at"])
    return Manifest(
        bundle_id=uuid.UUID(body["bundle_id"]),
        room_id=uuid.UUID(body["room_id"]),
        period=body["period"],
        counts=counts,
        schema_version=body["schema_version"],
        previous_bundle_id=None if previous is None else uuid.UUID(previous),
        made_at=made_at,
        identified=body["identified"],
        centre_key=body["centre_key"],
    )


def verify_signature(envelope: Envelope, room_public: bytes) -> None:
    """`BundleDamagedError` unless the room's key signed exactly these bytes."""
    try:
        Ed25519PublicKey.from_public_bytes(room_public).verify(envelope.signature, envelope.signed)
    except InvalidSignature:
        raise _damaged() from None


def open_payload(envelope: Envelope, *, centre_private: bytes) -> dict[str, Any]:
    """The payload, once the signature holds; `CentreKeyMismatchError` when it was sealed
    for another centre key, `BundleDamagedError` when it does not open."""
    private = X25519PrivateKey.from_private_bytes(centre_private)
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if envelope.manifest.centre_key != fingerprint(public):
        raise CentreKeyMismatchError(
            _(
                "The bundle was sealed for another centre key ({theirs}; this centre's is "
                "{ours}): the room trusts an old or another centre's key. Send the room this "
                "centre's public key (caseroom centre key), have it run caseroom bundle trust "
                "and make the bundle again. Nothing was imported."
            ).format(theirs=envelope.manifest.centre_key, ours=fingerprint(public))
        )
    shared = private.exchange(X25519PublicKey.from_public_bytes(envelope.ephemeral_key))
    key = _seal_key(shared, envelope.ephemeral_key, public)
    try:
        body = ChaCha20Poly1305(key).decrypt(
            envelope.nonce, envelope.sealed, MAGIC + envelope.header
        )
        decompressor = zlib.decompressobj()
        text = decompressor.decompress(body, MAX_PAYLOAD_BYTES)
        if decompressor.unconsumed_tail or not decompressor.eof:
            raise ValueError("too long")
        payload = json.loads(text.decode("utf-8"))
    except (InvalidTag, ValueError, zlib.error, UnicodeDecodeError):
        raise _damaged() from None
    if not isinstance(payload, dict) or payload.get("format") != PAYLOAD_FORMAT:
        raise _damaged()
    return payload
