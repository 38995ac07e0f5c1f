"""conflicts a person decides: who decided, how and on what value; corrections withdrawn;
the centre's audit trail

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-07 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0002"
down_revision: str | None = "c0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the decision columns, the corrections' withdrawal and the audit table."""
    with op.batch_alter_table("centre_conflict") as batch:
        batch.add_column(sa.Column("resolution", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("resolved_value", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.String(length=200), nullable=True))
    with op.batch_alter_table("centre_correction") as batch:
        batch.add_column(sa.Column("withdrawn_at", _TS, nullable=True))
    op.create_table(
        "centre_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_audit")),
    )


def downgrade() -> None:
    """Drop them again."""
    op.drop_table("centre_audit")
    with op.batch_alter_table("centre_correction") as batch:
        batch.drop_column("withdrawn_at")
    with op.batch_alter_table("centre_conflict") as batch:
        batch.drop_column("resolved_by")
        batch.drop_column("resolved_value")
        batch.drop_column("resolution")
