"""The leaflet for a mother: the directory entries a specialist picked, in her language.

The leaflet names no child and no parent (only the services and the room), so it is never
protected by a password. Which language: the caregiver's own (Kazakh or Russian) when the
caller names her, else the one asked for, else the room's.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from sqlmodel import Session

from caseroom.db.models import Caregiver
from caseroom.errors import UserError
from caseroom.i18n import _, ngettext
from caseroom.reports.layout import write_bytes
from caseroom.reports.leaflet import (
    MAX_ENTRIES,
    LeafletData,
    LeafletEntry,
    LeafletTooLongError,
    leaflet_pdf,
)
from caseroom.services.common import Actor
from caseroom.services.directory.entries import get_entries
from caseroom.services.directory.fields import EntryRead
from caseroom.services.people.rooms import get_room
from caseroom.services.permissions import Permission, require

LEAFLET_LANGUAGES: tuple[str, ...] = ("kk", "ru")
"""The languages a leaflet is printed in (a mother's language)."""


def leaflet_language(session: Session, caregiver_id: uuid.UUID | None) -> str:
    """The caregiver's own language when it is Kazakh or Russian, else the room's."""
    if caregiver_id is not None:
        caregiver = session.get(Caregiver, caregiver_id)
        if caregiver is not None and caregiver.language in LEAFLET_LANGUAGES:
            return caregiver.language
    room = get_room(session)
    language = room.default_language if room else "ru"
    return language if language in LEAFLET_LANGUAGES else "ru"


def _entry(entry: EntryRead) -> LeafletEntry:
    return LeafletEntry(
        name=entry.name, kind=entry.kind, phone=entry.phone, offers=entry.offers,
        for_whom=entry.for_whom, address=entry.address, town=entry.town, hours=entry.hours,
        cost=entry.cost, directions=entry.directions,
    )  # fmt: skip


def leaflet_data(
    session: Session, *, actor: Actor, entry_ids: list[uuid.UUID], made_on: date
) -> LeafletData:
    """What the leaflet shows: the room and the entries picked, in the order picked."""
    require(actor, Permission.VIEW_RECORDS)
    if not entry_ids:
        raise UserError(_("Pick at least one service for the leaflet"))
    if len(entry_ids) > MAX_ENTRIES:
        raise UserError(
            ngettext(
                "A leaflet holds at most {count} service: pick fewer",
                "A leaflet holds at most {count} services: pick fewer",
                MAX_ENTRIES,
            ).format(count=MAX_ENTRIES)
        )
    entries = get_entries(session, actor=actor, entry_ids=entry_ids)
    room = get_room(session)
    return LeafletData(
        school=room.school_name if room else "",
        room=room.room_name if room else "",
        made_on=made_on,
        entries=tuple(_entry(entry) for entry in entries),
    )


def save_leaflet(
    session: Session,
    *,
    actor: Actor,
    entry_ids: list[uuid.UUID],
    out: Path,
    made_on: date,
    language: str | None = None,
    caregiver_id: uuid.UUID | None = None,
) -> Path:
    """Write the leaflet PDF to `out` (in `language`, else the caregiver's, else the
    room's); `UserError` when nothing or too much was picked. Returns the file written."""
    data = leaflet_data(session, actor=actor, entry_ids=entry_ids, made_on=made_on)
    if language not in LEAFLET_LANGUAGES:
        language = leaflet_language(session, caregiver_id)
    try:
        payload = leaflet_pdf(data, language=language)
    except LeafletTooLongError as error:
        raise UserError(
            _("The services picked do not fit on one page: pick fewer, or shorter ones")
        ) from error
    write_bytes(out, payload)
    return out
