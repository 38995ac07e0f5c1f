"""The local help directory: organisations and services a room refers parents to."""
