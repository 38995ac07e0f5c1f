"""Make a room bundle for the centre: the room's figures and records for one school year.

The bundle is sealed to the centre the room trusts and signed with the room's key; it
names the bundle made before it (`previous_bundle_id`), so the centre can tell a replayed,
older or missing bundle. What was made is kept in `bundle_made` and audited (`export` of
a `bundle`, with `identified`). The caller commits once the file is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from caseroom.bundles.room_bundle import Manifest, write_bundle
from caseroom.db.migrate import HEAD_REVISION
from caseroom.db.models_exchange import BundleMade
from caseroom.db.types import utcnow
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Actor, audit
from caseroom.services.exchange.bundle_keys import signing_key, the_room, trusted_centre
from caseroom.services.exchange.bundle_payload import build_payload
from caseroom.services.permissions import Permission, require
from caseroom.services.plans.calendar import get_school_year
from caseroom.services.plans.periods import PeriodKind, parse_period, resolve_period

Progress = Callable[[int, int], None]
"""Called with (step done, steps in all) while a bundle is made."""


@dataclass(frozen=True, slots=True)
class BundleExport:
    """A bundle made: its bytes and what its manifest says."""

    manifest: Manifest
    data: bytes


def last_bundle(session: Session) -> BundleMade | None:
    """The bundle this room made last, if any."""
    return session.exec(
        select(BundleMade).order_by(col(BundleMade.created_at).desc()).limit(1)
    ).first()


def export_bundle(
    session: Session,
    *,
    actor: Actor,
    period: str,
    identified: bool = False,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> BundleExport:
    """Make the bundle for the school year `period` (e.g. "2026-2027")."""
    require(actor, Permission.EXPORT_SUMMARY)
    if identified:
        require(actor, Permission.EXPORT_IDENTIFIED)
    spec = parse_period(period)
    if spec.kind is not PeriodKind.SCHOOL_YEAR:
        raise UserError(_("A bundle covers one school year: give the period as 2026-2027."))
    centre = trusted_centre(session)
    key = signing_key(session)
    if centre is None or key is None:
        raise UserError(
            _(
                "This room trusts no centre yet: run caseroom bundle trust with the centre's "
                "public key first."
            )
        )
    step = on_progress or (lambda _done, _total: None)
    step(0, 3)
    room = the_room(session)
    resolved = resolve_period(session, spec, today=today or date.today())
    assert spec.start_year is not None
    year = get_school_year(session, spec.start_year)
    quarters = [(q.number, q.starts_on, q.ends_on) for q in year.quarters]
    payload = build_payload(
        session, room=room, period=resolved, quarters=quarters, identified=identified
    )
    payload["period"]["text"] = spec.text()
    step(1, 3)
    previous = last_bundle(session)
    children = payload["children"]
    manifest = Manifest(
        bundle_id=uuid.uuid4(),
        room_id=room.id,
        period=spec.text(),
        counts={
            "children": len(children),
            "quarters": len(payload["quarters"]),
            "sessions_held": sum(q["sessions_held"] for q in payload["quarters"]),
        },
        schema_version=HEAD_REVISION,
        previous_bundle_id=None if previous is None else previous.id,
        made_at=utcnow(),
        identified=identified,
        centre_key=centre.fingerprint,
    )
    data = write_bundle(
        manifest, payload, centre_public=centre.public_key, room_private=key.private_key
    )
    step(2, 3)
    session.add(
        BundleMade(
            id=manifest.bundle_id,
            created_at=manifest.made_at,
            period=manifest.period,
            previous_bundle_id=manifest.previous_bundle_id,
            centre_fingerprint=centre.fingerprint,
            identified=identified,
            counts=dict(manifest.counts),
            made_by=actor.staff_id,
        )
    )
    audit(
        session,
        actor=actor,
        action="export",
        entity="bundle",
        entity_id=manifest.bundle_id,
        details={"period": manifest.period, "identified": identified, "children": len(children)},
    )
    step(3, 3)
    return BundleExport(manifest, data)
