"""A caregiver's safety flags not closed yet, under her wellbeing on the parents tab.

Shown only to roles that may read safeguarding records (each flag read is audited). Each
flag says when it was raised and whether anything was done; its button records what was
done (`dialogs.followup_dialog`, as Today does) while nothing is, and closes the flag
(`dialogs.close_flag_dialog`) once something is. A closed flag leaves the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseroom.i18n import _
from caseroom.services.wellbeing.flags import FlagRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.close_flag_dialog import CloseFlagDialog, actions_text
from caseroom.ui.dialogs.followup_dialog import FollowupDialog, flag_summary
from caseroom.ui.pages.child_card.parts import SPACE_S, day
from caseroom.ui.widgets.style import colors, set_role


def marked(line: QLabel) -> QLabel:
    """A flag's line, marked in words (it begins "Safety flag:") and in colour: bold, in the
    danger colour and with a bar of it on the left. The colour is the label's own style
    sheet as well as its role, since the application's rule alone did not reach it."""
    danger = colors().danger
    set_role(line, "error")
    line.setStyleSheet(
        f"QLabel {{ color: {danger}; font-weight: 600; border-left: 3px solid {danger};"
        " padding-left: 6px; }"
    )
    line.setWordWrap(True)
    return line


def flag_line(flag: FlagRead) -> str:
    """ "Safety flag: PHQ-9 on 12.10.2026, followed up on 13.10.2026 (talked today)" """
    if not flag.followups:
        return _("Safety flag: {instrument} on {date}, waiting for a follow-up").format(
            instrument=flag.instrument_title, date=day(flag.raised_on)
        )
    last = flag.followups[-1]
    return _("Safety flag: {instrument} on {date}, followed up on {followed} ({actions})").format(
        instrument=flag.instrument_title,
        date=day(flag.raised_on),
        followed=day(last.done_on),
        actions=actions_text(last),
    )


class SafetyFlags(QWidget):
    """One line and one button per flag of the caregiver that is not closed."""

    def __init__(
        self,
        context: AppContext,
        flags: Sequence[FlagRead],
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.flags, self.today = context, tuple(flags), today
        self.dialog: FollowupDialog | CloseFlagDialog | None = None
        self.lines: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(SPACE_S)
        for row, flag in enumerate(self.flags):
            line = marked(QLabel(flag_line(flag), self))
            self.lines.append(line)
            button = QPushButton(self._button_text(flag), self)
            button.setAccessibleName(self._button_name(flag))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _on=False, f=flag: self.act(f))
            self.buttons.append(button)
            grid.addWidget(line, row, 0)
            grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        outer.addLayout(grid)
        self.setVisible(bool(self.flags))

    @staticmethod
    def _button_text(flag: FlagRead) -> str:
        return _("Close the flag…") if flag.followups else _("Record what was done…")

    @staticmethod
    def _button_name(flag: FlagRead) -> str:
        if flag.followups:
            return _("Close the safety flag of {date}").format(date=day(flag.raised_on))
        return _("Record what was done about the safety flag of {date}").format(
            date=day(flag.raised_on)
        )

    def act(self, flag: FlagRead) -> FollowupDialog | CloseFlagDialog:
        """Record what was done about `flag`, or close it once something was."""
        today = self.today()
        dialog: FollowupDialog | CloseFlagDialog
        if flag.followups:
            dialog = CloseFlagDialog(self.context, flag, today=today, parent=self.window())
        else:
            dialog = FollowupDialog(
                self.context,
                flag.id,
                flag_summary(flag),
                raised_on=flag.raised_on,
                today=today,
                parent=self.window(),
            )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
