"""What every form dialog of the families, groups and session screens shares.

A `FormDialog` saves with Ctrl+Enter, asks before Escape (or the close button) throws
away a changed form, shows each problem next to its field, and never refuses Save
silently: a refused save shows the messages and moves focus to the first bad field.
Subclasses implement `snapshot()` (the form's values, to tell a changed form) and
`save()`; problems arrive as the services' `ValidationError.problems`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.errors import UserError, ValidationError
from caseroom.i18n import _
from caseroom.ui.widgets.date_field import DateField
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_XL, set_role


def date_edit(parent: QWidget, day: date, accessible_name: str) -> DateField:
    """A date field typed as dd.mm.yyyy, with a calendar popup."""
    edit = DateField(day, parent, accessible_name=accessible_name)
    edit.setMinimumWidth(120)
    return edit


def error_label(parent: QWidget, accessible_name: str | None = None) -> QLabel:
    """A hidden label shown under a field when the field has a problem."""
    label = set_role(QLabel(parent), "error")
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name or _("Problem"))
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    """Show `message` in `label`, or hide it when there is nothing wrong."""
    label.setText(message or "")
    label.setVisible(bool(message))


def ask_discard(parent: QWidget) -> bool:
    """Ask whether to throw away the changes; True means discard."""
    answer = QMessageBox.question(
        parent,
        _("Discard changes?"),
        _("The form has changes that are not saved. Discard them?"),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


class FormDialog(QDialog):
    """A form that validates as the user types and asks before losing changes."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._initial: Any = None
        self._saving = False
        self._errors: dict[str, QLabel] = {}
        self._focus_for: dict[str, QWidget] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(SPACE_XL, SPACE_L, SPACE_XL, SPACE_L)
        self.layout_.setSpacing(SPACE_M)
        self.general_error = error_label(self, _("Problem with the form"))
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(_("&Save"), self)
        self.save_button.setAccessibleName(_("Save"))
        self.save_button.setToolTip(_("Save (Ctrl+Enter)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.try_save)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.try_save)

    # --- for subclasses -----------------------------------------------------------------

    def finish_layout(self) -> None:
        """Add the general problem line and the buttons below the fields."""
        self.layout_.addWidget(self.general_error)
        self.layout_.addWidget(self.buttons)

    def field_error(self, name: str, focus: QWidget, parent: QWidget | None = None) -> QLabel:
        """The problem label of field `name` (service field name), focusing `focus`."""
        label = error_label(parent or self, _("Problem"))
        self._errors[name] = label
        self._focus_for[name] = focus
        return label

    def mark_clean(self) -> None:
        """Remember the current values as the unchanged state."""
        self._initial = self.snapshot()

    def is_changed(self) -> bool:
        """Whether the form differs from what it was opened with."""
        return self._initial is not None and self.snapshot() != self._initial

    def snapshot(self) -> Any:
        """The form's values (compared to tell whether anything changed)."""
        raise NotImplementedError

    def save(self) -> None:
        """Start saving; call `saved()` on success or `show_problems()` on failure."""
        raise NotImplementedError

    def local_problems(self) -> dict[str, str]:
        """Problems found without the database (shown as the user types)."""
        return {}

    # --- validation display -------------------------------------------------------------

    def show_problems(self, problems: dict[str, str], *, focus: bool = False) -> None:
        """Show each problem next to its field; unknown fields go to the general line."""
        general = []
        shown: dict[QLabel, list[str]] = {label: [] for label in self._errors.values()}
        for name, message in problems.items():
            label = self._errors.get(name)
            if label is None:
                general.append(message)
            elif message not in shown[label]:
                shown[label].append(message)
        for label, messages in shown.items():
            show_error(label, "\n".join(messages))
        show_error(self.general_error, "\n".join(general))
        if focus and problems:
            first = next((n for n in self._errors if n in problems), None)
            if first is not None:
                self._focus_for[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def revalidate(self) -> None:
        """Check the form as it is now (connect field changes to this)."""
        self.show_problems(self.local_problems())

    def on_failed(self, error: BaseException) -> None:
        """A save was refused: show why, keep the form open."""
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_problems(error.problems, focus=True)
        elif isinstance(error, UserError):
            show_error(self.general_error, str(error))
        else:
            raise error

    def saved(self, _result: object = None) -> None:
        """The save succeeded: close."""
        self._saving = False
        self._initial = None
        self.accept()

    # --- actions ------------------------------------------------------------------------

    def try_save(self) -> None:
        """Save unless a local problem stands in the way (then show it, never silently)."""
        if self._saving:
            return
        problems = self.local_problems()
        if problems:
            self.show_problems(problems, focus=True)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.save()

    def call(self, service: Callable[..., Any], context: Any, **kwargs: Any) -> None:
        """Run a writing service for this form; success closes, problems stay shown."""
        context.call(
            service,
            self.saved,
            on_error=self.on_failed,
            changes=kwargs.pop("changes"),
            parent=self,
            **kwargs,
        )

    def confirm_close(self) -> bool:
        """Whether the form may close: unchanged, or the user agreed to discard changes."""
        if self.is_changed() and not ask_discard(self):
            return False
        self._initial = None
        self.discarded()
        return True

    def discarded(self) -> None:
        """The form closes without saving (subclasses forget their drafts here)."""

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first when the form has changes."""
        if self.confirm_close():
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter in a one-line field does not close the form; Escape asks via reject()."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.focusNextChild()
            return
        super().keyPressEvent(event)
