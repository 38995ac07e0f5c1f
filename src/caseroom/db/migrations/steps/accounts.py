"""Migration step: Staff accounts, roles, confidentiality levels and access audit."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import caseroom.db.types


def upgrade() -> None:
    """Create the account table; add confidentiality levels to referrals and parent goals."""
    op.create_table(
        "account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("archived_at", caseroom.db.types.UTCDateTime(), nullable=True),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("username_key", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("lockouts", sa.Integer(), nullable=False),
        sa.Column("locked_until", caseroom.db.types.UTCDateTime(), nullable=True),
        sa.Column("last_login_at", caseroom.db.types.UTCDateTime(), nullable=True),
        sa.Column("password_changed_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("identified_access", sa.Boolean(), nullable=False),
        sa.Column("manages_accounts", sa.Boolean(), nullable=False),
        sa.CheckConstraint("failed_attempts >= 0", name=op.f("ck_account_failed_attempts")),
        sa.CheckConstraint("lockouts >= 0", name=op.f("ck_account_lockouts")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_account_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("staff_id", name=op.f("uq_account_staff_id")),
        sa.UniqueConstraint("username_key", name=op.f("uq_account_username_key")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "confidentiality",
                sa.String(length=32),
                server_default="specialist",
                nullable=False,
            )
        )
    # A caregiver's referral is the caregiver's own data.
    op.execute(
        sa.text("UPDATE referral SET confidentiality = 'parent' WHERE caregiver_id IS NOT NULL")
    )
    with op.batch_alter_table("parent_goal", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "confidentiality", sa.String(length=32), server_default="parent", nullable=False
            )
        )


def downgrade() -> None:
    """Remove what this area added."""
    with op.batch_alter_table("parent_goal", schema=None) as batch_op:
        batch_op.drop_column("confidentiality")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_column("confidentiality")
    op.drop_table("account")
