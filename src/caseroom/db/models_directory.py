"""Tables: the local help directory (organisations and services a room refers parents to).

An entry is public information about a service, not a person's record: it names no child.
`code` is the entry's stable id in a directory file, so a file the centre sends again
updates the entries it already brought (see docs/directory-format.md); an entry made in the
room gets a code of its own. Kinds and needs are `vocab.DirectoryKind` / `vocab.DirectoryNeed`
codes; languages are language codes ("kk", "ru", "en").
"""

from sqlalchemy import JSON, Column, String, Text
from sqlmodel import Field

from caseroom.db.record import CODE, Record


class DirectoryEntry(Record, table=True):
    """One organisation or service in the room's help directory."""

    __tablename__ = "directory_entry"

    code: str = Field(sa_type=String(64), unique=True, index=True)
    name: str = Field(max_length=300)
    kind: str = Field(default="other", sa_type=String(CODE))
    offers: str | None = Field(default=None, sa_type=Text)
    """What the service offers, in plain words."""
    for_whom: str | None = Field(default=None, sa_type=Text)
    """Who it is for, in words (the needs served are `needs`)."""
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    age_from: int | None = None
    age_to: int | None = None
    address: str | None = Field(default=None, sa_type=Text)
    town: str | None = Field(default=None, max_length=200, index=True)
    phone: str | None = Field(default=None, max_length=200)
    hours: str | None = Field(default=None, max_length=300)
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cost: str | None = Field(default=None, max_length=300)
    directions: str | None = Field(default=None, sa_type=Text)
    """How to get there (bus, landmark, entrance)."""
    notes: str | None = Field(default=None, sa_type=Text)
