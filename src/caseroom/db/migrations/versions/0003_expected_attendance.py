"""people at a planned session are expected, not present

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 05:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE attendance SET status = 'expected' WHERE status = 'present' AND session_id IN "
        "(SELECT id FROM session_record WHERE status = 'planned')"
    )


def downgrade() -> None:
    op.execute("UPDATE attendance SET status = 'present' WHERE status = 'expected'")
