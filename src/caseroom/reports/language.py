"""The language of one report, independent of the language the app's screens use.

A report in Kazakh can be made while the UI shows Russian: writers take a `ReportLanguage`
and call its `gettext` (bound to a local `_` so the strings are still extracted), never
the process-wide `caseroom.i18n._`.
"""

from __future__ import annotations

from enum import StrEnum

from caseroom.dates import format_date  # noqa: F401 - re-exported for report modules
from caseroom.i18n import LANGUAGES, translations_for
from caseroom.vocab import BUILTIN_SEN_CATEGORIES, source_label


class ReportLanguage:
    """Translations for one report language (`kk`, `ru` or `en`)."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported report language: {language!r}")
        self.code = language
        self._translations = translations_for(language)

    def gettext(self, message: str) -> str:
        """Translate `message` into the report language."""
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a message with a count, using the report language's plural rules."""
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """Translate `message` in `context` (e.g. "female" / "male") into the report language."""
        return self._translations.pgettext(context, message)

    def label(self, value: StrEnum) -> str:
        """The label of a vocabulary value (caseroom.vocab) in the report language."""
        return self._translations.gettext(source_label(value))

    def sen_category(self, code: str, custom_label: str | None = None) -> str:
        """A built-in SEN category's label in the report language, else the centre's own."""
        for builtin_code, english in BUILTIN_SEN_CATEGORIES:
            if builtin_code == code:
                return self._translations.gettext(english)
        return custom_label or code


SEX_CONTEXTS = {"F": "female", "M": "male"}
"""Message contexts of sentences whose words agree with the child's sex (`vocab.Sex`)."""


def sex_context(sex: str | None) -> str | None:
    """The message context for a child of `sex` (`F`/`M`), or None when it is not known."""
    return SEX_CONTEXTS.get(sex) if sex else None


def sentence(text: str) -> str:
    """`text` with its first letter made upper case (labels used as headings or row names)."""
    return text[:1].upper() + text[1:]


def format_percent(rate: float | None) -> str:
    """A rate as a whole percentage (`—` when there was nothing to count)."""
    if rate is None:
        return "—"
    return f"{round(rate * 100)}%"
