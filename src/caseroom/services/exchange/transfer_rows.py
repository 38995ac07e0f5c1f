"""The rows a transfer file becomes in the receiving room (used by `transfer_write`).

`RowWriter` adds each record with a new id and an `import` audit event naming the
transfer and the record's id in the sending room; in a merge it leaves out the PMPK
conclusions and consents already here and reuses the caregivers already in the family.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    ChildSenCategory,
    Consent,
    Family,
    Goal,
    GoalRating,
    PlanReview,
    PmpkConclusion,
    SenCategory,
    SessionRecord,
    Staff,
    SupportPlan,
)
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.names import fold_name, search_key, sort_key
from caseroom.services.common import Actor, audit
from caseroom.services.exchange.transfer_import import OpenedTransfer
from caseroom.services.permissions import SPECIALIST_ROLES
from caseroom.vocab import AttendanceStatus, SessionStatus


def day_text(value: date) -> str:
    """A day as people write it (31.12.2026)."""
    return value.strftime("%d.%m.%Y")


class RowWriter:
    """Adds the file's records to this room, counting them."""

    def __init__(self, session: Session, actor: Actor, opened: OpenedTransfer, today: date) -> None:
        self.session, self.actor, self.opened, self.today = session, actor, opened, today
        self.caregivers: dict[uuid.UUID, uuid.UUID] = {}
        self.counts = {"plans": 0, "pmpk": 0, "consents": 0, "sessions": 0, "caregivers": 0}

    def add(self, record: Any, entity: str, source: uuid.UUID | None) -> Any:
        self.session.add(record)
        self.session.flush()
        details = {"transfer_id": str(self.opened.transfer_id)}
        if source is not None:
            details["source_id"] = str(source)
        audit(
            self.session,
            actor=self.actor,
            action="import",
            entity=entity,
            entity_id=record.id,
            details=details,
        )
        return record

    def origin_line(self) -> str:
        opened = self.opened
        return _(
            "Transferred from {school}, {room} (case number there {case}); file made on "
            "{made}, taken in on {today}."
        ).format(
            school=opened.from_school,
            room=opened.from_room,
            case=opened.child["case_number"],
            made=day_text(opened.made_on),
            today=day_text(self.today),
        )

    def caregiver(self, family: Family, raw: dict[str, Any], existing: list[Caregiver]) -> None:
        key = (fold_name(raw["last_name"]), fold_name(raw["first_name"]))
        for other in existing:
            if (fold_name(other.last_name), fold_name(other.first_name)) == key:
                self.caregivers[raw["id"]] = other.id
                return
        fields = {k: v for k, v in raw.items() if k != "id"}
        record = Caregiver(family_id=family.id, **fields)
        record.search_key = search_key(record.last_name, record.first_name, record.patronymic)
        record.sort_name = sort_key(record.last_name, record.first_name, record.patronymic)
        self.add(record, "caregiver", raw["id"])
        self.caregivers[raw["id"]] = record.id
        self.counts["caregivers"] += 1

    def records(self, child: Child, staff_id: uuid.UUID, merged: bool) -> None:
        have = set()
        if merged:
            have = set(
                tuple(row)
                for row in self.session.execute(
                    select(col(PmpkConclusion.number), col(PmpkConclusion.issued_on)).where(
                        col(PmpkConclusion.child_id) == child.id
                    )
                )
            )
        for raw in self.opened.pmpk:
            if (raw["number"], raw["issued_on"]) in have:
                continue
            fields = {k: v for k, v in raw.items() if k != "id"}
            self.add(PmpkConclusion(child_id=child.id, **fields), "pmpk_conclusion", raw["id"])
            self.counts["pmpk"] += 1
        for raw in self.opened.plans:
            self.plan(child, raw)
        self.consents(child, staff_id, merged)
        for raw in self.opened.sessions:
            self.held_session(child, staff_id, raw)

    def plan(self, child: Child, raw: dict[str, Any]) -> None:
        fields = {k: raw[k] for k in ("starts_on", "ends_on", "status", "next_review_on", "notes")}
        plan = self.add(SupportPlan(child_id=child.id, **fields), "support_plan", raw["id"])
        self.counts["plans"] += 1
        for review in raw["reviews"]:
            record = PlanReview(
                plan_id=plan.id, reviewed_on=review["reviewed_on"], summary=review["summary"]
            )
            self.add(record, "plan_review", review["id"])
        for goal_raw in raw["goals"]:
            fields = {k: v for k, v in goal_raw.items() if k not in ("id", "ratings")}
            if fields["sort_order"] is None:
                fields["sort_order"] = 0
            goal = self.add(Goal(plan_id=plan.id, **fields), "goal", goal_raw["id"])
            for rating in goal_raw["ratings"]:
                fields = {k: v for k, v in rating.items() if k != "id"}
                self.add(GoalRating(goal_id=goal.id, **fields), "goal_rating", rating["id"])

    def consents(self, child: Child, staff_id: uuid.UUID, merged: bool) -> None:
        have = set()
        if merged:
            have = set(
                tuple(row)
                for row in self.session.execute(
                    select(col(Consent.scope), col(Consent.given_on)).where(
                        col(Consent.child_id) == child.id
                    )
                )
            )
        for raw in self.opened.consents:
            caregiver = self.caregivers.get(raw["caregiver"]) if raw["caregiver"] else None
            if caregiver is None and (raw["scope"], raw["given_on"]) in have:
                continue
            fields = {k: v for k, v in raw.items() if k not in ("id", "caregiver", "signer")}
            record = Consent(
                child_id=None if caregiver else child.id,
                caregiver_id=caregiver,
                signer_caregiver_id=self.caregivers.get(raw["signer"]) if raw["signer"] else None,
                recorded_by_id=staff_id,
                **fields,
            )
            self.add(record, "consent", raw["id"])
            self.counts["consents"] += 1

    def held_session(self, child: Child, staff_id: uuid.UUID, raw: dict[str, Any]) -> None:
        names = ("held_on", "starts_at", "minutes", "kind", "confidentiality", "topic", "notes")
        fields = {name: raw[name] for name in (*names, "agreed")}
        record = SessionRecord(
            room_id=child.room_id, staff_id=staff_id, status=SessionStatus.HELD.value, **fields
        )
        self.add(record, "session", raw["id"])
        attendance = Attendance(
            session_id=record.id, child_id=child.id, status=raw["attendance"], reason=raw["reason"]
        )
        self.session.add(attendance)
        self.counts["sessions"] += 1


def receiving_staff(session: Session, actor: Actor) -> uuid.UUID:
    """Who records the file's consents and sessions here: the actor, else a specialist."""
    if actor.staff_id is not None:
        return actor.staff_id
    rows = session.execute(
        select(col(Staff.id), col(Staff.role))
        .where(col(Staff.archived_at).is_(None))
        .order_by(col(Staff.last_name), col(Staff.first_name))
    ).all()
    chosen = next((row[0] for row in rows if row[1] in SPECIALIST_ROLES), None)
    if chosen is None and rows:
        chosen = rows[0][0]
    if chosen is None:
        raise UserError(
            _("Add a member of staff to the room first: the child's records are kept under one.")
        )
    return chosen


def link_sen(session: Session, child_id: uuid.UUID, codes: list[str]) -> None:
    """Give the child the file's SEN categories this room knows (and she lacks)."""
    known = set(session.execute(select(col(SenCategory.code))).scalars())
    have = set(
        session.execute(
            select(col(ChildSenCategory.category_code)).where(
                col(ChildSenCategory.child_id) == child_id
            )
        ).scalars()
    )
    session.add_all(
        ChildSenCategory(child_id=child_id, category_code=code)
        for code in dict.fromkeys(codes)
        if code in known and code not in have
    )


def refresh_sessions(session: Session, child: Child) -> None:
    """Recount the child's attended sessions and last session day."""
    session.flush()
    last, count = session.execute(
        select(func.max(col(SessionRecord.held_on)), func.count())
        .select_from(Attendance)
        .join(SessionRecord, col(SessionRecord.id) == col(Attendance.session_id))
        .where(
            col(Attendance.child_id) == child.id,
            col(Attendance.status) == AttendanceStatus.PRESENT.value,
            col(Attendance.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.HELD.value,
            col(SessionRecord.archived_at).is_(None),
        )
    ).one()
    child.last_session_on = last
    child.sessions_attended = count
    session.add(child)
