"""Importing a roster of children, families and caregivers (docs/command-line.md, "Roster import").

All rows or none: every row is checked first (`rows`), then the records are made
through the ordinary services (`create_family`, `create_caregiver`, `create_child`,
`add_conclusion`), so every rule of those services applies too. Any problem, in the file or
from a service, raises `RosterError` listing each problem with its row and column; the
caller's unit of work then rolls back, so nothing is written.

Grouping and duplicates:
- Rows that share a caregiver (folded last and first name, plus phone) and address belong
  to one family; so do rows of the same child (a child with two caregivers takes two rows).
  A family is named after its first caregiver's last name, or its first child's.
- A child already in the database is found by IIN, else by folded last name, first name
  and birth date; a caregiver by folded name and phone within the family. Records found are
  left exactly as they are (not updated) and counted as "already present", so importing the
  same roster twice creates nothing the second time. A new caregiver or child of a family
  already present joins that family.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Family
from caseroom.errors import UserError, ValidationError
from caseroom.i18n import _
from caseroom.names import fold_name
from caseroom.services.common import Actor, audit
from caseroom.services.importing.read import RosterError, RosterTable, RowProblem
from caseroom.services.importing.rows import ChildPart, RosterRow, build_lookups, check_row
from caseroom.services.people.children import ChildInput, create_child, next_case_number
from caseroom.services.people.families import (
    CaregiverInput,
    FamilyInput,
    create_caregiver,
    create_family,
)
from caseroom.services.people.rooms import require_room
from caseroom.services.permissions import Permission, require
from caseroom.services.plans.pmpk import ConclusionInput, add_conclusion

T = TypeVar("T")

_RENAMED_FIELDS: dict[tuple[str, str], str] = {
    ("family", "display_name"): "caregiver_last_name",
    ("family", "children_count"): "family_children_count",
    ("child", "enrolled_on"): "birth_date",
    ("child", "sen_categories"): "sen_category",
    ("pmpk", "issued_on"): "pmpk_date",
    ("pmpk", "number"): "pmpk_number",
}


def _column_of(kind: str, field_name: str) -> str:
    """The roster column a service's field stands for (`kind`: family, caregiver, child,
    pmpk): `last_name` of a child is `child_last_name`, `phone` of a caregiver is
    `caregiver_phone`, and so on."""
    renamed = _RENAMED_FIELDS.get((kind, field_name))
    if renamed is not None:
        return renamed
    if kind == "caregiver" or field_name in ("last_name", "first_name", "patronymic"):
        return f"{kind}_{field_name}"
    return field_name


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import made (or, in a dry run, would make) and what it found already there."""

    rows: int
    families_created: int
    families_present: int
    caregivers_created: int
    caregivers_present: int
    children_created: int
    children_present: int
    conclusions_created: int
    warnings: tuple[RowProblem, ...]


NameKey = tuple[str, str, date]


def _name_key(child: ChildPart) -> NameKey:
    return fold_name(child.last_name), fold_name(child.first_name), child.birth_date


@dataclass(frozen=True, slots=True)
class _KnownChild:
    id: uuid.UUID
    family_id: uuid.UUID
    case_number: str
    iin: str | None
    name_key: NameKey


@dataclass
class _Known:
    """What the database already holds, indexed for matching (one query per table)."""

    by_iin: dict[str, _KnownChild] = field(default_factory=dict)
    by_name: dict[NameKey, list[_KnownChild]] = field(default_factory=dict)
    caregivers: dict[tuple[uuid.UUID, str, str], uuid.UUID] = field(default_factory=dict)
    caregiver_homes: dict[tuple[str, str, str], uuid.UUID] = field(default_factory=dict)
    archived_families: set[uuid.UUID] = field(default_factory=set)

    def child(self, part: ChildPart) -> _KnownChild | None:
        if part.iin is not None and part.iin in self.by_iin:
            return self.by_iin[part.iin]
        for known in self.by_name.get(_name_key(part), []):
            if part.iin is None or known.iin is None:
                return known
        return None


def _load_known(session: Session, room_id: uuid.UUID) -> _Known:
    known = _Known()
    children = session.execute(
        select(
            col(Child.id),
            col(Child.family_id),
            col(Child.case_number),
            col(Child.iin),
            col(Child.last_name),
            col(Child.first_name),
            col(Child.birth_date),
        ).where(col(Child.room_id) == room_id)
    ).all()
    for child_id, family_id, case, iin, last, first, birth in children:
        found = _KnownChild(
            child_id, family_id, case, iin, (fold_name(last), fold_name(first), birth)
        )
        if iin:
            known.by_iin[iin] = found
        known.by_name.setdefault(found.name_key, []).append(found)
    caregivers = session.execute(
        select(
            col(Caregiver.id),
            col(Caregiver.family_id),
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(Caregiver.phone),
            col(Family.address),
        )
        .join(Family, col(Family.id) == col(Caregiver.family_id))
        .where(col(Family.room_id) == room_id)
    ).all()
    for caregiver_id, family_id, last, first, phone, address in caregivers:
        name = fold_name(f"{last} {first}")
        known.caregivers[(family_id, name, phone or "")] = caregiver_id
        known.caregiver_homes.setdefault((name, phone or "", fold_name(address or "")), family_id)
    known.archived_families = set(
        session.execute(
            select(col(Family.id)).where(
                col(Family.room_id) == room_id, col(Family.archived_at).is_not(None)
            )
        ).scalars()
    )
    return known


def _caregiver_key(row: RosterRow) -> tuple[str, str]:
    assert row.caregiver is not None
    part = row.caregiver
    return fold_name(f"{part.last_name} {part.first_name}"), part.phone or ""


ChildKey = tuple[str, str] | tuple[str, NameKey]
"""A child within the roster: ("iin", IIN), or ("name", folded names and birth date)."""


def _child_keys(rows: list[RosterRow]) -> list[ChildKey]:
    """Each row's child; a row without IIN is the child of the one IIN its names carry."""
    iins_of: dict[NameKey, set[str]] = {}
    for row in rows:
        if row.child.iin is not None:
            iins_of.setdefault(_name_key(row.child), set()).add(row.child.iin)
    keys: list[ChildKey] = []
    for row in rows:
        iins = {row.child.iin} if row.child.iin else iins_of.get(_name_key(row.child), set())
        keys.append(("iin", next(iter(iins))) if len(iins) == 1 else ("name", _name_key(row.child)))
    return keys


def _families(
    rows: list[RosterRow], problems: list[RowProblem], headers: dict[str, str]
) -> list[list[tuple[RosterRow, ChildKey]]]:
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
            keys.append((*_caregiver_key(row), fold_name(row.address or "")))
        for key in keys:
            other = first_with.setdefault(key, index)
            if other == index:
                continue
            if key == child_keys[index] and _name_key(rows[other].child) != _name_key(row.child):
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
    groups: dict[int, list[tuple[RosterRow, ChildKey]]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(root(index), []).append((row, child_keys[index]))
    return list(groups.values())


class _Importer:
    """Makes the records of each family through the services, collecting problems."""

    def __init__(
        self, session: Session, actor: Actor, table: RosterTable, known: _Known, today: date
    ) -> None:
        self.session = session
        self.actor = actor
        self.headers = table.columns
        self.known = known
        self.today = today
        self.problems: list[RowProblem] = []
        self.warnings: list[RowProblem] = []
        self.counts = dict.fromkeys(
            (
                "families_created",
                "families_present",
                "caregivers_created",
                "caregivers_present",
                "children_created",
                "children_present",
                "conclusions_created",
            ),
            0,
        )
        first = next_case_number(session, today.year)
        self.case_prefix, _sep, number = first.rpartition("-")
        self.next_case = int(number)

    def _call(self, row: RosterRow, kind: str, action: Callable[[], T]) -> T | None:
        """`action()`, or None with its problems recorded against `row`'s columns."""
        try:
            return action()
        except ValidationError as error:
            for name, message in error.problems.items():
                column = _column_of(kind, name)
                self.problems.append(
                    RowProblem(row.number, self.headers.get(column, column), message)
                )
        except UserError as error:
            self.problems.append(RowProblem(row.number, None, str(error)))
        return None

    def _family_of(self, rows: list[RosterRow]) -> uuid.UUID | None:
        """The existing family these rows belong to, if any."""
        for row in rows:
            found = self.known.child(row.child)
            if found is not None:
                return found.family_id
        for row in rows:
            if row.caregiver is not None:
                home = (*_caregiver_key(row), fold_name(row.address or ""))
                if home in self.known.caregiver_homes:
                    return self.known.caregiver_homes[home]
        return None

    def _new_family(self, room_id: uuid.UUID, rows: list[RosterRow]) -> uuid.UUID | None:
        first = rows[0]
        named = next((row for row in rows if row.caregiver is not None), None)
        data = FamilyInput(
            display_name=named.caregiver.last_name
            if named and named.caregiver
            else first.child.last_name,
            address=next((row.address for row in rows if row.address), None),
            locality=next((row.locality for row in rows if row.locality), None),
            home_language=next((row.home_language for row in rows if row.home_language), None),
            children_count=next((row.children_count for row in rows if row.children_count), None),
        )
        made = self._call(
            named or first,
            "family",
            lambda: create_family(self.session, actor=self.actor, room_id=room_id, data=data),
        )
        return None if made is None else made.id

    def family(self, room_id: uuid.UUID, grouped: list[tuple[RosterRow, ChildKey]]) -> None:
        """Make (or find) one family with its caregivers and children."""
        rows = [row for row, _key in grouped]
        family_id = self._family_of(rows)
        if family_id is None:
            family_id = self._new_family(room_id, rows)
            if family_id is None:
                return
            self.counts["families_created"] += 1
        else:
            self.counts["families_present"] += 1
        done: set[tuple[str, str]] = set()
        for row in rows:
            if row.caregiver is not None and _caregiver_key(row) not in done:
                done.add(_caregiver_key(row))
                self._caregiver(family_id, row)
        seen: set[ChildKey] = set()
        for row, key in grouped:
            if key not in seen:
                seen.add(key)
                self._child(family_id, row)

    def _caregiver(self, family_id: uuid.UUID, row: RosterRow) -> None:
        assert row.caregiver is not None
        part = row.caregiver
        name, phone = _caregiver_key(row)
        if (family_id, name, phone) in self.known.caregivers:
            self.counts["caregivers_present"] += 1
            return
        if family_id in self.known.archived_families:
            self.warnings.append(
                RowProblem(
                    row.number, None, _("The family is archived: its caregiver is not added")
                )
            )
            return
        data = CaregiverInput(
            last_name=part.last_name,
            first_name=part.first_name,
            patronymic=part.patronymic,
            relation=part.relation,
            phone=part.phone,
        )
        made = self._call(
            row,
            "caregiver",
            lambda: create_caregiver(
                self.session, actor=self.actor, family_id=family_id, data=data
            ),
        )
        if made is not None:
            self.known.caregivers[(family_id, name, phone)] = made.id
            self.counts["caregivers_created"] += 1

    def _child(self, family_id: uuid.UUID, row: RosterRow) -> None:
        part = row.child
        found = self.known.child(part)
        if found is not None:
            self.counts["children_present"] += 1
            if found.name_key != _name_key(part):
                self.warnings.append(
                    RowProblem(
                        row.number,
                        self.headers.get("iin", "iin"),
                        _(
                            "The IIN belongs to the child with case number {case}, recorded "
                            "under another name; that record is left as it is"
                        ).format(case=found.case_number),
                    )
                )
            return
        if family_id in self.known.archived_families:
            self.warnings.append(
                RowProblem(row.number, None, _("The family is archived: the child is not added"))
            )
            return
        case = f"{self.case_prefix}-{self.next_case:04d}"
        data = ChildInput(
            family_id=family_id,
            last_name=part.last_name,
            first_name=part.first_name,
            patronymic=part.patronymic,
            birth_date=part.birth_date,
            sex=part.sex,
            iin=part.iin,
            case_number=case,
            school=part.school,
            grade=part.grade,
            class_letter=part.class_letter,
            home_language=row.home_language,
            sen_categories=part.sen_categories,
        )
        made = self._call(
            row,
            "child",
            lambda: create_child(self.session, actor=self.actor, data=data, today=self.today),
        )
        if made is None:
            return
        self.next_case += 1
        self.counts["children_created"] += 1
        known = _KnownChild(made.id, family_id, case, part.iin, _name_key(part))
        if part.iin:
            self.known.by_iin[part.iin] = known
        self.known.by_name.setdefault(known.name_key, []).append(known)
        if part.pmpk_date is not None and part.pmpk_number is not None:
            conclusion = ConclusionInput(issued_on=part.pmpk_date, number=part.pmpk_number)
            added = self._call(
                row,
                "pmpk",
                lambda: add_conclusion(
                    self.session,
                    actor=self.actor,
                    child_id=made.id,
                    data=conclusion,
                    today=self.today,
                ),
            )
            if added is not None:
                self.counts["conclusions_created"] += 1


def check_rows(
    session: Session, table: RosterTable, today: date
) -> tuple[list[RosterRow], list[RowProblem], list[RowProblem]]:
    """Every row of `table` checked: the valid rows, all problems, all warnings."""
    lookups = build_lookups(session)
    rows: list[RosterRow] = []
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = list(table.warnings)
    for raw in table.rows:
        row, found, noted = check_row(raw, table.columns, lookups, today)
        problems.extend(found)
        warnings.extend(noted)
        if row is not None:
            rows.append(row)
    return rows, problems, warnings


def import_roster(
    session: Session, *, actor: Actor, table: RosterTable, today: date | None = None
) -> ImportSummary:
    """Import a roster read by `read_roster`: all rows, or `RosterError` listing every
    problem. The caller commits, or rolls back (on error, or for a dry run)."""
    require(actor, Permission.IMPORT_ROSTER)
    today = today or date.today()
    room = require_room(session)
    if not table.rows:
        raise RosterError([RowProblem(2, None, _("The roster has no rows below its header"))])
    rows, problems, warnings = check_rows(session, table, today)
    families = _families(rows, problems, table.columns)
    if problems:
        raise RosterError(sorted(problems, key=lambda problem: problem.row))
    importer = _Importer(session, actor, table, _load_known(session, room.id), today)
    for family_rows in families:
        importer.family(room.id, family_rows)
    if importer.problems:
        raise RosterError(sorted(importer.problems, key=lambda problem: problem.row))
    counts = importer.counts
    audit(
        session,
        actor=actor,
        action="import",
        entity="roster",
        details={"rows": len(table.rows), **counts},
    )
    session.flush()
    return ImportSummary(
        rows=len(table.rows),
        warnings=tuple(sorted([*warnings, *importer.warnings], key=lambda item: item.row)),
        **counts,
    )
