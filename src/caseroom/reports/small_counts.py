"""Small counts of people in a de-identified summary: shown as "<3", never worked out.

The rule (docs/domain.md, "De-identification"):

- a count of 1 or 2 people (children, caregivers, families, or their attendance marks,
  wellbeing check-ins and safety flags) is shown as `SMALL` ("<3"); 0 stays 0, since
  it describes nobody;
- where a column's total is printed too (a Total row, the children in the room, an
  instrument's check-ins beside its bands), a "<3" could be worked out by subtracting
  the other rows from it. Then the next smallest figures of the column are left out as
  well (`WITHHELD`, "…") until no hidden figure can be told; if even that cannot help,
  the total is left out;
- a rate ("2 of 40 families") hides its part and its rate when the part, or the rest of
  the whole, is 1 or 2 people, and everything but the whole's "<3" when the whole is.

Only the tables' cells change: `TermSummaryData` keeps the exact figures, and an
identified summary shows them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

SMALL = "<3"
"""What a count of 1 or 2 people is shown as."""

WITHHELD = "…"
"""What a figure left out so that a "<3" cannot be worked out is shown as."""

LIMIT = 3
"""The smallest count of people shown as it is (besides 0)."""

Shown = int | str
"""A count as a table shows it: the number, `SMALL` or `WITHHELD`."""


def is_small(count: int) -> bool:
    """Whether `count` people are too few to be shown (1 or 2)."""
    return 0 < count < LIMIT


def shown(count: int) -> Shown:
    """One count of people on its own (no total beside it)."""
    return SMALL if is_small(count) else count


def _can_be_told(values: Sequence[int], small: set[int], withheld: set[int]) -> bool:
    """Whether a reader who knows the column's total could tell a hidden "<3" apart.

    They know each "<3" is 1 or 2, each "…" at least 3, and the sum of all hidden cells
    (the total less the cells shown). A "<3" can be told exactly when only one choice of
    1s and 2s fits that sum: with no "…", when the sum is the smallest or the largest it
    could be (or there is one "<3"); with some "…", when every hidden cell is at its
    smallest (each "<3" 1, each "…" 3).
    """
    hidden_sum = sum(values[index] for index in small | withheld)
    count = len(small)
    if not withheld:
        return count == 1 or hidden_sum in (count, 2 * count)
    return hidden_sum == count + LIMIT * len(withheld)


def protect_column(values: Sequence[int], *, total_shown: bool) -> tuple[list[Shown], bool]:
    """A column of counts of people as a de-identified table shows it.

    `total_shown`: the column's exact total is printed somewhere (so hidden cells could
    be worked out from it). Returns the cells and whether that total may stay; when not,
    the caller leaves it out (`WITHHELD`).
    """
    small = {index for index, value in enumerate(values) if is_small(value)}
    withheld: set[int] = set()
    if small and total_shown:
        while _can_be_told(values, small, withheld):
            left = [
                index
                for index, value in enumerate(values)
                if value > 0 and index not in small and index not in withheld
            ]
            if not left:
                break
            withheld.add(min(left, key=lambda index: (values[index], index)))
    cells: list[Shown] = [
        SMALL if index in small else WITHHELD if index in withheld else value
        for index, value in enumerate(values)
    ]
    total_stays = not (small and total_shown and _can_be_told(values, small, withheld))
    return cells, total_stays


def protect_total(total: int, stays: bool) -> Shown:
    """A column's total: `WITHHELD` when it would tell a hidden count, else as `shown`."""
    return shown(total) if stays else WITHHELD


def protect_rate(part: int, whole: int) -> tuple[Shown, Shown, bool]:
    """`part` people of `whole` (as a rate row): the part, the whole, and whether the
    rate may be shown (it would give the part away whenever the part is hidden)."""
    if is_small(whole):
        return WITHHELD, SMALL, False
    if is_small(part):
        return SMALL, whole, False
    if part <= whole and is_small(whole - part):
        return WITHHELD, whole, False
    return part, whole, True
