"""Screening instruments for a caregiver's own wellbeing: definitions as data, and scoring.

Each instrument is a JSON file in `resources/instruments/` (see the README there): items,
answer options with their values, per-language text, scoring (sum, multiplier, reversed
items, how many answers may be missing), bands, safety items and a licence note.
A centre may load extra files from a folder of its own; a file with the id of a built-in
instrument replaces it (e.g. the EPDS with its licensed item text).

Answers are the option values as written in the file, item by item. A reversed item
scores `lowest + highest - value` of its options. Bands start at a raw total (`min`);
band rules may override the band (WHO-5: any item at most 1 means poor wellbeing).
A safety item answered with a score above 0 raises a safety flag whatever the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from caseroom.errors import ValidationError
from caseroom.i18n import _
from caseroom.paths import resource_path
from caseroom.services.wellbeing.instrument_files import (
    Band,
    BandRule,
    Instrument,
    InstrumentFileError,
    Item,
    Option,
    parse_instrument,
    read_instrument_file,
)

__all__ = [
    "BUILTIN_ORDER",
    "Band",
    "BandRule",
    "Instrument",
    "InstrumentFileError",
    "Item",
    "Option",
    "ScoreResult",
    "builtin_instruments",
    "instrument_folder",
    "load_instrument_file",
    "load_instruments",
    "parse_instrument",
    "score",
]

BUILTIN_ORDER: tuple[str, ...] = ("phq9", "gad7", "who5", "epds", "pss")
"""The built-in instruments, in the order screens list them."""


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """What a set of answers scores on an instrument."""

    instrument_id: str
    total: int
    """The raw total (reversed items turned round; prorated if answers were missing)."""
    scaled_total: int
    """`total` times the instrument's multiplier (WHO-5: 0–100)."""
    max_scaled: int
    band: str | None
    band_label: str | None
    safety_items: tuple[int, ...]
    """Safety items (e.g. PHQ-9 item 9) that scored above 0: each raises a safety flag."""
    answered: int


def instrument_folder() -> Path:
    """The folder of the built-in instrument files."""
    return resource_path("instruments")


def load_instrument_file(path: Path) -> Instrument:
    """Read and validate one instrument file (`InstrumentFileError` if it is not valid)."""
    return read_instrument_file(path)


def _sorted(found: dict[str, Instrument]) -> dict[str, Instrument]:
    def key(item: tuple[str, Instrument]) -> tuple[int, str]:
        ident = item[0]
        position = BUILTIN_ORDER.index(ident) if ident in BUILTIN_ORDER else len(BUILTIN_ORDER)
        return position, ident

    return dict(sorted(found.items(), key=key))


@cache
def _builtins() -> tuple[Instrument, ...]:
    found: dict[str, Instrument] = {}
    for path in sorted(instrument_folder().glob("*.json")):
        instrument = read_instrument_file(path)
        found[instrument.id] = instrument
    return tuple(_sorted(found).values())


def builtin_instruments() -> dict[str, Instrument]:
    """The instruments shipped with caseroom, by id (read once, then cached)."""
    return {instrument.id: instrument for instrument in _builtins()}


def load_instruments(extra_folder: Path | None = None) -> dict[str, Instrument]:
    """The built-in instruments, plus (or replaced by) every `*.json` file in `extra_folder`.

    A file in `extra_folder` that is not valid raises `InstrumentFileError` naming it;
    two files there with the same id are an error too.
    """
    found = builtin_instruments()
    if extra_folder is None:
        return found
    if not extra_folder.is_dir():
        raise InstrumentFileError(
            _("The folder of instrument files {folder} was not found").format(folder=extra_folder)
        )
    seen: dict[str, Path] = {}
    for path in sorted(extra_folder.glob("*.json")):
        instrument = read_instrument_file(path)
        if instrument.id in seen:
            raise InstrumentFileError(
                _("The instrument files {first} and {second} both use the id “{id}”").format(
                    first=seen[instrument.id].name, second=path.name, id=instrument.id
                )
            )
        seen[instrument.id] = path
        found[instrument.id] = instrument
    return _sorted(found)


def _band(instrument: Instrument, total: int, scored: Mapping[int, int]) -> str | None:
    code: str | None = None
    for band in instrument.bands:
        if total >= band.minimum:
            code = band.code
    for rule in instrument.band_rules:
        if any(value <= rule.any_item_at_most for value in scored.values()):
            code = rule.band
    return code


def score(
    instrument: Instrument, answers: Mapping[int, int | None], language: str | None = None
) -> ScoreResult:
    """Score `answers` (item number → option value; None or absent = not answered).

    Raises `ValidationError` (field `answers`) for an unknown item, a value that is not one
    of the item's options, or more missing answers than the instrument allows.
    """
    numbers = {item.number for item in instrument.items}
    unknown = sorted(number for number in answers if number not in numbers)
    if unknown:
        raise ValidationError(
            {
                "answers": _("{instrument} has no item {number}").format(
                    instrument=instrument.abbreviation, number=unknown[0]
                )
            }
        )
    scored: dict[int, int] = {}
    for item in instrument.items:
        value = answers.get(item.number)
        if value is None:
            continue
        options = instrument.options_for(item.number)
        values = [option.value for option in options]
        if isinstance(value, bool) or value not in values:
            raise ValidationError(
                {
                    "answers": _("The answer to item {number} is not one of its options").format(
                        number=item.number
                    )
                }
            )
        if item.number in instrument.reversed_items:
            value = min(values) + max(values) - value
        scored[item.number] = value
    missing = len(numbers) - len(scored)
    if missing > instrument.missing_allowed:
        if instrument.missing_allowed == 0:
            message = _("Answer every item: {instrument} cannot be scored with gaps").format(
                instrument=instrument.abbreviation
            )
        else:
            message = _(
                "Too many items are unanswered: {instrument} allows at most {allowed}"
            ).format(instrument=instrument.abbreviation, allowed=instrument.missing_allowed)
        raise ValidationError({"answers": message})
    raw = sum(scored.values())
    if missing:  # prorate: the mean of the answered items stands in for the missing ones
        count = len(numbers)
        raw = (2 * raw * count + len(scored)) // (2 * len(scored))
    band = _band(instrument, raw, scored)
    return ScoreResult(
        instrument_id=instrument.id,
        total=raw,
        scaled_total=raw * instrument.multiplier,
        max_scaled=instrument.max_scaled,
        band=band,
        band_label=instrument.band_label(band, language) if band is not None else None,
        safety_items=tuple(sorted(n for n in instrument.safety_items if scored.get(n, 0) > 0)),
        answered=len(scored),
    )
