"""Use cases: plain functions `(session, *, actor, ...) -> Read value`. No Qt, never commit."""
