"""sortable names, wellbeing check-ins, accounts and confidentiality

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:30:00
"""

from collections.abc import Sequence

from caseroom.db.migrations.steps import accounts, sort_names, wellbeing

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sort_names.upgrade()
    wellbeing.upgrade()
    accounts.upgrade()


def downgrade() -> None:
    accounts.downgrade()
    wellbeing.downgrade()
    sort_names.downgrade()
