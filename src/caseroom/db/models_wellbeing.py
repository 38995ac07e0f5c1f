"""Tables: Caregiver wellbeing check-ins, their answers, safety flags and follow-ups.

A check-in keeps the answers as given (JSON: item number → option value) and the scores
worked out when it was given, so a later change to an instrument file never rewrites
history. Check-ins are the caregiver's own data; safety flags are safeguarding records.
"""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, String, Text
from sqlmodel import Field

from caseroom.db.record import CODE, Record


class WellbeingCheckin(Record, table=True):
    """One screening instrument given to a caregiver on a day."""

    __tablename__ = "wellbeing_checkin"
    __table_args__ = (CheckConstraint("total >= 0 AND scaled_total >= 0", name="totals"),)

    caregiver_id: uuid.UUID = Field(foreign_key="caregiver.id", index=True)
    instrument_id: str = Field(sa_type=String(CODE), index=True)
    instrument_version: str = Field(default="1", sa_type=String(CODE))
    given_on: date = Field(index=True)
    mode: str = Field(sa_type=String(CODE))
    # {"1": 0, "2": 3, ...}: the option values as given (null = not answered).
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    total: int
    scaled_total: int
    band: str | None = Field(default=None, sa_type=String(CODE))
    note: str | None = Field(default=None, sa_type=Text)
    staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    confidentiality: str = Field(default="parent", sa_type=String(CODE))


class WellbeingFlag(Record, table=True):
    """A safety flag: a check-in answered above 0 on a self-harm item (PHQ-9 9, EPDS 10)."""

    __tablename__ = "wellbeing_flag"

    checkin_id: uuid.UUID = Field(foreign_key="wellbeing_checkin.id", index=True)
    caregiver_id: uuid.UUID = Field(foreign_key="caregiver.id", index=True)
    # The item numbers that raised the flag, e.g. [9].
    items: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    raised_on: date
    closed_on: date | None = None
    closed_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    confidentiality: str = Field(default="safeguarding", sa_type=String(CODE))


class WellbeingFollowup(Record, table=True):
    """What was done about a safety flag: talked today, referred, contacted someone."""

    __tablename__ = "wellbeing_followup"

    flag_id: uuid.UUID = Field(foreign_key="wellbeing_flag.id", index=True)
    # vocab.FollowupAction codes, e.g. ["talked_today", "referred"].
    actions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    to_whom: str | None = Field(default=None, sa_type=String(300))
    note: str | None = Field(default=None, sa_type=Text)
    done_on: date
    staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    referral_id: uuid.UUID | None = Field(default=None, foreign_key="referral.id")
