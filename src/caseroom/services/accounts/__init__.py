"""Who may do what: staff accounts and passwords, the audit trail, the room's settings store
and the database's encryption passphrase. The permission table every service checks is
`caseroom.services.permissions` (at the top, since every area uses it).

Uses `people` (staff members).
"""
