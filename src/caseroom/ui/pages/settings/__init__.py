"""The Settings page (`page.py`) and its cards: accounts, audit trail, backups, categories,
security.
"""
