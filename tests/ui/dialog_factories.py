"""Every dialog of the app, built on the demo database: for tests that walk them all.

`DIALOGS` names each dialog class with a function that builds it from `Records` (ids and
read records taken once from the demo) and an `AppContext`. A test opens each, checks
what it must (the first field has the focus, the Alt shortcuts are unique) and closes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, PmpkConclusion, SupportPlan
from caseroom.services.accounts.records import AccountRead
from caseroom.services.common import SYSTEM
from caseroom.services.parents.consents import list_consents
from caseroom.services.parents.goals import list_parent_goals
from caseroom.services.parents.groups import GroupRead, list_groups
from caseroom.services.people.families import FamilyRead, get_family
from caseroom.services.people.staff import StaffRead, list_staff
from caseroom.services.plans.plans import GoalRead, PlanRead, get_plan
from caseroom.services.plans.pmpk import ConclusionRead, conclusions_of_child
from caseroom.ui.context import AppContext

DEMO_TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class Records:
    """What the dialogs are opened on: one child with a plan and goal, her family."""

    child_id: uuid.UUID
    child_name: str
    case_number: str
    family: FamilyRead
    caregiver_id: uuid.UUID
    caregiver_name: str
    plan: PlanRead
    goal: GoalRead
    group: GroupRead
    staff: list[StaffRead]
    conclusion: ConclusionRead | None
    db_path: Path
    consent: Any
    parent_goal: Any


def read_records(engine: Any, db_path: Path) -> Records:
    """A child of the demo that has a plan with goals, and what goes with her."""
    with Session(engine) as session:
        plan_id, child_id = session.execute(
            select(col(SupportPlan.id), col(SupportPlan.child_id))
            .where(col(SupportPlan.archived_at).is_(None))
            .order_by(col(SupportPlan.starts_on).desc())
        ).first()  # type: ignore[misc]
        plan = get_plan(session, actor=SYSTEM, plan_id=plan_id)
        child = session.get(Child, child_id)
        assert child is not None and plan.goals
        family = get_family(session, actor=SYSTEM, family_id=child.family_id)
        carer = (
            session.execute(select(Caregiver).where(col(Caregiver.family_id) == child.family_id))
            .scalars()
            .first()
        )
        assert carer is not None
        conclusions = conclusions_of_child(session, actor=SYSTEM, child_id=child.id)
        consents = list_consents(session, actor=SYSTEM, child_id=child.id)
        goals = list_parent_goals(session, actor=SYSTEM, caregiver_id=carer.id)
        any_conclusion = session.execute(select(col(PmpkConclusion.id))).first()
        assert any_conclusion is not None
        return Records(
            child_id=child.id,
            child_name=f"{child.last_name} {child.first_name}",
            case_number=child.case_number,
            family=family,
            caregiver_id=carer.id,
            caregiver_name=f"{carer.last_name} {carer.first_name}",
            plan=plan,
            goal=plan.goals[0],
            group=list_groups(session, actor=SYSTEM)[0],
            staff=list_staff(session, actor=SYSTEM),
            conclusion=conclusions[0] if conclusions else None,
            db_path=db_path,
            consent=consents[0] if consents else None,
            parent_goal=goals[0] if goals else None,
        )


def _account(records: Records) -> AccountRead:
    member = records.staff[0]
    return AccountRead(
        id=uuid.uuid4(),
        staff_id=member.id,
        username="dana",
        staff_name=f"{member.last_name} {member.first_name}",
        role=member.role,
        must_change_password=False,
        identified_access=True,
        failed_attempts=0,
        locked_until=None,
        last_login_at=None,
        password_changed_at=datetime(2026, 9, 1),
        archived=False,
    )


Factory = Callable[[AppContext, Records, QWidget], QWidget]


def _family(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.family_form import FamilyForm

    return FamilyForm(c, parent=p)


def _edit_family(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.family_form import FamilyForm

    return FamilyForm(c, r.family, parent=p)


def _caregiver(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.caregiver_form import CaregiverForm

    return CaregiverForm(c, r.family.id, parent=p)


def _group(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.group_form import GroupForm

    return GroupForm(c, r.staff, parent=p)


def _member(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.group_form import MemberForm

    return MemberForm(c, r.group, parent=p)


def _meeting(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.meeting_form import MeetingForm

    return MeetingForm(c, r.group, r.staff, parent=p)


def _feedback(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.services.parents.groups import list_members
    from caseroom.services.parents.meetings import list_meetings
    from caseroom.ui.dialogs.feedback_form import FeedbackForm

    with Session(c.engine) as session:
        meetings = list_meetings(session, actor=SYSTEM, group_id=r.group.id)
        members = list_members(session, actor=SYSTEM, group_id=r.group.id)
    return FeedbackForm(c, meetings, members, parent=p)


def _peer_parent(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.services.parents.groups import list_members
    from caseroom.ui.dialogs.peer_parent_form import PeerParentForm

    with Session(c.engine) as session:
        members = list_members(session, actor=SYSTEM, group_id=r.group.id)
    return PeerParentForm(c, r.group, members, parent=p)


def _end_peer_parent(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.services.parents.peer_support import list_peer_parents
    from caseroom.ui.dialogs.peer_parent_form import EndPeerParentForm

    with Session(c.engine) as session:
        peers = list_peer_parents(session, actor=SYSTEM, group_id=r.group.id)
    return EndPeerParentForm(c, r.group, peers, parent=p)


def _feedback_slips(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.services.parents.groups import list_members
    from caseroom.services.parents.meetings import list_meetings
    from caseroom.ui.dialogs.feedback_slips import FeedbackSlipsDialog

    with Session(c.engine) as session:
        meetings = list_meetings(session, actor=SYSTEM, group_id=r.group.id)
        members = list_members(session, actor=SYSTEM, group_id=r.group.id)
    return FeedbackSlipsDialog(c, r.group.id, meetings, members, parent=p)


def _barrier(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.barrier_form import BarrierForm

    return BarrierForm(c, r.family.id, parent=p)


def _child(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.child_form import ChildForm

    return ChildForm(c, today=DEMO_TODAY, parent=p)


def _plan(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.plan_form import PlanForm

    return PlanForm(c, r.child_id, today=DEMO_TODAY, parent=p)


def _review(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.plan_form import ReviewForm

    return ReviewForm(c, r.plan, today=DEMO_TODAY, parent=p)


def _goal(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.goal_form import GoalForm

    return GoalForm(c, r.plan.id, parent=p)


def _goal_bank(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.goal_bank_dialog import GoalBankDialog

    return GoalBankDialog(c, domain=r.goal.domain, parent=p)


def _goal_history(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.goal_history import GoalHistoryDialog

    return GoalHistoryDialog(c, r.goal.id, r.goal.description, parent=p)


def _copy_forward(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.copy_forward import CopyForwardDialog

    return CopyForwardDialog(c, r.plan, parent=p)


def _review_decisions(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.review_decisions import ReviewDecisionsDialog

    return ReviewDecisionsDialog(c, r.plan, today=DEMO_TODAY, parent=p)


def _rating(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.rating_form import RatingForm

    return RatingForm(c, r.child_id, r.plan, r.goal, today=DEMO_TODAY, parent=p)


def _consent(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.consent_form import ConsentRecordForm, ConsentSubject

    subject = ConsentSubject(
        r.child_name, child_id=r.child_id, signers=((r.caregiver_id, r.caregiver_name),)
    )
    return ConsentRecordForm(c, subject, today=DEMO_TODAY, parent=p)


def _withdraw(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.consent_withdraw import ConsentWithdrawForm

    assert r.consent is not None
    return ConsentWithdrawForm(c, r.consent, today=DEMO_TODAY, parent=p)


def _referral(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.referral_form import ReferralForm, ReferralSubject

    return ReferralForm(c, ReferralSubject(r.child_id, r.child_name), today=DEMO_TODAY, parent=p)


def _followup(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.followup_dialog import FollowupDialog

    return FollowupDialog(
        c, uuid.uuid4(), "PHQ-2: 4", raised_on=DEMO_TODAY, today=DEMO_TODAY, parent=p
    )


def _close_flag(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.services.wellbeing.flags import FlagRead, FollowupRead
    from caseroom.ui.dialogs.close_flag_dialog import CloseFlagDialog

    flag_id = uuid.uuid4()
    followup = FollowupRead(
        uuid.uuid4(), flag_id, ("talked_today", "referred"), "Polyclinic No. 3",
        "She agreed to go on Monday", DEMO_TODAY, None, None,
    )  # fmt: skip
    flag = FlagRead(
        flag_id, uuid.uuid4(), r.caregiver_id, r.caregiver_name, (r.child_name,), "phq9",
        "PHQ-9", (9,), DEMO_TODAY, (followup,), None,
    )  # fmt: skip
    return CloseFlagDialog(c, flag, today=DEMO_TODAY, parent=p)


def _session(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from tests.ui.conftest import RecordingNavigator

    from caseroom.ui.dialogs.session_dialog import SessionDialog

    return SessionDialog(c, RecordingNavigator(), child_id=r.child_id, parent=p)


def _note_search(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from tests.ui.conftest import RecordingNavigator

    from caseroom.ui.dialogs.note_search import NoteSearchDialog

    return NoteSearchDialog(c, RecordingNavigator(), parent=p)


def _new_account(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.account_form import AccountForm

    return AccountForm(c, parent=p)


def _change_password(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.password_form import ChangePasswordForm

    return ChangePasswordForm(c, _account(r), parent=p)


def _reset_password(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.password_form import ResetPasswordForm

    return ResetPasswordForm(c, _account(r), parent=p)


def _confirm_notes_access(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.notes_access_form import ConfirmNotesAccessForm

    return ConfirmNotesAccessForm(c, _account(r), parent=p)


def _encrypt(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.passphrase_form import EncryptForm

    return EncryptForm(parent=p)


def _change_passphrase(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.passphrase_form import ChangePassphraseForm

    return ChangePassphraseForm(c, r.db_path, parent=p)


def _child_report(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.child_report_dialog import ChildReportDialog

    return ChildReportDialog(
        c, r.child_id, r.case_number, r.child_name, today=lambda: DEMO_TODAY, parent=p
    )


def _print_form(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.print_form_dialog import PrintFormDialog

    children = [(r.child_id, r.case_number, r.child_name)]
    return PrintFormDialog(c, children, today=lambda: DEMO_TODAY, parent=p)


def _print_form_family(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.print_form_dialog import PrintFormDialog

    children = [(child.id, child.case_number, child.full_name) for child in r.family.children]
    return PrintFormDialog(c, [*children, *children[:1]], today=lambda: DEMO_TODAY, parent=p)


def _wellbeing_summary(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.wellbeing_summary_dialog import WellbeingSummaryDialog

    return WellbeingSummaryDialog(
        c, r.caregiver_id, r.caregiver_name, "summary", today=lambda: DEMO_TODAY, parent=p
    )


def _checkin(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.checkin_dialog import CheckinDialog

    return CheckinDialog(c, r.caregiver_id, r.caregiver_name, today=DEMO_TODAY, parent=p)


def _first_run(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.first_run import FirstRunDialog

    return FirstRunDialog(c, r.db_path, p, today=lambda: DEMO_TODAY)


def _login(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.login import LoginDialog

    return LoginDialog(c, "Support room", p)


def _unlock(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.unlock import UnlockDialog

    return UnlockDialog(c.runner, r.db_path, p)


def _audit(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.pages.settings.audit_viewer import AuditViewer

    return AuditViewer(c, p)


def _conclusion(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.pmpk_form import ConclusionForm

    return ConclusionForm(c, r.child_id, today=DEMO_TODAY, validity_months=12, parent=p)


def _practice_outcome(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.practice_outcome import OutcomeForm

    return OutcomeForm(
        c, uuid.uuid4(), "Read a page aloud", given_on=DEMO_TODAY, today=DEMO_TODAY, parent=p
    )


def _parent_goal(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.parent_goal_form import ParentGoalForm

    return ParentGoalForm(
        c, [(r.caregiver_id, r.caregiver_name)], r.parent_goal, today=DEMO_TODAY, parent=p
    )


def _goal_progress(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.services.parents.goals import ParentGoalRead
    from caseroom.ui.dialogs.parent_goal_form import GoalProgressForm

    goal = r.parent_goal or ParentGoalRead(
        uuid.uuid4(), r.caregiver_id, "Keep a calm evening routine", DEMO_TODAY, None,
        "active", None, None,
    )  # fmt: skip
    return GoalProgressForm(c, goal, today=DEMO_TODAY, parent=p)


def _transfer_export(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.transfer_dialogs import TransferExportForm

    return TransferExportForm(
        c, r.child_id, r.case_number, r.child_name, today=DEMO_TODAY, folder=r.db_path.parent,
        parent=p,
    )  # fmt: skip


def _directory_entry(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.directory_entry_form import DirectoryEntryForm

    return DirectoryEntryForm(c, None, p)


def _directory_entry_edit(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.services.directory.entries import all_entries
    from caseroom.ui.dialogs.directory_entry_form import DirectoryEntryForm

    with Session(c.engine) as session:
        entry = all_entries(session, actor=SYSTEM)[0]
    return DirectoryEntryForm(c, entry, p)


def _leaflet(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.leaflet_dialog import LeafletDialog

    return LeafletDialog(c, r.caregiver_id, r.caregiver_name, today=lambda: DEMO_TODAY, parent=p)


def _transfer_import(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.transfer_dialogs import TransferImportForm

    return TransferImportForm(c, today=DEMO_TODAY, parent=p)


def _merge(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from types import SimpleNamespace

    from caseroom.services.exchange.transfer_import import Duplicate
    from caseroom.ui.dialogs.transfer_merge import MergeDialog

    opened = SimpleNamespace(
        full_name=r.child_name, child={"birth_date": date(2016, 4, 2)}, from_school="School 3"
    )
    twin = Duplicate(r.child_id, r.case_number, r.child_name, date(2016, 4, 2), False, "active")
    return MergeDialog(opened, [twin], p)


def _timetable_choices(c: AppContext) -> tuple[list[Any], list[Any]]:
    from caseroom.services.people.child_list import ChildFilters, list_children
    from caseroom.services.sessions.timetable_week import staff_choices

    with Session(c.engine) as session:
        staff = staff_choices(session, actor=SYSTEM)
        children = list_children(session, actor=SYSTEM, filters=ChildFilters(status="active"))
    return staff, children


def _series(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.series_form import SeriesForm

    staff, children = _timetable_choices(c)
    return SeriesForm(c, staff, children, starts_on=DEMO_TODAY, parent=p)


def _end_series(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.series_form import EndSeriesForm

    return EndSeriesForm(c, uuid.uuid4(), "Monday: 09:00–09:30", DEMO_TODAY, parent=p)


def _holidays(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.holidays_dialog import HolidaysDialog

    return HolidaysDialog(c, DEMO_TODAY, parent=p)


def _holiday(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.holidays_dialog import HolidayForm

    return HolidayForm(c, DEMO_TODAY, parent=p)


def _timetable_print(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.timetable_print import TimetablePrintDialog

    return TimetablePrintDialog(c, DEMO_TODAY, None, "The whole room", parent=p)


def _archive(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.archive_dialog import ArchiveDialog

    what = f"{r.child_name}, {r.case_number}"
    return ArchiveDialog(c, "child", r.child_id, what, parent=p)


def _colleague(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.colleague_form import ColleagueForm

    return ColleagueForm(c, parent=p)


def _edit_colleague(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.colleague_form import ColleagueForm

    return ColleagueForm(c, r.staff[0], parent=p)


def _colleagues(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.pages.settings.colleagues import ColleaguesWindow

    return ColleaguesWindow(c, p)


def _caregiver_referral(c: AppContext, r: Records, p: QWidget) -> QWidget:
    from caseroom.ui.dialogs.referral_form import ReferralForm, ReferralSubject

    subject = ReferralSubject(None, r.caregiver_name, caregiver_id=r.caregiver_id)
    return ReferralForm(c, subject, today=DEMO_TODAY, parent=p)


DIALOGS: dict[str, Factory] = {
    "FamilyForm": _family,
    "FamilyForm (edit)": _edit_family,
    "CaregiverForm": _caregiver,
    "GroupForm": _group,
    "MemberForm": _member,
    "MeetingForm": _meeting,
    "FeedbackForm": _feedback,
    "PeerParentForm": _peer_parent,
    "EndPeerParentForm": _end_peer_parent,
    "FeedbackSlipsDialog": _feedback_slips,
    "BarrierForm": _barrier,
    "ChildForm": _child,
    "PlanForm": _plan,
    "ReviewForm": _review,
    "GoalForm": _goal,
    "GoalBankDialog": _goal_bank,
    "GoalHistoryDialog": _goal_history,
    "CopyForwardDialog": _copy_forward,
    "ReviewDecisionsDialog": _review_decisions,
    "RatingForm": _rating,
    "ConsentRecordForm": _consent,
    "ConsentWithdrawForm": _withdraw,
    "ReferralForm": _referral,
    "ReferralForm (caregiver)": _caregiver_referral,
    "ColleagueForm": _colleague,
    "ColleagueForm (edit)": _edit_colleague,
    "ColleaguesWindow": _colleagues,
    "DirectoryEntryForm": _directory_entry,
    "DirectoryEntryForm (edit)": _directory_entry_edit,
    "LeafletDialog": _leaflet,
    "FollowupDialog": _followup,
    "CloseFlagDialog": _close_flag,
    "SessionDialog": _session,
    "NoteSearchDialog": _note_search,
    "AccountForm": _new_account,
    "ChangePasswordForm": _change_password,
    "ResetPasswordForm": _reset_password,
    "ConfirmNotesAccessForm": _confirm_notes_access,
    "EncryptForm": _encrypt,
    "ChangePassphraseForm": _change_passphrase,
    "ChildReportDialog": _child_report,
    "PrintFormDialog": _print_form,
    "PrintFormDialog (caregiver)": _print_form_family,
    "WellbeingSummaryDialog": _wellbeing_summary,
    "CheckinDialog": _checkin,
    "FirstRunDialog": _first_run,
    "LoginDialog": _login,
    "UnlockDialog": _unlock,
    "AuditViewer": _audit,
    "ConclusionForm": _conclusion,
    "OutcomeForm": _practice_outcome,
    "ParentGoalForm": _parent_goal,
    "GoalProgressForm": _goal_progress,
    "TransferExportForm": _transfer_export,
    "TransferImportForm": _transfer_import,
    "MergeDialog": _merge,
    "SeriesForm": _series,
    "EndSeriesForm": _end_series,
    "HolidaysDialog": _holidays,
    "HolidayForm": _holiday,
    "TimetablePrintDialog": _timetable_print,
    "ArchiveDialog": _archive,
}
"""Each dialog by name, with how to build it."""
