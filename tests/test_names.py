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


# Real names, each pair: the first sorts right before the second in Kazakh and Russian.
NEIGHBOURS = [
    ("Асель", "Әлия"),  # Ә after А ...
    ("Әлия", "Бауыржан"),  # ... and before Б
    ("Гүлнар", "Ғалым"),  # Ғ after Г
    ("Кенжебек", "Қайрат"),  # Қ after К
    ("Нұрлан", "Ңұрғали"),  # Ң after Н
    ("Омар", "Өмірзақ"),  # Ө after О
    ("Умар", "Ұлжан"),  # Ұ after У
    ("Ұлжан", "Үміт"),  # Ү after Ұ
    ("Хамит", "Һадиша"),  # Һ after Х
    ("Ыбырай", "Ілияс"),  # І after Ы
    ("Ежов", "Ёлкин"),  # Ё after Е
    ("Ёлкин", "Жуков"),
    ("Яковлев", "Aliev"),  # Latin after Cyrillic
]


@pytest.mark.parametrize(("first", "second"), NEIGHBOURS)
def test_letters_sort_in_their_places(first: str, second: str) -> None:
    assert sort_key(first) < sort_key(second)
    assert sort_key(first.upper()) < sort_key(second.lower())
    assert sort_key(first.lower()) < sort_key(second.upper())


def test_a_roster_sorts_in_kazakh_order() -> None:
    names = [
        "Үміт", "Ілияс", "Әлия", "Ыбырай", "Ғалым", "Һадиша", "Асель", "Ұлжан", "Өмір",
        "Гүлнар", "Қайрат", "Кенжебек", "Ңұрғали", "Нұрлан", "Омар", "Ёлкин", "Ежов",
        "Хамит", "Умар", "Бауыржан", "Zhanna", "Ómirzaq", "Aigerim",
    ]  # fmt: skip
    assert sorted(names, key=sort_key) == [
        "Асель", "Әлия", "Бауыржан", "Гүлнар", "Ғалым", "Ежов", "Ёлкин", "Кенжебек",
        "Қайрат", "Нұрлан", "Ңұрғали", "Омар", "Өмір", "Умар", "Ұлжан", "Үміт", "Хамит",
        "Һадиша", "Ыбырай", "Ілияс", "Aigerim", "Ómirzaq", "Zhanna",
    ]  # fmt: skip


def test_russian_names_sort_in_russian_order() -> None:
    alphabet = list(RUSSIAN_ALPHABET)
    assert sorted(reversed(alphabet), key=sort_key) == alphabet
    names = ["Ёлкин", "Ежов", "Жуков", "Aliev", "Яковлев", "Эмилия", "Зайцев", "Щукин"]
    assert sorted(names, key=sort_key) == [
        "Ежов",
        "Ёлкин",
        "Жуков",
        "Зайцев",
        "Щукин",
        "Эмилия",
        "Яковлев",
        "Aliev",
    ]


def test_the_kazakh_alphabet_sorts_in_its_own_order() -> None:
    alphabet = list(KAZAKH_ALPHABET)
    assert sorted(reversed(alphabet), key=sort_key) == alphabet
    capitals = [letter.upper() for letter in alphabet]
    assert sorted(reversed(capitals), key=sort_key) == capitals


def test_keys_ignore_case_and_sort_under_binary_comparison() -> None:
    assert sort_key("айгерим") == sort_key("АЙГЕРИМ") == sort_key("Айгерим")
    assert sort_key("Ómirzaq") == sort_key("omirzaq")
    key = sort_key("Сейтқали", "Айгерим", "Нұрланқызы")
    assert key.isascii() and key.isprintable()
    # UTF-8 byte order (SQLite BINARY) agrees with str order.
    keys = sorted(sort_key(name) for name in ["Әлия", "Zhanna", "Асель", "Ілияс", "Ыбырай"])
    assert keys == sorted(keys, key=lambda key: key.encode())


def test_shorter_name_and_space_sort_first() -> None:
    names = ["Анна", "Ан Б", "Ан", "Ан-Мария", "Ан2"]
    assert sorted(names, key=sort_key) == ["Ан", "Ан Б", "Ан-Мария", "Ан2", "Анна"]
    assert sort_key("  Ан   Б ") == sort_key("Ан Б") == sort_key("Ан-Б")
    assert sort_key("O'Brien") == sort_key("OBrien")


def test_parts_compare_one_after_another() -> None:
    people = [
        ("Ахметова", "Әлия", None),
        ("Ахметов", "Бауыржан", "Серікұлы"),
        ("Ахметов", "Бауыржан", None),
        ("Ахметов", "Әсет", "Нұрланұлы"),
        ("Ахмет", "Жанна", None),
    ]
    assert sorted(people, key=lambda person: sort_key(*person)) == [
        ("Ахмет", "Жанна", None),
        ("Ахметов", "Әсет", "Нұрланұлы"),
        ("Ахметов", "Бауыржан", None),
        ("Ахметов", "Бауыржан", "Серікұлы"),
        ("Ахметова", "Әлия", None),
    ]
    assert sort_key("Ахметов", "Бауыржан", None) == sort_key("Ахметов", "Бауыржан", "")


def test_other_scripts_sort_after_latin() -> None:
    assert sort_key("Zoe") < sort_key("Ωmega") < sort_key("Ωz")


def test_alphabets_hold_every_letter_once() -> None:
    assert len(KAZAKH_ALPHABET) == len(set(KAZAKH_ALPHABET)) == 42
    assert len(RUSSIAN_ALPHABET) == len(set(RUSSIAN_ALPHABET)) == 33
    assert [letter for letter in KAZAKH_ALPHABET if letter in RUSSIAN_ALPHABET] == list(
        RUSSIAN_ALPHABET
    )


def test_plain_ascii_folds_as_the_full_path_folds_it() -> None:
    """The ASCII shortcut of `fold_name` gives what normalising and transliterating give."""
    import random

    from caseroom.names import _latin_words, _skeleton

    rng = random.Random(13)
    alphabet = "abcszhkyeqwxAZKHYE019 -./,_()#\t"
    samples = ["SR-2026-0001", "031205500123", "Zhanna  Kh.", "O'Neil", "Ol`ga", "YEYE--X"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 14))) for _ in range(3000)
    ]
    for text in samples:
        slow = " ".join(_skeleton(word) for word in _latin_words(text))
        assert fold_name(text) == slow, text
    assert fold_name("SR-2026-0001") == "sr 2026 0001"
    assert fold_name("Ol'ga") == fold_name("Ольга")
