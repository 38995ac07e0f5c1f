"""The audit trail as a CSV file an administrator can open in a spreadsheet.

UTF-8 with a byte-order mark and `;` between values (as the term summary's CSV); every
cell that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading
`'`, so a spreadsheet never runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from caseroom.reports.csv_export import neutralise
from caseroom.reports.layout import write_bytes


def write_audit_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    out: Path | BinaryIO,
    *,
    delimiter: str = ";",
) -> int:
    """Write `header` and `rows` (already formatted text) to `out`; returns the row count."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    write_bytes(out, text.getvalue().encode("utf-8-sig"))
    return count
