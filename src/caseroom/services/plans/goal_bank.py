"""The goal bank: ready-made goals by developmental domain, in Kazakh, Russian and English.

The shipped goals are `resources/goals/*.json` (docs/goal-bank.md); a room adds its own
(table `bank_goal`) and can export them to the same format or import a bank file (a centre
shares one bank with its rooms). An import is all or nothing: a file with any fault is
refused whole, every fault named. Goals are matched by their `id`: a file imported again
updates the goals it brought.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models_plan_history import BankGoal
from caseroom.errors import UserError
from caseroom.i18n import _, current_language
from caseroom.paths import resource_path
from caseroom.services.common import Actor, Problems, audit, checked_text, touch
from caseroom.services.permissions import Permission, require
from caseroom.vocab import Domain

FORMAT = "caseroom-goal-bank"
VERSION = 1
LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
FIELDS: tuple[str, ...] = ("description", "baseline", "target", "criterion")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
_MAX_TEXT = 2000
_MAX_GOALS = 5000


@dataclass(frozen=True, slots=True)
class BankEntry:
    """One goal of the bank: its key, domain and wording by field and language."""

    key: str
    domain: str
    wording: Mapping[str, Mapping[str, str]]
    shipped: bool

    def text(self, field: str, language: str | None = None) -> str:
        """The field in `language` (default: the user's), else in the first language it has."""
        texts = self.wording.get(field, {})
        for lang in (language or current_language(), *LANGUAGES):
            if texts.get(lang):
                return texts[lang]
        return ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did."""

    created: int
    updated: int


def _entry_problems(number: int, raw: object, *, full: bool) -> list[str]:
    where = _("goal {number}").format(number=number)
    if not isinstance(raw, dict):
        return [_("{where}: not an object").format(where=where)]
    problems = []
    key = raw.get("id")
    if not isinstance(key, str) or not _KEY.match(key):
        problems.append(
            _("{where}: the id must be lower-case letters, digits, “-”, “_” or “.”").format(
                where=where
            )
        )
    if raw.get("domain") not in {d.value for d in Domain}:
        problems.append(
            _("{where}: unknown domain; use one of: {domains}").format(
                where=where, domains=", ".join(d.value for d in Domain)
            )
        )
    for field in FIELDS:
        texts = raw.get(field, {})
        if not isinstance(texts, dict) or not all(
            lang in LANGUAGES and isinstance(text, str) and len(text) <= _MAX_TEXT
            for lang, text in texts.items()
        ):
            problems.append(
                _("{where}: “{field}” must map kk, ru or en to a text").format(
                    where=where, field=field
                )
            )
            continue
        for lang, text in texts.items():
            checked = Problems()  # the one rule for stored text: no control characters
            checked_text(checked, field, text, limit=_MAX_TEXT, multiline=True)
            for problem in checked.found.values():
                problems.append(
                    _("{where}: “{field}” in {language}: {problem}").format(
                        where=where, field=field, language=lang, problem=problem
                    )
                )
        missing = [lang for lang in LANGUAGES if not str(texts.get(lang, "")).strip()]
        if full and missing:
            problems.append(
                _("{where}: “{field}” has no text in {languages}").format(
                    where=where, field=field, languages=", ".join(missing)
                )
            )
        elif field == "description" and len(missing) == len(LANGUAGES):
            problems.append(_("{where}: the goal has no description").format(where=where))
    return problems


def parse_bank(data: object, *, full: bool = False) -> list[BankEntry]:
    """The goals of a bank document; `UserError` naming every fault if any is found.

    `full` (the shipped bank) requires every field in every language.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(_("This is not a caseroom goal bank file."))
    if data.get("version") != VERSION:
        raise UserError(
            _("This goal bank file has version {version}; caseroom reads version {ours}.").format(
                version=data.get("version"), ours=VERSION
            )
        )
    goals = data.get("goals")
    if not isinstance(goals, list) or not goals or len(goals) > _MAX_GOALS:
        raise UserError(_("The goal bank file lists no goals."))
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(goals, start=1):
        problems.extend(_entry_problems(number, raw, full=full))
        key = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(key, str) and key in seen:
            problems.append(
                _("goal {number}: the id “{key}” is used twice").format(number=number, key=key)
            )
        seen.add(str(key))
    if problems:
        raise UserError(
            _("The goal bank file was not imported; nothing was changed:")
            + "\n"
            + "\n".join(problems)
        )
    return [
        BankEntry(
            key=raw["id"],
            domain=raw["domain"],
            wording={
                field: {lang: text.strip() for lang, text in raw.get(field, {}).items() if text}
                for field in FIELDS
            },
            shipped=full,
        )
        for raw in goals
    ]


def read_bank_file(path: Path, *, full: bool = False) -> list[BankEntry]:
    """Read and check a goal bank file (UTF-8 JSON)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise UserError(_("The file {path} was not found.").format(path=path)) from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(
            _("{path} is not a goal bank file (UTF-8 JSON).").format(path=path.name)
        ) from error
    return parse_bank(data, full=full)


@cache
def shipped_goals() -> tuple[BankEntry, ...]:
    """The goals shipped with caseroom (every `goal*.json` in `resources/goals/`)."""
    entries: list[BankEntry] = []
    for path in sorted(resource_path("goals").glob("goal*.json")):
        entries.extend(read_bank_file(path, full=True))
    return tuple(entries)


def room_goals(session: Session) -> list[BankEntry]:
    """The goals the room added to its bank."""
    rows = session.scalars(
        select(BankGoal).where(col(BankGoal.archived_at).is_(None)).order_by(col(BankGoal.key))
    )
    return [BankEntry(row.key, row.domain, row.wording, False) for row in rows]


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"\W+", text.casefold()) if word]


def search_bank(
    session: Session,
    *,
    actor: Actor,
    words: str = "",
    domain: str | None = None,
    language: str | None = None,
) -> list[BankEntry]:
    """Goals of the bank (the room's own first) matching every word and the domain.

    Words are matched as the start of words in the user's language (any language when
    nothing matches there), without regard to case.
    """
    require(actor, Permission.VIEW_RECORDS)
    wanted = _words(words)
    lang = language or current_language()
    found = []
    for entry in (*room_goals(session), *shipped_goals()):
        if domain and entry.domain != domain:
            continue
        if wanted and not _matches(entry, wanted, [lang]) and not _matches(entry, wanted, None):
            continue
        found.append(entry)
    own_language = [entry for entry in found if _matches(entry, wanted, [lang])]
    return own_language if wanted and own_language else found


def _matches(entry: BankEntry, wanted: Sequence[str], languages: Iterable[str] | None) -> bool:
    texts = [
        text
        for field in FIELDS
        for lang, text in entry.wording.get(field, {}).items()
        if languages is None or lang in languages
    ]
    have = _words(" ".join(texts))
    return all(any(word.startswith(w) for word in have) for w in wanted)


def add_room_goal(session: Session, *, actor: Actor, entry: BankEntry) -> BankEntry:
    """Add (or replace, by key) one of the room's own goals."""
    require(actor, Permission.EDIT_RECORDS)
    parse_bank(document([entry]))  # the same checks as a file
    import_entries(session, actor=actor, entries=[entry])
    return entry


def import_entries(session: Session, *, actor: Actor, entries: Sequence[BankEntry]) -> ImportResult:
    """Store checked goals in the room's bank, matched by key (all in one transaction)."""
    require(actor, Permission.EDIT_RECORDS)
    existing = {row.key: row for row in session.scalars(select(BankGoal))}
    created = updated = 0
    for entry in entries:
        wording = {field: dict(texts) for field, texts in entry.wording.items()}
        row = existing.get(entry.key)
        if row is None:
            session.add(BankGoal(key=entry.key, domain=entry.domain, wording=wording))
            created += 1
        else:
            row.domain, row.wording, row.archived_at = entry.domain, wording, None
            touch(row)
            updated += 1
    session.flush()
    audit(
        session,
        actor=actor,
        action="import",
        entity="bank_goal",
        details={"created": created, "updated": updated},
    )
    return ImportResult(created, updated)


def document(entries: Iterable[BankEntry]) -> dict[str, Any]:
    """A bank document (the file format) holding `entries`."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "goals": [
            {"id": e.key, "domain": e.domain, **{f: dict(e.wording.get(f, {})) for f in FIELDS}}
            for e in entries
        ],
    }


def export_room_goals(session: Session, *, actor: Actor, path: Path) -> int:
    """Write the room's own goals to a bank file; how many were written."""
    require(actor, Permission.VIEW_RECORDS)
    entries = room_goals(session)
    if not entries:
        raise UserError(_("The room has added no goals of its own to the bank yet."))
    path.write_text(
        json.dumps(document(entries), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    audit(
        session, actor=actor, action="export", entity="bank_goal", details={"goals": len(entries)}
    )
    return len(entries)
