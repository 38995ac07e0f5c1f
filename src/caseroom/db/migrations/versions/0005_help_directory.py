"""a local help directory, and referrals that point at it

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import caseroom.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "directory_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("archived_at", caseroom.db.types.UTCDateTime(), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("offers", sa.Text(), nullable=True),
        sa.Column("for_whom", sa.Text(), nullable=True),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("age_from", sa.Integer(), nullable=True),
        sa.Column("age_to", sa.Integer(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("town", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=200), nullable=True),
        sa.Column("hours", sa.String(length=300), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("cost", sa.String(length=300), nullable=True),
        sa.Column("directions", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_entry")),
    )
    with op.batch_alter_table("directory_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_entry_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_directory_entry_town"), ["town"], unique=False)
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("directory_entry_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_referral_directory_entry_id_directory_entry"),
            "directory_entry",
            ["directory_entry_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_referral_directory_entry_id_directory_entry"), type_="foreignkey"
        )
        batch_op.drop_column("directory_entry_id")
    with op.batch_alter_table("directory_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_entry_town"))
        batch_op.drop_index(batch_op.f("ix_directory_entry_code"))
    op.drop_table("directory_entry")
