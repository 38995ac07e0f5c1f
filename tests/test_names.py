"""Name folding across Cyrillic and Latin, and alphabetical order per language."""

from __future__ import annotations

import pytest

from caseroom.names import (
    KAZAKH_ALPHABET,
    RUSSIAN_ALPHABET,
    fold_name,
    fold_text,
    search_key,
    sort_key,
)

# Each group: spellings of one name that must fold to the same skeleton (shown first).
SAME_NAME = [
    ("aigerim", ["Айгерим", "Aigerim", "Aıgerim", "Aygerim", "АЙГЕРИМ", "aigerim"]),
    ("jana", ["Жанна", "Zhanna", "Janna", "ЖАННА"]),
    ("alia", ["Әлия", "Aliya", "Aliia", "Álııa", "A'lii'a"]),
    ("nursultan", ["Нұрсұлтан", "Nursultan", "Nūrsūltan", "NURSULTAN"]),
    ("erlan", ["Ерлан", "Yerlan", "Erlan"]),
    ("iulia", ["Юлия", "Yulia", "Yuliya", "Iuliia"]),
    ("ksenia", ["Ксения", "Kseniya", "Ksenia"]),
    ("kairat", ["Қайрат", "Kairat", "Qairat"]),
    ("galim", ["Ғалым", "Galym", "Ghalym", "Ǵalym", "Ğalym"]),
    ("sholpan", ["Шолпан", "Sholpan", "Şolpan", "S'olpan"]),
    ("asel", ["Асель", "Assel", "Asel", "Asel'"]),
    ("dauren", ["Дәурен", "Dauren", "Dáýren", "Däuren", "Dawren"]),
    ("omirzak", ["Өмірзақ", "Omirzak", "Ómirzaq", "Ömırzaq"]),
    ("valerevna", ["Валерьевна", "Valeryevna", "Valerievna", "Valerevna"]),
    ("dmitri", ["Дмитрий", "Dmitriy", "Dmitry", "Dmitrii"]),
    ("tatiana", ["Татьяна", "Tatyana", "Tat'yana", "Tatiana"]),
    ("viktoria", ["Виктория", "Victoria", "Viktoriya"]),
    ("muhtar", ["Мухтар", "Mukhtar", "Muhtar"]),
    ("uljan", ["Ұлжан", "Ulzhan", "Uljan"]),
    ("gulnar", ["Гүлнар", "Gulnar", "Gülnar", "Gúlnar"]),
    ("chingiz", ["Чингиз", "Chingiz", "Çıngız"]),
    ("jamila", ["Zhamila", "Jamila", "Djamila", "Dzhamila"]),
]


@pytest.mark.parametrize(("skeleton", "spellings"), SAME_NAME, ids=[g[0] for g in SAME_NAME])
def test_spellings_of_one_name_fold_alike(skeleton: str, spellings: list[str]) -> None:
    assert {spelling: fold_name(spelling) for spelling in spellings} == dict.fromkeys(
        spellings, skeleton
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Айгерим", "Айгуль"),
        ("Марат", "Марта"),
        ("Aigerim", "Aigul"),
        ("Алия", "Алина"),
        ("Ерлан", "Еркін"),
        ("Асель", "Асем"),
        ("Жанна", "Зарина"),
        ("Сауле", "Салтанат"),
        ("Қайрат", "Қанат"),
        ("Дана", "Диана"),
    ],
)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert fold_name(one) != fold_name(other)


def test_cyrillic_case_folds() -> None:
    assert fold_name("ӘЛИЯ ҒАЛЫМҚЫЗЫ") == fold_name("әлия ғалымқызы") == "alia galimkizi"


def test_words_stay_apart_and_punctuation_separates_them() -> None:
    assert fold_name("  Сейтқали   Айгерим-Мария ") == "seitkali aigerim maria"
    assert fold_name("O'Brien") == "obren"  # ie after a consonant folds to e
    assert fold_name("") == ""
    assert fold_name(" - ,") == ""


def test_digits_are_kept_and_never_collapsed() -> None:
    assert fold_name("SR-2026-0001") == "sr 2026 0001"
    assert fold_name("170314600111") == "170314600111"


def test_mixed_script_word_folds_letter_by_letter() -> None:
    # A Latin "A" typed at the start of a Cyrillic word (a common keyboard slip).
    assert fold_name("Aйгерим") == "aigerim"


def test_search_key_joins_parts_and_skips_empty_ones() -> None:
    assert search_key("Сейтқали", "Айгерим", None, "", "SR-2026-0001") == (
        "seitkali aigerim sr 2026 0001"
    )
    assert search_key(None, "  ") == ""


def test_fold_text_keeps_word_boundaries_in_notes() -> None:
    note = "Мама Айгерим пришла; договорились: ДОМАШНЕЕ задание №2."
    assert fold_text(note) == "mama aigerim prishla dogovorilis domashne zadane 2"
    assert "aigerim" in fold_text("Aigerim and her mother came").split()


def test_kazakh_alphabet_order() -> None:
    names = ["Ұлжан", "Әлия", "Асель", "Үміт", "Ілияс", "Ыбырай", "Ғалым", "Гүлнар", "Өмір"]
    assert sorted(names, key=lambda name: sort_key(name, "kk")) == [
        "Асель",
        "Әлия",
        "Гүлнар",
        "Ғалым",
        "Өмір",
        "Ұлжан",
        "Үміт",
        "Ыбырай",
        "Ілияс",
    ]


def test_russian_alphabet_order_puts_yo_after_ye_and_latin_after_cyrillic() -> None:
    names = ["Ёлкин", "Ежов", "Жуков", "Aliev", "Яковлев", "Эмилия", "Зайцев"]
    assert sorted(names, key=lambda name: sort_key(name, "ru")) == [
        "Ежов",
        "Ёлкин",
        "Жуков",
        "Зайцев",
        "Эмилия",
        "Яковлев",
        "Aliev",
    ]


def test_english_order_puts_latin_first_and_accents_with_their_letter() -> None:
    names = ["Омаров", "Zhanna", "Ómirzaq", "Aigerim", "Ainur", "Bolat"]
    assert sorted(names, key=lambda name: sort_key(name, "en")) == [
        "Aigerim",
        "Ainur",
        "Bolat",
        "Ómirzaq",
        "Zhanna",
        "Омаров",
    ]


def test_shorter_name_and_space_sort_first() -> None:
    names = ["Анна", "Ан Б", "Ан"]
    assert sorted(names, key=lambda name: sort_key(name, "ru")) == ["Ан", "Ан Б", "Анна"]


def test_sort_key_ignores_case() -> None:
    assert sort_key("айгерим", "kk")[0] == sort_key("АЙГЕРИМ", "kk")[0]


def test_alphabets_hold_every_letter_once() -> None:
    assert len(KAZAKH_ALPHABET) == len(set(KAZAKH_ALPHABET)) == 42
    assert len(RUSSIAN_ALPHABET) == len(set(RUSSIAN_ALPHABET)) == 33


def test_sort_key_refuses_unknown_language() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        sort_key("Анна", "de")
