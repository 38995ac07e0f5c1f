"""Qt's own widgets (standard buttons, file chooser, calendar) speak the UI language."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from caseroom.paths import resource_path
from caseroom.ui.qt_translations import install_qt_translations

ROOT = Path(__file__).resolve().parents[2]
QT_FOLDER = resource_path("i18n", "qt")

EXPECTED = {
    "kk": {
        "Save": "Сақтау",
        "Cancel": "Бас тарту",
        "look": "Қайда қ&арау:",
        "type": "Файлдар &түрі:",
    },
    "ru": {"Save": "Сохранить", "Cancel": "Отмена", "look": "&Перейти к:", "type": "&Типы файлов:"},
}


@pytest.fixture(autouse=True)
def back_to_english(qapp: object) -> Iterator[None]:
    """Every test here leaves Qt in English, as the other UI tests expect."""
    yield
    install_qt_translations("en")


def _hatch_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _buttons() -> QDialogButtonBox:
    return QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )


def _texts(box: QDialogButtonBox) -> tuple[str, str]:
    save = box.button(QDialogButtonBox.StandardButton.Save)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert save is not None and cancel is not None
    return save.text(), cancel.text()


def _file_dialog_labels(qtbot: QtBot) -> dict[str, str]:
    dialog = QFileDialog(None, "", str(ROOT), "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    return {
        name: label.text()
        for label in dialog.findChildren(QLabel)
        for name in (label.objectName(),)
        if name in ("lookInLabel", "fileTypeLabel")
    }


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_standard_buttons_and_file_chooser_are_translated(qtbot: QtBot, language: str) -> None:
    assert install_qt_translations(language)
    expected = EXPECTED[language]
    assert _texts(_buttons()) == (expected["Save"], expected["Cancel"])
    labels = _file_dialog_labels(qtbot)
    assert labels == {"lookInLabel": expected["look"], "fileTypeLabel": expected["type"]}
    assert QLocale().name() == {"kk": "kk_KZ", "ru": "ru_RU"}[language]


def test_switching_language_at_run_time_retranslates_open_widgets(qtbot: QtBot) -> None:
    install_qt_translations("kk")
    box = _buttons()
    qtbot.addWidget(box)
    assert _texts(box) == ("Сақтау", "Бас тарту")
    install_qt_translations("ru")  # Qt posts LanguageChange: the box renames its buttons
    qtbot.waitUntil(lambda: _texts(box) == ("Сохранить", "Отмена"), timeout=2000)
    english_locale = QLocale()
    install_qt_translations("en")
    qtbot.waitUntil(lambda: _texts(box) == ("Save", "Cancel"), timeout=2000)
    assert QLocale().name() != "ru_RU" and english_locale.name() == "ru_RU"


def test_the_compiled_additions_hold_every_message_of_their_ts_file() -> None:
    hatch_build = _hatch_build()
    sources = sorted(QT_FOLDER.glob("*.ts"))
    assert sources, "no Qt additions found"
    for ts_path in sources:
        translator = QTranslator()
        assert translator.load(ts_path.stem, str(QT_FOLDER)), f"{ts_path.stem}.qm not built"
        _language, messages = hatch_build.read_ts(ts_path)
        assert messages
        for context, source, translation in messages:
            assert translator.translate(context, source) == translation, (context, source)
