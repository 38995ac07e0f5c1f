"""Record a support-group meeting: date, theme, facilitator, how it was held (in person,
online, by phone, mixed), where, the help offered so mothers can come, group-level notes,
follow-ups, and who came (registered members ticked off, anyone else added by name)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.parents.groups import (
    GroupRead,
    list_members,
)
from caseroom.services.parents.meetings import (
    AttendanceMark,
    MeetingInput,
    MeetingRead,
    MeetingSummary,
    create_meeting,
    meeting_summary,
    record_meeting_attendance,
    update_meeting,
)
from caseroom.services.people.staff import StaffRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.ui.dialogs.group_form import staff_combo
from caseroom.ui.dialogs.session_people import PersonPicker
from caseroom.ui.widgets.style import SPACE_S, set_role
from caseroom.vocab import MeetingFormat, MeetingHelp, label

CHANGES = frozenset({"group", "meeting"})


class MeetingForm(FormDialog):
    """A new meeting of `group` (`meeting` None) or corrections to one."""

    def __init__(
        self,
        context: AppContext,
        group: GroupRead,
        staff: list[StaffRead],
        meeting: MeetingRead | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit meeting") if meeting else _("New meeting"), parent)
        self.context, self.group, self.meeting = context, group, meeting
        self.summary: MeetingSummary | None = None
        self.checks: dict[uuid.UUID, QCheckBox] = {}
        self.members: set[uuid.UUID] = set()
        self.setMinimumWidth(620)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        self.day_edit = date_edit(self, meeting.held_on if meeting else date.today(), _("Date"))
        form.addRow(_("&Date"), self.day_edit)
        form.addRow("", self.field_error("held_on", self.day_edit))
        self.theme_edit = QLineEdit(self)
        self.theme_edit.setAccessibleName(_("Theme"))
        form.addRow(_("&Theme"), self.theme_edit)
        form.addRow("", self.field_error("theme", self.theme_edit))
        facilitator = meeting.facilitator_id if meeting else group.facilitator_id
        self.facilitator_combo = staff_combo(self, staff, facilitator)
        form.addRow(_("&Facilitator"), self.facilitator_combo)
        form.addRow("", self.field_error("facilitator_id", self.facilitator_combo))
        self._access_fields(form, meeting)

        self.people = QWidget(self)
        self.people.setAccessibleName(_("Who came"))
        self.people_column = QVBoxLayout(self.people)
        self.people_column.setContentsMargins(0, 0, 0, 0)
        self.people_column.setSpacing(2)
        self.no_members = set_role(
            QLabel(_("Nobody is registered on this day yet."), self), "muted"
        )
        self.people_column.addWidget(self.no_members)
        form.addRow(_("Who came"), self.people)
        self.picker = PersonPicker(
            context, "caregiver", _("Add someone who is not a member: type a name"), self
        )
        self.picker.chosen.connect(self._add_guest)
        form.addRow(_("&Add a guest"), self.picker)
        self.tally = set_role(QLabel(self), "heading")
        self.tally.setAccessibleName(_("Registered and present"))
        form.addRow("", self.tally)
        form.addRow("", self.field_error("marks", self.people))

        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setAccessibleName(_("Notes for the group as a whole"))
        self.notes_edit.setPlaceholderText(_("About the group as a whole, not anyone's story"))
        self.notes_edit.setFixedHeight(80)
        form.addRow(_("&Notes"), self.notes_edit)
        form.addRow("", self.field_error("notes", self.notes_edit))
        self.follow_edit = QPlainTextEdit(self)
        self.follow_edit.setTabChangesFocus(True)
        self.follow_edit.setAccessibleName(_("Follow-ups"))
        self.follow_edit.setFixedHeight(56)
        form.addRow(_("F&ollow-ups"), self.follow_edit)
        form.addRow("", self.field_error("follow_ups", self.follow_edit))
        self.finish_layout()
        if meeting is not None:
            self.theme_edit.setText(meeting.theme or "")
            self.notes_edit.setPlainText(meeting.notes or "")
            self.follow_edit.setPlainText(meeting.follow_ups or "")
        self.day_edit.dateChanged.connect(lambda _d: self.load_people())
        self._loaded = False
        self.load_people()

    def _access_fields(self, form: QFormLayout, meeting: MeetingRead | None) -> None:
        """How the meeting is held, where or by which link, and the help offered."""
        self.format_combo = QComboBox(self)
        self.format_combo.setAccessibleName(_("How the meeting was held"))
        for kind in MeetingFormat:
            self.format_combo.addItem(label(kind), kind.value)
        chosen = meeting.meeting_format if meeting else MeetingFormat.IN_PERSON.value
        self.format_combo.setCurrentIndex(max(self.format_combo.findData(chosen), 0))
        form.addRow(_("Ho&w it was held"), self.format_combo)
        self.place_edit = QLineEdit(meeting.place or "" if meeting else "", self)
        self.place_edit.setAccessibleName(_("Place or link"))
        self.place_edit.setPlaceholderText(_("A room, an address, or where the link is sent"))
        form.addRow(_("&Place or link"), self.place_edit)
        form.addRow("", self.field_error("place", self.place_edit))
        box = QWidget(self)
        box.setAccessibleName(_("Help offered so that mothers can come"))
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        offered = set(meeting.help_offered) if meeting else set()
        self.help_checks: dict[str, QCheckBox] = {}
        for number, help in enumerate(MeetingHelp):
            check = QCheckBox(label(help), box)
            check.setAccessibleName(label(help))
            check.setChecked(help.value in offered)
            grid.addWidget(check, number // 2, number % 2)
            self.help_checks[help.value] = check
        form.addRow(_("Help offered"), box)

    # --- who may come ---------------------------------------------------------------------

    def load_people(self) -> None:
        """Read who is registered on the chosen day (and, when correcting, who came)."""
        day, group_id = self.day_edit.value(), self.group.id
        meeting_id = self.meeting.id if self.meeting else None
        actor = self.context.actor

        def work(db: Any) -> tuple[list[Any], MeetingSummary | None]:
            members = list_members(db, actor=actor, group_id=group_id, on=day)
            summary = (
                meeting_summary(db, actor=actor, meeting_id=meeting_id) if meeting_id else None
            )
            return members, summary

        self.context.run(work, self._people_loaded)

    def _people_loaded(self, result: tuple[list[Any], MeetingSummary | None]) -> None:
        members, summary = result
        ticked = {cid for cid, check in self.checks.items() if check.isChecked()}
        if summary is not None and not self._loaded:
            ticked = {a.caregiver_id for a in summary.attendees if a.present}
        guests = {
            cid: check.text() for cid, check in self.checks.items() if cid not in self.members
        }
        for check in self.checks.values():
            self.people_column.removeWidget(check)
            check.deleteLater()
        self.checks = {}
        self.members = {m.caregiver_id for m in members}
        for member in members:
            self._add_check(member.caregiver_id, f"{member.last_name} {member.first_name}", ticked)
        if summary is not None and not self._loaded:
            for person in summary.attendees:
                if person.caregiver_id not in self.members and person.present:
                    guests[person.caregiver_id] = f"{person.last_name} {person.first_name}"
        for caregiver_id, name in guests.items():
            if caregiver_id not in self.checks:
                self._add_check(caregiver_id, name, ticked | {caregiver_id})
        self.no_members.setVisible(not self.checks)
        if not self._loaded:
            self._loaded = True
            self.mark_clean()
        self._count()

    def _add_check(self, caregiver_id: uuid.UUID, name: str, ticked: set[uuid.UUID]) -> None:
        check = QCheckBox(name, self.people)
        check.setAccessibleName(_("{name} came").format(name=name))
        check.setChecked(caregiver_id in ticked)
        check.toggled.connect(lambda _c: self._count())
        self.people_column.addWidget(check)
        self.checks[caregiver_id] = check

    def _add_guest(self, caregiver_id: uuid.UUID) -> None:
        name = self.picker.text().split(" — ")[0]
        if caregiver_id in self.checks:
            self.checks[caregiver_id].setChecked(True)
        else:
            self._add_check(caregiver_id, name, {caregiver_id})
        self.no_members.hide()
        self.picker.clear()
        self._count()

    def _count(self) -> None:
        present = sum(1 for check in self.checks.values() if check.isChecked())
        self.tally.setText(
            _("Registered: {registered} · Present: {present}").format(
                registered=len(self.members), present=present
            )
        )

    # --- values and saving ------------------------------------------------------------------

    def marks(self) -> list[AttendanceMark]:
        """Who came; registered members left unticked are marked as not present."""
        return [
            AttendanceMark(caregiver_id, check.isChecked())
            for caregiver_id, check in self.checks.items()
            if check.isChecked() or caregiver_id in self.members
        ]

    def data(self) -> MeetingInput:
        """The meeting as typed."""
        chosen = self.facilitator_combo.currentData()
        return MeetingInput(
            held_on=self.day_edit.value(),
            facilitator_id=uuid.UUID(chosen) if chosen else None,
            theme=self.theme_edit.text(),
            notes=self.notes_edit.toPlainText(),
            follow_ups=self.follow_edit.toPlainText(),
            meeting_format=self.format_combo.currentData(),
            place=self.place_edit.text(),
            help_offered=tuple(
                code for code, check in self.help_checks.items() if check.isChecked()
            ),
        )

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.data(), tuple(self.marks()))

    def save(self) -> None:
        """Write the meeting and its attendance in one unit of work."""
        data, marks, actor = self.data(), self.marks(), self.context.actor
        group_id = self.group.id
        meeting_id = self.meeting.id if self.meeting else None

        def work(db: Any) -> MeetingSummary:
            if meeting_id is None:
                meeting = create_meeting(db, actor=actor, group_id=group_id, data=data)
            else:
                meeting = update_meeting(db, actor=actor, meeting_id=meeting_id, data=data)
            return record_meeting_attendance(db, actor=actor, meeting_id=meeting.id, marks=marks)

        self.context.run(work, self._done, changes=CHANGES, on_error=self.on_failed, parent=self)

    def _done(self, summary: MeetingSummary) -> None:
        self.summary = summary
        self.saved(summary)
