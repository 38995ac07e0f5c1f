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
_ASCII_APOSTROPHES = re.compile("['`]")

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
    if text.isascii() and not _ASCII_APOSTROPHES.search(text):
        # Plain ASCII (case numbers, IINs, Latin names): normalising and transliterating
        # change nothing, and casefolding is lowercasing.
        words = _NOT_ALNUM.split(text.lower())
        return " ".join(_skeleton(word) for word in words if word)
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
"""The Russian alphabet in its order (33 letters): Kazakh's, less the Kazakh letters."""

LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

# One stored key serves every language. Kazakh's alphabet holds Russian's in the same
# order, so Kazakh order is Russian order for Russian names; Latin-script names follow
# all Cyrillic ones (in the English interface too: a room's names are mostly Cyrillic,
# and one key keeps every list one indexed ORDER BY).
#
# Each character becomes one printable ASCII character whose code is its rank, so the
# key sorts under plain binary comparison (SQLite's BINARY collation, `str` ordering):
#   " "  between name parts (last name / first name / patronymic)
#   "!"  between words of one part (space, hyphen, dot, other punctuation)
#   "0"-"9" digits
#   ":" .. "c" the 42 Cyrillic letters in Kazakh order, "d" .. "}" Latin a-z,
#   "~" + the character itself for anything else (Greek, CJK...), after all of those.
_PART_BREAK = " "
_WORD_BREAK = "!"
_OTHER = "~"
_RANK: dict[str, str] = {
    letter: chr(0x3A + index) for index, letter in enumerate(KAZAKH_ALPHABET + LATIN_ALPHABET)
}
_RANK.update({digit: digit for digit in "0123456789"})
_SORT_FOLD: dict[int, str] = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "æ": "ae"})


def _sort_rank(ch: str) -> str:
    rank = _RANK.get(ch)
    if rank is not None:
        return rank
    if ch in _APOSTROPHES or unicodedata.combining(ch):
        return ""
    if ch.isspace() or not ch.isalnum():
        return _WORD_BREAK
    base = unicodedata.normalize("NFD", ch)[0]  # á -> a, ї -> і
    rank = _RANK.get(base)
    if rank is not None:
        return rank
    if ch.isdigit():  # digits of other scripts
        return _RANK.get(str(unicodedata.digit(ch, 0)), "0")
    return _OTHER + ch


@lru_cache(maxsize=65536)
def _sort_part(part: str) -> str:
    folded = unicodedata.normalize("NFC", part).casefold().translate(_SORT_FOLD)
    ranks = "".join(_sort_rank(ch) for ch in folded)
    # Runs of spaces and punctuation are one word break; none at either end.
    return re.sub(f"{_WORD_BREAK}+", _WORD_BREAK, ranks).strip(_WORD_BREAK)


def sort_key(*parts: str | None) -> str:
    """The stored key that puts names in alphabetical order under binary comparison.

    `parts` are compared in turn (last name, then first name, then patronymic), each
    case-insensitively in the Kazakh alphabet's order (which is the Russian order for
    Russian names: Ә after А, Ғ after Г, Ё after Е, І after Ы ...), Latin letters after
    all Cyrillic ones with accented letters beside their base letter. Words of one part
    sort as if joined by a space, which sorts before every letter ("Ан Б" before "Анна");
    digits sort before letters; apostrophes are ignored. A missing part sorts first.
    """
    key = _PART_BREAK.join(_sort_part(part) if part else "" for part in parts)
    return key.rstrip(_PART_BREAK)
