"""Tables: how support-group meetings are held, peer-support parents and parents' feedback.

A meeting's form, place and the help it offered are columns of `group_meeting` itself
(`models.GroupMeeting`); here are the peer-support parents of a group and the feedback
slips mothers fill in after a meeting. A slip keeps its answers as given (JSON: question
id → value, yes/no as 1/0) with the version of the questions file it was answered on,
so a centre replacing the questions never rewrites what was said. A slip is anonymous
unless the mother chose to sign it (`caregiver_id`).
"""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, Column, String, Text, UniqueConstraint
from sqlmodel import Field

from caseroom.db.record import CODE, Record


class PeerSupportParent(Record, table=True):
    """A caregiver who co-leads a group with her lived experience (she has no account)."""

    __tablename__ = "peer_support_parent"
    __table_args__ = (UniqueConstraint("group_id", "caregiver_id", name="uq_peer_support_parent"),)

    group_id: uuid.UUID = Field(foreign_key="parent_group.id", index=True)
    caregiver_id: uuid.UUID = Field(foreign_key="caregiver.id", index=True)
    since: date
    until: date | None = None
    co_facilitator: bool = Field(default=True)


class GroupFeedback(Record, table=True):
    """One mother's feedback slip on a meeting: answers by question and a free comment."""

    __tablename__ = "group_feedback"

    meeting_id: uuid.UUID = Field(foreign_key="group_meeting.id", index=True)
    caregiver_id: uuid.UUID | None = Field(default=None, foreign_key="caregiver.id")
    # {"welcome": 5, "come_again": 1, ...}: the values as given (null = not answered).
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    comment: str | None = Field(default=None, sa_type=Text)
    questions_version: str = Field(default="1", sa_type=String(CODE))
    on_paper: bool = Field(default=True)
    entered_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
