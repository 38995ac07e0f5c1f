"""an index of the planned sessions by day, for Today's "not written up"

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 01:00:00

Partial (planned, not archived) so that only a query for planned sessions can use it: a
plain (status, held_on) index made SQLite read a child's held sessions from all of them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PLANNED = "status = 'planned' AND archived_at IS NULL"


def upgrade() -> None:
    """Index the planned, unarchived sessions by the day they were planned for."""
    op.create_index(
        "ix_session_planned_day",
        "session_record",
        ["held_on"],
        unique=False,
        sqlite_where=sa.text(_PLANNED),
        postgresql_where=sa.text(_PLANNED),
    )


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_session_planned_day", table_name="session_record")
