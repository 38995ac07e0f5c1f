"""Every kind of record the app archives and restores: its services, its table and label.

One table for the archive dialog, the "Restore" actions and Undo: a screen names the kind
("child", "plan", ...) and the record's id; this module knows which service archives it
(with a reason), which restores it, which table an edit's earlier values come from and
what the pages must refresh afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import SQLModel

from caseroom.db import models as m
from caseroom.db import models_wellbeing as w
from caseroom.i18n import N_, _
from caseroom.services.parents import archive as parents_archive
from caseroom.services.parents import consents, goals, groups, practice, referrals
from caseroom.services.people import archive as people_archive
from caseroom.services.people import caregivers, children, families
from caseroom.services.permissions import Permission
from caseroom.services.plans import archive as plans_archive
from caseroom.services.plans import goals as plan_goals
from caseroom.services.plans import plans, pmpk
from caseroom.services.sessions import archive as sessions_archive
from caseroom.services.wellbeing import checkin_archive


@dataclass(frozen=True, slots=True)
class ArchiveKind:
    """How one kind of record is archived, restored and reverted."""

    name: str
    label: str
    """The record in a sentence, English (translate with `_()`): "child's record"."""
    model: type[SQLModel]
    entity: str
    """The audit trail's name of the kind."""
    archive: Callable[..., Any]
    """`archive(session, actor=..., <id_arg>=..., reason=...)`."""
    restore: Callable[..., Any]
    """`restore(session, actor=..., <id_arg>=...)`."""
    id_arg: str
    changes: frozenset[str]
    permission: Permission = Permission.EDIT_RECORDS

    def archive_it(self, session: Any, actor: Any, record_id: Any, reason: str | None) -> None:
        """Archive the record with `reason` (a code of `ArchiveReason`; None: none given)."""
        self.archive(session, actor=actor, reason=reason, **{self.id_arg: record_id})

    def restore_it(self, session: Any, actor: Any, record_id: Any) -> None:
        """Bring the archived record back as it was."""
        self.restore(session, actor=actor, **{self.id_arg: record_id})

    @property
    def title(self) -> str:
        """The translated label."""
        return _(self.label)


def _archive_meeting(session: Any, **kwargs: Any) -> None:
    """Meetings are imported when used (their notes' module changes with the notes store)."""
    from caseroom.services.parents import meeting_archive

    meeting_archive.archive_meeting_for(session, **kwargs)


def _restore_meeting(session: Any, **kwargs: Any) -> None:
    from caseroom.services.parents import meeting_archive

    meeting_archive.restore_meeting(session, **kwargs)


def _kind(
    name: str, label: str, model: type[SQLModel], entity: str, *rest: Any, **kw: Any
) -> ArchiveKind:
    return ArchiveKind(name, label, model, entity, *rest, **kw)


KINDS: dict[str, ArchiveKind] = {
    kind.name: kind
    for kind in (
        _kind(
            "child",
            N_("child's record"),
            m.Child,
            "child",
            children.archive_child,
            people_archive.restore_child,
            "child_id",
            frozenset({"child", "family"}),
        ),
        _kind(
            "family",
            N_("family"),
            m.Family,
            "family",
            families.archive_family,
            people_archive.restore_family,
            "family_id",
            frozenset({"family", "child"}),
        ),
        _kind(
            "caregiver",
            N_("caregiver"),
            m.Caregiver,
            "caregiver",
            caregivers.archive_caregiver,
            people_archive.restore_caregiver,
            "caregiver_id",
            frozenset({"family", "caregiver"}),
        ),
        _kind(
            "session",
            N_("session"),
            m.SessionRecord,
            "session",
            sessions_archive.archive_session_for,
            sessions_archive.restore_session,
            "session_id",
            frozenset({"session", "child", "timetable"}),
            Permission.SCHEDULE_SESSIONS,
        ),
        _kind(
            "plan",
            N_("support plan"),
            m.SupportPlan,
            "support_plan",
            plans.archive_plan,
            plans_archive.restore_plan,
            "plan_id",
            frozenset({"plan"}),
        ),
        _kind(
            "goal",
            N_("goal"),
            m.Goal,
            "goal",
            plan_goals.archive_goal,
            plans_archive.restore_goal,
            "goal_id",
            frozenset({"plan"}),
        ),
        _kind(
            "pmpk",
            N_("PMPK conclusion"),
            m.PmpkConclusion,
            "pmpk_conclusion",
            pmpk.archive_conclusion,
            plans_archive.restore_conclusion,
            "conclusion_id",
            frozenset({"pmpk", "child"}),
        ),
        _kind(
            "consent",
            N_("consent"),
            m.Consent,
            "consent",
            consents.archive_consent,
            parents_archive.restore_consent,
            "consent_id",
            frozenset({"consent"}),
        ),
        _kind(
            "referral",
            N_("referral"),
            m.Referral,
            "referral",
            referrals.archive_referral,
            parents_archive.restore_referral,
            "referral_id",
            frozenset({"referral"}),
        ),
        _kind(
            "group",
            N_("support group"),
            m.ParentGroup,
            "parent_group",
            groups.archive_group,
            parents_archive.restore_group,
            "group_id",
            frozenset({"group"}),
        ),
        _kind(
            "meeting",
            N_("group meeting"),
            m.GroupMeeting,
            "group_meeting",
            _archive_meeting,
            _restore_meeting,
            "meeting_id",
            frozenset({"group", "meeting"}),
        ),
        _kind(
            "checkin",
            N_("wellbeing check-in"),
            w.WellbeingCheckin,
            "wellbeing_checkin",
            checkin_archive.archive_checkin_for,
            checkin_archive.restore_checkin,
            "checkin_id",
            frozenset({"wellbeing"}),
        ),
        _kind(
            "practice",
            N_("home practice"),
            m.HomePractice,
            "home_practice",
            practice.archive_practice,
            parents_archive.restore_practice,
            "practice_id",
            frozenset({"practice"}),
        ),
        _kind(
            "parent_goal",
            N_("parent's goal"),
            m.ParentGoal,
            "parent_goal",
            goals.archive_parent_goal,
            parents_archive.restore_parent_goal,
            "goal_id",
            frozenset({"parent_goal"}),
        ),
    )
}
"""Every archivable kind by its name."""


def kind(name: str) -> ArchiveKind:
    """The kind called `name` (KeyError for one the app does not archive)."""
    return KINDS[name]
