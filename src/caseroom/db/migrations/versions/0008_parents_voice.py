"""support group meetings mothers can reach: form, help offered, peer-support parents, feedback

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import caseroom.db.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("archived_at", caseroom.db.types.UTCDateTime(), nullable=True),
    ]


def upgrade() -> None:
    """Add the meeting's form, place and help; create peer-support parents and feedback."""
    with op.batch_alter_table("group_meeting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "meeting_format", sa.String(length=32), server_default="in_person", nullable=False
            )
        )
        batch_op.add_column(sa.Column("place", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("help_offered", sa.JSON(), server_default="[]", nullable=False)
        )
    op.create_table(
        "peer_support_parent",
        *_record_columns(),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("caregiver_id", sa.Uuid(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("co_facilitator", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_peer_support_parent_caregiver_id_caregiver"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["parent_group.id"],
            name=op.f("fk_peer_support_parent_group_id_parent_group"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_support_parent")),
        sa.UniqueConstraint("group_id", "caregiver_id", name="uq_peer_support_parent"),
    )
    with op.batch_alter_table("peer_support_parent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_peer_support_parent_caregiver_id"), ["caregiver_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_peer_support_parent_group_id"), ["group_id"], unique=False
        )
    op.create_table(
        "group_feedback",
        *_record_columns(),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("caregiver_id", sa.Uuid(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("questions_version", sa.String(length=32), nullable=False),
        sa.Column("on_paper", sa.Boolean(), nullable=False),
        sa.Column("entered_by_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_group_feedback_caregiver_id_caregiver"),
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["staff.id"], name=op.f("fk_group_feedback_entered_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["group_meeting.id"],
            name=op.f("fk_group_feedback_meeting_id_group_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_feedback")),
    )
    with op.batch_alter_table("group_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_feedback_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    """Drop the feedback and peer-support tables and the meeting's new columns."""
    with op.batch_alter_table("group_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_feedback_meeting_id"))
    op.drop_table("group_feedback")
    with op.batch_alter_table("peer_support_parent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_peer_support_parent_group_id"))
        batch_op.drop_index(batch_op.f("ix_peer_support_parent_caregiver_id"))
    op.drop_table("peer_support_parent")
    with op.batch_alter_table("group_meeting", schema=None) as batch_op:
        batch_op.drop_column("help_offered")
        batch_op.drop_column("place")
        batch_op.drop_column("meeting_format")
