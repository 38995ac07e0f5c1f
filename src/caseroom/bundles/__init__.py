"""The bundle and transfer file formats: signing, encryption and manifests (no database)."""
