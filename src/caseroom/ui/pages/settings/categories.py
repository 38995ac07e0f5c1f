"""Settings ▸ SEN categories: the ten of the order, the centre's own, adding and archiving.

A centre's own category has a name in Kazakh, Russian and English (at least one; the
others fall back to it). Archiving takes a category out of the pickers; children who
have it keep it. Only roles that manage the room add or archive (the services check too).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.errors import ValidationError
from caseroom.i18n import _
from caseroom.services.people.sen_categories import (
    LABEL_MAX,
    SenCategoryInput,
    SenCategoryRead,
    add_sen_category,
    archive_sen_category,
    list_sen_categories,
)
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import error_label, show_error
from caseroom.ui.widgets.card import make_card, muted_note
from caseroom.ui.widgets.style import SPACE_M, SPACE_S

CHANGES = frozenset({"sen_category"})
CODE_ROLE = Qt.ItemDataRole.UserRole


class SenCategoriesSection(QFrame):
    """The SEN categories card of the Settings page."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.may_edit = allowed(context.actor, Permission.MANAGE_ROOM)
        self.categories: list[SenCategoryRead] = []
        inner = make_card(self, _("SEN categories"))
        note = _(
            "The ten categories of the ministry's order are always offered. Add "
            "your centre's own; archive one that is no longer used (children who "
            "have it keep it)."
        )
        inner.addWidget(muted_note(self, note))
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("SEN categories"))
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(160)
        self.list.currentItemChanged.connect(lambda *_args: self._update_archive())
        inner.addWidget(self.list)
        self.archive_button = QPushButton(_("A&rchive the category"), self)
        self.archive_button.setAccessibleName(_("Archive the chosen category"))
        self.archive_button.clicked.connect(self.archive_chosen)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.archive_button)
        inner.addLayout(row)
        self._build_add(inner)
        for widget in (self.archive_button, self.add_box):
            widget.setVisible(self.may_edit)
        self._update_archive()

    def _build_add(self, inner: QVBoxLayout) -> None:
        self.add_box = QWidget(self)
        grid = QGridLayout(self.add_box)
        grid.setContentsMargins(0, SPACE_S, 0, 0)
        grid.setHorizontalSpacing(SPACE_M)
        grid.setVerticalSpacing(SPACE_S // 2)
        grid.addWidget(QLabel(_("A category of your own"), self.add_box), 0, 0, 1, 3)
        self.names: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        captions = (
            ("label_kk", _("In &Kazakh"), _("Name in Kazakh")),
            ("label_ru", _("In R&ussian"), _("Name in Russian")),
            ("label_en", _("In E&nglish"), _("Name in English")),
        )
        for column, (field, caption, spoken) in enumerate(captions):
            edit = QLineEdit(self.add_box)
            edit.setAccessibleName(spoken)
            edit.setMaxLength(LABEL_MAX + 20)  # room to show the "too long" message
            edit.textChanged.connect(self._typed)
            edit.returnPressed.connect(self.add)
            title = QLabel(caption, self.add_box)
            title.setBuddy(edit)
            title.setWordWrap(True)
            problem = error_label(self.add_box, _("Problem with {field}").format(field=spoken))
            grid.addWidget(title, 1, column)
            grid.addWidget(edit, 2, column)
            grid.addWidget(problem, 3, column)
            grid.setColumnStretch(column, 1)
            self.names[field] = edit
            self.problems[field] = problem
        self.general = error_label(self.add_box, _("Problem with the new category"))
        grid.addWidget(self.general, 4, 0, 1, 2)
        self.add_button = QPushButton(_("&Add the category"), self.add_box)
        self.add_button.setAccessibleName(_("Add the category"))
        self.add_button.clicked.connect(self.add)
        grid.addWidget(self.add_button, 4, 2, Qt.AlignmentFlag.AlignRight)
        inner.addWidget(self.add_box)

    # --- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the categories on the worker."""
        self.context.call(list_sen_categories, self.show_categories, parent=self)

    def show_categories(self, categories: list[SenCategoryRead]) -> None:
        """List the active categories: the order's first, then the centre's own."""
        self.categories = categories
        chosen = self._chosen_code()
        self.list.clear()
        for category in categories:
            text = category.label
            if category.builtin:
                text = _("{name} (ministry's order)").format(name=category.label)
            item = QListWidgetItem(text, self.list)
            item.setData(CODE_ROLE, category.code)
            item.setToolTip(text)
            if category.code == chosen:
                self.list.setCurrentItem(item)
        self._update_archive()

    def _chosen(self) -> SenCategoryRead | None:
        code = self._chosen_code()
        return next((c for c in self.categories if c.code == code), None)

    def _chosen_code(self) -> str | None:
        item = self.list.currentItem()
        return item.data(CODE_ROLE) if item is not None else None

    def _update_archive(self) -> None:
        chosen = self._chosen()
        self.archive_button.setEnabled(chosen is not None and not chosen.builtin)

    # --- adding --------------------------------------------------------------------------------

    def _input(self) -> SenCategoryInput:
        return SenCategoryInput(**{field: edit.text() for field, edit in self.names.items()})

    def local_problems(self) -> dict[str, str]:
        """What is wrong with the new category's names, found without the database."""
        problems: dict[str, str] = {}
        texts = {field: edit.text().strip() for field, edit in self.names.items()}
        if not any(texts.values()):
            problems["label_ru"] = _("Give the category a name in at least one language")
        for field, text in texts.items():
            if len(text) > LABEL_MAX:
                problems[field] = _("A category name can be at most {count} characters").format(
                    count=LABEL_MAX
                )
        return problems

    def _typed(self) -> None:
        problems = self.local_problems()
        if not any(edit.text().strip() for edit in self.names.values()):
            problems.pop("label_ru", None)  # nothing typed yet: Add says what is missing
        self.show_problems(problems)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each problem under its name field; others on the line below."""
        for field, label in self.problems.items():
            show_error(label, problems.get(field))
            self.names[field].setAccessibleDescription(problems.get(field, ""))
        show_error(self.general, problems.get(""))

    def add(self) -> None:
        """Add the category (or show why not, focusing the field to correct)."""
        problems = self.local_problems()
        if problems:
            self.show_problems(problems)
            self.names[next(iter(problems))].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.add_button.setEnabled(False)
        self.context.call(
            add_sen_category,
            self._added,
            on_error=self._refused,
            changes=CHANGES,
            parent=self,
            data=self._input(),
        )

    def _added(self, category: SenCategoryRead) -> None:
        self.add_button.setEnabled(True)
        for edit in self.names.values():
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.show_problems({})
        self.categories = [*self.categories, category]
        self.show_categories(self.categories)
        last = self.list.item(self.list.count() - 1)
        self.list.setCurrentItem(last)

    def _refused(self, error: BaseException) -> None:
        self.add_button.setEnabled(True)
        if isinstance(error, ValidationError):
            problems = {
                (field if field in self.names else ""): text
                for field, text in error.problems.items()
            }
            self.show_problems(problems)
            first = next((f for f in self.names if f in problems), None)
            if first is not None:
                self.names[first].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            show_error(self.general, str(error))

    # --- archiving -----------------------------------------------------------------------------

    def confirm_archive(self, category: SenCategoryRead) -> bool:
        """Ask before archiving (tests replace this)."""
        answer = QMessageBox.question(
            self,
            _("Archive the category?"),
            _(
                "“{name}” will no longer be offered for children. Children who have it keep "
                "it. Archive it?"
            ).format(name=category.label),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def archive_chosen(self) -> None:
        """Archive the category chosen in the list (a centre's own only)."""
        chosen = self._chosen()
        if chosen is None or chosen.builtin or not self.confirm_archive(chosen):
            return
        self.context.call(
            archive_sen_category,
            lambda _read: self.refresh(),
            on_error=lambda error: show_error(self.general, str(error)),
            changes=CHANGES,
            parent=self,
            code=chosen.code,
        )
