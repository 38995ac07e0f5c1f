"""Instrument definitions: the frozen values, and reading them from JSON files with checks.

A file that does not fit the format raises `InstrumentFileError` naming the file and the
first problem found (in the user's language), so a centre loading a licensed text can
correct it. The format is described in `resources/instruments/README.md`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseroom.errors import UserError
from caseroom.i18n import _, current_language
from caseroom.services.common import Problems, checked_text

FORMAT = 1
"""The version of the file format this code reads."""

_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_FALLBACK = ("en", "ru", "kk")


class InstrumentFileError(UserError):
    """An instrument file could not be read or does not fit the format."""


def _pick(texts: Mapping[str, str], language: str | None) -> str:
    """The text in `language`, else English, Russian, Kazakh, else any ("" if none)."""
    for code in (language or current_language(), *_FALLBACK):
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()), "")


@dataclass(frozen=True, slots=True)
class Option:
    """An answer option: the value stored and scored, and its label per language."""

    value: int
    labels: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Item:
    """A numbered item; `texts` is empty when only the scoring is shipped."""

    number: int
    texts: Mapping[str, str]
    options: tuple[Option, ...] | None = None
    """Options of this item only; None means the instrument's shared options."""


@dataclass(frozen=True, slots=True)
class Band:
    """A band of the raw total, from `minimum` up to the next band's minimum."""

    code: str
    minimum: int
    labels: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class BandRule:
    """A rule that sets the band whatever the total: any item scoring at most a value."""

    any_item_at_most: int
    band: str


@dataclass(frozen=True, slots=True)
class Instrument:
    """A screening instrument as defined by its data file."""

    id: str
    version: str
    abbreviation: str
    titles: Mapping[str, str]
    languages: Mapping[str, bool]
    """Language → whether its wording is an unofficial translation."""
    recall_days: int | None
    instructions_text: Mapping[str, str]
    options: tuple[Option, ...]
    items: tuple[Item, ...]
    multiplier: int
    reversed_items: frozenset[int]
    missing_allowed: int
    bands: tuple[Band, ...]
    band_rules: tuple[BandRule, ...]
    safety_items: frozenset[int]
    licence: Mapping[str, str]
    source: str
    higher_is_better: bool = False
    """Whether a higher total means better wellbeing (WHO-5) rather than more difficulty."""
    """The file the definition was read from (its name only)."""

    @property
    def scoring_only(self) -> bool:
        """Whether the file ships no item text (items are shown as "Item 3")."""
        return not any(item.texts for item in self.items)

    @property
    def min_total(self) -> int:
        """The lowest raw total."""
        return sum(min(o.value for o in self.options_for(i.number)) for i in self.items)

    @property
    def max_total(self) -> int:
        """The highest raw total."""
        return sum(max(o.value for o in self.options_for(i.number)) for i in self.items)

    @property
    def max_scaled(self) -> int:
        """The highest scaled total."""
        return self.max_total * self.multiplier

    def options_for(self, number: int) -> tuple[Option, ...]:
        """The answer options of item `number`."""
        for item in self.items:
            if item.number == number and item.options is not None:
                return item.options
        return self.options

    def title(self, language: str | None = None) -> str:
        """The instrument's title in `language` (default: the interface language)."""
        return _pick(self.titles, language) or self.abbreviation

    def instructions(self, language: str | None = None) -> str:
        """The recall-period sentence shown above the items ("" if the file has none)."""
        if self.instructions_text:
            return _pick(self.instructions_text, language)
        return ""

    def item_text(self, number: int, language: str | None = None) -> str:
        """The item's wording, or "Item 3" when only the scoring is shipped."""
        for item in self.items:
            if item.number == number and item.texts:
                return _pick(item.texts, language)
        return _("Item {number}").format(number=number)

    def option_label(self, option: Option, language: str | None = None) -> str:
        """The label of an answer option (its value when the file gives none)."""
        return _pick(option.labels, language) or str(option.value)

    def band_label(self, code: str, language: str | None = None) -> str:
        """The label of band `code` (the code itself if the band is unknown)."""
        for band in self.bands:
            if band.code == code:
                return _pick(band.labels, language) or code
        return code

    def unofficial(self, language: str | None = None) -> bool:
        """Whether the wording shown in `language` is an unofficial translation."""
        code = language or current_language()
        if code in self.languages:
            return self.languages[code]
        return True  # shown in a fallback language that the file does not name

    def licence_note(self, language: str | None = None) -> str:
        """Where the instrument comes from and what its licence allows."""
        return _pick(self.licence, language)


class _FileError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _get(doc: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    name = f"{where}{key}"
    if key not in doc:
        raise _FileError(_("“{field}” is missing").format(field=name))
    value = doc[key]
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _FileError(_("“{field}” must be a whole number").format(field=name))
    if not isinstance(value, kind):
        raise _FileError(_("“{field}” has the wrong kind of value").format(field=name))
    return value


def _texts(value: Any, name: str, *, required: bool = True) -> dict[str, str]:
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not value:
        raise _FileError(
            _("“{field}” must give a text per language, e.g. {example}").format(
                field=name, example='{"ru": "…", "kk": "…"}'
            )
        )
    for language, text in value.items():
        if not _LANG.match(str(language)) or not isinstance(text, str) or not text.strip():
            raise _FileError(
                _("“{field}” must give a text per language, e.g. {example}").format(
                    field=name, example='{"ru": "…", "kk": "…"}'
                )
            )
    return {str(k): _checked(v, TEXT_MAX, multiline=True) for k, v in value.items()}


TEXT_MAX = 2000
"""The longest text of an instrument file (a title, an item, the instructions, the licence)."""


def _abbreviation(doc: Mapping[str, Any], ident: str) -> str:
    """The instrument's short name (its id when the file gives none)."""
    given = _get(doc, "abbreviation", str, "")
    return _checked(given, 32) if given.strip() else ident


def _checked(value: str, limit: int, *, multiline: bool = False) -> str:
    """`value` stripped if it follows the one rule for stored text; `_FileError` if not."""
    problems = Problems()
    text = checked_text(problems, "text", value, limit=limit, multiline=multiline)
    if problems or text is None:
        raise _FileError(problems.found.get("text") or _("A text is empty"))
    return text


def _options(value: Any, name: str) -> tuple[Option, ...]:
    if not isinstance(value, list) or len(value) < 2:
        raise _FileError(_("“{field}” must list at least two answer options").format(field=name))
    options = []
    for index, raw in enumerate(value, start=1):
        where = f"{name}[{index}]."
        if not isinstance(raw, dict):
            raise _FileError(_("“{field}” has the wrong kind of value").format(field=where[:-1]))
        options.append(
            Option(
                value=_get(raw, "value", int, where),
                labels=_texts(raw.get("label"), f"{where}label", required=False),
            )
        )
    if len({option.value for option in options}) != len(options):
        raise _FileError(_("The answer values in “{field}” must differ").format(field=name))
    return tuple(options)


def _items(doc: Mapping[str, Any]) -> tuple[Item, ...]:
    raw_items = _get(doc, "items", list, "")
    if not raw_items:
        raise _FileError(_("“{field}” must list at least one item").format(field="items"))
    items = []
    for index, raw in enumerate(raw_items, start=1):
        where = f"items[{index}]."
        if not isinstance(raw, dict):
            raise _FileError(_("“{field}” has the wrong kind of value").format(field=where[:-1]))
        number = _get(raw, "number", int, where)
        if number != index:
            raise _FileError(_("Items must be numbered 1, 2, 3… in order"))
        options = _options(raw["options"], f"{where}options") if "options" in raw else None
        items.append(Item(number, _texts(raw.get("text"), f"{where}text", required=False), options))
    return tuple(items)


def _item_numbers(doc: Mapping[str, Any], key: str, count: int, where: str) -> frozenset[int]:
    values = doc.get(key, [])
    name = f"{where}{key}"
    if not isinstance(values, list):
        raise _FileError(_("“{field}” has the wrong kind of value").format(field=name))
    for number in values:
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= count:
            raise _FileError(
                _("“{field}” names item {number}, which does not exist").format(
                    field=name, number=number
                )
            )
    return frozenset(values)


def _bands(doc: Mapping[str, Any]) -> tuple[tuple[Band, ...], tuple[BandRule, ...]]:
    raw_bands = doc.get("bands", [])
    if not isinstance(raw_bands, list):
        raise _FileError(_("“{field}” has the wrong kind of value").format(field="bands"))
    bands: list[Band] = []
    for index, raw in enumerate(raw_bands, start=1):
        where = f"bands[{index}]."
        if not isinstance(raw, dict):
            raise _FileError(_("“{field}” has the wrong kind of value").format(field=where[:-1]))
        code = _get(raw, "code", str, where)
        minimum = _get(raw, "min", int, where)
        if bands and minimum <= bands[-1].minimum:
            raise _FileError(_("Band limits must rise from the first band to the last"))
        bands.append(Band(code, minimum, _texts(raw.get("label"), f"{where}label")))
    codes = {band.code for band in bands}
    if len(codes) != len(bands):
        raise _FileError(_("Each band needs its own code"))
    rules = []
    raw_rules = doc.get("band_rules", [])
    if not isinstance(raw_rules, list):
        raise _FileError(_("“{field}” has the wrong kind of value").format(field="band_rules"))
    for index, raw in enumerate(raw_rules, start=1):
        where = f"band_rules[{index}]."
        if not isinstance(raw, dict):
            raise _FileError(_("“{field}” has the wrong kind of value").format(field=where[:-1]))
        band = _get(raw, "band", str, where)
        if band not in codes:
            raise _FileError(
                _("A band rule names the band “{code}”, which is not defined").format(code=band)
            )
        rules.append(BandRule(_get(raw, "any_item_at_most", int, where), band))
    return tuple(bands), tuple(rules)


def _languages(doc: Mapping[str, Any]) -> dict[str, bool]:
    raw = doc.get("languages", {})
    if not isinstance(raw, dict):
        raise _FileError(_("“{field}” has the wrong kind of value").format(field="languages"))
    found = {}
    for language, info in raw.items():
        name = f"languages.{language}"
        if not _LANG.match(str(language)) or not isinstance(info, dict):
            raise _FileError(_("“{field}” has the wrong kind of value").format(field=name))
        unofficial = info.get("unofficial", True)
        if not isinstance(unofficial, bool):
            raise _FileError(
                _("“{field}” must be true or false").format(field=f"{name}.unofficial")
            )
        found[str(language)] = unofficial
    return found


def _flag(doc: Mapping[str, Any], key: str) -> bool:
    value = doc.get(key, False)
    if not isinstance(value, bool):
        raise _FileError(_("“{field}” must be true or false").format(field=key))
    return value


def parse_instrument(doc: Any, source: str) -> Instrument:
    """Check a decoded JSON document and build the instrument (`InstrumentFileError` if bad)."""
    try:
        if not isinstance(doc, dict):
            raise _FileError(_("The file must hold one JSON object"))
        if _get(doc, "format", int, "") != FORMAT:
            raise _FileError(
                _("Format version {version} is not supported").format(version=doc["format"])
            )
        ident = _get(doc, "id", str, "")
        if not _ID.match(ident):
            raise _FileError(_("The id must be lower-case Latin letters, digits or “_”"))
        options = _options(_get(doc, "options", list, ""), "options")
        items = _items(doc)
        scoring = _get(doc, "scoring", dict, "")
        if _get(scoring, "method", str, "scoring.") != "sum":
            raise _FileError(_("Only the scoring method “sum” is supported"))
        multiplier = _get(scoring, "multiplier", int, "scoring.")
        missing = _get(scoring, "missing_allowed", int, "scoring.")
        if multiplier < 1:
            raise _FileError(_("The multiplier must be a whole number of at least 1"))
        if not 0 <= missing < len(items):
            raise _FileError(_("The number of answers allowed to be missing is out of range"))
        reversed_items = _item_numbers(scoring, "reversed_items", len(items), "scoring.")
        bands, rules = _bands(doc)
        recall = doc.get("recall_days")
        if recall is not None and (isinstance(recall, bool) or not isinstance(recall, int)):
            raise _FileError(_("“{field}” must be a whole number").format(field="recall_days"))
        return Instrument(
            id=ident,
            version=_checked(str(doc.get("version", "1")), 32),
            abbreviation=_abbreviation(doc, ident),
            titles=_texts(doc.get("title"), "title"),
            languages=_languages(doc),
            recall_days=recall,
            instructions_text=_texts(doc.get("instructions"), "instructions", required=False),
            options=options,
            items=items,
            multiplier=multiplier,
            reversed_items=reversed_items,
            missing_allowed=missing,
            bands=bands,
            band_rules=rules,
            safety_items=_item_numbers(doc, "safety_items", len(items), ""),
            licence=_texts(doc.get("licence"), "licence", required=False),
            source=source,
            higher_is_better=_flag(doc, "higher_is_better"),
        )
    except _FileError as problem:
        raise InstrumentFileError(
            _("The instrument file {file} is not valid: {problem}").format(
                file=source, problem=problem.message
            )
        ) from None


def read_instrument_file(path: Path) -> Instrument:
    """Read, check and build the instrument in `path`."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InstrumentFileError(
            _("The instrument file {file} could not be read: {reason}").format(
                file=path.name, reason=error
            )
        ) from None
    return parse_instrument(doc, path.name)
