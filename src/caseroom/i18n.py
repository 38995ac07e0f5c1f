"""One gettext catalogue for the UI, reports and command line.

English is the source language; Kazakh (`kk`) and Russian (`ru`) catalogues live in
`resources/i18n/<lang>/LC_MESSAGES/caseroom.po` and are compiled to `.mo` by the build.
Every user-visible string goes through `_()` / `ngettext()`; strings that must be declared
before a language is chosen (vocabulary labels) are marked with `N_()` and translated
when shown.
"""

from __future__ import annotations

import gettext
import threading

from caseroom.paths import resource_path

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "ru"
DOMAIN = "caseroom"

_lock = threading.Lock()
_current = "en"
_translations: gettext.NullTranslations = gettext.NullTranslations()
_cache: dict[str, gettext.NullTranslations] = {}


def translations_for(language: str) -> gettext.NullTranslations:
    """The catalogue for `language` (English or a missing catalogue falls back to source)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    with _lock:
        found = _cache.get(language)
        if found is None:
            localedir = resource_path("i18n")
            found = gettext.translation(
                DOMAIN, localedir=str(localedir), languages=[language], fallback=True
            )
            _cache[language] = found
        return found


def set_language(language: str) -> None:
    """Switch the process-wide language used by `_()` and `ngettext()`."""
    global _current, _translations
    translations = translations_for(language)
    with _lock:
        _current = language
        _translations = translations


def current_language() -> str:
    """The language code now in use (`kk`, `ru` or `en`)."""
    return _current


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count, using the language's plural rules."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate `message` where the same English word needs context to translate."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark `message` for extraction without translating it now."""
    return message
