"""Full-text search over session notes (SQLite FTS5), kept by the code, not by triggers.

Triggers would slow bulk inserts about 13×, so services call `index_sessions()` after
writing and bulk paths (demo, import) call `rebuild_session_index()` once at the end.
Text is folded (`caseroom.names.fold_text`) before indexing and searching, so Cyrillic
case and Latin/Cyrillic spellings of names meet. Each text is indexed twice over, folded
and as written (FTS5's tokenizer folds case itself), and each query word matches either
form: a half-typed word ("внимани") may fold differently from the whole word, so its
prefix is looked for as written too. On databases other than SQLite the index is absent
and search falls back to a plain LIKE over lower-cased text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text
from sqlalchemy.orm import Session
from sqlmodel import col

from caseroom.db.models import SessionRecord
from caseroom.names import fold_text

SESSION_INDEX = "session_note_fts"

_FOLD_FUNCTION = "caseroom_search_text"
_WORD = re.compile(r"[^\W_]+")
_BODY_SQL = (
    f"{_FOLD_FUNCTION}(coalesce(topic, '') || ' ' || coalesce(notes, '') || ' ' || "
    "coalesce(agreed, ''))"
)


def is_search_index_object(table_name: str) -> bool:
    """Whether a table belongs to the full-text index (the virtual table or its shadows)."""
    return table_name == SESSION_INDEX or table_name.startswith(SESSION_INDEX + "_")


def _connection(connection_or_session: Connection | Session) -> Connection:
    if isinstance(connection_or_session, Session):
        return connection_or_session.connection()
    return connection_or_session


def _has_index(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def _search_text(value: Any) -> str:
    """What the index holds for a text: its folded form, then the text as written."""
    return f"{fold_text(value)} {value}" if isinstance(value, str) else ""


def _register_fold(connection: Connection) -> None:
    """Make `caseroom_search_text(text)` available to SQL on this SQLite connection (once)."""
    pooled = connection.connection
    if pooled.info.get(_FOLD_FUNCTION):
        return
    driver = pooled.driver_connection
    assert driver is not None
    driver.create_function(_FOLD_FUNCTION, 1, _search_text, deterministic=True)
    pooled.info[_FOLD_FUNCTION] = True


def _id_params(ids: Iterable[uuid.UUID]) -> list[str]:
    # session_record.id is stored by SQLAlchemy's Uuid type as 32 hex digits on SQLite.
    return sorted({session_id.hex for session_id in ids})


def remove_sessions(connection_or_session: Connection | Session, ids: Iterable[uuid.UUID]) -> None:
    """Drop the index rows of the given sessions (archived sessions are not searchable)."""
    connection = _connection(connection_or_session)
    keys = _id_params(ids)
    if not keys or not _has_index(connection):
        return
    statement = text(f"DELETE FROM {SESSION_INDEX} WHERE session_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    connection.execute(statement, {"ids": keys})


def index_sessions(connection_or_session: Connection | Session, ids: Iterable[uuid.UUID]) -> None:
    """(Re)index the topic, notes and agreements of the given sessions.

    Call after the session rows are flushed, in the same transaction. Archived sessions
    are removed from the index rather than indexed.
    """
    connection = _connection(connection_or_session)
    keys = _id_params(ids)
    if not keys or not _has_index(connection):
        return
    _register_fold(connection)
    remove_sessions(connection, (uuid.UUID(key) for key in keys))
    statement = text(
        f"INSERT INTO {SESSION_INDEX} (session_id, body) "
        f"SELECT id, {_BODY_SQL} FROM session_record "
        "WHERE id IN :ids AND archived_at IS NULL"
    ).bindparams(bindparam("ids", expanding=True))
    connection.execute(statement, {"ids": keys})


def rebuild_session_index(connection: Connection) -> None:
    """Clear the index and refill it from every non-archived session (for bulk paths)."""
    if not _has_index(connection):
        return
    _register_fold(connection)
    connection.execute(text(f"DELETE FROM {SESSION_INDEX}"))
    connection.execute(
        text(
            f"INSERT INTO {SESSION_INDEX} (session_id, body) "
            f"SELECT id, {_BODY_SQL} FROM session_record WHERE archived_at IS NULL"
        )
    )


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One word of a search query: as written (case-folded) and folded like names."""

    written: str
    folded: str


def query_terms(query: str) -> list[SearchTerm]:
    """The words of a search query (punctuation and FTS operators dropped)."""
    return [SearchTerm(word, fold_text(word)) for word in _WORD.findall(query.casefold())]


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_query(query: str) -> str | None:
    """An FTS5 MATCH expression for user input: every word, the last one as a prefix.

    Each word is quoted, so `AND`, `-`, `*`, `(` and quotes are plain words; it matches
    its written or its folded form. None when no word is left.
    """
    terms = query_terms(query)
    groups = []
    for position, term in enumerate(terms):
        star = "*" if position == len(terms) - 1 else ""
        forms = dict.fromkeys(form for form in (term.written, term.folded) if form)
        groups.append("(" + " OR ".join(_quoted(form) + star for form in forms) + ")")
    return " AND ".join(groups) or None


def search_session_ids(connection: Connection, query: str, limit: int) -> list[uuid.UUID]:
    """Ids of non-archived sessions whose topic, notes or agreements match every word.

    The best matches come first; the last word matches as a prefix ("вним" finds
    "внимание").
    """
    if not _has_index(connection):
        return _like_search(connection, query, limit)
    expression = fts_query(query)
    if expression is None or limit <= 0:
        return []
    statement = text(
        f"SELECT session_id FROM {SESSION_INDEX} WHERE {SESSION_INDEX} MATCH :query "
        "ORDER BY rank LIMIT :limit"
    )
    rows = connection.execute(statement, {"query": expression, "limit": limit})
    return [uuid.UUID(row[0]) for row in rows]


def _like_search(connection: Connection, query: str, limit: int) -> list[uuid.UUID]:
    """Fallback without an index: every word as a substring of the lower-cased text."""
    terms = [term.written for term in query_terms(query)]
    if not terms or limit <= 0:
        return []
    body = func.lower(
        func.coalesce(col(SessionRecord.topic), "")
        + " "
        + func.coalesce(col(SessionRecord.notes), "")
        + " "
        + func.coalesce(col(SessionRecord.agreed), "")
    )
    statement = (
        select(col(SessionRecord.id))
        .where(col(SessionRecord.archived_at).is_(None))
        .where(*[body.contains(term, autoescape=True) for term in terms])
        .order_by(col(SessionRecord.held_on).desc())
        .limit(limit)
    )
    return list(connection.execute(statement).scalars())


def snippet(source: str | None, query: str, width: int = 120) -> str:
    """A short passage of `source` around the first word that matches the query."""
    if not source:
        return ""
    flat = " ".join(source.split())
    if len(flat) <= width:
        return flat
    terms = query_terms(query)
    start = 0
    for word in _WORD.finditer(flat):
        written = word.group().casefold()
        folded = fold_text(written)
        if any(
            written.startswith(term.written) or (term.folded and folded.startswith(term.folded))
            for term in terms
        ):
            start = max(0, word.start() - width // 3)
            break
    end = min(len(flat), start + width)
    start = max(0, end - width)
    passage = flat[start:end]
    # Whole words only: drop a word cut at either edge.
    if end < len(flat) and not flat[end].isspace() and " " in passage:
        passage = passage.rsplit(" ", 1)[0]
    if start > 0 and not flat[start - 1].isspace() and " " in passage:
        passage = passage.split(" ", 1)[1]
    passage = passage.strip()
    return ("…" if start > 0 else "") + passage + ("…" if end < len(flat) else "")
