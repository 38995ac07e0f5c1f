"""caseroom: offline-first records for school inclusion support rooms."""

__version__ = "0.1.0"
