"""a room's keys for bundles, and the bundles and transfers it has made

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import caseroom.db.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("archived_at", caseroom.db.types.UTCDateTime(), nullable=True),
    ]


def upgrade() -> None:
    """Create the room's signing keys, its trusted centre and the bundles it made."""
    op.create_table(
        "exchange_key",
        *_record_columns(),
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_exchange_key_room_id_room")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_key")),
    )
    with op.batch_alter_table("exchange_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_key_room_id"), ["room_id"], unique=False)
    op.create_table(
        "trusted_centre",
        *_record_columns(),
        sa.Column("centre_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_centre")),
    )
    op.create_table(
        "bundle_made",
        *_record_columns(),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("previous_bundle_id", sa.Uuid(), nullable=True),
        sa.Column("centre_fingerprint", sa.String(length=32), nullable=False),
        sa.Column("identified", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("made_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["made_by"], ["staff.id"], name=op.f("fk_bundle_made_made_by_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundle_made")),
    )


def downgrade() -> None:
    """Drop the exchange tables."""
    op.drop_table("bundle_made")
    op.drop_table("trusted_centre")
    with op.batch_alter_table("exchange_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_key_room_id"))
    op.drop_table("exchange_key")
