"""Tables: the local help directory (organisations and services a room refers parents to)."""
