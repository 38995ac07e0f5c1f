"""The text of a CSV or tab-separated roster: its encoding and field separator found.

Read, in this order:
- UTF-8 with a byte-order mark (Excel's "CSV UTF-8");
- UTF-16 with a byte-order mark, little or big endian (Excel's "Unicode text", which
  separates fields by tabs), or without one when every other byte is zero;
- UTF-8 without a byte-order mark;
- Windows-1251 (Excel's "CSV" in a Russian or Kazakh Windows), when no line of the file is
  UTF-8 with letters beyond ASCII and the text reads as Cyrillic. Windows-1251 has no
  Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ): Excel writes "?" for them, so a "?" inside a
  word is reported (`lost_letters`).

A file that mixes UTF-8 lines with lines in another encoding is refused, naming the first
line that is not UTF-8. The separator is `;`, `,` or a tab: whichever the header line holds
most of, outside quotes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from caseroom.errors import UserError
from caseroom.i18n import _

UTF8_BOM = "UTF-8 BOM"
UTF8 = "UTF-8"
UTF16_LE = "UTF-16 LE"
UTF16_BE = "UTF-16 BE"
WINDOWS_1251 = "Windows-1251"

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_OTHER_ALLOWED = frozenset("№«»–—…‘’‚“”„•\u00a0\u00ad°±§©®™·")
_LOST_LETTER = re.compile(r"[\u0400-\u04ff]\?|\?[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A roster's text, the encoding it was read as and its field separator."""

    text: str
    encoding: str
    delimiter: str


def _not_utf8(name: str, data: bytes, start: int) -> UserError:
    line = data[:start].count(b"\n") + 1
    return UserError(
        _("{path} is not UTF-8 text (line {line}): save it as “CSV UTF-8”").format(
            path=name, line=line
        )
    )


def _utf16(data: bytes, name: str, codec: str, label: str) -> tuple[str, str]:
    try:
        return data.decode(codec), label
    except UnicodeDecodeError as error:
        newline = b"\n\x00" if codec.endswith("le") else b"\x00\n"
        line = data[: error.start].count(newline) + 1
        raise UserError(
            _(
                "{path} is not readable UTF-16 text (line {line}): save it again as "
                "“Unicode text” or “CSV UTF-8”"
            ).format(path=name, line=line)
        ) from error


def _zero_share(data: bytes, offset: int) -> float:
    sample = data[offset : 4000 + offset : 2]
    return sample.count(0) / len(sample) if sample else 0.0


def _utf16_without_mark(data: bytes) -> str | None:
    """The UTF-16 codec of a text without byte-order mark, judged by its zero bytes."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = _zero_share(data, 0), _zero_share(data, 1)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _reads_as_cyrillic(text: str) -> bool:
    """Whether the characters beyond ASCII are Cyrillic letters and common marks."""
    beyond = [ch for ch in text if ord(ch) > 127]
    strange = sum(1 for ch in beyond if not _CYRILLIC.match(ch) and ch not in _OTHER_ALLOWED)
    return strange <= len(beyond) // 20


def _single_byte(data: bytes, name: str, failure: UnicodeDecodeError) -> tuple[str, str]:
    """UTF-8 failed: Windows-1251 when no line is UTF-8 beyond ASCII, else refused."""
    for line in data.splitlines():
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        raise _not_utf8(name, data, failure.start) from failure  # a mixture of encodings
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise _not_utf8(name, data, failure.start) from failure
    if not _reads_as_cyrillic(text):
        raise _not_utf8(name, data, failure.start) from failure
    return text, WINDOWS_1251


def decode_roster(data: bytes, name: str) -> tuple[str, str]:
    """The text of a roster file and the encoding it was read as; `UserError` if none fits."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError as error:
            raise _not_utf8(name, data, error.start + len(codecs.BOM_UTF8)) from error
    if data.startswith(codecs.BOM_UTF16_LE):
        return _utf16(data[2:], name, "utf-16-le", UTF16_LE)
    if data.startswith(codecs.BOM_UTF16_BE):
        return _utf16(data[2:], name, "utf-16-be", UTF16_BE)
    codec = _utf16_without_mark(data)
    if codec is not None:
        return _utf16(data, name, codec, UTF16_LE if codec.endswith("le") else UTF16_BE)
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError as error:
        return _single_byte(data, name, error)


def find_delimiter(text: str) -> str:
    """`;`, `,` or a tab: whichever the header line holds most of (outside quotes)."""
    header = text.split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {mark: unquoted.count(mark) for mark in (";", ",", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def decode(data: bytes, name: str) -> DecodedText:
    """The decoded text of a roster file with its encoding and separator."""
    text, encoding = decode_roster(data, name)
    return DecodedText(text=text, encoding=encoding, delimiter=find_delimiter(text))


def lost_letters(cells: list[str]) -> bool:
    """Whether a cell holds a "?" beside a Cyrillic letter (a letter Windows-1251 lacks)."""
    return any("?" in cell and _LOST_LETTER.search(cell) for cell in cells)
