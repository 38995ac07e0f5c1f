"""Sessions with the child: logging and correcting them (`writing`), the day's and week's
journal, the child's timeline, and the full-text search over notes.

Uses the shared helpers at the top of `services/` only.
"""
