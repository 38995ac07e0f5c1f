"""The child card: one child's overview, plan, sessions, parents, wellbeing, consents,
referrals and history, each tab in its own module (`card.py` holds the card itself).
"""
