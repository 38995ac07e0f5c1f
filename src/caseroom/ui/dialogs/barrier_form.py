"""Note a barrier that keeps a family from taking part, or mark one as resolved."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from caseroom.i18n import _
from caseroom.services.people.families import BarrierRead, add_barrier, resolve_barrier
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.ui.widgets.style import SPACE_S
from caseroom.vocab import BarrierKind, label

CHANGES = frozenset({"family", "barrier"})


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


class BarrierForm(FormDialog):
    """A new barrier of a family, or (`barrier` given) the day it was resolved."""

    def __init__(
        self,
        context: AppContext,
        family_id: uuid.UUID,
        barrier: BarrierRead | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Barrier resolved") if barrier else _("New barrier"), parent)
        self.context, self.family_id, self.barrier = context, family_id, barrier
        self.setMinimumWidth(460)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        today = date.today()
        if barrier is None:
            self.kind_combo = QComboBox(self)
            self.kind_combo.setAccessibleName(_("What keeps the family from taking part"))
            for kind in BarrierKind:
                self.kind_combo.addItem(label(kind), kind.value)
            form.addRow(_("&What is in the way"), self.kind_combo)
            form.addRow("", self.field_error("kind", self.kind_combo))
            self.day_edit = date_edit(self, today, _("Noted on"))
            form.addRow(_("&Noted on"), self.day_edit)
            form.addRow("", self.field_error("noted_on", self.day_edit))
            self.note_edit = QLineEdit(self)
            self.note_edit.setAccessibleName(_("Note"))
            form.addRow(_("N&ote"), self.note_edit)
        else:
            what = QLabel(
                _("{barrier}, noted on {date}").format(
                    barrier=label(BarrierKind(barrier.kind)), date=_day(barrier.noted_on)
                ),
                self,
            )
            form.addRow(_("Barrier"), what)
            self.day_edit = date_edit(self, today, _("Resolved on"))
            form.addRow(_("&Resolved on"), self.day_edit)
            form.addRow("", self.field_error("resolved_on", self.day_edit))
        self.day_edit.dateChanged.connect(self.revalidate)
        self.finish_layout()
        self.mark_clean()

    def snapshot(self) -> Any:
        """The form's values."""
        if self.barrier is not None:
            return self.day_edit.value()
        return (self.kind_combo.currentData(), self.day_edit.value(), self.note_edit.text())

    def local_problems(self) -> dict[str, str]:
        """No date in the future, none before the barrier was noted."""
        day = self.day_edit.value()
        field = "noted_on" if self.barrier is None else "resolved_on"
        if day > date.today():
            return {field: _("The date {date} is in the future").format(date=_day(day))}
        if self.barrier is not None and day < self.barrier.noted_on:
            return {
                field: _("A barrier cannot be resolved before it was noted on {date}").format(
                    date=_day(self.barrier.noted_on)
                )
            }
        return {}

    def save(self) -> None:
        """Add the barrier or mark it resolved."""
        actor, day = self.context.actor, self.day_edit.value()
        if self.barrier is None:
            family_id, kind, note = (
                self.family_id,
                self.kind_combo.currentData(),
                self.note_edit.text(),
            )

            def work(db: Any) -> BarrierRead:
                return add_barrier(
                    db, actor=actor, family_id=family_id, kind=kind, noted_on=day, note=note
                )

        else:
            barrier_id = self.barrier.id

            def work(db: Any) -> BarrierRead:
                return resolve_barrier(db, actor=actor, barrier_id=barrier_id, resolved_on=day)

        self.context.run(work, self.saved, changes=CHANGES, on_error=self.on_failed, parent=self)
