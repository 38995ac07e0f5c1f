"""Fixtures of the service tests of the exchange (the child transfer's are in `transfer_rooms`)."""

from transfer_rooms import make_room

__all__ = ["make_room"]
