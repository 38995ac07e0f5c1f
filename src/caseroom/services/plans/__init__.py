"""The child's support over the year: individual development programmes (plans and their
goals, ratings), PMPK conclusions, the school calendar and periods, and what is due.

Uses `people` (the room's calendar) and `parents` (home practice that is due).
"""
