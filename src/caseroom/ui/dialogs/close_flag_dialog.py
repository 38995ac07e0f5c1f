"""Close a safety flag once what was done about it is recorded and the risk is over.

The dialog shows who the flag is about and every follow-up recorded (what was done, to
whom, the note), asks for the closing date (today by default, the focus on it) and closes
the flag with Ctrl+Enter through `services.wellbeing.flags.close_flag`; the flag then
leaves the child card, its follow-ups are kept. A flag without a follow-up is not offered
for closing (the service refuses it too).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from caseroom.i18n import _
from caseroom.services.wellbeing.flags import FlagRead, FollowupRead, close_flag
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.followup_dialog import flag_heading, flag_summary
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.ui.widgets.labels import muted
from caseroom.vocab import FollowupAction, label


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def actions_text(followup: FollowupRead) -> str:
    """What was done, as the list's words ("talked today, referred")."""
    words = []
    for code in followup.actions:
        try:
            words.append(label(FollowupAction(code)))
        except ValueError:
            words.append(code)
    return ", ".join(words)


def followup_lines(followup: FollowupRead) -> str:
    """One follow-up: its date and what was done, then to whom and the note, if any."""
    lines = [
        _("{date}: {actions}").format(date=_day(followup.done_on), actions=actions_text(followup))
    ]
    if followup.to_whom:
        lines.append(_("To whom: {whom}").format(whom=followup.to_whom))
    if followup.note:
        lines.append(followup.note)
    return "\n".join(lines)


class CloseFlagDialog(FormDialog):
    """The follow-ups of `flag` and the date it is closed on; Ctrl+Enter closes it."""

    def __init__(
        self,
        context: AppContext,
        flag: FlagRead,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Close a safety flag"), parent, context=context)
        self.flag, self.today = flag, today
        self.closed: FlagRead | None = None
        self.layout_.addWidget(flag_heading(flag_summary(flag), self))
        done = "\n\n".join(followup_lines(f) for f in flag.followups) or _("No follow-up yet.")
        self.followups = QLabel(done, self)
        self.followups.setWordWrap(True)
        self.followups.setAccessibleName(_("What was done"))
        self.layout_.addWidget(self.followups)
        explain = _(
            "Close the flag once the risk is over: it leaves the card, and its follow-ups are kept."
        )
        self.layout_.addWidget(muted(explain, self))
        self.closed_on = date_edit(self, today, _("Date the flag is closed"))
        self.add_field("closed_on", _("Closed o&n"), self.closed_on)
        self.save_button.setText(_("&Close the flag"))
        self.save_button.setAccessibleName(_("Close the safety flag"))
        self.save_button.setToolTip(_("Close the flag (Ctrl+Enter)"))
        self.resize(520, 0)
        self.ready()

    def snapshot(self) -> object:
        """The closing date."""
        return self.closed_on.value()

    def local_problems(self) -> dict[str, str]:
        """The closing date lies between the day the flag was raised and today."""
        day = self.closed_on.value()
        if day < self.flag.raised_on:
            return {"closed_on": _("The flag cannot be closed before the day it was raised")}
        if day > self.today:
            return {"closed_on": _("The closing date cannot be in the future")}
        return {}

    def save(self) -> None:
        """Close the flag on the worker."""
        self.call(
            close_flag,
            self.context,
            changes={"wellbeing"},
            flag_id=self.flag.id,
            closed_on=self.closed_on.value(),
            today=self.today,
        )

    def saved(self, result: object = None) -> None:
        """Remember the flag as closed, then close."""
        if isinstance(result, FlagRead):
            self.closed = result
        super().saved(result)
