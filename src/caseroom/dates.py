"""Dates, times and numbers in the local form of Kazakh, Russian and English.

Short dates are `dd.mm.yyyy` in all three languages (`23.11.2026`), as Kazakh schools write
them. Month names come from Babel (CLDR) in the grammatical case the place needs: Russian
"23 ноября 2026" (genitive, inside a date) but "Ноябрь 2026" as a heading (nominative);
Kazakh "2026 ж. 23 қараша". The week starts on Monday. `parse_date` reads what people type
into a date field: `23.11.2026`, `23.11.26`, `2026-11-23`, `23/11/2026`, `23 11 2026`.

Babel is imported only when a month name or a number is formatted, to keep start-up fast.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Literal

from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _, current_language

FIRST_DAY_OF_WEEK = 0
"""Monday, as `date.weekday()` counts (Kazakhstan, like all of the CIS, starts on Monday)."""

SHORT_DATE_PATTERN = "dd.mm.yyyy"
"""How a short date is written, for placeholders and messages (untranslated on purpose)."""

BABEL_LOCALES: dict[str, str] = {"kk": "kk_KZ", "ru": "ru_KZ", "en": "en_GB"}
"""The CLDR locale behind each interface language (English: day before month, as here)."""

# Babel (CLDR) patterns: MMMM is a month name in the "format" context (Russian genitive,
# "ноября"), LLLL the "stand-alone" one (nominative, "ноябрь").
_LONG_DATE: dict[str, str] = {"kk": "y 'ж'. d MMMM", "ru": "d MMMM y", "en": "d MMMM y"}
_MONTH_YEAR: dict[str, str] = {"kk": "y 'ж'. MMMM", "ru": "LLLL y", "en": "MMMM y"}
_MONTH_YEAR_IN_DATE: dict[str, str] = {"kk": "MMMM y", "ru": "MMMM y", "en": "MMMM y"}

# A range of days ("7–11 December 2026"): the patterns of its first and its last day, for
# days in one month and for days in one year; across years it is two long dates.
_RANGE_IN_MONTH: dict[str, tuple[str, str]] = {
    "kk": ("y 'ж'. d", "d MMMM"),
    "ru": ("d", "d MMMM y"),
    "en": ("d", "d MMMM y"),
}
_RANGE_IN_YEAR: dict[str, tuple[str, str]] = {
    "kk": ("y 'ж'. d MMMM", "d MMMM"),
    "ru": ("d MMMM", "d MMMM y"),
    "en": ("d MMMM", "d MMMM y"),
}

_PARTS = re.compile(r"\s*[./-]\s*|\s+")
_TWO_DIGIT_YEAR_AHEAD = 20
"""`dd.mm.yy` means the latest year ending in yy that is at most this many years ahead."""


def _language(language: str | None) -> str:
    chosen = language or current_language()
    if chosen not in LANGUAGES:
        raise ValueError(f"unsupported language: {chosen!r}")
    return chosen


def _babel_format(day: date, pattern: str, language: str) -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, pattern, locale=BABEL_LOCALES[language])


def format_date(day: date) -> str:
    """A date as people write it in every language here: `23.11.2026`."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def format_time(moment: time | datetime) -> str:
    """A time of day on the 24-hour clock: `14:05`."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_date_time(moment: datetime) -> str:
    """A date and time: `23.11.2026 14:05`."""
    return f"{format_date(moment.date())} {format_time(moment)}"


def format_long_date(day: date, language: str | None = None) -> str:
    """A date with the month's name: `23 ноября 2026`, `2026 ж. 23 қараша`, `23 November 2026`."""
    lang = _language(language)
    return _babel_format(day, _LONG_DATE[lang], lang)


def format_date_range(first: date, last: date, language: str | None = None) -> str:
    """Days from `first` to `last` with the month's name, the month and year said once when
    they are shared: `7–11 декабря 2026`, `2026 ж. 7–11 желтоқсан`, `30 November –
    4 December 2026`, `29 December 2025 – 2 January 2026`; one day is `format_long_date`."""
    lang = _language(language)
    if first == last:
        return format_long_date(first, lang)
    if (first.year, first.month) == (last.year, last.month):
        start, end = _RANGE_IN_MONTH[lang]
        return f"{_babel_format(first, start, lang)}–{_babel_format(last, end, lang)}"
    if first.year == last.year:
        start, end = _RANGE_IN_YEAR[lang]
        return f"{_babel_format(first, start, lang)} – {_babel_format(last, end, lang)}"
    return f"{format_long_date(first, lang)} – {format_long_date(last, lang)}"


def format_month_year(day: date, language: str | None = None, *, standalone: bool = True) -> str:
    """The month and year of `day`.

    Standalone (a heading, a chart label) it is in the nominative and begins with a capital:
    `Ноябрь 2026`, `2026 ж. қараша`, `November 2026`. With `standalone=False` it is the form
    that follows a day number inside a date: `ноября 2026`, `қараша 2026`.
    """
    lang = _language(language)
    if not standalone:
        return _babel_format(day, _MONTH_YEAR_IN_DATE[lang], lang)
    text = _babel_format(day, _MONTH_YEAR[lang], lang)
    return text[:1].upper() + text[1:]


def month_name(month: int, language: str | None = None, *, standalone: bool = True) -> str:
    """The wide name of `month` (1-12): stand-alone (`ноябрь`) or inside a date (`ноября`)."""
    from babel.dates import get_month_names

    lang = _language(language)
    context: Literal["format", "stand-alone"] = "stand-alone" if standalone else "format"
    return str(get_month_names("wide", context, locale=BABEL_LOCALES[lang])[month])


def weekday_names(language: str | None = None, *, short: bool = False) -> tuple[str, ...]:
    """The names of the days of the week, starting on Monday (`FIRST_DAY_OF_WEEK`)."""
    from babel.dates import get_day_names

    lang = _language(language)
    width: Literal["wide", "abbreviated"] = "abbreviated" if short else "wide"
    names = get_day_names(width, "stand-alone", locale=BABEL_LOCALES[lang])
    return tuple(str(names[(FIRST_DAY_OF_WEEK + offset) % 7]) for offset in range(7))


def week_start(day: date) -> date:
    """The Monday of the week that holds `day`."""
    return date.fromordinal(day.toordinal() - (day.weekday() - FIRST_DAY_OF_WEEK) % 7)


def format_number(value: float, language: str | None = None, *, decimals: int = 0) -> str:
    """A number with the language's separators: `1 234,5` (kk, ru), `1,234.5` (en)."""
    from babel.numbers import format_decimal

    lang = _language(language)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return str(format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang]))


def _full_year(digits: str, today: date) -> int:
    year = int(digits)
    if len(digits) == 4:
        return year
    if len(digits) != 2:
        raise ValueError(digits)
    candidate = today.year // 100 * 100 + year
    if candidate > today.year + _TWO_DIGIT_YEAR_AHEAD:
        candidate -= 100
    return candidate


def parse_date(text: str, *, today: date | None = None, field: str | None = None) -> date:
    """The date typed as `23.11.2026`, `23.11.26`, `2026-11-23`, `23/11/2026` or `23 11 2026`.

    A two-digit year is the latest year ending in those digits that is at most 20 years
    after `today`. Raises `UserError` (for `field`, when given) with a translated message.
    """
    typed = text.strip()
    if not typed:
        raise UserError(_("Enter a date as dd.mm.yyyy"), field=field)
    parts = _PARTS.split(typed)
    try:
        if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in parts):
            raise ValueError(typed)
        if len(parts[0]) == 4:
            year_text, month_text, day_text = parts
        elif len(parts[0]) <= 2:
            day_text, month_text, year_text = parts
        else:
            raise ValueError(typed)
        if len(day_text) > 2 or len(month_text) > 2:
            raise ValueError(typed)
        year = _full_year(year_text, today or date.today())
    except ValueError:
        raise UserError(
            _("“{text}” is not a date: write it as dd.mm.yyyy").format(text=typed), field=field
        ) from None
    try:
        return date(year, int(month_text), int(day_text))
    except ValueError:
        raise UserError(
            _("“{text}” is not a real date: check the day and the month").format(text=typed),
            field=field,
        ) from None
