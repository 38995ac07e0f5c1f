"""Build hook: compile the gettext catalogues (resources/i18n/*/LC_MESSAGES/*.po) to .mo,
and caseroom's additions to Qt's own catalogues (resources/i18n/qt/*.ts) to .qm.

Runs for wheels and editable installs alike, so an installed wheel, an editable checkout
and a frozen bundle (built from either) all find compiled catalogues in resources/i18n.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # compile_catalogues is also run by hand, where hatchling is absent
    BuildHookInterface = object


def compile_catalogues(root: Path) -> list[Path]:
    """Compile every .po under resources/i18n next to itself; returns the .mo paths."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted((root / "resources" / "i18n").glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


def _elf_hash(data: bytes) -> int:
    """The hash QTranslator looks a message up by (of its source text and comment)."""
    value = 0
    for byte in data:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
        value &= ~high & 0xFFFFFFFF
    return value or 1


def write_qm(messages: list[tuple[str, str, str]], language: str) -> bytes:
    """A .qm file (Qt's compiled translations) for (context, source, translation) triples,
    as `lrelease` writes one: language, hash table, messages; no plural forms."""

    def field(tag: int, data: bytes) -> bytes:
        return bytes([tag]) + struct.pack(">I", len(data)) + data

    hashes, body = b"", b""
    for context, source, translation in sorted(messages, key=lambda m: _elf_hash(m[1].encode())):
        hashes += struct.pack(">II", _elf_hash(source.encode()), len(body))
        body += field(3, translation.encode("utf-16-be")) + field(8, b"")
        body += field(6, source.encode()) + field(7, context.encode()) + b"\x01"
    return QM_MAGIC + field(0xA7, language.encode()) + field(0x42, hashes) + field(0x69, body)


def read_ts(path: Path) -> tuple[str, list[tuple[str, str, str]]]:
    """The language and (context, source, translation) triples of a .ts file: as lrelease
    does, unfinished translations count and obsolete or empty ones do not."""
    root = ElementTree.parse(path).getroot()
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or not translation.text:
                continue
            if translation.get("type") in ("obsolete", "vanished"):
                continue
            messages.append((name, message.findtext("source", ""), translation.text or ""))
    return root.get("language", ""), messages


def compile_qt_catalogues(root: Path) -> list[Path]:
    """Compile every .ts under resources/i18n/qt next to itself; returns the .qm paths."""
    written = []
    for ts_path in sorted((root / "resources" / "i18n" / "qt").glob("*.ts")):
        language, messages = read_ts(ts_path)
        qm_path = ts_path.with_suffix(".qm")
        qm_path.write_bytes(write_qm(messages, language))
        written.append(qm_path)
    return written


class CustomBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Compiles the catalogues before files are collected."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Hatch calls this before building a wheel or an editable install."""
        compile_catalogues(Path(self.root))
        compile_qt_catalogues(Path(self.root))
