"""Qt's own texts (file chooser, standard buttons, context menus, calendar) in the UI language.

Qt's widgets translate themselves through `QTranslator`s: PySide6 ships `qtbase_kk.qm` and
`qtbase_ru.qm`; `resources/i18n/qt/qtbase_extra_<lang>.ts` adds what those lack (Qt 6 file
chooser labels missing from the Russian one), compiled to `.qm` by the build. The default
`QLocale` follows the language too, so the calendar popup names the months in it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from caseroom.paths import resource_path

QT_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU"}

_translators: list[QTranslator] = []
_system_locale: list[QLocale] = []  # the locale before the first switch, for English


def qt_catalogues(language: str) -> list[tuple[str, str]]:
    """(file name, folder) of the Qt catalogues for `language`, searched last to first."""
    return [
        (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        (f"qtbase_extra_{language}", str(resource_path("i18n", "qt"))),
    ]


def install_qt_translations(language: str) -> bool:
    """Put Qt's own texts and the default locale into `language` (`en`: Qt's English).

    Replaces the translators an earlier call installed, so the language can change while
    the app runs (Qt then sends every widget a LanguageChange). False when Qt's own catalogue
    for the language cannot be found (its texts stay English)."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    if not _system_locale:
        _system_locale.append(QLocale())
    while _translators:
        app.removeTranslator(_translators.pop())
    locale_name = QT_LOCALES.get(language)
    QLocale.setDefault(QLocale(locale_name) if locale_name else _system_locale[0])
    if locale_name is None:
        return True
    loaded = []
    for name, folder in qt_catalogues(language):
        translator = QTranslator(app)
        loaded.append(translator.load(name, folder))
        if loaded[-1]:
            app.installTranslator(translator)
            _translators.append(translator)
    return loaded[0]
