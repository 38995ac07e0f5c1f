"""The screens `tools/screenshots.py` knows: how to get the window to each one.

Each driver gets a `Shot` (the main window on a fresh demo database) and leaves the screen
as a person would see it: the page, the child card's tab, the dialog standing over it.
Drivers use the keyboard where a person would and the pages' own slots elsewhere; a
screen the app has not got (yet) fails with a message and the others are still taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, exists, func
from sqlmodel import Session, col, select

from caseroom.db.models import (
    Caregiver,
    Child,
    HomePractice,
    PmpkConclusion,
    Referral,
    Staff,
)
from caseroom.services.common import SYSTEM, Actor


@dataclass(frozen=True, slots=True)
class Screen:
    """A screen: what it shows, who acts (a staff role), how to get there."""

    what: str
    drive: Callable[[Any], None]
    role: str = "psychologist"


def actor_for(engine: Engine, role: str) -> Actor:
    """The demo's staff member with `role` (the system actor if there is none)."""
    with Session(engine) as session:
        member = session.execute(select(Staff).where(col(Staff.role) == role)).scalars().first()
    return SYSTEM if member is None else Actor(member.id, member.role)


def showcase_child(context: Any) -> Any:
    """The demo child with the most to show: a PMPK conclusion, home practice still to
    check, a caregiver referred somewhere (the first such by case number)."""
    with Session(context.engine) as session:
        caregiver_referred = exists().where(
            col(Referral.caregiver_id) == col(Caregiver.id),
            col(Caregiver.family_id) == col(Child.family_id),
        )
        pending = (
            select(func.count())
            .select_from(HomePractice)
            .where(col(HomePractice.child_id) == col(Child.id), HomePractice.outcome == "pending")
            .scalar_subquery()
        )
        query = (
            select(Child.id)
            .where(
                Child.status == "active",
                exists().where(col(PmpkConclusion.child_id) == col(Child.id)),
                caregiver_referred,
            )
            .order_by(pending.desc(), col(Child.case_number))
        )
        found = session.exec(query).first()
        if found is None:
            found = session.exec(select(Child.id).order_by(col(Child.case_number))).first()
        return found


# --- Settings ------------------------------------------------------------------------------


def colleagues(shot: Any) -> Any:
    """Settings → the list of colleagues (a window of its own)."""
    from caseroom.ui.pages.settings.colleagues import ColleaguesCard

    page = shot.page("settings")
    card = page.findChild(ColleaguesCard)
    window = card.open_window()
    shot.settle()
    shot.until(lambda: window.table.model().rowCount() > 0)
    window.table.selectRow(1)
    shot.wait(200)
    return window


def colleague_new(shot: Any) -> None:
    """The new colleague form, from the list of colleagues."""
    window = colleagues(shot)
    window.new_colleague()
    shot.modal()


def account_new(shot: Any) -> None:
    """The new account form, from Settings → Accounts."""
    from caseroom.ui.pages.settings.accounts import AccountsCard

    page = shot.page("settings")
    card = page.findChild(AccountsCard)
    card.new_account()
    shot.modal()


# --- the child card ------------------------------------------------------------------------


def pmpk_form(shot: Any) -> None:
    """The overview tab's PMPK section: correcting the current conclusion."""
    card = shot.card("overview")
    card.overview.pmpk.correct()
    shot.modal()


def pmpk_new(shot: Any) -> None:
    """The overview tab's PMPK section: recording a new conclusion."""
    card = shot.card("overview")
    card.overview.pmpk.record()
    shot.modal()


def _practice(shot: Any) -> Any:
    from PySide6.QtCore import Qt

    card = shot.card("parents")
    section = card.parents.practice
    scroll_to(section)
    section.list.setFocus()
    pending = next((n for n, t in enumerate(section.tasks) if t.outcome == "pending"), 0)
    section.list.setCurrentItem(section.list.topLevelItem(pending))
    shot.key(Qt.Key.Key_Space)
    if section.outcome_menu is None:  # the list's Space shortcut needs an active window
        section.open_menu()
    shot.until(lambda: section.outcome_menu is not None and section.outcome_menu.isVisible())
    return section


def practice_outcome(shot: Any) -> None:
    """Home practice on the parents tab: Space on a task opens the outcome menu."""
    _practice(shot)


def practice_outcome_form(shot: Any) -> None:
    """The outcome menu's "With a follow-up note…": the outcome form."""
    section = _practice(shot)
    note = section.outcome_menu.actions()[-1]  # "With a follow-up note…" (its letter varies)
    note.trigger()
    section.outcome_menu.close()
    shot.modal()


def undo_bar(shot: Any) -> None:
    """The confirmation bar with Undo (Ctrl+Z), after the PMPK conclusion was corrected."""
    from PySide6.QtCore import Qt

    card = shot.card("overview")
    card.overview.pmpk.correct()
    dialog = shot.modal()
    shot.key(Qt.Key.Key_End)  # in the number field, which has the focus
    shot.key(Qt.Key.Key_Backspace)
    shot.type("7")  # its last digit corrected (QTest types ASCII only)
    shot.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves
    shot.until(lambda: not dialog.isVisible())
    shot.settle(4)
    shot.until(lambda: shot.window.confirm_bar.isVisible())


def flagged_child(context: Any) -> Any:
    """The first demo child (by case number) whose caregiver has a safety flag open."""
    from caseroom.db.models_wellbeing import WellbeingFlag

    with Session(context.engine) as session:
        query = (
            select(Child.id)
            .join(Caregiver, col(Caregiver.family_id) == col(Child.family_id))
            .join(WellbeingFlag, col(WellbeingFlag.caregiver_id) == col(Caregiver.id))
            .where(Child.status == "active", col(WellbeingFlag.closed_on).is_(None))
            .order_by(col(Child.case_number))
        )
        return session.exec(query).first()


def parents_tab(shot: Any) -> None:
    """The parents tab of a child whose caregiver has check-ins and a safety flag open: her
    wellbeing part with every button and the flag's line, beside the involvement table."""
    shot.card("parents", flagged_child(shot.context))


def plan_tab(shot: Any) -> None:
    """The plan tab as it opens: the plan's bar of actions and its goals."""
    shot.card("plan")


def parent_goal_form(shot: Any) -> None:
    """The parents tab: a caregiver's own goal, new."""
    card = shot.card("parents")
    scroll_to(card.parents.goals)
    card.parents.goals.add()
    shot.modal()


def caregiver_referrals(shot: Any) -> None:
    """The parents tab, scrolled to the caregivers' referrals."""
    card = shot.card("parents")
    scroll_to(card.parents.referrals)
    card.parents.referrals.setFocus()


def caregiver_referral_form(shot: Any) -> None:
    """A caregiver's referral, edited (its outcome, its status)."""
    card = shot.card("parents")
    section = card.parents.referrals
    scroll_to(section)
    shot.until(lambda: section.referrals)
    section.edit(section.referrals[0])
    shot.modal()


def _first_session(card: Any) -> None:
    table = card.sessions.table
    table.setFocus()
    table.setCurrentItem(table.topLevelItem(0))


def archive_dialog(shot: Any) -> None:
    """The sessions tab: archiving a session asks why."""
    card = shot.card("sessions")
    _first_session(card)
    card.sessions.archive()
    dialog = shot.modal()
    dialog.reason.setCurrentIndex(min(1, dialog.reason.count() - 1))


def archived_list(shot: Any) -> None:
    """The sessions tab's "Show archived", after a session was archived."""
    from PySide6.QtCore import Qt

    card = shot.card("sessions")
    _first_session(card)
    card.sessions.archive()
    dialog = shot.modal()
    dialog.reason.setCurrentIndex(min(3, dialog.reason.count() - 1))
    shot.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, dialog)
    shot.settle(4)
    archived = card.sessions.archived
    archived.toggle.setChecked(True)
    shot.settle()
    scroll_to(archived)
    archived.table.setFocus()


# --- other pages ---------------------------------------------------------------------------


def timetable_change(shot: Any) -> None:
    """Timetable: "Change series…" on a planned session."""
    page = shot.page("timetable")
    for row in range(page.grid.rowCount()):
        for column in range(page.grid.columnCount()):
            entry = page.cell_entry(row, column)
            if entry is not None and entry.series_id is not None:
                page.grid.setCurrentCell(row, column)
                page.change_series()
                shot.modal()
                return
    raise LookupError("no planned series on the timetable")


HOLIDAYS = {
    "en": ("Independence Day", "New Year", "Nauryz"),
    "ru": ("День Независимости", "Новый год", "Наурыз"),
    "kk": ("Тәуелсіздік күні", "Жаңа жыл", "Наурыз"),
}
"""The state holidays a room enters in its first December (names are records, in the
demo's language)."""


def timetable_days_off(shot: Any) -> None:
    """Timetable: "Days off…", the room's holidays (three entered first)."""
    from datetime import date

    from caseroom.services.sessions.holidays import add_holiday

    independence, new_year, nauryz = HOLIDAYS[shot.lang]
    with Session(shot.context.engine) as session:
        for first, last, name in (
            (date(2026, 12, 16), date(2026, 12, 17), independence),
            (date(2027, 1, 1), date(2027, 1, 2), new_year),
            (date(2027, 3, 21), date(2027, 3, 23), nauryz),
        ):
            add_holiday(session, actor=shot.context.actor, starts_on=first, ends_on=last, name=name)
        session.commit()
    page = shot.page("timetable")
    page.days_off()
    shot.modal()


def _voiced_group(shot: Any) -> Any:
    page = shot.page("groups")
    for row in range(page.list.count()):
        page.list.setCurrentRow(row)
        shot.settle()
        voice = page.view_data.voice if page.view_data is not None else None
        if voice is not None and voice.peers:
            return page
    raise LookupError("no group with a peer-support parent")


def groups_feedback_slips(shot: Any) -> None:
    """Groups: "Feedback slips…", the group's slips to correct or archive."""
    _voiced_group(shot).show_slips()
    shot.modal()


def groups_end_peer(shot: Any) -> None:
    """Groups: "End peer support…", a peer-support parent's last day."""
    _voiced_group(shot).end_peer()
    shot.modal()


HEADER = "Фамилия;Имя;Дата рождения;Фамилия родителя;Имя родителя;Кем приходится;Телефон;Цвет"
NEW_ROWS = (
    "Сейткали;Айгерим;14.03.2017;Сейткали;Гульнара;мать;87011234567;синий",
    "Сейткали;Ерлан;02.05.2015;Сейткали;Гульнара;мать;87011234567;",
    "Омаров;Тимур;05.01.2012;Омарова;Сауле;опекун;87017654321;",
)
BAD_ROWS = ("Ахметова;Дана;31.02.2014;Ахметов;Бекзат;отец;8701;",)
"""A school's roster as a secretary exports it: a column caseroom does not know; the bad
row has a date that is no date and a short phone number."""


def _known_rows(context: Any) -> list[str]:
    """Two of the demo's children as the school's roster lists them (found, not made)."""
    with Session(context.engine) as session:
        rows = session.exec(
            select(Child, Caregiver)
            .where(col(Caregiver.family_id) == col(Child.family_id), Child.status == "active")
            .order_by(col(Child.case_number))
        ).all()
    seen: set[object] = set()
    lines: list[str] = []
    for child, caregiver in rows:
        if child.id in seen or len(lines) == 2:
            continue
        seen.add(child.id)
        born = child.birth_date.strftime("%d.%m.%Y")
        lines.append(
            f"{child.last_name};{child.first_name};{born};{caregiver.last_name};"
            f"{caregiver.first_name};{caregiver.relation};{caregiver.phone or ''};"
        )
    return lines


def _wizard(shot: Any, *, bad: bool) -> Any:
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="roster-"))
    path = folder / "roster-2026.csv"
    rows = [*_known_rows(shot.context), *NEW_ROWS, *(BAD_ROWS if bad else ())]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    page = shot.page("children")
    wizard = page.import_roster()
    shot.modal()
    wizard.path.setFocus()
    shot.type(str(path))
    return wizard


def _checked(shot: Any, *, bad: bool) -> Any:
    from PySide6.QtCore import Qt

    wizard = _wizard(shot, bad=bad)
    shot.key(Qt.Key.Key_Return, widget=wizard.path)
    shot.until(lambda: wizard.state in ("review", "file"), 15_000)
    shot.settle()
    return wizard


def roster_file(shot: Any) -> None:
    """Children → "Import a roster…": the first step, the file."""
    _wizard(shot, bad=False)


def roster_review(shot: Any) -> None:
    """The roster wizard's check: what will be made, children already there matched."""
    _checked(shot, bad=False)


def roster_columns(shot: Any) -> None:
    """The roster wizard's check: the columns recognised and ignored."""
    wizard = _checked(shot, bad=False)
    wizard.review.tabs.setCurrentIndex(1)


def roster_problems(shot: Any) -> None:
    """The roster wizard's check of a file with problems: nothing is imported."""
    _checked(shot, bad=True)


def roster_done(shot: Any) -> None:
    """The roster wizard once imported."""
    from PySide6.QtCore import Qt

    wizard = _checked(shot, bad=False)
    shot.key(Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier, wizard)
    if wizard.state == "review":  # Alt+I reaches the button in an active window only
        wizard.next_step()
    shot.until(lambda: wizard.state == "done", 30_000)
    shot.settle()


def scroll_to(widget: Any) -> None:
    """Scroll the scroll area holding `widget` so that it shows."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, 0)


SCREENS: dict[str, Screen] = {
    "colleagues": Screen("Settings → the list of colleagues", colleagues, "administrator"),
    "colleague-new": Screen("the new colleague form", colleague_new, "administrator"),
    "account-new": Screen(
        "Settings → Accounts → the new account form", account_new, "administrator"
    ),
    "pmpk-form": Screen("child card: correcting the PMPK conclusion", pmpk_form),
    "pmpk-new": Screen("child card: recording a new PMPK conclusion", pmpk_new),
    "practice-outcome": Screen("parents tab: the home-practice outcome menu", practice_outcome),
    "practice-outcome-form": Screen(
        "the outcome form with a follow-up note", practice_outcome_form
    ),
    "undo-bar": Screen("the confirmation bar with Undo after a correction", undo_bar),
    "parents-tab": Screen("child card: the parents tab", parents_tab),
    "plan-tab": Screen("child card: the plan tab", plan_tab),
    "parent-goal-form": Screen("parents tab: a caregiver's own goal", parent_goal_form),
    "caregiver-referrals": Screen("parents tab: the caregivers' referrals", caregiver_referrals),
    "caregiver-referral-form": Screen("a caregiver's referral, edited", caregiver_referral_form),
    "archive-dialog": Screen("sessions tab: archiving asks why", archive_dialog),
    "archived-list": Screen('sessions tab: "Show archived" with Restore', archived_list),
    "timetable-change-series": Screen('Timetable: "Change series…"', timetable_change),
    "timetable-days-off": Screen('Timetable: "Days off…"', timetable_days_off),
    "groups-feedback-slips": Screen('Groups: "Feedback slips…"', groups_feedback_slips),
    "groups-end-peer": Screen('Groups: "End peer support…"', groups_end_peer),
    "roster-file": Screen("roster import wizard: the file", roster_file),
    "roster-review": Screen("roster import wizard: what will be made", roster_review),
    "roster-columns": Screen("roster import wizard: the columns", roster_columns),
    "roster-problems": Screen("roster import wizard: a file with problems", roster_problems),
    "roster-done": Screen("roster import wizard: imported", roster_done),
}
"""Every screen by name, in gallery order."""
