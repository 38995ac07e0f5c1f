"""A room's side of the exchange: its keys, bundles for the centre, and child transfers."""
