"""The one base of every form dialog: families, groups, sessions, the child and the plan.

A `FormDialog` checks as the user types and shows each problem on a line right under its
field; saves with Ctrl+Enter (or Ctrl+S); asks before Escape (or Cancel, or the close
button) throws away a changed form; and never refuses Save silently: a refused save shows
a line at the top, the messages under the fields, and moves focus to the first bad field.

Two ways to build one, freely mixed:
- `add_field(name, label, widget, column=...)` lays out a labelled field with its message
  line in one of the form's columns and watches it: the form's values (`snapshot()`) and
  as-you-type checks come for free; a field's message shows once the field was touched or
  Save was tried. Call `ready()` at the end of the constructor.
- lay the fields out yourself in `layout_`, give each a `field_error(name, focus)` line,
  implement `snapshot()`, connect changes to `revalidate()`, then `finish_layout()` and
  `mark_clean()`.

Subclasses implement `save()` (start the write through `call()` / `run()` / the context)
and `local_problems()` (the checks that need no database); problems from the services
arrive as `ValidationError.problems` (rename fields in `service_problems()`). Success calls
`saved(result)`, which emits `result_saved` and closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.errors import UserError, ValidationError
from caseroom.i18n import _
from caseroom.ui.widgets.date_field import DateField
from caseroom.ui.widgets.focus import focus_first_field
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, SPACE_XL, set_role

W = TypeVar("W", bound=QWidget)

WRAP_LABELS_FROM = 170
"""A field's label longer than this (pixels) wraps onto two lines; shorter ones never do."""

BANNER_STYLE = (
    "QLabel#formBanner { background: #fdecea; color: #7f1d1d; border: 1px solid #f5b5ae;"
    " border-radius: 4px; padding: 6px 8px; }"
)


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


def _value(widget: QWidget) -> Any:
    """What a field holds, for telling a changed form."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentData(), widget.currentText()
    if isinstance(widget, QDateEdit):
        value = getattr(widget, "value", None)
        return value() if callable(value) else widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QListWidget):
        return tuple(
            (widget.item(row).data(Qt.ItemDataRole.UserRole), widget.item(row).checkState())
            for row in range(widget.count())
        )
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    return None


class FormDialog(QDialog):
    """A form that validates as the user types and asks before losing changes."""

    result_saved = Signal(object)
    """Emitted with what the service returned, just before the dialog closes."""

    def __init__(self, title: str, parent: QWidget | None = None, *, context: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._initial: Any = None
        self._forced_change = False
        self._saving = False
        self._save_tried = False
        self._fields_ready = False
        self._layout_finished = False
        self._shown_once = False
        self._opener: QWidget | None = None
        self._errors: dict[str, QLabel] = {}
        self._focus_for: dict[str, QWidget] = {}
        self._field_widgets: dict[str, QWidget] = {}
        self._fields_touched: set[str] = set()
        self._field_columns: QHBoxLayout | None = None
        self._field_forms: list[QFormLayout] = []
        self._undo: tuple[str, Any] | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(SPACE_XL, SPACE_L, SPACE_XL, SPACE_L)
        self.layout_.setSpacing(SPACE_M)
        self.banner = QLabel("", self)
        self.banner.setWordWrap(True)
        self.banner.setObjectName("formBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setAccessibleName(_("Problems with the form"))
        self.banner.hide()
        self.layout_.addWidget(self.banner)
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
        for keys in (
            QKeySequence("Ctrl+Return"),
            QKeySequence("Ctrl+Enter"),
            QKeySequence(QKeySequence.StandardKey.Save),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.try_save)

    # --- building with add_field ---------------------------------------------------------

    def form(self, column: int = 0) -> QFormLayout:
        """The form layout of field column `column` (made on first use)."""
        if self._field_columns is None:
            self._field_columns = QHBoxLayout()
            self._field_columns.setSpacing(SPACE_XL)
            self.layout_.addLayout(self._field_columns, 1)
        while len(self._field_forms) <= column:
            layout = QFormLayout()
            layout.setVerticalSpacing(SPACE_S // 2)
            layout.setHorizontalSpacing(SPACE_M)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            self._field_columns.addLayout(layout, 1)
            self._field_forms.append(layout)
        return self._field_forms[column]

    def add_field(
        self, name: str, text: str, widget: W, *, column: int = 0, accessible: str = ""
    ) -> W:
        """Add a labelled field (the label's `&` gives its Alt shortcut) and its message line.

        `name` is the service's field name, so the service's problems land under it.
        """
        layout = self.form(column)
        spoken = accessible or text.replace("&", "")
        title = QLabel(text, self)
        title.setBuddy(widget)
        # Only a long label wraps: a wrapped label narrows the label column, so short ones
        # broke into words ("To / whom") in rows too low for two lines.
        title.setWordWrap(title.fontMetrics().horizontalAdvance(spoken) > WRAP_LABELS_FROM)
        widget.setAccessibleName(spoken)
        error = error_label(self, _("Problem with {field}").format(field=spoken))
        layout.addRow(title, widget)
        layout.addRow("", error)
        self._errors[name] = error
        self._focus_for[name] = widget
        self._field_widgets[name] = widget
        self._watch(name, widget)
        return widget

    def _watch(self, name: str, widget: QWidget) -> None:
        signal: Any = None
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            signal = widget.textChanged
        elif isinstance(widget, QDateEdit):
            signal = widget.dateChanged
        elif isinstance(widget, QComboBox):
            signal = widget.currentIndexChanged
        elif isinstance(widget, QListWidget):
            signal = widget.itemChanged
        elif isinstance(widget, QAbstractButton):
            signal = widget.toggled
        if signal is not None:
            signal.connect(lambda *_args: self.field_changed(name))

    def ready(self) -> None:
        """The form is built and filled (end of the constructor): remember its values as
        unchanged, add the buttons, and put the cursor in the first field."""
        self.finish_layout()
        self._fields_touched.clear()
        self._fields_ready = True
        self.mark_clean()
        for widget in self._field_widgets.values():
            if not widget.isHidden() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def field_changed(self, name: str) -> None:
        """A field changed: check the form again, showing this field's problem too."""
        if not self._fields_ready:
            return
        self._fields_touched.add(name)
        self.revalidate()

    # --- for subclasses -----------------------------------------------------------------

    def finish_layout(self) -> None:
        """Add the general problem line and the buttons below the fields (once)."""
        if self._layout_finished:
            return
        self._layout_finished = True
        self.layout_.addWidget(self.general_error)
        self.layout_.addWidget(self.buttons)

    def field_error(self, name: str, focus: QWidget, parent: QWidget | None = None) -> QLabel:
        """The problem label of field `name` (service field name), focusing `focus`.

        Its problems show as soon as the form is checked (the form lays itself out).
        Forms may also fill `_errors` / `_focus_for` themselves, to the same effect.
        """
        label = error_label(parent or self, _("Problem"))
        self._errors[name] = label
        self._focus_for[name] = focus
        return label

    def mark_clean(self) -> None:
        """Remember the current values as the unchanged state."""
        self._forced_change = False
        self._initial = self.snapshot()

    def is_changed(self) -> bool:
        """Whether the form differs from what it was opened with."""
        if self._forced_change:
            return True
        return self._initial is not None and self.snapshot() != self._initial

    @property
    def dirty(self) -> bool:
        """Whether the form has unsaved changes (setting False forgets them)."""
        return self.is_changed()

    @dirty.setter
    def dirty(self, value: bool) -> None:
        if value:
            self._forced_change = True
        else:
            self.mark_clean()

    def snapshot(self) -> Any:
        """The form's values (compared to tell whether anything changed).

        By default the values of the `add_field` fields; forms laid out by hand override it.
        """
        return tuple((name, _value(widget)) for name, widget in self._field_widgets.items())

    def save(self) -> None:
        """Start saving; call `saved()` on success or `on_failed()` on failure."""
        raise NotImplementedError

    def local_problems(self) -> dict[str, str]:
        """Problems found without the database (shown as the user types)."""
        return {}

    def service_problems(self, problems: dict[str, str]) -> dict[str, str]:
        """Map the services' field names onto this form's fields (subclasses may rename)."""
        return problems

    # --- validation display -------------------------------------------------------------

    def show_problems(self, problems: dict[str, str], *, focus: bool = False) -> None:
        """Show each problem next to its field; unknown fields go to the general line.

        A field's problem shows once it was touched, or after Save was tried (`focus`
        marks a save attempt: the first bad field takes the focus).
        """
        visible = focus or self._save_tried
        general = []
        shown: dict[QLabel, list[str]] = {label: [] for label in self._errors.values()}
        for name, message in problems.items():
            label = self._errors.get(name)
            if label is None:
                general.append(message)
            elif self._showing(name, visible) and message not in shown[label]:
                shown[label].append(message)
        for label, messages in shown.items():
            show_error(label, "\n".join(messages))
        for name, widget in self._focus_for.items():
            widget.setAccessibleDescription(self._errors[name].text() if name in problems else "")
        show_error(self.general_error, "\n".join(general))
        marked = visible and any(name in self._errors for name in problems)
        self.banner.setText(_("Please correct what is marked below."))
        self.banner.setVisible(marked)
        if focus and problems:
            first = next((n for n in self._errors if n in problems), None)
            if first is not None:
                self._focus_for[first].setFocus(Qt.FocusReason.OtherFocusReason)
            elif general:
                self.general_error.setFocus(Qt.FocusReason.OtherFocusReason)

    def _showing(self, name: str, visible: bool) -> bool:
        """Whether field `name`'s problem shows now: `add_field` fields once touched (or
        after a save attempt); fields laid out by hand always."""
        return visible or name in self._fields_touched or name not in self._field_widgets

    def revalidate(self) -> None:
        """Check the form as it is now (connect field changes to this)."""
        self.show_problems(self.local_problems())

    def on_failed(self, error: BaseException) -> None:
        """A save was refused: show why, keep the form open."""
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_problems(self.service_problems(error.problems), focus=True)
        elif isinstance(error, UserError):
            show_error(self.general_error, str(error))
        else:
            raise error

    def saved(self, result: object = None) -> None:
        """The save succeeded: tell listeners (`result_saved`) and close."""
        self._saving = False
        self._initial = None
        self._forced_change = False
        self.result_saved.emit(result)
        self.accept()

    # --- actions ------------------------------------------------------------------------

    def try_save(self) -> None:
        """Save unless a local problem stands in the way (then show it, never silently)."""
        if self._saving:
            return
        self._save_tried = True
        problems = self.local_problems()
        self.show_problems(problems, focus=True)
        if problems:
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

    def undoable(self, kind: str, record_id: Any = None) -> None:
        """Let Undo take this form's save back: an edit of the `kind` record `record_id`
        gets its earlier values, a new one (None) is archived as "undone"."""
        self._undo = (kind, record_id)

    def run(
        self,
        work: Callable[[Any, Any], Any],
        changes: set[str] | frozenset[str],
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        """Run `work(session, actor)` as one unit of work on the form's context; success
        calls `on_done` (default `saved`). Registered with Undo when the form is `undoable`."""
        actor = self.context.actor
        finish = on_done or self.saved
        done: Callable[[Any], None] = finish
        if self._undo is not None:
            from caseroom.ui.undo import register_save, snapshot_work

            kind, record_id = self._undo
            work, holder = snapshot_work(kind, record_id, work)
            stack = getattr(self.context, "undo", None)

            def done(result: Any) -> None:
                register_save(stack, kind, record_id, holder, result)
                finish(result)

        self.context.run(
            lambda session: work(session, actor),
            done,
            changes=changes,
            on_error=self.on_failed,
            parent=self,
        )

    def confirm_discard(self) -> bool:
        """Ask whether to throw the changes away (True: discard)."""
        return ask_discard(self)

    def confirm_close(self) -> bool:
        """Whether the form may close: unchanged, or the user agreed to discard changes."""
        if self.is_changed() and not self.confirm_discard():
            return False
        self._initial = None
        self._forced_change = False
        self.discarded()
        return True

    def discarded(self) -> None:
        """The form closes without saving (subclasses forget their drafts here)."""

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first when the form has changes."""
        if self.confirm_close():
            super().reject()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """The first time the form shows, the keyboard starts in its first field (Qt would
        pick Save: the buttons are made before the fields)."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            opener = QApplication.focusWidget()
            if opener is not None and not self.isAncestorOf(opener):
                self._opener = opener
            focus_first_field(self)

    def done(self, result: int) -> None:
        """Close, and give the keyboard back to the control that had it when the form
        opened (a page rebuilt meanwhile keeps its own focus)."""
        super().done(result)
        opener, self._opener = self._opener, None
        if opener is not None and shiboken6.isValid(opener) and opener.isVisible():
            opener.window().activateWindow()
            opener.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter in a one-line field does not close the form; Escape asks via reject()."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.focusNextChild()
            return
        super().keyPressEvent(event)
