"""Fixtures for the report tests: the poppler tools they read PDFs with."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """The pdftotext program (poppler-utils), which these tests need."""
    found = shutil.which("pdftotext")
    assert found, "poppler-utils (pdftotext) is needed for the report tests"
    return found
