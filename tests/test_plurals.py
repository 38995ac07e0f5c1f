"""Plural forms: three in Russian, one word form in Kazakh, two in English (gettext ngettext)."""

from __future__ import annotations

import pytest

from caseroom.i18n import ngettext, set_language
from caseroom.reports.language import ReportLanguage

# A real message of the catalogue: the children page counts the children it lists with it.
SINGULAR, PLURAL = "{n} child", "{n} children"


def children(n: int) -> str:
    """The status-bar text for `n` children in the current language."""
    return ngettext(SINGULAR, PLURAL, n).format(n=n)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 ребёнок"),
        (2, "2 ребёнка"),
        (4, "4 ребёнка"),
        (5, "5 детей"),
        (11, "11 детей"),
        (12, "12 детей"),
        (14, "14 детей"),
        (21, "21 ребёнок"),
        (22, "22 ребёнка"),
        (25, "25 детей"),
        (101, "101 ребёнок"),
        (111, "111 детей"),
        (0, "0 детей"),
    ],
)
def test_russian_has_three_forms(n: int, expected: str) -> None:
    set_language("ru")
    assert children(n) == expected


@pytest.mark.parametrize("n", [0, 1, 2, 5, 11, 21])
def test_kazakh_noun_stays_singular_after_a_number(n: int) -> None:
    set_language("kk")
    assert children(n) == f"{n} бала"


@pytest.mark.parametrize(("n", "expected"), [(1, "1 child"), (2, "2 children"), (0, "0 children")])
def test_english_source_forms(n: int, expected: str) -> None:
    set_language("en")
    assert children(n) == expected


def test_other_russian_plurals_follow_the_same_rule() -> None:
    set_language("ru")
    # The demo command's summary (cli/demo.py) counts with these.
    family = ("{count} family", "{count} families")
    assert [ngettext(*family, n).format(count=n) for n in (1, 3, 5, 21)] == [
        "1 семья",
        "3 семьи",
        "5 семей",
        "21 семья",
    ]
    session = ("{count} session", "{count} sessions")
    assert [ngettext(*session, n).format(count=n) for n in (1, 2, 11)] == [
        "1 занятие",
        "2 занятия",
        "11 занятий",
    ]


def test_report_language_uses_its_own_plural_rules_whatever_the_ui_shows() -> None:
    set_language("en")
    russian = ReportLanguage("ru")
    assert russian.ngettext("{count} child", "{count} children", 3).format(count=3) == "3 ребёнка"
    kazakh = ReportLanguage("kk")
    assert kazakh.ngettext("{count} child", "{count} children", 3).format(count=3) == "3 бала"
