"""Finding help in the directory: by the need served, by town, by words.

Towns and words are compared in the folded form of `caseroom.names` (case, ё/е and the
Latin and Cyrillic spellings meet: "Алматы" finds "Almaty"); a town matches when the
entry's town holds the words asked for. Words are looked for in the name, what the service
offers, for whom, the address and the notes.
"""

from __future__ import annotations

from sqlmodel import Session

from caseroom.names import fold_text
from caseroom.services.common import Actor
from caseroom.services.directory.entries import all_entries
from caseroom.services.directory.fields import EntryRead


def _holds(haystack: str | None, words: list[str]) -> bool:
    folded = fold_text(haystack or "")
    return all(word in folded for word in words)


def _words(text: str | None) -> list[str]:
    return fold_text(text or "").split()


def search_entries(
    session: Session,
    *,
    actor: Actor,
    need: str | None = None,
    town: str | None = None,
    text: str | None = None,
    age: int | None = None,
    include_archived: bool = False,
) -> list[EntryRead]:
    """Entries serving `need` (a `vocab.DirectoryNeed` code) in `town`, holding the words
    of `text`, open to a child of `age`; a criterion left None is not applied. Entries
    with no town (hotlines) match every town."""
    town_words, text_words = _words(town), _words(text)
    found: list[EntryRead] = []
    for entry in all_entries(session, actor=actor, include_archived=include_archived):
        if need is not None and need not in entry.needs:
            continue
        if town_words and entry.town and not _holds(entry.town, town_words):
            continue
        if age is not None and not _open_to(entry, age):
            continue
        haystack = " ".join(
            part or ""
            for part in (entry.name, entry.offers, entry.for_whom, entry.address, entry.notes)
        )
        if text_words and not _holds(haystack, text_words):
            continue
        found.append(entry)
    return found


def _open_to(entry: EntryRead, age: int) -> bool:
    if entry.age_from is not None and age < entry.age_from:
        return False
    return entry.age_to is None or age <= entry.age_to


def towns(session: Session, *, actor: Actor) -> list[str]:
    """The towns the directory's entries are in, sorted, each once."""
    seen: dict[str, str] = {}
    for entry in all_entries(session, actor=actor):
        if entry.town:
            seen.setdefault(fold_text(entry.town), entry.town)
    return sorted(seen.values(), key=str.casefold)
