"""Archive a record with a reason, and restore an archived one.

`ArchiveDialog` asks why (child left the school, moved, a duplicate, entered by mistake,
another reason), archives the record through its kind's service (`ui.archive_kinds`) and
registers the archive with Undo, so Ctrl+Z or "Undo" in the confirmation bar restores it.
`restore_record` brings an archived record back as it was, and Undo archives it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from caseroom.i18n import _
from caseroom.ui.archive_kinds import kind
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.vocab import ArchiveReason, label

CHOSEN_REASONS: tuple[ArchiveReason, ...] = (
    ArchiveReason.LEFT_SCHOOL,
    ArchiveReason.MOVED,
    ArchiveReason.DUPLICATE,
    ArchiveReason.MISTAKE,
    ArchiveReason.OTHER,
)
"""The reasons offered (`UNDONE` is Undo's own)."""


class ArchiveDialog(FormDialog):
    """Archive the `kind_name` record `record_id` (described by `what`) with a reason."""

    def __init__(
        self,
        context: AppContext,
        kind_name: str,
        record_id: uuid.UUID,
        what: str,
        *,
        reasons: tuple[ArchiveReason, ...] = CHOSEN_REASONS,
        parent: QWidget | None = None,
    ) -> None:
        self.kind = kind(kind_name)
        super().__init__(
            _("Archive: {record}").format(record=self.kind.title), parent, context=context
        )
        self.record_id = record_id
        self.reason = QComboBox(self)
        for code in reasons:
            self.reason.addItem(label(code), str(code))
        self.reason.setCurrentIndex(-1)
        self.reason.setPlaceholderText(_("Choose a reason"))
        self.add_field("reason", _("&Reason"), self.reason)
        self.reason.setAccessibleName(_("Reason for archiving"))
        shown = QLabel(what, self)
        shown.setWordWrap(shown.fontMetrics().horizontalAdvance(what) > 380)
        shown.setAccessibleName(_("Record to archive"))
        self.add_field("record", _("Record"), shown)
        note = QLabel(
            _(
                'The record leaves the lists but is kept: "Show archived" finds it and'
                " Restore brings it back as it was. Ctrl+Z undoes this while the window is open."
            ),
            self,
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.save_button.setText(_("&Archive"))
        self.save_button.setAccessibleName(_("Archive the record"))
        self.save_button.setToolTip(_("Archive (Ctrl+Enter)"))
        self.ready()
        # As tall as its wrapped lines need at this width (height 0 squeezed the reason
        # field and the note into each other).
        self.setMinimumWidth(520)
        self.adjustSize()

    def chosen_reason(self) -> str | None:
        """The reason code chosen, or None."""
        data = self.reason.currentData()
        return str(data) if data else None

    def local_problems(self) -> dict[str, str]:
        """A reason must be chosen."""
        if self.chosen_reason() is None:
            return {"reason": _("Choose why the record is archived.")}
        return {}

    def save(self) -> None:
        """Archive the record, then let Undo restore it."""
        found, record_id, reason = self.kind, self.record_id, self.chosen_reason()
        assert reason is not None

        def work(session: Any, actor: Any) -> None:
            found.archive_it(session, actor, record_id, reason)

        def done(result: object) -> None:
            self.context.undo.archived(found.name, record_id)
            self.saved(result)

        self.run(work, found.changes, on_done=done)


def restore_record(
    context: AppContext,
    kind_name: str,
    record_id: uuid.UUID,
    *,
    parent: QWidget | None = None,
    on_done: Callable[[object], None] | None = None,
    reason: str | None = None,
) -> None:
    """Restore an archived record as it was (a refusal is shown over `parent`); Ctrl+Z
    archives it again with `reason`, the one it was archived with."""
    found = kind(kind_name)
    actor = context.actor

    def done(result: object) -> None:
        context.undo.restored(found.name, record_id, reason)
        if on_done is not None:
            on_done(result)

    context.run(
        lambda session: found.restore_it(session, actor, record_id),
        done,
        changes=found.changes,
        parent=parent,
    )


class ArchiveButton(QPushButton):
    """ "Archive…" for a record on the lists, "Restore" for an archived one, in one button.

    The page tells it which record it stands for with `show_record`; a click opens the
    reason dialog (focus on the reason, Ctrl+Enter archives) or restores the record.
    """

    def __init__(
        self,
        context: AppContext,
        kind_name: str,
        parent: QWidget | None = None,
        *,
        archive_text: str,
        restore_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.kind = context, kind(kind_name)
        self.archive_text = archive_text
        self.restore_text = restore_text or _("Rest&ore")
        self.record_id: uuid.UUID | None = None
        self.what = ""
        self.archived = False
        self.dialog: ArchiveDialog | None = None
        self.setAutoDefault(False)
        self.clicked.connect(self.act)
        self.show_record(None, "", archived=False)

    def show_record(self, record_id: uuid.UUID | None, what: str, *, archived: bool) -> None:
        """Stand for `record_id` (described by `what`); None disables the button."""
        self.record_id, self.what, self.archived = record_id, what, archived
        self.setEnabled(record_id is not None)
        self.setText(self.restore_text if archived else self.archive_text)
        template = _("Restore: {record}") if archived else _("Archive: {record}")
        self.setAccessibleName(template.format(record=self.kind.title))

    def act(self) -> ArchiveDialog | None:
        """Archive (asking why) or restore the record shown."""
        if self.record_id is None:
            return None
        if self.archived:
            restore_record(self.context, self.kind.name, self.record_id, parent=self.window())
            return None
        dialog = ArchiveDialog(
            self.context, self.kind.name, self.record_id, self.what, parent=self.window()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
