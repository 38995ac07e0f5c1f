"""People and places of the room: the room itself, staff members, families, caregivers and
children, their lists and the name search.

Uses the shared helpers at the top of `services/` only.
"""
