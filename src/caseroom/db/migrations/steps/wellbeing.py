"""Migration step: Caregiver wellbeing check-ins, answers, safety flags and follow-ups."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import caseroom.db.types

_RECORD = (
    ("id", sa.Uuid(), False),
    ("created_at", caseroom.db.types.UTCDateTime(), False),
    ("updated_at", caseroom.db.types.UTCDateTime(), False),
    ("archived_at", caseroom.db.types.UTCDateTime(), True),
)


def _record_columns() -> list[sa.Column[object]]:
    return [sa.Column(name, kind, nullable=nullable) for name, kind, nullable in _RECORD]


def upgrade() -> None:
    """Create the check-in, safety flag and follow-up tables."""
    op.create_table(
        "wellbeing_checkin",
        *_record_columns(),
        sa.Column("caregiver_id", sa.Uuid(), nullable=False),
        sa.Column("instrument_id", sa.String(length=32), nullable=False),
        sa.Column("instrument_version", sa.String(length=32), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("scaled_total", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("confidentiality", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "total >= 0 AND scaled_total >= 0", name=op.f("ck_wellbeing_checkin_totals")
        ),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_wellbeing_checkin_caregiver_id_caregiver"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_wellbeing_checkin_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellbeing_checkin")),
    )
    with op.batch_alter_table("wellbeing_checkin", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wellbeing_checkin_caregiver_id"), ["caregiver_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_wellbeing_checkin_given_on"), ["given_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_wellbeing_checkin_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "wellbeing_flag",
        *_record_columns(),
        sa.Column("checkin_id", sa.Uuid(), nullable=False),
        sa.Column("caregiver_id", sa.Uuid(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by_id", sa.Uuid(), nullable=True),
        sa.Column("confidentiality", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_wellbeing_flag_caregiver_id_caregiver"),
        ),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["wellbeing_checkin.id"],
            name=op.f("fk_wellbeing_flag_checkin_id_wellbeing_checkin"),
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["staff.id"], name=op.f("fk_wellbeing_flag_closed_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellbeing_flag")),
    )
    with op.batch_alter_table("wellbeing_flag", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wellbeing_flag_caregiver_id"), ["caregiver_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_wellbeing_flag_checkin_id"), ["checkin_id"], unique=False
        )

    op.create_table(
        "wellbeing_followup",
        *_record_columns(),
        sa.Column("flag_id", sa.Uuid(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("to_whom", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("referral_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["flag_id"],
            ["wellbeing_flag.id"],
            name=op.f("fk_wellbeing_followup_flag_id_wellbeing_flag"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
            name=op.f("fk_wellbeing_followup_referral_id_referral"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_wellbeing_followup_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellbeing_followup")),
    )
    with op.batch_alter_table("wellbeing_followup", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wellbeing_followup_flag_id"), ["flag_id"], unique=False
        )


def downgrade() -> None:
    """Remove what this area added."""
    with op.batch_alter_table("wellbeing_followup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wellbeing_followup_flag_id"))
    op.drop_table("wellbeing_followup")
    with op.batch_alter_table("wellbeing_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wellbeing_flag_checkin_id"))
        batch_op.drop_index(batch_op.f("ix_wellbeing_flag_caregiver_id"))
    op.drop_table("wellbeing_flag")
    with op.batch_alter_table("wellbeing_checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wellbeing_checkin_instrument_id"))
        batch_op.drop_index(batch_op.f("ix_wellbeing_checkin_given_on"))
        batch_op.drop_index(batch_op.f("ix_wellbeing_checkin_caregiver_id"))
    op.drop_table("wellbeing_checkin")
