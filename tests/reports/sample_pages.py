"""A PNG of a sample PDF's first page beside it, so a sample can be judged without a reader."""

from __future__ import annotations

import subprocess
from pathlib import Path


def first_page_png(pdf: Path) -> Path:
    """Write `<name>.png` (60 dpi, the first page) beside `pdf` with `pdftoppm`; returns it."""
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(pdf.with_suffix(""))],
        check=True,
    )  # fmt: skip
    return pdf.with_suffix(".png")
