"""plans keep their history: earlier versions of plans and goals, review decisions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import caseroom.db.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("archived_at", caseroom.db.types.UTCDateTime(), nullable=True),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _index(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "plan_revision",
        *_record_columns(),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("source_goal_id", sa.Uuid(), nullable=True),
        _fk("plan_revision", "plan_id", "support_plan"),
        _fk("plan_revision", "goal_id", "goal"),
        _fk("plan_revision", "staff_id", "staff"),
        _fk("plan_revision", "source_goal_id", "goal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_revision")),
    )
    _index("plan_revision", "plan_id")
    _index("plan_revision", "goal_id")
    op.create_table(
        "goal_decision",
        *_record_columns(),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("next_goal_id", sa.Uuid(), nullable=True),
        _fk("goal_decision", "review_id", "plan_review"),
        _fk("goal_decision", "goal_id", "goal"),
        _fk("goal_decision", "next_goal_id", "goal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_decision")),
        sa.UniqueConstraint("review_id", "goal_id", name=op.f("uq_goal_decision_goal")),
    )
    _index("goal_decision", "review_id")
    _index("goal_decision", "goal_id")
    op.create_table(
        "bank_goal",
        *_record_columns(),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("wording", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_goal")),
        sa.UniqueConstraint("key", name=op.f("uq_bank_goal_key")),
    )


def downgrade() -> None:
    for table in ("bank_goal", "goal_decision", "plan_revision"):
        op.drop_table(table)
