"""indexes of the planned sessions and the pending home practice, for Today

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 01:00:00

Both partial (planned or pending, not archived), so that only a query for those rows can
use them: a plain (status, held_on) index made SQLite read a child's held sessions from all
of them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PLANNED = "status = 'planned' AND archived_at IS NULL"
_PENDING = "outcome = 'pending' AND archived_at IS NULL"


def upgrade() -> None:
    """Index the planned sessions by day and the pending tasks by due and given day."""
    op.create_index(
        "ix_session_planned_day",
        "session_record",
        ["held_on"],
        unique=False,
        sqlite_where=sa.text(_PLANNED),
        postgresql_where=sa.text(_PLANNED),
    )
    op.create_index(
        "ix_practice_pending_due",
        "home_practice",
        ["due_on", "given_on"],
        unique=False,
        sqlite_where=sa.text(_PENDING),
        postgresql_where=sa.text(_PENDING),
    )


def downgrade() -> None:
    """Drop the indexes."""
    op.drop_index("ix_practice_pending_due", table_name="home_practice")
    op.drop_index("ix_session_planned_day", table_name="session_record")
