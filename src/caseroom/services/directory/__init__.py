"""The local help directory: organisations and services a room refers parents to.

`entries` keeps them (add, edit, archive, read: `get_entry(session, entry_id, actor)`),
`search` finds them by need, town and words, `file_import` / `file_export` bring a
directory file in (all or nothing) and write one out (docs/directory-format.md); reading
the file's bytes is `services.importing.directory_file`.
"""
