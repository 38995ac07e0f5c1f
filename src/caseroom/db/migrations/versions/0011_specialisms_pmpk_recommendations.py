"""staff specialisms; a PMPK conclusion's recommendations as conditions, specialists, programme

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 02:30:00

`staff.specialisms` is a JSON list of short texts (as `family.vulnerability`), empty for
the staff stored before. A conclusion's earlier free-text `recommendations` stays as it was
(shown as the commission's other recommendations); the three new fields start empty.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the specialisms and the three structured recommendation fields."""
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("specialisms", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("pmpk_conclusion") as batch:
        batch.add_column(sa.Column("conditions", sa.Text(), nullable=True))
        batch.add_column(sa.Column("specialists", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("programme", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop them (the earlier free-text recommendations were never touched)."""
    with op.batch_alter_table("pmpk_conclusion") as batch:
        batch.drop_column("programme")
        batch.drop_column("specialists")
        batch.drop_column("conditions")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("specialisms")
