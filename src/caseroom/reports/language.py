"""The language of one report, independent of the language the app's screens use.

A report in Kazakh can be made while the UI shows Russian: writers take a `ReportLanguage`
and call its `gettext` (bound to a local `_` so the strings are still extracted), never
the process-wide `caseroom.i18n._`.
"""

from __future__ import annotations

from enum import StrEnum

from caseroom.dates import format_date
from caseroom.i18n import LANGUAGES, translations_for
from caseroom.reports.data import ReportPeriod
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


def period_name(period: ReportPeriod, lang: ReportLanguage) -> str | None:
    """The period in words ("2nd quarter 2026–2027", "2026–2027 school year"); None for
    a range of days, which has no name but its dates."""
    _ = lang.gettext
    if period.school_year is None:
        return None
    first, last = period.school_year, period.school_year + 1
    if period.quarter is None:
        return _("{first}–{last} school year").format(first=first, last=last)
    names = {
        1: _("1st quarter {first}–{last}"),
        2: _("2nd quarter {first}–{last}"),
        3: _("3rd quarter {first}–{last}"),
        4: _("4th quarter {first}–{last}"),
    }
    return names[period.quarter].format(first=first, last=last)


def period_text(period: ReportPeriod, lang: ReportLanguage) -> str:
    """The period as a report prints it: its name and its own dates, and, while it has
    not ended, the day it is counted up to ("…, so far, up to 07.12.2026"). Never the
    `--period` code."""
    _ = lang.gettext
    name = period_name(period, lang)
    start = format_date(period.start)
    end = format_date(period.planned_end or period.end)
    today = format_date(period.end)
    if name is None and period.cut_short:
        return _("{start} – {end}, so far, up to {today}").format(start=start, end=end, today=today)
    if name is None:
        return _("{start} – {end}").format(start=start, end=end)
    if period.cut_short:
        return _("{name} ({start} – {end}), so far, up to {today}").format(
            name=name, start=start, end=end, today=today
        )
    return _("{name} ({start} – {end})").format(name=name, start=start, end=end)


def covered_dates(period: ReportPeriod, lang: ReportLanguage) -> str:
    """The days the report counts ("02.11.2026 – 07.12.2026"): a page header's period."""
    _ = lang.gettext
    return _("{start} – {end}").format(start=format_date(period.start), end=format_date(period.end))
