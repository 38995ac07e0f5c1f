"""Reading the cells of one roster row: text, dates, numbers and words, each cleaned and
checked, with a problem recorded per bad column (`RowChecker`); and the word indexes that
turn typed words into codes (`Lookups`).

Words people type for codes (sex, relation, language, SEN category) are data in `words`,
in English, Russian and Kazakh; the translated vocabulary labels from the gettext
catalogues are accepted as well, so a label a translator chose is always understood.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import SenCategory
from caseroom.i18n import LANGUAGES, _, translations_for
from caseroom.services.importing.problems import RowProblem
from caseroom.services.importing.read import Cell, RawRow
from caseroom.services.importing.words import LANGUAGE_WORDS, RELATION_WORDS, SEN_WORDS, SEX_WORDS
from caseroom.vocab import (
    BUILTIN_SEN_CATEGORIES,
    CaregiverRelation,
    HomeLanguage,
    Sex,
    source_label,
)

_DATE_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Control characters (C0, DEL, C1), lone surrogates, the line and paragraph separators.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_PATRONYMIC_WORDS = frozenset(
    {"ұлы", "қызы", "улы", "кызы", "уулу", "оглы", "оглу", "гызы", "uly", "kyzy", "ogly"}
)


def day_text(value: date) -> str:
    """A date as dd.mm.yyyy."""
    return value.strftime("%d.%m.%Y")


def word_key(text: str) -> str:
    """A typed word in the form it is looked up: case, `ё`, spaces and dots ignored."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return " ".join(text.replace(".", " ").split())


def split_full_name(text: str) -> tuple[str, str, str | None] | None:
    """Last name, first name and patronymic of a whole name written in that order (the
    Kazakh and Russian order); "Марат қызы" is one patronymic. None when the name is one
    word, or more words than three parts can hold."""
    words = text.split()
    if len(words) >= 4 and words[-1].casefold() in _PATRONYMIC_WORDS:
        words = [*words[:-2], f"{words[-2]} {words[-1]}"]
    if len(words) == 2:
        return words[0], words[1], None
    if len(words) == 3:
        return words[0], words[1], words[2]
    return None


def _word_index(
    words: dict[str, tuple[str, ...]], labels: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Typed word -> code: the code itself, the listed words, and each label translated."""
    index: dict[str, str] = {}
    for code, english in labels:
        for language in LANGUAGES:
            index[word_key(translations_for(language).gettext(english))] = code
    for code, listed in words.items():
        index[word_key(code)] = code
        for word in listed:
            index[word_key(word)] = code
    return index


def _vocab_index(words: dict[str, tuple[str, ...]], members: Iterable[StrEnum]) -> dict[str, str]:
    return _word_index(words, [(str(member), source_label(member)) for member in members])


@dataclass(frozen=True, slots=True)
class Lookups:
    """Typed words -> codes, built once per import (SEN categories include the table's)."""

    sex: dict[str, str]
    relation: dict[str, str]
    language: dict[str, str]
    sen: dict[str, str]


def build_lookups(session: Session) -> Lookups:
    """The word indexes, with the SEN categories of the database (not archived)."""
    sen = _word_index(SEN_WORDS, BUILTIN_SEN_CATEGORIES)
    rows = session.execute(
        select(
            col(SenCategory.code),
            col(SenCategory.label_en),
            col(SenCategory.label_ru),
            col(SenCategory.label_kk),
        ).where(col(SenCategory.archived_at).is_(None))
    ).all()
    active = {row[0] for row in rows}
    sen = {word: code for word, code in sen.items() if code in active}
    for row in rows:
        for name in row:
            if name:
                sen.setdefault(word_key(name), row[0])
    return Lookups(
        sex=_vocab_index(SEX_WORDS, Sex),
        relation=_vocab_index(RELATION_WORDS, CaregiverRelation),
        language=_vocab_index(LANGUAGE_WORDS, HomeLanguage),
        sen=sen,
    )


class RowChecker:
    """Reads the cells of one row, recording a problem per bad column and warnings."""

    def __init__(self, raw: RawRow, headers: dict[str, str], lookups: Lookups) -> None:
        self.raw = raw
        self.cells: dict[str, Cell] = raw.cells
        self.headers = headers
        self.lookups = lookups
        self.problems: list[RowProblem] = []
        self.warnings: list[RowProblem] = []

    def shown(self, column: str) -> str:
        """The header of `column` as the file writes it (its canonical name if absent)."""
        return self.headers.get(column, column)

    def problem(self, column: str, message: str) -> None:
        """Record a problem with `column` of this row."""
        self.problems.append(RowProblem(self.raw.number, self.shown(column), message))

    def warn(self, column: str | None, message: str) -> None:
        """Record a warning about `column` of this row (or the whole row)."""
        shown = None if column is None else self.shown(column)
        self.warnings.append(RowProblem(self.raw.number, shown, message))

    def cell(self, column: str) -> Cell:
        """The raw cell, None when missing or blank."""
        value = self.cells.get(column)
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def text(self, column: str, limit: int) -> str | None:
        """The cell as stripped text of at most `limit` characters, without control
        characters (a problem otherwise)."""
        value = self.cell(column)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime | date):
            value = day_text(value)
        text = str(value).strip()
        if _NOT_TEXT.search(text):
            self.problem(column, _("The text holds control characters (such as a line break)"))
            return None
        if len(text) > limit:
            self.problem(
                column, _("The text is longer than {limit} characters").format(limit=limit)
            )
            return None
        return text

    def required(self, column: str, limit: int, message: str) -> str | None:
        """`text`, with `message` as the problem when the cell is empty."""
        text = self.text(column, limit)
        if text is None and self.cell(column) is None:
            self.problem(column, message)
        return text

    def split_name(self, full: str, parts: tuple[str, str, str]) -> str:
        """Fill the `parts` columns (last, first, patronymic) of this row from its
        whole-name column `full`, when the file has it and the row leaves the last and
        first name empty; their problems are then told under the whole-name header.

        Returns "split", "empty" (the whole name is empty too), "bad" (a problem was
        recorded) or "" (the row's own columns hold the names)."""
        if full not in self.headers or any(self.cell(part) is not None for part in parts[:2]):
            return ""
        if self.cell(full) is None:
            return "empty"
        text = self.text(full, 400)
        names = None if text is None else split_full_name(text)
        if names is None:
            if text is not None:
                self.problem(
                    full,
                    _(
                        "Cannot tell the last name, first name and patronymic apart: write "
                        "them in this order, separated by spaces, or in columns of their own"
                    ),
                )
            return "bad"
        self.cells = dict(self.cells)
        taken = [
            part
            for part, name in zip(parts, names, strict=True)
            if name is not None and (part != parts[2] or self.cell(part) is None)
        ]
        self.headers = {**self.headers, **dict.fromkeys(taken, self.headers[full])}
        for part in taken:
            self.cells[part] = names[parts.index(part)]
        return "split"

    def read_date(self, column: str) -> date | None:
        """The cell as a date (dd.mm.yyyy, yyyy-mm-dd or a date cell)."""
        value = self.cell(column)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        found = _DATE_DMY.fullmatch(text)
        parts = (found.group(3), found.group(2), found.group(1)) if found else None
        if parts is None and (found := _DATE_ISO.fullmatch(text)):
            parts = (found.group(1), found.group(2), found.group(3))
        if parts is not None:
            try:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                pass
        self.problem(
            column,
            _("“{value}” is not a date: write it as dd.mm.yyyy or yyyy-mm-dd").format(
                value=text[:40]
            ),
        )
        return None

    def read_past_date(self, column: str, today: date) -> date | None:
        """`read_date`, refusing a date after `today`."""
        value = self.read_date(column)
        if value is not None and value > today:
            self.problem(column, _("The date {date} is in the future").format(date=day_text(value)))
            return None
        return value

    def whole_number(self, column: str, low: int, high: int, message: str) -> int | None:
        """The cell as a whole number `low` to `high` (`message` as the problem if not)."""
        value = self.cell(column)
        if value is None:
            return None
        number: int | None = None
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            number = int(value.strip())
        if number is None or not low <= number <= high:
            self.problem(column, message)
            return None
        return number

    def word(self, column: str, index: dict[str, str], message: str) -> str | None:
        """The code a typed word stands for (`message`, holding `{value}`, if unknown)."""
        text = self.text(column, 200)
        if text is None:
            return None
        code = index.get(word_key(text))
        if code is None:
            self.problem(column, message.format(value=text))
        return code
