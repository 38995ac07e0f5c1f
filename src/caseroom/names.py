"""Name folding: one search key for names typed in Cyrillic or Latin, any case.

"Айгерим", "Aigerim" and "Aıgerim" fold to the same key; so do "Жанна" / "Zhanna" and
"Әлия" / "Aliya". Used for the `search_key` columns and for search input alike.
"""

from __future__ import annotations


def fold_name(text: str) -> str:
    """A lowercase Latin skeleton of `text` for matching names across scripts and case."""
    raise NotImplementedError


def search_key(*parts: str | None) -> str:
    """The stored search key for a record's name parts (and case number / IIN)."""
    return " ".join(fold_name(part) for part in parts if part)
