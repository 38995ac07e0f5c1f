"""The centre's tables, on a metadata of their own (never the room database's).

The same tables run on PostgreSQL and on SQLite (a small centre); their migrations are in
`caseroom/centre/migrations`. Rooms are registered once (`centre_room`); each imported
bundle is recorded (`bundle_import`); a room's figures for a period (`room_period`) and its
children's de-identified records (`centre_child`) hold the newest values, the values they
replaced go to `*_history`; two sources that disagree about a field leave a
`centre_conflict` for a person to decide (and, once decided, who decided how);
`centre_correction` holds the centre's own corrections of a record; `centre_audit` what
people did at the centre.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Uuid,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

VERSION_TABLE = "centre_alembic_version"
HEAD_REVISION = "c0002"
"""The newest centre migration; a test keeps it equal to Alembic's head."""

identity = Table(
    "centre_identity",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("public_key", LargeBinary, nullable=False),
    Column("sealed_private_key", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("archived_at", DateTime(timezone=True), nullable=True),
)

room = Table(
    "centre_room",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("school_name", String(200), nullable=False),
    Column("room_name", String(200), nullable=True),
    Column("locality", String(200), nullable=True),
    Column("region", String(200), nullable=True),
    Column("public_key", LargeBinary, nullable=False),
    Column("fingerprint", String(32), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

bundle_import = Table(
    "bundle_import",
    metadata,
    Column("bundle_id", Uuid, primary_key=True),
    Column("room_id", Uuid, ForeignKey("centre_room.id"), nullable=False, index=True),
    Column("period", String(60), nullable=False),
    Column("previous_bundle_id", Uuid, nullable=True),
    Column("made_at", DateTime(timezone=True), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("schema_version", String(32), nullable=False),
    Column("identified", Boolean, nullable=False),
    Column("counts", JSON, nullable=False),
    Column("records_added", Integer, nullable=False),
    Column("records_updated", Integer, nullable=False),
    Column("conflicts_noted", Integer, nullable=False),
)

room_period = Table(
    "room_period",
    metadata,
    Column("room_id", Uuid, ForeignKey("centre_room.id"), primary_key=True),
    Column("period", String(60), primary_key=True),
    Column("bundle_id", Uuid, ForeignKey("bundle_import.bundle_id"), nullable=False),
    Column("school_name", String(200), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("quarters", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

room_period_history = Table(
    "room_period_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("room_id", Uuid, nullable=False, index=True),
    Column("period", String(60), nullable=False),
    Column("bundle_id", Uuid, nullable=False),
    Column("quarters", JSON, nullable=False),
    Column("replaced_at", DateTime(timezone=True), nullable=False),
    Column("replaced_by", Uuid, nullable=False),
)

CHILD_FIELDS = (
    "birth_year",
    "sex",
    "grade",
    "status",
    "categories",
    "enrolled_year",
    "left_year",
    "sessions_attended",
    "plan_in_effect",
    "pmpk_in_effect",
    "identity",
)
"""The fields of a child's record the centre keeps (compared field by field)."""

child = Table(
    "centre_child",
    metadata,
    Column("period", String(60), primary_key=True),
    Column("record_id", Uuid, primary_key=True),
    Column("room_id", Uuid, ForeignKey("centre_room.id"), nullable=False),
    Column("bundle_id", Uuid, nullable=False),
    Column("birth_year", Integer, nullable=True),
    Column("sex", String(1), nullable=True),
    Column("grade", Integer, nullable=True),
    Column("status", String(32), nullable=True),
    Column("categories", JSON, nullable=False),
    Column("enrolled_year", Integer, nullable=True),
    Column("left_year", Integer, nullable=True),
    Column("sessions_attended", Integer, nullable=False),
    Column("plan_in_effect", Boolean, nullable=False),
    Column("pmpk_in_effect", Boolean, nullable=False),
    Column("identity", JSON, nullable=True),
    Index("ix_centre_child_room_period", "room_id", "period"),
)

child_history = Table(
    "centre_child_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(60), nullable=False),
    Column("record_id", Uuid, nullable=False, index=True),
    Column("room_id", Uuid, nullable=False),
    Column("bundle_id", Uuid, nullable=False),
    Column("old_values", JSON, nullable=False),
    Column("replaced_by", Uuid, nullable=False),
    Column("replaced_at", DateTime(timezone=True), nullable=False),
)

conflict = Table(
    "centre_conflict",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(60), nullable=False),
    Column("record_id", Uuid, nullable=False, index=True),
    Column("field", String(60), nullable=False),
    Column("kept_value", JSON, nullable=True),
    Column("kept_source", String(200), nullable=False),
    Column("other_value", JSON, nullable=True),
    Column("other_source", String(200), nullable=False),
    Column("bundle_id", Uuid, nullable=False),
    Column("noted_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    Column("resolution", String(16), nullable=True),
    Column("resolved_value", JSON, nullable=True),
    Column("resolved_by", String(200), nullable=True),
)
"""`resolution` is how a person decided (`kept`, `other` or `value`: a value of their
own, `resolved_value`), `resolved_by` who, `resolved_at` when; a decided conflict stays,
with both values."""

correction = Table(
    "centre_correction",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(60), nullable=False),
    Column("record_id", Uuid, nullable=False, index=True),
    Column("field", String(60), nullable=False),
    Column("value", JSON, nullable=True),
    Column("made_at", DateTime(timezone=True), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True), nullable=True),
)
"""A correction is withdrawn when a person decides for a room's value over it; from then on
the room's values for that field are taken again."""

audit = Table(
    "centre_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(64), nullable=True),
    Column("details", JSON, nullable=False),
)
"""What people did at the centre (deciding conflicts): who, when, on what; no record values."""
