"""Storage: engine, tables, migrations, backup and the search index."""
