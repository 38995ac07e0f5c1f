"""Build hook: compile the gettext catalogues (resources/i18n/*/LC_MESSAGES/*.po) to .mo.

Runs for wheels and editable installs alike, so an installed wheel, an editable checkout
and a frozen bundle (built from either) all find compiled catalogues in resources/i18n.
"""

from __future__ import annotations

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


class CustomBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Compiles the catalogues before files are collected."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Hatch calls this before building a wheel or an editable install."""
        compile_catalogues(Path(self.root))
