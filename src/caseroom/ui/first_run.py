"""First run: the language, the school, the room and the first staff member, or demo data.

The dialog is shown when the database has no room yet. "Start" creates the room, the staff
member with their account (user name and password: from then on caseroom asks to sign in)
and the current school year in one unit of work; "Open demo data instead" fills a
demo database beside the chosen file (`caseroom-demo.sqlite3`) and asks to open that.
Choosing a language re-translates the dialog at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.db.crypto import passphrase_problems
from caseroom.errors import UserError, ValidationError
from caseroom.i18n import LANGUAGES, _, current_language, ngettext, set_language
from caseroom.services.accounts.accounts import FIRST_ACCOUNT_ROLES
from caseroom.services.accounts.passwords import MIN_PASSWORD_LENGTH, password_problems
from caseroom.services.accounts.setup import RoomSetup, set_up_room
from caseroom.services.common import Actor
from caseroom.services.people.rooms import NAME_LIMIT
from caseroom.services.people.staff import StaffInput, StaffRead
from caseroom.ui.context import AppContext
from caseroom.ui.qt_translations import install_qt_translations
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, SPACE_XL, set_role
from caseroom.vocab import StaffRole, label

if TYPE_CHECKING:
    from sqlmodel import Session

DEMO_FILENAME = "caseroom-demo.sqlite3"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
"""Each language named in itself, so anyone can find their own."""


@dataclass(frozen=True, slots=True)
class FirstRunResult:
    """What the first run chose: the new staff member acting, or a demo database to open."""

    language: str
    actor: Actor | None = None
    demo_path: Path | None = None
    who: str = ""
    """The new staff member's name (for the lock screen)."""
    encrypt_with: str | None = None
    """The recovery passphrase to encrypt the new database with (None: leave it plain)."""
    credentials: tuple[str, str] | None = None
    """The new account's user name and password (to open the file once it is encrypted)."""


def make_demo_database(path: Path, *, language: str, today: date) -> Path:
    """Fill a new demo database at `path` (or keep the demo already there); runs on the worker."""
    from sqlmodel import Session

    from caseroom.db.open import open_database
    from caseroom.demo.build import has_records, make_demo

    engine = open_database(path)
    try:
        with Session(engine) as session:
            if not has_records(session):
                make_demo(session, today=today, lang=language)
                session.commit()
    finally:
        engine.dispose()
    return path


class _Field(QWidget):
    """An input with its problem shown right under it."""

    def __init__(self, editor: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.editor = editor
        layout.addWidget(editor)
        self.problem = set_role(QLabel("", self), "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))


class FirstRunDialog(QDialog):
    """Sets up the room, or opens demo data instead. `result_value` holds the outcome."""

    def __init__(
        self,
        context: AppContext,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.context = context
        self.db_path = db_path
        self.today = today
        self.result_value: FirstRunResult | None = None
        self._touched: set[str] = set()
        self.setMinimumWidth(980)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_XL, SPACE_XL, SPACE_XL, SPACE_L)
        layout.setSpacing(SPACE_M)
        self.title = set_role(QLabel("", self), "title")
        layout.addWidget(self.title)
        self.intro = set_role(QLabel("", self), "muted")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addSpacing(SPACE_S)

        self.form = QFormLayout()
        self.form.setHorizontalSpacing(SPACE_L)
        self.form.setVerticalSpacing(SPACE_S)
        self.form_right = QFormLayout()
        self.form_right.setHorizontalSpacing(SPACE_L)
        self.form_right.setVerticalSpacing(SPACE_S)
        self.language = QComboBox(self)
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.school = self._line("school_name", NAME_LIMIT)
        self.room = self._line("room_name", NAME_LIMIT)
        self.locality = self._line("locality", NAME_LIMIT)
        self.staff_heading = set_role(QLabel("", self), "heading")
        self.last_name = self._line("last_name", 100)
        self.first_name = self._line("first_name", 100)
        self.patronymic = self._line("patronymic", 100)
        self.role = QComboBox(self)
        for role in StaffRole:
            if role.value in FIRST_ACCOUNT_ROLES:
                self.role.addItem("", role.value)
        self.sign_in_heading = set_role(QLabel("", self), "heading")
        self.username = self._line("username", 64)
        self.password = self._line("password", 200)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = self._line("repeat", 200)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.protect_heading = set_role(QLabel("", self), "heading")
        self.encrypt = QCheckBox("", self)
        self.encrypt.setChecked(True)
        self.encrypt.toggled.connect(self._encrypt_toggled)
        self.passphrase = self._line("passphrase", 200)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_repeat = self._line("passphrase_repeat", 200)
        self.passphrase_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.protect_note = set_role(QLabel("", self), "muted")
        self.protect_note.setWordWrap(True)
        self.fields: dict[str, _Field] = {}
        self.labels: dict[str, QLabel] = {}
        rows: list[tuple[str, QWidget]] = [
            ("language", self.language),
            ("school_name", self.school),
            ("room_name", self.room),
            ("locality", self.locality),
        ]
        for name, editor in rows:
            self._add_row(name, editor)
        self.form.addRow(self.staff_heading)
        for name, editor in (
            ("last_name", self.last_name),
            ("first_name", self.first_name),
            ("patronymic", self.patronymic),
            ("role", self.role),
        ):
            self._add_row(name, editor)
        self.form_right.addRow(self.sign_in_heading)
        for name, editor in (
            ("username", self.username),
            ("password", self.password),
            ("repeat", self.repeat),
        ):
            self._add_row(name, editor, self.form_right)
        self.form_right.addRow(self.protect_heading)
        self.form_right.addRow(self.encrypt)
        for name, editor in (
            ("passphrase", self.passphrase),
            ("passphrase_repeat", self.passphrase_repeat),
        ):
            self._add_row(name, editor, self.form_right)
        self.form_right.addRow(self.protect_note)
        columns = QHBoxLayout()
        columns.setSpacing(SPACE_XL)
        columns.addLayout(self.form, 1)
        columns.addLayout(self.form_right, 1)
        layout.addLayout(columns)

        self.message = set_role(QLabel("", self), "error")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACE_S)
        self.demo_button = QPushButton("", self)
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(self.open_demo)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        self.cancel_button = QPushButton("", self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.cancel_button)
        self.start_button = QPushButton("", self)
        self.start_button.setProperty("primary", True)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        # Tab from the last field reaches Start first; "demo data instead" comes last.
        QWidget.setTabOrder(self.passphrase_repeat, self.start_button)
        QWidget.setTabOrder(self.start_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.demo_button)
        self.role.setCurrentIndex(0)
        self.retranslate()
        self.school.setFocus()

    def _line(self, name: str, limit: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setMaxLength(limit)
        edit.textEdited.connect(lambda _text, name=name: self._edited(name))
        return edit

    def _add_row(self, name: str, editor: QWidget, form: QFormLayout | None = None) -> None:
        field = _Field(editor, self)
        caption = QLabel("", self)
        caption.setBuddy(editor)
        self.fields[name] = field
        self.labels[name] = caption
        (form or self.form).addRow(caption, field)

    def _encrypt_toggled(self, on: bool) -> None:
        for name in ("passphrase", "passphrase_repeat"):
            self.fields[name].setEnabled(on)
            self.labels[name].setEnabled(on)
        self._show_local_problems()

    # --- language --------------------------------------------------------------------------

    def chosen_language(self) -> str:
        """The language picked in the dialog."""
        return str(self.language.currentData())

    def _language_chosen(self, _index: int) -> None:
        language = self.chosen_language()
        set_language(language)
        install_qt_translations(language)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Welcome to caseroom"))
        self.title.setText(_("Welcome to caseroom"))
        self.intro.setText(
            _(
                "Tell caseroom about your support room and about yourself. "
                "You can change all of this later in Settings."
            )
        )
        captions = {
            "language": _("Lan&guage"),
            "school_name": _("&School"),
            "room_name": _("&Room name"),
            "locality": _("L&ocality"),
            "last_name": _("L&ast name"),
            "first_name": _("&First name"),
            "patronymic": _("&Patronymic"),
            "role": _("Ro&le"),
            "username": _("&User name"),
            "password": _("Pass&word"),
            "repeat": _("R&epeat the password"),
            "passphrase": _("Re&covery passphrase"),
            "passphrase_repeat": _("Repeat the passp&hrase"),
        }
        for name, caption in captions.items():
            self.labels[name].setText(caption)
            self.fields[name].editor.setAccessibleName(caption.replace("&", ""))
        self.school.setPlaceholderText(_("e.g. School-lyceum No. 12"))
        self.room.setPlaceholderText(_("e.g. Inclusive education support room"))
        self.locality.setPlaceholderText(_("town or village (optional)"))
        self.patronymic.setPlaceholderText(_("optional"))
        self.staff_heading.setText(_("You, the first staff member"))
        self.sign_in_heading.setText(_("How you will sign in"))
        self.protect_heading.setText(_("Protecting the file"))
        self.encrypt.setText(_("E&ncrypt the database file (recommended)"))
        self.encrypt.setAccessibleName(_("Encrypt the database file"))
        self.protect_note.setText(
            _(
                "Without a password nobody can read the file, even from a stolen laptop. The "
                "recovery passphrase opens it if every password is forgotten: write it down "
                "and keep it in the school's safe."
            )
        )
        self.username.setPlaceholderText(_("e.g. aigerim"))
        self.password.setPlaceholderText(
            ngettext(
                "at least {count} character", "at least {count} characters", MIN_PASSWORD_LENGTH
            ).format(count=MIN_PASSWORD_LENGTH)
        )
        for index in range(self.role.count()):
            text = label(StaffRole(self.role.itemData(index)))
            self.role.setItemText(index, text[:1].upper() + text[1:])
        self.demo_button.setText(_("Open &demo data instead"))
        self.demo_button.setToolTip(
            _("Makes {file} beside the chosen database and opens it").format(file=DEMO_FILENAME)
        )
        self.cancel_button.setText(_("Cancel"))
        self.start_button.setText(_("S&tart"))
        for button in (self.demo_button, self.cancel_button, self.start_button):
            button.setAccessibleName(button.text().replace("&", ""))
        self._show_local_problems()

    # --- checking --------------------------------------------------------------------------

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self._show_local_problems()

    def local_problems(self) -> dict[str, str]:
        """Problems visible without the database (the same words the services use)."""
        found: dict[str, str] = {}
        if not self.school.text().strip():
            found["school_name"] = _("Enter the name of the school")
        if not self.room.text().strip():
            found["room_name"] = _("Enter the name of the room")
        if not self.last_name.text().strip():
            found["last_name"] = _("Enter the last name")
        if not self.first_name.text().strip():
            found["first_name"] = _("Enter the first name")
        username = self.username.text().strip()
        if not username:
            found["username"] = _("Choose a user name")
        password_problem = next(iter(password_problems(username, self.password.text())), None)
        if password_problem is not None:
            found["password"] = password_problem
        elif self.repeat.text() != self.password.text():
            found["repeat"] = _("The two passwords differ.")
        if self.encrypt.isChecked():
            passphrase = self.passphrase.text()
            phrase_problem = next(iter(passphrase_problems(passphrase)), None)
            if phrase_problem is not None:
                found["passphrase"] = phrase_problem
            elif passphrase == self.password.text():
                found["passphrase"] = _("Choose a passphrase different from your password.")
            elif self.passphrase_repeat.text() != passphrase:
                found["passphrase_repeat"] = _("The two passphrases differ.")
        return found

    def _show_local_problems(self) -> None:
        problems = self.local_problems()
        for name, field in self.fields.items():
            field.show_problem(problems.get(name) if name in self._touched else None)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each problem next to its field; focus the first field with one."""
        first: QWidget | None = None
        for name, field in self.fields.items():
            field.show_problem(problems.get(name))
            if name in problems and first is None:
                first = field.editor
        others = [text for name, text in problems.items() if name not in self.fields]
        self.message.setText("\n".join(others))
        self.message.setVisible(bool(others))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_changed(self) -> bool:
        """Whether anything was typed."""
        edits = (
            self.school,
            self.room,
            self.locality,
            self.last_name,
            self.first_name,
            self.username,
            self.password,
        )
        return any(edit.text().strip() for edit in (*edits, self.patronymic))

    # --- actions ---------------------------------------------------------------------------

    def _set_working(self, working: bool, message: str = "") -> None:
        for button in (self.demo_button, self.cancel_button, self.start_button):
            button.setEnabled(not working)
        self.message.setText(message)
        self.message.setProperty("role", "muted" if working else "error")
        self.message.setVisible(bool(message))

    def start(self) -> None:
        """Create the room, the staff member and the school year, then close."""
        self._touched.update(self.fields)
        problems = self.local_problems()
        if problems:
            self.show_problems(problems)
            return
        language = self.chosen_language()
        school, room, place = self.school.text(), self.room.text(), self.locality.text()
        staff = StaffInput(
            last_name=self.last_name.text(),
            first_name=self.first_name.text(),
            patronymic=self.patronymic.text() or None,
            role=str(self.role.currentData()),
        )
        today = self.today()
        username, password = self.username.text().strip(), self.password.text()

        setup = RoomSetup(
            school_name=school,
            room_name=room,
            locality=place or None,
            language=language,
            first_staff=staff,
            username=username,
            password=password,
        )

        def work(session: Session) -> tuple[StaffRead, Actor]:
            return set_up_room(session, setup, today=today)

        self._set_working(True, _("Setting up the room…"))
        self.context.run(
            work,
            self._created,
            changes={"room", "staff", "school_year"},
            on_error=self._failed,
            parent=self,
        )

    def _created(self, made: tuple[StaffRead, Actor]) -> None:
        member, actor = made
        self.result_value = FirstRunResult(
            language=self.chosen_language(),
            actor=actor,
            who=member.full_name,
            encrypt_with=self.passphrase.text() if self.encrypt.isChecked() else None,
            credentials=(self.username.text().strip(), self.password.text()),
        )
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_working(False)
        if isinstance(error, ValidationError):
            self.show_problems(error.problems)
        else:
            self.show_problems({"": str(error)})

    def open_demo(self) -> None:
        """Make (or reuse) the demo database beside the chosen file and ask to open it."""
        path = self.db_path.with_name(DEMO_FILENAME)
        language, today = self.chosen_language(), self.today()
        self._set_working(True, _("Making demo data in {path}…").format(path=path))
        self.context.runner.run(
            lambda: make_demo_database(path, language=language, today=today),
            self._demo_made,
            self._demo_failed,
        )

    def _demo_made(self, path: Path) -> None:
        self.result_value = FirstRunResult(language=self.chosen_language(), demo_path=path)
        self.accept()

    def _demo_failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self._set_working(False)
        self.show_problems({"": str(error)})

    def reject(self) -> None:
        """Escape or Cancel: ask before quitting, which leaves no room (and no file) behind."""
        if not self.start_button.isEnabled():
            return  # work under way: it finishes first
        if self.is_changed():
            question = _("Discard what you typed and close caseroom?")
            quit_button = QMessageBox.StandardButton.Discard
        else:
            question = _("Quit without setting up the room?")
            quit_button = QMessageBox.StandardButton.Close
        answer = QMessageBox.question(
            self,
            _("Welcome to caseroom"),
            question,
            quit_button | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == quit_button:
            super().reject()
