"""Choose a goal from the goal bank: search by words and domain in the user's language.

The chosen goal's wording (description, baseline, target, criterion) fills the goal form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, current_language
from caseroom.services.plans.goal_bank import BankEntry, search_bank
from caseroom.ui.context import AppContext
from caseroom.vocab import Domain, label


class GoalBankDialog(QDialog):
    """A search box, a domain filter and the matching goals; Enter takes the chosen one."""

    def __init__(
        self, context: AppContext, *, domain: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.chosen: BankEntry | None = None
        self.entries: list[BankEntry] = []
        self.setWindowTitle(_("Goal bank"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.words = QLineEdit(self)
        self.words.setAccessibleName(_("Search words"))
        self.words.setPlaceholderText(_("For example: scissors, sound, count"))
        words_label = QLabel(_("Se&arch:"), self)
        words_label.setBuddy(self.words)
        form.addRow(words_label, self.words)
        self.domain = QComboBox(self)
        self.domain.setAccessibleName(_("Domain"))
        self.domain.addItem(_("All domains"), "")
        for code in Domain:
            self.domain.addItem(label(code), code.value)
        self.domain.setCurrentIndex(max(self.domain.findData(domain or ""), 0))
        domain_label = QLabel(_("&Domain:"), self)
        domain_label.setBuddy(self.domain)
        form.addRow(domain_label, self.domain)
        layout.addLayout(form)
        self.results = QListWidget(self)
        self.results.setAccessibleName(_("Goals found"))
        self.results.setWordWrap(True)
        self.results.setMinimumSize(560, 320)
        results_label = QLabel(_("&Goals found:"), self)
        results_label.setBuddy(self.results)
        layout.addWidget(results_label)
        layout.addWidget(self.results, 1)
        self.count = QLabel("", self)
        self.count.setAccessibleName(_("Number of goals found"))
        layout.addWidget(self.count)
        buttons = QDialogButtonBox(self)
        self.use_button = QPushButton(_("&Use this goal"), self)
        self.use_button.setAccessibleName(_("Use this goal"))
        self.use_button.setDefault(True)
        cancel = QPushButton(_("Cancel"), self)
        cancel.setAccessibleName(_("Cancel"))
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.words.textChanged.connect(self.search)
        self.domain.currentIndexChanged.connect(self.search)
        self.results.itemActivated.connect(lambda _item: self.take())
        self.words.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search()

    def search(self) -> None:
        """Look the words and the domain up in the bank."""
        self.context.call(
            search_bank,
            self.show_entries,
            parent=self,
            words=self.words.text(),
            domain=self.domain.currentData() or None,
            language=current_language(),
        )

    def show_entries(self, entries: list[BankEntry]) -> None:
        """List the goals found."""
        self.entries = entries
        self.results.clear()
        for entry in entries:
            text = _("{description} — target: {target}").format(
                description=entry.text("description"), target=entry.text("target") or "—"
            )
            item = QListWidgetItem(text, self.results)
            item.setToolTip(entry.text("criterion"))
        if entries:
            self.results.setCurrentRow(0)
        self.count.setText(_("Goals found: {n}").format(n=len(entries)))

    def take(self) -> None:
        """Accept the goal chosen in the list (nothing chosen: stay open)."""
        row = self.results.currentRow()
        if 0 <= row < len(self.entries):
            self.chosen = self.entries[row]
            self.accept()
