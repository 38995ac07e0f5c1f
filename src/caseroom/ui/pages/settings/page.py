"""Settings: language, the room, the school calendar, the room's rules, the database file.

Each section saves on its own button through the services, in one unit of work each.
The language takes effect after a restart, which the page offers to do at once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from caseroom.errors import UserError, ValidationError
from caseroom.i18n import LANGUAGES, _, current_language
from caseroom.services.accounts.settings_store import SettingRead, all_settings, set_setting
from caseroom.services.people.rooms import NAME_LIMIT, RoomRead, get_room, update_room
from caseroom.services.plans.calendar import SchoolYearRead, get_school_year, school_year_of
from caseroom.services.plans.calendar import set_school_year as save_school_year
from caseroom.ui.context import AppContext
from caseroom.ui.first_run import LANGUAGE_NAMES
from caseroom.ui.main_window import LANGUAGE_KEY, app_settings
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.settings.accounts import AccountSections
from caseroom.ui.pages.settings.categories import SenCategoriesSection
from caseroom.ui.pages.settings.centre import CentreSection
from caseroom.ui.pages.settings.colleagues import ColleaguesCard
from caseroom.ui.pages.settings.help_text import HelpTextSection
from caseroom.ui.widgets.card import make_card, muted_note, note_row
from caseroom.ui.widgets.date_field import DateField
from caseroom.ui.widgets.style import SPACE_L, SPACE_S, page_margins, set_role

if TYPE_CHECKING:
    from sqlmodel import Session


def restart_command(
    argv: Sequence[str] | None = None, *, executable: str | None = None, frozen: bool | None = None
) -> tuple[str, list[str]]:
    """The program and arguments that start caseroom again as it was started, less `--lang`
    (so the language chosen in Settings applies)."""
    argv = list(sys.argv if argv is None else argv)
    executable = executable or sys.executable
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    kept: list[str] = []
    skip = False
    for item in argv[1:]:
        if skip:
            skip = False
        elif item == "--lang":
            skip = True
        elif not item.startswith("--lang="):
            kept.append(item)
    return (executable, kept) if frozen else (executable, ["-m", "caseroom", *kept])


@dataclass(frozen=True, slots=True)
class SettingsData:
    """What the page shows, read in one unit of work."""

    room: RoomRead | None
    year: SchoolYearRead
    settings: tuple[SettingRead, ...]


def _card(parent: QWidget, layout: QVBoxLayout, title: str) -> QVBoxLayout:
    """A card named `title` added to `layout`; the layout to fill below its heading."""
    card = QFrame(parent)
    layout.addWidget(card)
    return make_card(card, title)


class SettingsPage(QWidget):
    """The settings page."""

    def __init__(
        self, context: AppContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.navigator = navigator
        self.db_path = Path(str(context.engine.url.database))
        self.data: SettingsData | None = None
        self.spins: dict[str, QSpinBox] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        body.setMaximumWidth(1000)  # wide enough for the accounts and backups tables
        layout = QVBoxLayout(body)
        layout.setContentsMargins(page_margins())
        layout.setSpacing(SPACE_L)
        self.title = set_role(QLabel(_("Settings"), body), "title")
        layout.addWidget(self.title)
        self._build_language(body, layout)
        self._build_room(body, layout)
        self._build_calendar(body, layout)
        self._build_rules(body, layout)
        self.help_text = HelpTextSection(context, body)
        layout.addWidget(self.help_text)
        self.categories = SenCategoriesSection(context, body)
        layout.addWidget(self.categories)
        layout.addWidget(ColleaguesCard(context, body))
        layout.addWidget(AccountSections(context, body))  # accounts, my password, audit trail
        self._build_database(body, layout)
        self._build_backups_and_security(body, layout)
        layout.addWidget(CentreSection(context, body))
        layout.addStretch(1)
        holder = QWidget(scroll)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(body, 1)
        row.addStretch(0)
        scroll.setWidget(holder)
        self.setAccessibleName(_("Settings"))
        context.changed.connect(self._on_changed)

    # --- sections ----------------------------------------------------------------------------

    def _build_language(self, parent: QWidget, layout: QVBoxLayout) -> None:
        inner = _card(parent, layout, _("Language"))
        row = QHBoxLayout()
        caption = QLabel(_("Interface &language"), parent)
        self.language = QComboBox(parent)
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.setAccessibleName(_("Interface language"))
        caption.setBuddy(self.language)
        self.language.activated.connect(self._language_chosen)
        row.addWidget(caption)
        row.addWidget(self.language)
        row.addStretch(1)
        inner.addLayout(row)
        inner.addWidget(
            muted_note(parent, _("A new language takes effect when caseroom restarts."))
        )

    def _build_room(self, parent: QWidget, layout: QVBoxLayout) -> None:
        inner = _card(parent, layout, _("The room"))
        form = QFormLayout()
        form.setHorizontalSpacing(SPACE_L)
        self.room_fields: dict[str, QLineEdit] = {}
        self.room_problems: dict[str, QLabel] = {}
        captions = {
            "school_name": _("&School"),
            "room_name": _("R&oom name"),
            "locality": _("Lo&cality"),
            "region": _("Re&gion"),
        }
        for name, caption in captions.items():
            edit = QLineEdit(parent)
            edit.setObjectName(name)
            edit.setMaxLength(NAME_LIMIT)
            edit.setAccessibleName(caption.replace("&", ""))
            edit.textEdited.connect(lambda _text: self._check_room())
            problem = set_role(QLabel("", parent), "error")
            problem.hide()
            holder = QWidget(parent)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(problem)
            label = QLabel(caption, parent)
            label.setBuddy(edit)
            form.addRow(label, holder)
            self.room_fields[name] = edit
            self.room_problems[name] = problem
        inner.addLayout(form)
        self.room_note = muted_note(parent)
        self.room_save = QPushButton(_("Save roo&m details"), parent)
        self.room_save.setAccessibleName(_("Save room details"))
        self.room_save.clicked.connect(self.save_room)
        note_row(inner, self.room_note, self.room_save)

    def _build_calendar(self, parent: QWidget, layout: QVBoxLayout) -> None:
        inner = _card(parent, layout, _("School year and quarters"))
        inner.addWidget(
            muted_note(
                parent,
                _(
                    "Check these dates each year: the ministry fixes them by order. "
                    "Reports and “this quarter” follow them."
                ),
            )
        )
        row = QHBoxLayout()
        caption = QLabel(_("School &year"), parent)
        self.year_choice = QComboBox(parent)
        self.year_choice.setAccessibleName(_("School year"))
        self.year_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        caption.setBuddy(self.year_choice)
        self.year_choice.activated.connect(lambda _i: self._load_year(self._chosen_year()))
        self.year_state = muted_note(parent)
        row.addWidget(caption)
        row.addWidget(self.year_choice)
        row.addWidget(self.year_state, 1)
        inner.addLayout(row)
        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACE_L)
        grid.setVerticalSpacing(SPACE_S)
        grid.addWidget(set_role(QLabel(_("From"), parent), "muted"), 0, 1)
        grid.addWidget(set_role(QLabel(_("To"), parent), "muted"), 0, 2)
        names = [_("The whole year"), *(_("Quarter {n}").format(n=n) for n in range(1, 5))]
        self.date_rows: list[tuple[DateField, DateField]] = []
        self.date_problems: list[QLabel] = []
        for number, name in enumerate(names, start=1):
            start = DateField(parent=parent, accessible_name=_("{part}: from").format(part=name))
            end = DateField(parent=parent, accessible_name=_("{part}: to").format(part=name))
            problem = set_role(QLabel("", parent), "error")
            problem.setWordWrap(True)
            problem.hide()
            grid.addWidget(QLabel(name, parent), 2 * number - 1, 0)
            grid.addWidget(start, 2 * number - 1, 1)
            grid.addWidget(end, 2 * number - 1, 2)
            grid.addWidget(problem, 2 * number, 0, 1, 4)
            self.date_rows.append((start, end))
            self.date_problems.append(problem)
        grid.setColumnStretch(3, 1)
        inner.addLayout(grid)
        self.year_note = muted_note(parent)
        self.year_save = QPushButton(_("Save &dates"), parent)
        self.year_save.setAccessibleName(_("Save dates"))
        self.year_save.clicked.connect(self.save_year)
        note_row(inner, self.year_note, self.year_save)

    def _build_rules(self, parent: QWidget, layout: QVBoxLayout) -> None:
        inner = _card(parent, layout, _("Rules of the room"))
        self.rules_grid = QGridLayout()
        self.rules_grid.setHorizontalSpacing(SPACE_L)
        self.rules_grid.setVerticalSpacing(SPACE_S)
        self.rules_grid.setColumnStretch(2, 1)
        inner.addLayout(self.rules_grid)
        self.rules_note = muted_note(parent)
        self.rules_save = QPushButton(_("Sa&ve rules"), parent)
        self.rules_save.setAccessibleName(_("Save rules"))
        self.rules_save.clicked.connect(self.save_rules)
        note_row(inner, self.rules_note, self.rules_save)

    def _build_database(self, parent: QWidget, layout: QVBoxLayout) -> None:
        inner = _card(parent, layout, _("Database"))
        path = QLabel(str(self.db_path), parent)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path.setWordWrap(True)
        path.setAccessibleName(_("Database file"))
        inner.addWidget(path)
        self.backup_note = muted_note(parent)
        self.backup_note.setWordWrap(True)
        self.backup_button = QPushButton(_("Save a co&py…"), parent)
        self.backup_button.setAccessibleName(_("Save a copy of the database"))
        self.backup_button.clicked.connect(self._ask_backup_target)
        note_row(inner, self.backup_note, self.backup_button)

    def _build_backups_and_security(self, parent: QWidget, layout: QVBoxLayout) -> None:
        from caseroom.ui.pages.settings.backups import BackupsSection
        from caseroom.ui.pages.settings.security import SecuritySection

        self.backups = BackupsSection(self.context, parent)
        layout.addWidget(self.backups)
        self.security = SecuritySection(self.context, parent)
        layout.addWidget(self.security)

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the room, this school year and the settings on the worker."""
        today = date.today()

        def work(session: Session) -> SettingsData:
            return SettingsData(
                get_room(session), school_year_of(session, today), tuple(all_settings(session))
            )

        self.context.run(work, self.show_data, parent=self)
        self.backups.refresh()
        self.security.refresh()
        self.categories.refresh()
        self.help_text.refresh()

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"room", "school_year", "setting"} and self.isVisible():
            self.refresh()

    def show_data(self, data: SettingsData) -> None:
        """Fill every section from `data`."""
        self.data = data
        room = data.room
        for name, edit in self.room_fields.items():
            value = getattr(room, name) if room is not None else None
            edit.setText(value or "")
        self._check_room()
        self.year_choice.clear()
        for start_year in range(data.year.start_year - 1, data.year.start_year + 2):
            self.year_choice.addItem(f"{start_year}–{start_year + 1}", start_year)
        self.year_choice.setCurrentIndex(1)
        self.show_year(data.year)
        self._show_rules(data.settings)

    def _chosen_year(self) -> int:
        return int(self.year_choice.currentData())

    def _load_year(self, start_year: int) -> None:
        self.context.run(lambda session: get_school_year(session, start_year), self.show_year)

    def show_year(self, year: SchoolYearRead) -> None:
        """Show a school year's dates and whether they were checked."""
        self.date_rows[0][0].set_value(year.starts_on)
        self.date_rows[0][1].set_value(year.ends_on)
        for (start, end), quarter in zip(self.date_rows[1:], year.quarters, strict=True):
            start.set_value(quarter.starts_on)
            end.set_value(quarter.ends_on)
        self.year_state.setText(
            _("Dates checked and saved.")
            if year.dates_confirmed
            else _("Estimated dates: check them and save.")
        )
        for problem in self.date_problems:
            problem.hide()

    def _show_rules(self, settings: tuple[SettingRead, ...]) -> None:
        while self.rules_grid.count():
            item = self.rules_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.spins = {}
        for row, setting in enumerate(settings):
            title = QLabel(setting.title, self)
            title.setToolTip(setting.description)
            spin = QSpinBox(self)
            spin.setObjectName(f"setting_{setting.key}")
            spin.setRange(setting.minimum or 0, setting.maximum or 1_000_000)
            spin.setValue(int(setting.value))
            spin.setAccessibleName(setting.title)
            spin.setAccessibleDescription(setting.description)
            spin.setToolTip(setting.description)
            title.setBuddy(spin)
            self.rules_grid.addWidget(title, row, 0)
            self.rules_grid.addWidget(spin, row, 1)
            self.spins[setting.key] = spin

    # --- saving ------------------------------------------------------------------------------

    def _check_room(self) -> bool:
        required = {
            "school_name": _("Enter the name of the school"),
            "room_name": _("Enter the name of the room"),
        }
        ok = True
        for name, problem in self.room_problems.items():
            message = required.get(name) if not self.room_fields[name].text().strip() else None
            problem.setText(message or "")
            problem.setVisible(bool(message))
            ok = ok and not message
        return ok

    def save_room(self) -> None:
        """Save the room's details."""
        room = self.data.room if self.data else None
        if room is None or not self._check_room():
            self.room_note.setText(_("Fix the fields marked above, then save again."))
            return
        values = {name: edit.text() or None for name, edit in self.room_fields.items()}
        actor = self.context.actor

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                for name, message in error.problems.items():
                    if name in self.room_problems:
                        self.room_problems[name].setText(message)
                        self.room_problems[name].show()
            self.room_note.setText(str(error))

        room_id, language = room.id, room.default_language
        self.context.run(
            lambda session: update_room(
                session,
                actor=actor,
                room_id=room_id,
                school_name=values["school_name"] or "",
                room_name=values["room_name"] or "",
                locality=values["locality"],
                region=values["region"],
                default_language=language,
            ),
            lambda _room: self.room_note.setText(_("Saved.")),
            on_error=failed,
            changes={"room"},
            parent=self,
        )

    def save_year(self) -> None:
        """Save the school year's dates as checked."""
        start_year = self._chosen_year()
        (starts_on, ends_on), *quarters = [(a.value(), b.value()) for a, b in self.date_rows]
        for problem in self.date_problems:
            problem.hide()

        def failed(error: BaseException) -> None:
            if not isinstance(error, ValidationError):
                self.year_note.setText(str(error))
                return
            lines: dict[int, list[str]] = {}
            for key, message in error.problems.items():
                row = int(key.removeprefix("quarter_")) if key.startswith("quarter_") else 0
                lines.setdefault(row, []).append(message)
            for row, messages in lines.items():
                self.date_problems[row].setText("\n".join(messages))
                self.date_problems[row].show()
            self.year_note.setText(_("Fix the dates marked above, then save again."))

        def saved(year: SchoolYearRead) -> None:
            self.year_note.setText(_("Saved."))
            self.show_year(year)

        self.context.call(
            save_school_year,
            saved,
            on_error=failed,
            changes={"school_year"},
            parent=self,
            start_year=start_year,
            starts_on=starts_on,
            ends_on=ends_on,
            quarters=quarters,
        )

    def save_rules(self) -> None:
        """Save every rule whose value changed."""
        stored = {
            setting.key: setting.value for setting in (self.data.settings if self.data else ())
        }
        changed = {
            key: spin.value() for key, spin in self.spins.items() if stored.get(key) != spin.value()
        }
        if not changed:
            self.rules_note.setText(_("Nothing has changed."))
            return

        def work(session: Session) -> int:
            for key, value in changed.items():
                set_setting(session, actor=self.context.actor, key=key, value=value)
            return len(changed)

        self.context.run(
            work, lambda _n: self.rules_note.setText(_("Saved.")), changes={"setting"}, parent=self
        )

    # --- language ------------------------------------------------------------------------------

    def _language_chosen(self, _index: int) -> None:
        language = str(self.language.currentData())
        settings = app_settings()
        settings.setValue(LANGUAGE_KEY, language)
        settings.sync()
        if language == current_language():
            return
        answer = QMessageBox.question(
            self,
            _("Language"),
            _("The new language takes effect after a restart. Restart caseroom now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restart()

    def restart(self) -> None:
        """Start caseroom again (same command, no `--lang`) and quit this one."""
        program, arguments = restart_command()
        if not QProcess.startDetached(program, arguments)[0]:
            QMessageBox.warning(self, _("caseroom"), _("caseroom could not restart itself."))
            return
        self.window().close()
        QApplication.quit()

    # --- backup --------------------------------------------------------------------------------

    def default_backup_path(self) -> Path:
        """Where "Save a copy…" suggests writing the copy."""
        folder = self.db_path.parent / "backups"
        stem = f"{self.db_path.stem}-backup-{date.today():%Y-%m-%d}"
        return (folder if folder.is_dir() else self.db_path.parent) / f"{stem}.sqlite3"

    def _ask_backup_target(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self,
            _("Back up the database"),
            str(self.default_backup_path()),
            _("caseroom database (*.sqlite3)"),
        )
        if target:
            self.back_up_to(Path(target))

    def back_up_to(self, target: Path) -> None:
        """Write a consistent copy of the database to `target` on the worker."""
        from caseroom.db.backup import backup_database

        source = self.db_path
        self.backup_button.setEnabled(False)
        self.backup_note.setText(_("Backing up…"))

        def done(path: Path) -> None:
            self.backup_button.setEnabled(True)
            self.backup_note.setText(_("Backup written to {path}").format(path=path))

        def failed(error: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.backup_note.setText(str(error))
            if not isinstance(error, UserError):
                raise error

        self.context.run(lambda _session: backup_database(source, target), done, on_error=failed)
