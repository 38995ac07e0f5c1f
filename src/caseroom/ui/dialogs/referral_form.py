"""A referral of a child or a caregiver to another service: to whom, why, when, where
it stands, its outcome, and who may see it.

A new referral is planned (or sent the same day); an existing one may move on one step
(planned → sent → completed or declined) in the same form, with its outcome once
completed or declined.
"Who may see it" offers only the levels the acting person may see (the service checks
again); a child's referral defaults to specialists only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.directory.entries import all_entries
from caseroom.services.directory.fields import EntryRead
from caseroom.services.parents.referrals import (
    NEXT_STATUSES,
    TEXT_MAX,
    TO_WHOM_MAX,
    ReferralInput,
    ReferralRead,
    create_referral,
    default_level,
    set_referral_status,
    update_referral,
)
from caseroom.services.permissions import may_see
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.vocab import Confidentiality, ReferralStatus, label

CHANGES = frozenset({"referral"})
"""What a saved referral changes (the child card reloads)."""

_ENDED = frozenset({ReferralStatus.COMPLETED.value, ReferralStatus.DECLINED.value})


@dataclass(frozen=True, slots=True)
class ReferralSubject:
    """Who is referred: a child, or (with `caregiver_id`, `child_id` None) a caregiver."""

    child_id: uuid.UUID | None
    name: str
    caregiver_id: uuid.UUID | None = None


def visible_levels(actor: Actor) -> list[str]:
    """The confidentiality levels `actor` may give a referral (ones they may see)."""
    return [level.value for level in Confidentiality if may_see(actor, level)]


class ReferralForm(FormDialog):
    """A new referral of `subject`, or (`referral` given) a correction and the next step."""

    def __init__(
        self,
        context: AppContext,
        subject: ReferralSubject,
        referral: ReferralRead | None = None,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (_("Referral of {name}") if referral else _("New referral of {name}")).format(
            name=subject.name
        )
        super().__init__(title, parent, context=context)
        self.subject, self.referral = subject, referral
        self.setMinimumWidth(520)
        self.to_whom_edit = self.add_field("to_whom", _("&To whom"), QLineEdit(self))
        self.to_whom_edit.setPlaceholderText(_("e.g. the regional PMPK, a clinic"))
        self.entry_combo = self.add_field(
            "directory_entry_id", _("From the &help directory"), QComboBox(self)
        )
        self.entry_combo.addItem(_("Not from the directory"), None)
        self._entry_names: dict[uuid.UUID, str] = {}
        self.reason_edit = self.add_field("reason", _("&Reason"), QPlainTextEdit(self))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        day = referral.referred_on if referral else (today or date.today())
        self.day_edit = self.add_field("referred_on", _("&Date"), date_edit(self, day, _("Date")))
        self.status_combo = self.add_field("status", _("St&atus"), QComboBox(self))
        self.outcome_edit = self.add_field("outcome", _("&Outcome"), QPlainTextEdit(self))
        self.outcome_edit.setTabChangesFocus(True)
        self.outcome_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.level_combo = self.add_field("confidentiality", _("Who &may see it"), QComboBox(self))
        self._fill(referral)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.undoable("referral", referral.id if referral else None)
        self.ready()
        self.entry_combo.currentIndexChanged.connect(self._entry_picked)
        self.context.call(all_entries, self._entries_arrived, include_archived=True, parent=self)

    def _entries_arrived(self, entries: list[EntryRead]) -> None:
        """Offer the directory's entries (an archived one only if this referral uses it)."""
        current = self.referral.directory_entry_id if self.referral else None
        clean = not self.dirty
        self.entry_combo.blockSignals(True)
        for entry in entries:
            if entry.archived_at is not None and entry.id != current:
                continue
            town = f" ({entry.town})" if entry.town else ""
            self.entry_combo.addItem(entry.name + town, str(entry.id))
            self._entry_names[entry.id] = entry.name
        index = self.entry_combo.findData(str(current)) if current else 0
        self.entry_combo.setCurrentIndex(max(index, 0))
        self.entry_combo.blockSignals(False)
        if clean:
            self.mark_clean()

    def picked_entry(self) -> uuid.UUID | None:
        """The directory entry chosen, if any."""
        value = self.entry_combo.currentData()
        return uuid.UUID(value) if value else None

    def _entry_picked(self) -> None:
        """Picking an entry writes its name in "To whom" (when that is empty or another
        entry's name)."""
        entry_id = self.picked_entry()
        written = self.to_whom_edit.text().strip()
        if entry_id is not None and (not written or written in self._entry_names.values()):
            self.to_whom_edit.setText(self._entry_names[entry_id])

    def _fill(self, referral: ReferralRead | None) -> None:
        actor = self.context.actor
        current = referral.status if referral else ReferralStatus.PLANNED.value
        for status in [current, *sorted(NEXT_STATUSES[current])]:
            self.status_combo.addItem(label(ReferralStatus(status)), status)
        self.status_combo.setEnabled(self.status_combo.count() > 1)
        caregiver = self.subject.caregiver_id is not None
        level = referral.confidentiality if referral else default_level(caregiver=caregiver)
        levels = visible_levels(actor)
        if level not in levels:
            levels.append(level)
        for code in levels:
            self.level_combo.addItem(label(Confidentiality(code)), code)
        self.level_combo.setCurrentIndex(levels.index(level))
        if referral is not None:
            self.to_whom_edit.setText(referral.to_whom)
            self.reason_edit.setPlainText(referral.reason or "")
            self.outcome_edit.setPlainText(referral.outcome or "")

    def _status_changed(self) -> None:
        """The outcome is written when the referral is completed or declined."""
        stored = self.referral.status if self.referral else ReferralStatus.PLANNED.value
        status = self.status_combo.currentData()
        self.outcome_edit.setEnabled(status in _ENDED and status != stored)

    def local_problems(self) -> dict[str, str]:
        """Where the referral goes is needed; texts within their limits."""
        problems: dict[str, str] = {}
        to_whom = self.to_whom_edit.text().strip()
        too_long = _("The text is too long (at most {limit} characters)")
        if not to_whom:
            problems["to_whom"] = _("Say where the referral is made to")
        elif len(to_whom) > TO_WHOM_MAX:
            problems["to_whom"] = too_long.format(limit=TO_WHOM_MAX)
        for name, edit in (("reason", self.reason_edit), ("outcome", self.outcome_edit)):
            if len(edit.toPlainText().strip()) > TEXT_MAX:
                problems[name] = too_long.format(limit=TEXT_MAX)
        return problems

    def service_problems(self, problems: dict[str, str]) -> dict[str, str]:
        """The person referred is fixed here: their problem goes to the general line."""
        return {("general" if name == "subject" else name): text for name, text in problems.items()}

    def save(self) -> None:
        """Create or correct the referral, then move it on when a new status was chosen."""
        data = ReferralInput(
            to_whom=self.to_whom_edit.text(),
            referred_on=self.day_edit.value(),
            reason=self.reason_edit.toPlainText(),
            child_id=self.subject.child_id,
            caregiver_id=self.subject.caregiver_id,
            confidentiality=self.level_combo.currentData(),
            directory_entry_id=self.picked_entry(),
        )
        status: str = self.status_combo.currentData()
        outcome = self.outcome_edit.toPlainText() if self.outcome_edit.isEnabled() else None
        referral = self.referral

        def work(session: Any, actor: Actor) -> ReferralRead:
            if referral is None:
                made = create_referral(session, actor=actor, data=data)
            else:
                made = update_referral(session, actor=actor, referral_id=referral.id, data=data)
            if status != made.status:
                made = set_referral_status(
                    session, actor=actor, referral_id=made.id, status=status, outcome=outcome
                )
            return made

        self.run(work, set(CHANGES))
