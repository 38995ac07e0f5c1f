"""The centre: its own database (PostgreSQL or SQLite), the rooms it knows, imported bundles."""
