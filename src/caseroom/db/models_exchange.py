"""Tables: a room's signing keys, the centre it trusts, and the bundles and transfers it made."""
