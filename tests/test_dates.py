"""Local dates and numbers: dd.mm.yyyy everywhere, month names in the right case, Monday first."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from caseroom import dates
from caseroom.errors import UserError
from caseroom.i18n import set_language

# conftest's autouse `english` fixture puts the language back to English after each test.
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_short_date_is_the_same_in_every_language(lang: str) -> None:
    set_language(lang)
    assert dates.format_date(date(2026, 11, 23)) == "23.11.2026"
    assert dates.format_date(date(2027, 1, 5)) == "05.01.2027"


def test_time_and_date_time_use_the_24_hour_clock() -> None:
    assert dates.format_time(time(9, 5)) == "09:05"
    assert dates.format_date_time(datetime(2026, 11, 23, 14, 30)) == "23.11.2026 14:30"


def test_russian_month_is_genitive_inside_a_date_and_nominative_alone() -> None:
    assert dates.format_long_date(TODAY, "ru") == "23 ноября 2026"
    assert dates.format_month_year(TODAY, "ru", standalone=False) == "ноября 2026"
    assert dates.format_month_year(TODAY, "ru") == "Ноябрь 2026"
    assert dates.month_name(3, "ru") == "март"
    assert dates.month_name(3, "ru", standalone=False) == "марта"


def test_kazakh_month_names() -> None:
    assert dates.format_long_date(TODAY, "kk") == "2026 ж. 23 қараша"
    assert dates.format_month_year(TODAY, "kk") == "2026 ж. қараша"
    assert dates.format_month_year(TODAY, "kk", standalone=False) == "қараша 2026"
    assert dates.month_name(9, "kk", standalone=False) == "қыркүйек"


def test_english_month_names() -> None:
    assert dates.format_long_date(TODAY, "en") == "23 November 2026"
    assert dates.format_month_year(TODAY, "en") == "November 2026"


def test_long_date_follows_the_current_language() -> None:
    set_language("ru")
    assert dates.format_long_date(date(2026, 5, 25)) == "25 мая 2026"
    set_language("kk")
    assert dates.format_long_date(date(2026, 5, 25)) == "2026 ж. 25 мамыр"


def test_week_starts_on_monday() -> None:
    assert dates.FIRST_DAY_OF_WEEK == 0
    assert dates.week_start(date(2026, 11, 29)) == date(2026, 11, 23)  # Sunday
    assert dates.week_start(date(2026, 11, 23)) == date(2026, 11, 23)  # Monday
    assert dates.week_start(date(2026, 11, 25)) == date(2026, 11, 23)
    assert dates.weekday_names("ru", short=True) == ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
    assert dates.weekday_names("kk")[0] == "дүйсенбі"
    assert dates.weekday_names("en")[6] == "Sunday"


def test_numbers_use_the_languages_separators() -> None:
    assert dates.format_number(1234567.5, "ru", decimals=1) == "1\xa0234\xa0567,5"
    assert dates.format_number(1234567.5, "kk", decimals=1) == "1\xa0234\xa0567,5"
    assert dates.format_number(1234567.5, "en", decimals=1) == "1,234,567.5"
    assert dates.format_number(42, "ru") == "42"


@pytest.mark.parametrize(
    "typed",
    ["23.11.2026", "23.11.26", "2026-11-23", "23/11/2026", "23 11 2026", " 23. 11. 2026 "],
)
def test_parse_the_ways_people_type_a_date(typed: str) -> None:
    assert dates.parse_date(typed, today=TODAY) == date(2026, 11, 23)


def test_parse_single_digit_day_and_month() -> None:
    assert dates.parse_date("1.9.2026", today=TODAY) == date(2026, 9, 1)
    assert dates.parse_date("2026-9-1", today=TODAY) == date(2026, 9, 1)


def test_two_digit_year_is_never_far_in_the_future() -> None:
    assert dates.parse_date("01.02.85", today=TODAY) == date(1985, 2, 1)
    assert dates.parse_date("01.02.46", today=TODAY) == date(2046, 2, 1)
    assert dates.parse_date("01.02.47", today=TODAY) == date(1947, 2, 1)


@pytest.mark.parametrize(
    "typed",
    ["23.11", "tomorrow", "23.11.2026.1", "123.11.2026", "23.111.2026", "2026/11", "٢٣.١١.٢٠٢٦"],
)
def test_parse_rejects_what_is_not_a_date(typed: str) -> None:
    set_language("en")
    with pytest.raises(UserError) as caught:
        dates.parse_date(typed, today=TODAY, field="birth_date")
    assert str(caught.value) == f"“{typed.strip()}” is not a date: write it as dd.mm.yyyy"
    assert caught.value.field == "birth_date"


def test_parse_rejects_a_day_not_in_the_calendar() -> None:
    set_language("en")
    with pytest.raises(UserError) as caught:
        dates.parse_date("31.02.2026", today=TODAY)
    assert str(caught.value) == "“31.02.2026” is not a real date: check the day and the month"


def test_parse_messages_are_translated() -> None:
    set_language("ru")
    with pytest.raises(UserError) as caught:
        dates.parse_date("завтра", today=TODAY)
    assert str(caught.value) == "«завтра» — не дата: запишите её как дд.мм.гггг"
    set_language("kk")
    with pytest.raises(UserError) as caught:
        dates.parse_date("   ", today=TODAY)
    assert str(caught.value) == "Күнді кк.аа.жжжж түрінде енгізіңіз"


def test_a_range_of_days_says_its_month_and_year_once() -> None:
    first, friday = date(2026, 12, 7), date(2026, 12, 11)
    assert dates.format_date_range(first, friday, "en") == "7–11 December 2026"
    assert dates.format_date_range(first, friday, "ru") == "7–11 декабря 2026"
    assert dates.format_date_range(first, friday, "kk") == "2026 ж. 7–11 желтоқсан"
    across = (date(2026, 11, 30), date(2026, 12, 4))
    assert dates.format_date_range(*across, "ru") == "30 ноября – 4 декабря 2026"
    assert dates.format_date_range(*across, "kk") == "2026 ж. 30 қараша – 4 желтоқсан"
    years = (date(2025, 12, 29), date(2026, 1, 2))
    assert dates.format_date_range(*years, "en") == "29 December 2025 – 2 January 2026"
    assert dates.format_date_range(first, first, "ru") == "7 декабря 2026"
