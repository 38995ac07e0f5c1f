"""Tables: earlier versions of plans and goals, the quarterly review's decisions, and the
room's own goals in the goal bank.

A `plan_revision` row is written for every change to a plan or one of its goals: who made
it, when (`created_at`), what kind of change (`action`, `services.plans.history`) and the
old and new value of each field that changed (`changes`: {field: [old, new]}). A goal
carried into a new plan names the goal it came from (`source_goal_id`), so its history
reaches back into earlier plans.
"""

import uuid
from typing import Any

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field

from caseroom.db.record import CODE, Record


class PlanRevision(Record, table=True):
    """One change to a plan or a goal, keeping the earlier values."""

    __tablename__ = "plan_revision"

    plan_id: uuid.UUID = Field(foreign_key="support_plan.id", index=True)
    goal_id: uuid.UUID | None = Field(default=None, foreign_key="goal.id", index=True)
    action: str = Field(sa_type=String(CODE))
    staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source_goal_id: uuid.UUID | None = Field(default=None, foreign_key="goal.id")


class GoalDecision(Record, table=True):
    """What a review decided for one goal, and the goal it became in the next plan."""

    __tablename__ = "goal_decision"
    __table_args__ = (UniqueConstraint("review_id", "goal_id", name="uq_goal_decision_goal"),)

    review_id: uuid.UUID = Field(foreign_key="plan_review.id", index=True)
    goal_id: uuid.UUID = Field(foreign_key="goal.id", index=True)
    decision: str = Field(sa_type=String(CODE))
    next_goal_id: uuid.UUID | None = Field(default=None, foreign_key="goal.id")


class BankGoal(Record, table=True):
    """A goal the room added to its goal bank (wording by field, then by language)."""

    __tablename__ = "bank_goal"

    key: str = Field(max_length=100, unique=True)
    domain: str = Field(sa_type=String(CODE))
    wording: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
