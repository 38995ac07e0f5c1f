"""Signature lines never stand alone on a document's last page: the last section comes with
them (a page of signatures alone could be put after another document's pages)."""

from __future__ import annotations

import dataclasses
import io

import forms_samples
import pytest
from pypdf import PdfReader
from report_samples import ESCAPED_NOTE, progress_data

from caseroom.reports.data import Audience
from caseroom.reports.progress_report import write_progress_report
from caseroom.services.reporting.form_files import write_form


def _pages(payload: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(payload)).pages]


def _report(audience: Audience, steps: int) -> list[str]:
    data = dataclasses.replace(
        progress_data(audience), next_steps=tuple(f"Step number {n + 1}" for n in range(steps))
    )
    out = io.BytesIO()
    write_progress_report(data, out, language="en")
    return _pages(out.getvalue())


@pytest.mark.parametrize("audience", [Audience.PARENT, Audience.CONSILIUM])
def test_the_last_section_goes_with_the_signatures(audience: Audience) -> None:
    # however many next steps push the signatures over the page, some of those counts once
    # left "Signatures" alone at the top of the last page
    for steps in range(1, 25, 2):
        last = _report(audience, steps)[-1]
        assert "Signatures" in last
        assert last.index("Next steps") < last.index("Signatures"), steps
        assert f"Step number {steps}" in last, steps


def test_a_last_section_longer_than_a_page_flows_on_from_where_it_starts() -> None:
    pages = _report(Audience.CONSILIUM, 120)
    starts = next(number for number, text in enumerate(pages) if "Next steps" in text)
    assert ESCAPED_NOTE in pages[starts]  # no page break before it, after the recommendations
    assert "Step number 120" in pages[-1] and "Signatures" in pages[-1]
    assert pages[-1].index("Step number 120") < pages[-1].index("Signatures")


def test_a_form_keeps_its_last_section_with_the_signatures() -> None:
    base = forms_samples.plan()
    for rows in range(1, 31, 3):
        schedule = tuple(base.schedule[n % len(base.schedule)] for n in range(rows))
        out = io.BytesIO()
        write_form(dataclasses.replace(base, schedule=schedule), out, language="en")
        last = _pages(out.getvalue())[-1]
        assert "Review dates" in last and "Signatures" in last, rows
        assert last.index("Review dates") < last.index("Signatures"), rows
