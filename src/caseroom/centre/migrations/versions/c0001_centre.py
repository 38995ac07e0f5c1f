"""the centre's first tables: its key, rooms, imports, figures, records, conflicts

Revision ID: c0001
Revises:
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the centre's tables."""
    op.create_table(
        "centre_identity",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sealed_private_key", sa.JSON(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("archived_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_identity")),
    )
    op.create_table(
        "centre_room",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_name", sa.String(length=200), nullable=False),
        sa.Column("room_name", sa.String(length=200), nullable=True),
        sa.Column("locality", sa.String(length=200), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("added_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_room")),
    )
    op.create_table(
        "bundle_import",
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("previous_bundle_id", sa.Uuid(), nullable=True),
        sa.Column("made_at", _TS, nullable=False),
        sa.Column("imported_at", _TS, nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("schema_version", sa.String(length=32), nullable=False),
        sa.Column("identified", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("records_added", sa.Integer(), nullable=False),
        sa.Column("records_updated", sa.Integer(), nullable=False),
        sa.Column("conflicts_noted", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"], ["centre_room.id"], name=op.f("fk_bundle_import_room_id_centre_room")
        ),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_bundle_import")),
    )
    op.create_index(op.f("ix_bundle_import_room_id"), "bundle_import", ["room_id"])
    op.create_table(
        "room_period",
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("school_name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("quarters", sa.JSON(), nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["bundle_import.bundle_id"],
            name=op.f("fk_room_period_bundle_id_bundle_import"),
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["centre_room.id"], name=op.f("fk_room_period_room_id_centre_room")
        ),
        sa.PrimaryKeyConstraint("room_id", "period", name=op.f("pk_room_period")),
    )
    op.create_table(
        "room_period_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("quarters", sa.JSON(), nullable=False),
        sa.Column("replaced_at", _TS, nullable=False),
        sa.Column("replaced_by", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_period_history")),
    )
    op.create_index(op.f("ix_room_period_history_room_id"), "room_period_history", ["room_id"])
    op.create_table(
        "centre_child",
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("enrolled_year", sa.Integer(), nullable=True),
        sa.Column("left_year", sa.Integer(), nullable=True),
        sa.Column("sessions_attended", sa.Integer(), nullable=False),
        sa.Column("plan_in_effect", sa.Boolean(), nullable=False),
        sa.Column("pmpk_in_effect", sa.Boolean(), nullable=False),
        sa.Column("identity", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["room_id"], ["centre_room.id"], name=op.f("fk_centre_child_room_id_centre_room")
        ),
        sa.PrimaryKeyConstraint("period", "record_id", name=op.f("pk_centre_child")),
    )
    op.create_index("ix_centre_child_room_period", "centre_child", ["room_id", "period"])
    op.create_table(
        "centre_child_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("old_values", sa.JSON(), nullable=False),
        sa.Column("replaced_by", sa.Uuid(), nullable=False),
        sa.Column("replaced_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_child_history")),
    )
    op.create_index(
        op.f("ix_centre_child_history_record_id"), "centre_child_history", ["record_id"]
    )
    op.create_table(
        "centre_conflict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("kept_value", sa.JSON(), nullable=True),
        sa.Column("kept_source", sa.String(length=200), nullable=False),
        sa.Column("other_value", sa.JSON(), nullable=True),
        sa.Column("other_source", sa.String(length=200), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("noted_at", _TS, nullable=False),
        sa.Column("resolved_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_conflict")),
    )
    op.create_index(op.f("ix_centre_conflict_record_id"), "centre_conflict", ["record_id"])
    op.create_table(
        "centre_correction",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("made_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_correction")),
    )
    op.create_index(op.f("ix_centre_correction_record_id"), "centre_correction", ["record_id"])


def downgrade() -> None:
    """Drop the centre's tables."""
    for name in (
        "centre_correction",
        "centre_conflict",
        "centre_child_history",
        "centre_child",
        "room_period_history",
        "room_period",
        "bundle_import",
        "centre_room",
        "centre_identity",
    ):
        op.drop_table(name)
