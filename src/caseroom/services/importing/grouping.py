"""Rows of one roster grouped into families, and what the rows of one family disagree on.

Rows that share a caregiver (folded last and first name, plus phone) and address belong to
one family; so do rows of the same child (a child with two caregivers takes two rows). A
child is the same across rows by IIN, or by folded names and birth date; a row without IIN
is the child of the one IIN its names carry.
"""

from __future__ import annotations

from caseroom.i18n import _
from caseroom.services.importing.match import NameKey, caregiver_name, fold, name_key
from caseroom.services.importing.problems import RowProblem
from caseroom.services.importing.rows import RosterRow

ChildKey = tuple[str, str] | tuple[str, NameKey]
"""A child within the roster: ("iin", IIN), or ("name", folded names and birth date)."""

Group = list[tuple[RosterRow, ChildKey]]
"""The rows of one family, each with its child."""

FAMILY_FIELDS: tuple[tuple[str, str], ...] = (
    ("children_count", "family_children_count"),
    ("home_language", "home_language"),
    ("address", "address"),
    ("locality", "locality"),
)
"""A family's own fields in a row, with their columns."""


def caregiver_key(row: RosterRow) -> tuple[str, str]:
    """The caregiver of a row within the roster: folded name and phone."""
    assert row.caregiver is not None
    return caregiver_name(row.caregiver), row.caregiver.phone or ""


def _child_keys(rows: list[RosterRow]) -> list[ChildKey]:
    """Each row's child; a row without IIN is the child of the one IIN its names carry."""
    iins_of: dict[NameKey, set[str]] = {}
    for row in rows:
        if row.child.iin is not None:
            iins_of.setdefault(name_key(row.child), set()).add(row.child.iin)
    keys: list[ChildKey] = []
    for row in rows:
        iins = {row.child.iin} if row.child.iin else iins_of.get(name_key(row.child), set())
        keys.append(("iin", next(iter(iins))) if len(iins) == 1 else ("name", name_key(row.child)))
    return keys


def families(
    rows: list[RosterRow], problems: list[RowProblem], headers: dict[str, str]
) -> list[Group]:
    """Rows grouped into families (in file order), checking that rows of one IIN agree."""
    parent = list(range(len(rows)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    child_keys = _child_keys(rows)
    first_with: dict[object, int] = {}
    for index, row in enumerate(rows):
        keys: list[object] = [child_keys[index]]
        if row.caregiver is not None:
            keys.append((*caregiver_key(row), fold(row.address or "")))
        for key in keys:
            other = first_with.setdefault(key, index)
            if other == index:
                continue
            if key == child_keys[index] and name_key(rows[other].child) != name_key(row.child):
                problems.append(
                    RowProblem(
                        row.number,
                        headers.get("iin", "iin"),
                        _("The IIN {iin} is also on row {row}, for another child").format(
                            iin=row.child.iin, row=rows[other].number
                        ),
                    )
                )
            parent[root(index)] = root(other)
    groups: dict[int, Group] = {}
    for index, row in enumerate(rows):
        groups.setdefault(root(index), []).append((row, child_keys[index]))
    return list(groups.values())


def conflicts(group: Group, headers: dict[str, str]) -> list[RowProblem]:
    """A warning on each row whose family field differs from the first row giving one."""
    warnings: list[RowProblem] = []
    for name, column in FAMILY_FIELDS:
        first: RosterRow | None = None
        for row, _key in group:
            value = getattr(row, name)
            if value is None:
                continue
            if first is None:
                first = row
            elif _differs(value, getattr(first, name)):
                warnings.append(
                    RowProblem(
                        row.number,
                        headers.get(column, column),
                        _(
                            "This differs from row {row}, of the same family; the first "
                            "value given is the one kept"
                        ).format(row=first.number),
                    )
                )
    return warnings


def _differs(value: object, other: object) -> bool:
    if isinstance(value, str) and isinstance(other, str):
        return " ".join(value.casefold().split()) != " ".join(other.casefold().split())
    return value != other
