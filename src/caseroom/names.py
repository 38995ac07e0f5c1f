"""Name folding: one search key for names typed in Cyrillic or Latin, any case.

"Айгерим", "Aigerim", "Aıgerim" and "Aygerim" fold to the same key; so do "Жанна" /
"Zhanna" / "Janna" and "Әлия" / "Aliya" / "Aliia". Used for the `search_key` columns and
for search input alike, so both sides of a comparison are always folded the same way.

Folding runs in three steps:
1. Cyrillic (Russian and Kazakh letters) is transliterated to Latin, and the Kazakh Latin
   alphabets (2017 apostrophe forms, 2018 acute forms, 2021 forms) are brought to plain
   Latin letters;
2. spelling variants are merged (zh/j, kh/h, gh/g, q/k, c/k, w/u, ye/e, y/i ...);
3. doubled letters are collapsed and signs dropped, leaving a phonetic skeleton.

The skeleton is for matching only; it is never shown to anyone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYRILLIC_TO_LATIN: dict[int, str] = str.maketrans(
    {
        "а": "a",
        "ә": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ғ": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "j",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "қ": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "ң": "n",
        "о": "o",
        "ө": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ұ": "u",
        "ү": "u",
        "ф": "f",
        "х": "h",
        "һ": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sh",
        "ъ": "",
        "ы": "i",
        "і": "i",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
        # Latin letters whose diacritic is not a plain accent, or that change value.
        "ı": "i",  # Kazakh Latin 2018: и, й
        "ş": "sh",
        "ș": "sh",
        "ç": "ch",
        "ý": "u",  # Kazakh Latin 2018: у
        "ß": "ss",
        "ø": "o",
        "æ": "ae",
    }
)

_APOSTROPHES = "'’ʼ`´‘"
# Kazakh Latin 2017 writes ш, ч and у as s', c' and y'; other apostrophes only mark a
# letter variant (a' = ә, g' = ғ ...) or a Russian soft sign (Ol'ga), so they are dropped.
_APOSTROPHE_FORMS = re.compile(f"([scy])[{_APOSTROPHES}]")
_APOSTROPHE_VALUES = {"s": "sh", "c": "ch", "y": "u"}
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# Applied in order to each Latin word: spelling variants first, then ambiguous letters.
_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch", "sh"),
        (r"zh", "j"),
        (r"dj", "j"),  # дж: Джамиля / Jamila / Zhamila
        (r"kh", "h"),
        (r"gh", "g"),
        (r"ph", "f"),
        (r"c(?!h)", "k"),
        (r"x", "ks"),
        (r"q", "k"),
        (r"w", "u"),
        (r"ye", "e"),  # Yerlan / Ерлан, Andreyev / Андреев
        (r"y", "i"),
        (r"(?<=[b-df-hj-np-tv-z])ie", "e"),  # Valerievna / Валерьевна
        (r"([a-z])\1+", r"\1"),
    )
)


def _latin_words(text: str) -> list[str]:
    """`text` casefolded, transliterated to plain Latin and split into words."""
    folded = unicodedata.normalize("NFC", text).casefold()
    folded = _APOSTROPHE_FORMS.sub(lambda m: _APOSTROPHE_VALUES[m.group(1)], folded)
    folded = folded.translate(_CYRILLIC_TO_LATIN)
    decomposed = unicodedata.normalize("NFD", folded)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = "".join(ch for ch in plain if ch not in _APOSTROPHES)
    return [word for word in _NOT_ALNUM.split(plain) if word]


@lru_cache(maxsize=65536)  # notes and names repeat words: indexing 10k families is 3× faster
def _skeleton(word: str) -> str:
    """The phonetic skeleton of one plain Latin word."""
    for pattern, replacement in _VARIANTS:
        word = pattern.sub(replacement, word)
    return word


def fold_name(text: str) -> str:
    """A lowercase Latin skeleton of `text` for matching names across scripts and case.

    Words stay apart (separated by one space); punctuation and hyphens separate words.
    """
    return " ".join(_skeleton(word) for word in _latin_words(text))


def fold_text(text: str) -> str:
    """Free text (notes) folded word by word like names, keeping word boundaries.

    The notes search index stores and searches this form, so that Cyrillic case and the
    Latin / Cyrillic spellings of names meet.
    """
    return fold_name(text)


def search_key(*parts: str | None) -> str:
    """The stored search key for a record's name parts (and case number / IIN)."""
    return " ".join(folded for part in parts if part and (folded := fold_name(part)))


# --- alphabetical order -------------------------------------------------------------------

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
"""The Kazakh Cyrillic alphabet in its order (42 letters)."""

RUSSIAN_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
"""The Russian alphabet in its order (33 letters)."""

# Kazakh letters in Russian order: each right after the Russian letter it resembles.
_RUSSIAN_WITH_KAZAKH = "аәбвгғдеёжзиійкқлмнңоөпрстуұүфхһцчшщъыьэюя"
_LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

SortKey = tuple[tuple[int, ...], str]
"""What `sort_key` returns: letter ranks, then the folded text to break ties."""


def _ranks(first: str, second: str) -> dict[str, int]:
    ranks = {letter: 100 + index for index, letter in enumerate(first)}
    ranks.update({letter: 200 + index for index, letter in enumerate(second)})
    return ranks


_ORDERS: dict[str, dict[str, int]] = {
    "kk": _ranks(KAZAKH_ALPHABET, _LATIN_ALPHABET),
    "ru": _ranks(_RUSSIAN_WITH_KAZAKH, _LATIN_ALPHABET),
    "en": _ranks(_LATIN_ALPHABET, KAZAKH_ALPHABET),
}


def _base_latin(ch: str) -> str:
    """A Latin letter without its diacritic (`á` -> `a`, `ı` -> `i`); others unchanged."""
    if ch == "ı":
        return "i"
    base = unicodedata.normalize("NFD", ch)[0]
    return base if "a" <= base <= "z" else ch


def sort_key(name: str, language: str) -> SortKey:
    """A key that orders names alphabetically in `language` (`kk`, `ru` or `en`).

    Kazakh and Russian put Cyrillic first in their own alphabet's order, then Latin;
    English puts Latin first, then Cyrillic in Kazakh order. Spaces and hyphens sort
    before every letter, digits before letters; accented Latin letters sort with their
    base letter.
    """
    try:
        order = _ORDERS[language]
    except KeyError:
        raise ValueError(f"unsupported language: {language!r}") from None
    folded = unicodedata.normalize("NFC", name).casefold().strip()
    ranks: list[int] = []
    for ch in folded:
        if ch in _APOSTROPHES:
            continue
        if ch.isspace() or ch in "-‐–—.,":
            ranks.append(0)
        elif ch.isdigit():
            ranks.append(1 + int(ch) if ch.isascii() else 11)
        else:
            letter = ch if ch in order else _base_latin(ch)
            ranks.append(order.get(letter, 1000 + ord(ch)))
    return tuple(ranks), folded
