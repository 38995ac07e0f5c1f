"""Caregiver wellbeing check-ins: the screening instruments (data files), check-ins with their
scores and bands, safety flags and their follow-ups.

Uses `people` (staff) and `parents` (screening consent, referrals).
"""
