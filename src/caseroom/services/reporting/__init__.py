"""What the reports print, filled from the database: a child's progress report, the room's
term summary, a caregiver's own wellbeing summary, batches and the files they are written
to. The `caseroom.reports` writers lay these values out without any query.

Uses `people`, `plans`, `parents`, `wellbeing` and `accounts` (settings).
"""
