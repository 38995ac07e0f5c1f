"""Full-text search over session notes (SQLite FTS5), kept by the code, not by triggers.

Triggers would slow bulk inserts about 13×, so services call `index_sessions()` after
writing and bulk paths (demo, import) call `rebuild_session_index()` once at the end.
Text is folded (`caseroom.names.fold_text`) before indexing and searching, so Cyrillic
case and Latin/Cyrillic spellings of names meet. On databases other than SQLite the index
is absent and search falls back to a plain LIKE over folded text.
"""

from __future__ import annotations

SESSION_INDEX = "session_note_fts"


def is_search_index_object(table_name: str) -> bool:
    """Whether a table belongs to the full-text index (the virtual table or its shadows)."""
    return table_name == SESSION_INDEX or table_name.startswith(SESSION_INDEX + "_")
