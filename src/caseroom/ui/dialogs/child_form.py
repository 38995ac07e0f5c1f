"""The child form (enrol or edit a child), and the blank-able date field the child's forms use.

The form is a `form_base.FormDialog` (the one base of every form): each field has its
message line right under it, filled as the person types (local checks) or from the
services' `ValidationError.problems` after Save; Save is never silently refused; Escape
on a changed form asks before discarding. `DateField` is a dd.mm.yyyy date edit that may
stay blank. The SEN categories offered are the room's (`services.sen_categories`): the
ten of the order and the centre's own, read on the worker when the form opens.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)
from sqlmodel import Session

from caseroom.i18n import _
from caseroom.services.common import Actor, Problems
from caseroom.services.people.children import ChildInput, ChildRead, create_child, update_child
from caseroom.services.people.families import FamilyInput, create_family
from caseroom.services.people.iin import validate_iin
from caseroom.services.people.rooms import RoomRead, get_room, require_room
from caseroom.services.people.search import global_search
from caseroom.services.people.sen_categories import SenCategoryRead, list_sen_categories
from caseroom.services.people.staff import StaffRead, clean_person_names, full_name, list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.widgets.date_field import OneStopDateEdit
from caseroom.vocab import ChildStatus, HomeLanguage, Sex, label

_BLANK = QDate(1900, 1, 1)


def qdate(value: date) -> QDate:
    """A `datetime.date` as a `QDate`."""
    return QDate(value.year, value.month, value.day)


def day_text(value: date) -> str:
    """A date as typed and shown everywhere: dd.mm.yyyy."""
    return value.strftime("%d.%m.%Y")


class DateField(OneStopDateEdit):
    """A dd.mm.yyyy date edit (one Tab stop); with `value=None` it shows blank until a
    date is typed.

    A blank field takes `start` as its starting point when it gets the focus, so typing
    "14032017" works at once; leaving it untouched makes it blank again.
    """

    def __init__(self, value: date | None, *, start: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd.MM.yyyy")
        self.setCalendarPopup(True)
        self._start = start
        self._blank = value is None
        self._touched = False
        self.setMinimumDate(_BLANK)
        if value is None:
            self.setSpecialValueText(_("dd.mm.yyyy"))
            self.setDate(_BLANK)
        else:
            self.setDate(qdate(value))
        self.dateChanged.connect(self._changed)

    def value(self) -> date | None:
        """The date entered, or None while blank."""
        if self._blank:
            return None
        shown = self.date()
        return date(shown.year(), shown.month(), shown.day())

    def set_value(self, value: date | None) -> None:
        """Show `value` (None: blank)."""
        self._blank = value is None
        self.setSpecialValueText(_("dd.mm.yyyy") if value is None else "")
        self.setDate(_BLANK if value is None else qdate(value))

    def _changed(self) -> None:
        self._touched = True

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Start a blank field from `start` so the digits typed land in a real date."""
        if self._blank:
            self.blockSignals(True)
            self.setSpecialValueText("")
            self.setDate(qdate(self._start))
            self.blockSignals(False)
            self._blank = False
            self._touched = False
            self._was_blank = True
        else:
            self._was_blank = False
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """A field that was blank and was not changed becomes blank again."""
        super().focusOutEvent(event)
        if getattr(self, "_was_blank", False) and not self._touched:
            self.blockSignals(True)
            self.set_value(None)
            self.blockSignals(False)


def _combo(items: list[tuple[str, Any]], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _select(combo: QComboBox, data: Any) -> None:
    if isinstance(data, uuid.UUID):
        data = str(data)  # ids are kept as text: findData cannot match equal UUID objects
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


_NEW_FAMILY = "new"


def _uuid(data: object) -> uuid.UUID | None:
    """An id kept in a combo box as text (anything else, such as "new", is None)."""
    try:
        return uuid.UUID(data) if isinstance(data, str) else None
    except ValueError:
        return None


class ChildForm(FormDialog):
    """Enrol a child (family: an existing one or a new one) or edit a child's record."""

    def __init__(
        self,
        context: AppContext,
        child: ChildRead | None = None,
        *,
        family: tuple[uuid.UUID, str] | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit child") if child else _("Add a child")
        super().__init__(title, parent, context=context)
        self.context: AppContext = context
        self.setModal(True)
        self.child = child
        self.today = today or date.today()
        self._staff: list[StaffRead] = []
        self._staff_ready = False
        self._sen_ready = False
        self._build(family)
        if child is not None:
            self._fill(child)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._find_families)
        self.context.call(list_staff, self._staff_arrived)
        self.context.call(list_sen_categories, self._sen_arrived, include_archived=True)
        self._locality: str | None = None
        if child is None:  # a new child goes to the room's school, a new family lives nearby
            self.context.run(get_room, self._room_arrived, parent=self)
        self.undoable("child", child.id if child else None)
        self.ready()

    def _build(self, family: tuple[uuid.UUID, str] | None) -> None:
        self.family_search = QLineEdit(self)
        self.family_search.setPlaceholderText(_("Type to find a family, or a new family's name"))
        self.family_choice = QComboBox(self)
        self.family_choice.setAccessibleName(_("Family found"))
        if family is not None:
            self.family_choice.addItem(_("{name} family").format(name=family[1]), str(family[0]))
        self.family_choice.addItem(_("New family (named after the child)"), _NEW_FAMILY)
        if self.child is None:
            self.add_field("family_search", _("&Family"), self.family_search)
            self.add_field("family_id", "", self.family_choice, accessible=_("Family"))
            self.family_search.textChanged.connect(lambda: self._search_timer.start())
        else:
            self.family_search.hide()
            self.family_choice.hide()
        self.last_name = self.add_field("last_name", _("&Last name"), QLineEdit(self))
        self.first_name = self.add_field("first_name", _("Fi&rst name"), QLineEdit(self))
        self.patronymic = self.add_field("patronymic", _("&Patronymic"), QLineEdit(self))
        start = date(self.today.year - 8, 1, 1)
        self.birth_date = self.add_field(
            "birth_date", _("&Birth date"), DateField(None, start=start, parent=self)
        )
        sexes = [
            ("—", None),
            (label(Sex.FEMALE), Sex.FEMALE.value),
            (label(Sex.MALE), Sex.MALE.value),
        ]
        self.sex = self.add_field("sex", _("Se&x"), _combo(sexes, self))
        self.iin = self.add_field("iin", _("&IIN"), QLineEdit(self))
        self.iin.setMaxLength(14)
        self.iin.setPlaceholderText(_("12 digits"))
        self.school = self.add_field("school", _("Sc&hool"), QLineEdit(self), column=1)
        grades = [("—", None), (_("pre-school"), 0), *[(str(n), n) for n in range(1, 13)]]
        self.grade = self.add_field("grade", _("&Grade"), _combo(grades, self), column=1)
        self.class_letter = self.add_field(
            "class_letter", _("&Class letter"), QLineEdit(self), column=1
        )
        self.class_letter.setMaxLength(3)
        languages = [("—", None), *[(label(code), code.value) for code in HomeLanguage]]
        self.home_language = self.add_field(
            "home_language", _("Home lang&uage"), _combo(languages, self), column=1
        )
        self.enrolled_on = self.add_field(
            "enrolled_on",
            _("&Enrolled on"),
            DateField(self.today, start=self.today, parent=self),
            column=1,
        )
        self.lead = self.add_field(
            "specialist_ids", _("Lea&d specialist"), _combo([("—", None)], self), column=1
        )
        statuses = [(label(code), code.value) for code in ChildStatus]
        self.status = self.add_field("status", _("S&tatus"), _combo(statuses, self), column=1)
        self.status.setVisible(self.child is not None)
        self.form(1).labelForField(self.status).setVisible(self.child is not None)
        self.sen = QListWidget(self)
        self.sen.setMinimumHeight(150)
        self.sen.setWordWrap(True)
        self.sen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_field("sen_categories", _("SEN c&ategories"), self.sen, column=1)
        self.resize(880, 560)

    def _fill(self, child: ChildRead) -> None:
        self.last_name.setText(child.last_name)
        self.first_name.setText(child.first_name)
        self.patronymic.setText(child.patronymic or "")
        self.birth_date.set_value(child.birth_date)
        _select(self.sex, child.sex)
        self.iin.setText(child.iin or "")
        self.school.setText(child.school or "")
        _select(self.grade, child.grade)
        self.class_letter.setText(child.class_letter or "")
        _select(self.home_language, child.home_language)
        self.enrolled_on.set_value(child.enrolled_on)
        _select(self.status, child.status)

    def _staff_arrived(self, staff: list[StaffRead]) -> None:
        self._staff = staff
        self._staff_ready = True
        was_changed = self.is_changed()
        self.lead.blockSignals(True)
        for member in staff:
            name = full_name(member.last_name, member.first_name, member.patronymic)
            self.lead.addItem(name, str(member.id))
        chosen = self.child.lead_specialist_id if self.child else self.context.actor.staff_id
        _select(self.lead, chosen)
        self.lead.blockSignals(False)
        if not was_changed:
            self.mark_clean()  # filling in the list is not a change

    def _room_arrived(self, room: RoomRead | None) -> None:
        """Fill in the room's school (unless one was typed meanwhile); prefilling is not a
        change of the form."""
        if room is None:
            return
        self._locality = room.locality
        if not self.school.text().strip():
            was_changed = self.is_changed()
            self.school.setText(room.school_name)
            if not was_changed:
                self.mark_clean()

    def _sen_arrived(self, categories: list[SenCategoryRead]) -> None:
        """Offer the active categories, and any archived one the child still has."""
        had = set(self.child.sen_categories) if self.child else set()
        was_changed = self.is_changed()
        self.sen.blockSignals(True)
        for category in categories:
            if category.archived and category.code not in had:
                continue
            item = QListWidgetItem(category.label, self.sen)
            item.setData(Qt.ItemDataRole.UserRole, category.code)
            item.setToolTip(category.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = category.code in had
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.sen.blockSignals(False)
        self._sen_ready = True
        if not was_changed:
            self.mark_clean()

    # --- families ------------------------------------------------------------------------------

    def _find_families(self) -> None:
        text = self.family_search.text().strip()
        if not text:
            self._families_found([], text)
            return
        self.context.call(
            global_search,
            lambda hits: self._families_found(
                [(hit.id, hit.title) for hit in hits if hit.kind == "family"], text
            ),
            text=text,
            limit=60,
        )

    def _families_found(self, found: list[tuple[uuid.UUID, str]], text: str) -> None:
        if text != self.family_search.text().strip():
            return
        chosen = self.family_choice.currentData()
        self.family_choice.blockSignals(True)
        self.family_choice.clear()
        for family_id, title in found:
            self.family_choice.addItem(title, str(family_id))
        if text:
            self.family_choice.addItem(_("New family: {name}").format(name=text), _NEW_FAMILY)
        else:
            self.family_choice.addItem(_("New family (named after the child)"), _NEW_FAMILY)
        kept = chosen != _NEW_FAMILY and any(str(family_id) == chosen for family_id, _t in found)
        _select(self.family_choice, chosen if kept else (found[0][0] if found else _NEW_FAMILY))
        self.family_choice.blockSignals(False)

    # --- checks and saving ---------------------------------------------------------------------

    def _sen_codes(self) -> tuple[str, ...]:
        if not self._sen_ready:  # the list has not arrived: keep what the child has
            return self.child.sen_categories if self.child else ()
        return tuple(
            self.sen.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.sen.count())
            if self.sen.item(row).checkState() == Qt.CheckState.Checked
        )

    def local_problems(self) -> dict[str, str]:
        """The checks the services would make that need no database."""
        problems = Problems()
        clean_person_names(
            problems, self.last_name.text(), self.first_name.text(), self.patronymic.text()
        )
        birth = self.birth_date.value()
        enrolled = self.enrolled_on.value()
        if birth is None:
            problems.add("birth_date", _("Enter the birth date"))
        elif birth > self.today:
            problems.add(
                "birth_date",
                _("The birth date {date} is in the future").format(date=day_text(birth)),
            )
        if enrolled is None:
            problems.add("enrolled_on", _("Enter the enrolment date"))
        elif birth is not None and enrolled < birth:
            problems.add(
                "enrolled_on",
                _("The enrolment date {date} is before the birth date {birth}").format(
                    date=day_text(enrolled), birth=day_text(birth)
                ),
            )
        if self.iin.text().strip():
            found = validate_iin(self.iin.text(), birth_date=birth, sex=self.sex.currentData())
            if found:
                problems.add("iin", found[0])
        return problems.found

    def service_problems(self, problems: dict[str, str]) -> dict[str, str]:
        """A new family's name problem shows under the family."""
        mapped = dict(problems)
        if "display_name" in mapped:
            mapped.setdefault("family_id", mapped.pop("display_name"))
        return mapped

    def child_input(self, family_id: uuid.UUID | None) -> ChildInput:
        """What the form holds, as the service takes it."""
        kept = self.child.specialist_ids if self.child else ()
        if self._staff_ready:
            lead = _uuid(self.lead.currentData())
        else:  # the staff list has not arrived yet: keep the lead the form was opened with
            lead = self.child.lead_specialist_id if self.child else self.context.actor.staff_id
        return ChildInput(
            family_id=family_id,
            last_name=self.last_name.text(),
            first_name=self.first_name.text(),
            patronymic=self.patronymic.text() or None,
            birth_date=self.birth_date.value(),
            sex=self.sex.currentData(),
            iin=self.iin.text() or None,
            school=self.school.text() or None,
            grade=self.grade.currentData(),
            class_letter=self.class_letter.text() or None,
            home_language=self.home_language.currentData(),
            enrolled_on=self.enrolled_on.value(),
            left_on=self.child.left_on if self.child else None,
            status=self.status.currentData() if self.child else ChildStatus.ACTIVE.value,
            notes=self.child.notes if self.child else None,
            sen_categories=self._sen_codes(),
            specialist_ids=tuple(dict.fromkeys([*([lead] if lead else []), *kept])),
            lead_specialist_id=lead,
        )

    def save(self) -> None:
        """Create the family if new, then the child (or update it), in one unit of work."""
        today, child = self.today, self.child
        if child is not None:
            data = self.child_input(child.family_id)
            self.run(
                lambda s, actor: update_child(
                    s, actor=actor, child_id=child.id, data=data, today=today
                ),
                {"child"},
            )
            return
        choice = self.family_choice.currentData()
        family_name = self.family_search.text().strip() or self.last_name.text().strip()
        locality = self._locality
        data = self.child_input(_uuid(choice))

        def work(session: Session, actor: Actor) -> ChildRead:
            family_id = data.family_id
            if family_id is None:
                room = require_room(session)
                family = create_family(
                    session,
                    actor=actor,
                    room_id=room.id,
                    data=FamilyInput(display_name=family_name, locality=locality),
                )
                family_id = family.id
            return create_child(
                session,
                actor=actor,
                data=ChildInput(**{**_fields(data), "family_id": family_id}),
                today=today,
            )

        self.run(work, {"child", "family"})


def _fields(data: ChildInput) -> dict[str, Any]:
    return {name: getattr(data, name) for name in ChildInput.__dataclass_fields__}
