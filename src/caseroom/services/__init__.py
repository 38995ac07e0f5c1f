"""Use cases: plain functions `(session, *, actor, ...) -> Read value`. No Qt, never commit.

Packages by area, lowest first (each may use the ones below it, never one above):

- `people/`: the room, staff, families, caregivers, children, lists and name search;
- `sessions/`, `parents/`: sessions and notes; parent involvement, groups, consents, referrals;
- `plans/`: plans, goals, ratings, PMPK conclusions, the calendar, what is due;
- `wellbeing/`, `accounts/`: caregiver check-ins and flags; accounts, audit trail, settings;
- `reporting/`, `importing/`: what reports print; the roster import.

At the top, used by every area: `common` (actors, problems, the audit helper),
`audited` (archive/save with an audit event) and `permissions` (the role table).
The order is kept by an import-linter contract in `pyproject.toml`.
"""
