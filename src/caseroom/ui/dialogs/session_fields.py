"""The fields of the session dialog, in Tab order, and the form's values as plain JSON.

Left column: when (date, start, minutes), kind and status, specialist, topic, attendees,
goals worked on. Right column: notes, what was agreed, home practice, follow-up.
`changed` fires for any edit (the dialog checks and drafts on it).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.sessions.writing import MINUTES_MAX, MINUTES_MIN, AttendeeInput, SessionInput
from caseroom.ui.dialogs.form_base import date_edit, error_label
from caseroom.ui.dialogs.session_entry import Entry, EntryContext, PracticeEntry
from caseroom.ui.dialogs.session_people import PersonRow
from caseroom.ui.widgets.style import SPACE_L, SPACE_S
from caseroom.vocab import (
    PARENT_SESSION_KINDS,
    CaregiverRelation,
    Domain,
    SessionKind,
    SessionStatus,
    label,
)

CHILDLESS_KINDS = frozenset({SessionKind.PARENT_CONSULTATION, SessionKind.REMOTE_CONSULTATION})
"""Kinds where the child is not ticked by default (a talk with the parent)."""


def default_minutes(kind: str) -> int:
    """The usual length of a session of `kind`: consultations an hour, the rest 40 minutes."""
    return 60 if kind in PARENT_SESSION_KINDS else 40


def rounded_now(now: datetime | None = None) -> time:
    """The time now, rounded to the nearest 5 minutes."""
    now = now or datetime.now()
    total = min((now.hour * 60 + now.minute + 2) // 5 * 5, 23 * 60 + 55)
    return time(total // 60, total % 60)


def _label_of(kind: type[Any], code: str) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


def _iso(day: date) -> str:
    return day.isoformat()


class SessionFields(QWidget):
    """Every field of the session form, with a problem label under each."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: dict[str, QLabel] = {}
        self.focus_for: dict[str, QWidget] = {}
        self.rows: list[PersonRow] = []
        self.touched: set[str] = set()
        self.hidden_goals: set[str] = set()
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(SPACE_L * 2)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setSpacing(SPACE_S)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)
            columns.addLayout(column, 5 if form is left else 4)
        self._build_left(left)
        self._build_right(right)

    # --- building -----------------------------------------------------------------------

    def _row(self, form: QFormLayout, caption: str | None, field: QWidget, *names: str) -> None:
        """A captioned field with one problem label for the service fields `names`."""
        box = QWidget(self)
        column = QGridLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setVerticalSpacing(2)
        column.addWidget(field, 0, 0)
        problem = error_label(box)
        column.addWidget(problem, 1, 0)
        for name in names:
            self.errors[name] = problem
            self.focus_for.setdefault(name, field)
        if caption is None:  # the field names itself (a long label would be cut)
            form.addRow(box)
            return
        title = QLabel(caption, self)
        title.setBuddy(field.focusProxy() or field)
        form.addRow(title, box)

    def _line(self, *widgets: QWidget) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACE_S)
        for widget in widgets:
            widget.setParent(box)
            row.addWidget(widget)
        row.addStretch(1)
        return box

    def _build_left(self, form: QFormLayout) -> None:
        today = date.today()
        self.date_edit = date_edit(self, today, _("Date"))
        self.time_edit = QTimeEdit(self)
        self.time_edit.setDisplayFormat("HH:mm")
        start = rounded_now()
        self.time_edit.setTime(QTime(start.hour, start.minute))
        self.time_edit.setAccessibleName(_("Start time"))
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(MINUTES_MIN, MINUTES_MAX)
        self.minutes_spin.setSuffix(_(" min"))
        self.minutes_spin.setValue(default_minutes(SessionKind.INDIVIDUAL))
        self.minutes_spin.setAccessibleName(_("Minutes"))
        when = self._line(self.date_edit, self.time_edit, self.minutes_spin)
        when.setFocusProxy(self.date_edit)
        self._row(form, _("&Date and time"), when, "held_on", "starts_at", "minutes")
        self.focus_for["minutes"] = self.minutes_spin

        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(_("Kind of session"))
        for kind in SessionKind:
            self.kind_combo.addItem(label(kind), kind.value)
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName(_("Status"))
        for status in (SessionStatus.HELD, SessionStatus.PLANNED, SessionStatus.CANCELLED):
            self.status_combo.addItem(label(status), status.value)
        kinds = self._line(self.kind_combo, self.status_combo)
        kinds.setFocusProxy(self.kind_combo)
        self._row(form, _("&Kind"), kinds, "kind", "status", "confidentiality")
        self.focus_for["status"] = self.status_combo

        self.staff_combo = QComboBox(self)
        self.staff_combo.setAccessibleName(_("Specialist"))
        self._row(form, _("S&pecialist"), self.staff_combo, "staff_id")
        self.topic_edit = QLineEdit(self)
        self.topic_edit.setAccessibleName(_("Topic"))
        self.topic_edit.setPlaceholderText(_("What the session was about (optional)"))
        self._row(form, _("&Topic"), self.topic_edit, "topic")

        self.people_box = QWidget(self)
        self.people_box.setAccessibleName(_("Attendees"))
        self.people_grid = QGridLayout(self.people_box)
        self.people_grid.setContentsMargins(0, 0, 0, 0)
        self.people_grid.setHorizontalSpacing(SPACE_S)
        self.people_grid.setVerticalSpacing(4)
        self.people_grid.setColumnStretch(0, 1)
        self._row(form, _("Attendees"), self.people_box, "attendees", "children", "caregivers")

        self.goals_list = QListWidget(self)
        self.goals_list.setAccessibleName(_("Goals worked on"))
        self.goals_list.setToolTip(_("Space ticks the goal under the cursor"))
        self.goals_list.setWordWrap(True)  # long goals wrap; never a sideways scroll bar
        self.goals_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.goals_list.setMinimumHeight(110)
        self.goals_list.setMaximumHeight(190)
        self.goals_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self._row(form, _("&Goals worked on"), self.goals_list, "goal_ids")
        self.no_goals = QLabel(_("No plan in effect: there are no goals to tick."), self)
        self.no_goals.setEnabled(False)
        self.no_goals.hide()
        form.addRow("", self.no_goals)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.minutes_spin.valueChanged.connect(lambda _v: self.touched.add("minutes"))
        for signal in (
            self.date_edit.dateChanged,
            self.time_edit.timeChanged,
            self.minutes_spin.valueChanged,
            self.status_combo.currentIndexChanged,
            self.staff_combo.currentIndexChanged,
            self.topic_edit.textChanged,
            self.goals_list.itemChanged,
        ):
            signal.connect(self._emit)

    def _text_box(self, name: str, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setTabChangesFocus(True)
        box.setAccessibleName(name)
        box.setPlaceholderText(placeholder)
        box.textChanged.connect(self._emit)
        return box

    def _build_right(self, form: QFormLayout) -> None:
        self.notes_edit = self._text_box(_("Notes"), _("What happened, what you observed"))
        self.notes_edit.setMinimumHeight(190)
        self._row(form, _("&Notes"), self.notes_edit, "notes")
        self.agreed_edit = self._text_box(_("What was agreed"), _("Agreements with the family"))
        self.agreed_edit.setFixedHeight(64)
        self._row(form, _("What was &agreed"), self.agreed_edit, "agreed")

        self.practice_edit = QLineEdit(self)
        self.practice_edit.setAccessibleName(_("Home practice task"))
        self.practice_edit.setPlaceholderText(_("A task to do at home (optional)"))
        self.practice_caregiver = QComboBox(self)
        self.practice_caregiver.setAccessibleName(_("Caregiver who takes the task home"))
        self.practice_due = date_edit(self, date.today() + timedelta(days=7), _("Due date"))
        due_label = QLabel(_("d&ue"), self)
        due_label.setBuddy(self.practice_due)
        practice = QWidget(self)
        grid = QGridLayout(practice)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(SPACE_S)
        grid.addWidget(self.practice_edit, 0, 0, 1, 3)
        # a caregiver's full name needs the whole width (Kazakh and Russian names are long)
        grid.addWidget(self.practice_caregiver, 1, 0, 1, 3)
        grid.addWidget(due_label, 2, 0)
        grid.addWidget(self.practice_due, 2, 1)
        grid.setColumnStretch(2, 1)
        practice.setFocusProxy(self.practice_edit)
        self._row(form, _("&Home practice"), practice, "practice")

        self.follow_check = QCheckBox(_("Plan the ne&xt session on"), self)
        self.follow_check.setAccessibleName(_("Plan the next session"))
        self.follow_date = date_edit(self, date.today() + timedelta(days=7), _("Next session date"))
        self.follow_date.setEnabled(False)
        self.follow_check.toggled.connect(self.follow_date.setEnabled)
        follow = self._line(self.follow_check, self.follow_date)
        follow.setFocusProxy(self.follow_check)
        self._row(form, None, follow, "follow_up")
        self.practice_edit.textChanged.connect(self._emit)
        for signal in (
            self.practice_caregiver.currentIndexChanged,
            self.practice_due.dateChanged,
            self.follow_check.toggled,
            self.follow_date.dateChanged,
        ):
            signal.connect(self._emit)

    # --- filling from the database ------------------------------------------------------

    def fill(self, entry: EntryContext, acting_staff: uuid.UUID | None) -> None:
        """Offer the staff, people and goals of `entry` (values come later)."""
        wanted = entry.existing.staff_id if entry.existing else acting_staff
        self.staff_combo.blockSignals(True)
        self.staff_combo.clear()
        for person in entry.staff:
            self.staff_combo.addItem(person.full_name, str(person.id))
        index = self.staff_combo.findData(str(wanted)) if wanted else -1
        self.staff_combo.setCurrentIndex(max(index, 0))
        self.staff_combo.blockSignals(False)

        for row in self.rows:
            row.remove(self.people_grid)
        self.rows = []
        if entry.child is not None:
            child = entry.child
            self.rows.append(
                PersonRow(self.people_box, child.id, True, child.full_name, _("child"))
            )
        for caregiver in entry.caregivers:
            relation = _label_of(CaregiverRelation, caregiver.relation)
            self.rows.append(
                PersonRow(self.people_box, caregiver.id, False, caregiver.full_name, relation)
            )
        previous: QWidget = self.topic_edit
        for number, row in enumerate(self.rows):
            row.place(self.people_grid, number)
            row.changed.connect(self._emit)
            for widget in row.widgets():
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, self.goals_list)
        self.practice_caregiver.blockSignals(True)
        self.practice_caregiver.clear()
        for caregiver in entry.caregivers:
            self.practice_caregiver.addItem(caregiver.full_name, str(caregiver.id))
        self.practice_caregiver.blockSignals(False)

        self.goals_list.blockSignals(True)
        self.goals_list.clear()
        for goal in entry.goals:
            text = _("{domain}: {goal}").format(
                domain=_label_of(Domain, goal.domain), goal=goal.description
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(goal.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(goal.description)
            self.goals_list.addItem(item)
        # No current (blue, "selected") goal until the person moves into the list: Tab gives
        # the first goal the keyboard cursor without selecting it, Space ticks, Down moves.
        self.goals_list.setCurrentRow(-1)
        self.goals_list.clearSelection()
        self.goals_list.blockSignals(False)
        self.goals_list.setVisible(bool(entry.goals))
        self.no_goals.setVisible(not entry.goals and entry.child is not None)
        self.apply_kind_defaults()

    def stored_values(self, entry: EntryContext) -> dict[str, Any]:
        """The values of the stored session of `entry`, as `values()` has them."""
        stored, task = entry.existing, entry.practice
        assert stored is not None
        given = {}
        if task is not None:
            given = {
                "practice_task": task.task,
                "practice_caregiver": str(task.caregiver_id),
                "practice_due": _iso(task.due_on) if task.due_on else None,
            }
        return {
            **given,
            "held_on": _iso(stored.held_on),
            "starts_at": stored.starts_at.strftime("%H:%M") if stored.starts_at else None,
            "kind": stored.kind,
            "minutes": stored.minutes,
            "status": stored.status,
            "staff_id": str(stored.staff_id),
            "topic": stored.topic or "",
            "notes": stored.notes or "",
            "agreed": stored.agreed or "",
            "people": {
                str(a.person_id): {"on": True, "status": a.status, "reason": a.reason or ""}
                for a in stored.attendees
            },
            "goals": [str(g) for g in stored.goal_ids],
        }

    # --- values ---------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as plain JSON values (for drafts and to tell a changed form)."""
        start = self.time_edit.time()
        return {
            "held_on": _iso(self.date_edit.value()),
            "starts_at": f"{start.hour():02d}:{start.minute():02d}",
            "kind": self.kind_combo.currentData(),
            "minutes": self.minutes_spin.value(),
            "status": self.status_combo.currentData(),
            "staff_id": self.staff_combo.currentData(),
            "topic": self.topic_edit.text(),
            "people": {str(row.person_id): row.values() for row in self.rows},
            "goals": self.checked_goals(),
            "notes": self.notes_edit.toPlainText(),
            "agreed": self.agreed_edit.toPlainText(),
            "practice_task": self.practice_edit.text(),
            "practice_caregiver": self.practice_caregiver.currentData(),
            "practice_due": _iso(self.practice_due.value()),
            "follow_up": self.follow_check.isChecked(),
            "follow_up_on": _iso(self.follow_date.value()),
        }

    def apply_values(self, values: dict[str, Any]) -> None:
        """Put stored values (a draft or a stored session) into the fields."""

        def choose(combo: QComboBox, data: Any) -> None:
            index = combo.findData(data)
            if index >= 0:
                combo.setCurrentIndex(index)

        def set_day(edit: Any, key: str) -> None:
            if values.get(key):
                edit.set_value(date.fromisoformat(values[key]))

        set_day(self.date_edit, "held_on")
        if values.get("starts_at"):
            hour, minute = (int(part) for part in values["starts_at"].split(":"))
            self.time_edit.setTime(QTime(hour, minute))
        choose(self.kind_combo, values.get("kind"))
        if values.get("minutes"):
            self.minutes_spin.setValue(int(values["minutes"]))
        choose(self.status_combo, values.get("status"))
        choose(self.staff_combo, values.get("staff_id"))
        self.topic_edit.setText(values.get("topic") or "")
        people = values.get("people") or {}
        if people:
            self.touched.add("people")
        for row in self.rows:
            row.apply(people.get(str(row.person_id)))
        goals = set(values.get("goals") or ())
        for index in range(self.goals_list.count()):
            item = self.goals_list.item(index)
            ticked = item.data(Qt.ItemDataRole.UserRole) in goals
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.hidden_goals = goals - set(self.checked_goals())
        self.notes_edit.setPlainText(values.get("notes") or "")
        self.agreed_edit.setPlainText(values.get("agreed") or "")
        self.practice_edit.setText(values.get("practice_task") or "")
        choose(self.practice_caregiver, values.get("practice_caregiver"))
        set_day(self.practice_due, "practice_due")
        self.follow_check.setChecked(bool(values.get("follow_up")))
        set_day(self.follow_date, "follow_up_on")

    def checked_goals(self) -> list[str]:
        """Ids (as text) of the goals ticked as worked on."""
        items = (self.goals_list.item(i) for i in range(self.goals_list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def entry(
        self, session_id: uuid.UUID | None, child_id: uuid.UUID | None, confidentiality: str
    ) -> Entry:
        """What Save writes, from the fields as they are now."""
        children: list[AttendeeInput] = []
        caregivers: list[AttendeeInput] = []
        for row in self.rows:
            if row.included():
                person = AttendeeInput(row.person_id, row.status(), row.reason() or None)
                (children if row.is_child else caregivers).append(person)
        goal_ids = [uuid.UUID(g) for g in [*self.checked_goals(), *sorted(self.hidden_goals)]]
        start = self.time_edit.time()
        staff = self.staff_combo.currentData()
        data = SessionInput(
            held_on=self.date_edit.value(),
            kind=self.kind_combo.currentData(),
            staff_id=uuid.UUID(staff) if staff else uuid.UUID(int=0),
            starts_at=time(start.hour(), start.minute()),
            minutes=self.minutes_spin.value(),
            status=self.status_combo.currentData(),
            topic=self.topic_edit.text(),
            notes=self.notes_edit.toPlainText(),
            agreed=self.agreed_edit.toPlainText(),
            confidentiality=confidentiality,
            children=tuple(children),
            caregivers=tuple(caregivers),
            goal_ids=tuple(goal_ids),
        )
        practice = None
        task, caregiver = self.practice_edit.text().strip(), self.practice_caregiver.currentData()
        if task and caregiver:
            practice = PracticeEntry(
                caregiver_id=uuid.UUID(caregiver),
                task=task,
                due_on=self.practice_due.value(),
                goal_id=goal_ids[0] if goal_ids else None,
            )
        follow = self.follow_date.value() if self.follow_check.isChecked() else None
        return Entry(data, session_id, child_id, practice, follow)

    def local_problems(self) -> dict[str, str]:
        """Problems found without the database."""
        problems: dict[str, str] = {}
        if self.practice_edit.text().strip() and not self.practice_caregiver.currentData():
            problems["practice"] = _("The child's family has no caregiver to take the task home.")
        if self.follow_check.isChecked() and self.follow_date.value() <= self.date_edit.value():
            problems["follow_up"] = _("The next session must come after this one.")
        return problems

    # --- reacting ---------------------------------------------------------------------------

    def _emit(self, *_args: Any) -> None:
        if any(row.touched for row in self.rows):
            self.touched.add("people")
        self.changed.emit()

    def _kind_changed(self) -> None:
        self.apply_kind_defaults()
        self._emit()

    def apply_kind_defaults(self) -> None:
        """Minutes and who is ticked follow the kind until the user changes them."""
        kind = self.kind_combo.currentData()
        if "minutes" not in self.touched:
            self.minutes_spin.blockSignals(True)
            self.minutes_spin.setValue(default_minutes(kind))
            self.minutes_spin.blockSignals(False)
        if "people" not in self.touched:
            with_parent = kind in PARENT_SESSION_KINDS or kind == SessionKind.JOINT
            first_caregiver = next((row for row in self.rows if not row.is_child), None)
            for row in self.rows:
                wanted = (
                    kind not in CHILDLESS_KINDS
                    if row.is_child
                    else with_parent and row is first_caregiver
                )
                row.set_included(wanted, quietly=True)
