"""a weekly timetable: recurring sessions and their exceptions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import caseroom.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", caseroom.db.types.UTCDateTime(), nullable=False),
        sa.Column("archived_at", caseroom.db.types.UTCDateTime(), nullable=True),
    ]


def _index(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "timetable_series",
        *_record_columns(),
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_timetable_series_weekday")),
        sa.CheckConstraint("minutes BETWEEN 1 AND 600", name=op.f("ck_timetable_series_minutes")),
        sa.CheckConstraint(
            "every_weeks BETWEEN 1 AND 8", name=op.f("ck_timetable_series_every_weeks")
        ),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_timetable_series_dates")
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_timetable_series_room_id_room")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_timetable_series_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timetable_series")),
    )
    _index("timetable_series", "room_id")
    _index("timetable_series", "staff_id")

    op.create_table(
        "timetable_series_child",
        sa.Column("series_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_timetable_series_child_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["timetable_series.id"],
            name=op.f("fk_timetable_series_child_series_id_timetable_series"),
        ),
        sa.PrimaryKeyConstraint("series_id", "child_id", name=op.f("pk_timetable_series_child")),
    )
    _index("timetable_series_child", "child_id")

    op.create_table(
        "timetable_exception",
        *_record_columns(),
        sa.Column("series_id", sa.Uuid(), nullable=False),
        sa.Column("falls_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["timetable_series.id"],
            name=op.f("fk_timetable_exception_series_id_timetable_series"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timetable_exception")),
        sa.UniqueConstraint("series_id", "falls_on", name="uq_timetable_exception"),
    )
    _index("timetable_exception", "series_id")

    op.create_table(
        "timetable_occurrence",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("series_id", sa.Uuid(), nullable=False),
        sa.Column("falls_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["timetable_series.id"],
            name=op.f("fk_timetable_occurrence_series_id_timetable_series"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session_record.id"],
            name=op.f("fk_timetable_occurrence_session_id_session_record"),
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_timetable_occurrence")),
    )
    with op.batch_alter_table("timetable_occurrence", schema=None) as batch_op:
        batch_op.create_index(
            "ix_timetable_occurrence_series_day", ["series_id", "falls_on"], unique=False
        )

    op.create_table(
        "school_holiday",
        *_record_columns(),
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.CheckConstraint("starts_on <= ends_on", name=op.f("ck_school_holiday_dates")),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_school_holiday_room_id_room")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_holiday")),
    )
    _index("school_holiday", "room_id")


def downgrade() -> None:
    for table in (
        "school_holiday",
        "timetable_occurrence",
        "timetable_exception",
        "timetable_series_child",
        "timetable_series",
    ):
        op.drop_table(table)
