"""Report benchmark: one child's progress report against bare reportlab, and a batch.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_reports.py [--children 1000] [--repeat 20] [--quick]

1. One report. A demo database (`caseroom demo`) gives a child with a full school year
   (consilium version: goals, chart, sessions, parent section, notes, signatures). In the
   same run it times, median of `--repeat` after a warm-up:
   - caseroom: filling the data from the database (`services.reporting`), laying it out
     (`reports.progress_report`), and both (the real per-report cost);
   - bare reportlab drawing the same story (the same paragraphs, tables, chart, header,
     footer and "Page x of y"; texts prepared beforehand as plain strings, no caseroom
     code while timed). Aims: laying out at most 1.2x bare reportlab, the per-report cost
   (data + layout) at most 1.5x.
2. A batch. The first `--children` active children of a demo database big enough for
   them, written by `services.batch` with 1 process, then with 2 (what `--all` uses);
   then `caseroom report progress --all` end to end. Aim: the batch uses both cores
   (2 processes at least 1.85x as fast as 1).

The demo databases are the cached ones (`benchkit.demo_database`), read only.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit

from caseroom.db.engine import engine_for_path
from caseroom.reports.data import Audience, ProgressReportData
from caseroom.reports.progress_report import write_progress_report
from caseroom.services.common import SYSTEM
from caseroom.services.plans.periods import resolve_period
from caseroom.services.reporting.batch import BatchJob, run_progress_batch
from caseroom.services.reporting.report_data import children_to_report, progress_report_data

TARGET_REPORT_RATIO = 1.5
TARGET_LAYOUT_RATIO = 1.2
TARGET_SPEED_UP = 1.85
LANGUAGE = "en"
FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
CHILDREN_PER_FAMILY = 1.08  # active children per demo family, a little under the real 1.1


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    call()
    timings = []
    for _ in range(repeat):
        started = clock.perf_counter()
        call()
        timings.append(clock.perf_counter() - started)
    return statistics.median(timings) * 1000


# --- the same story in bare reportlab ------------------------------------------------------


@dataclass
class Plain:
    """A report's texts as plain strings (prepared before timing)."""

    title: str
    header: tuple[str, str]
    footer: str
    details: list[tuple[str, str]]
    domains: list[tuple[str, list[tuple[str, list[str], list[str], str]]]]
    checkpoints: list[str]
    levels: list[list[float | None]]
    sessions: list[tuple[str, int, int, int]]
    parent: list[tuple[str, str]]
    parent_goals: list[str]
    notes: list[tuple[str, str]]
    recommendations: list[str]
    next_steps: list[str]
    signatories: list[tuple[str, str]]


def _plain(data: ProgressReportData) -> Plain:
    level = {"none": 1.0, "minimal": 2.0, "moderate": 3.0, "high": 4.0}
    day = "{:%d.%m.%Y}".format
    goals = data.all_goals()
    checkpoints = sorted(
        {point.checkpoint.value for goal in goals for point in goal.ratings},
        key=lambda code: min(p.rated_on for g in goals for p in g.ratings if p.checkpoint == code),
    )
    parent = data.parent
    return Plain(
        title="Progress report for the school consilium",
        header=(
            f"{data.school} · {data.room}",
            f"Period: {day(data.period.start)} – {day(data.period.end)}",
        ),
        footer=f"{data.child.full_name} · case {data.child.case_number}",
        details=[
            ("Child", data.child.full_name),
            ("Date of birth", day(data.child.birth_date)),
            ("Class", f"{data.child.grade} {data.child.class_letter or ''}"),
            ("Case number", data.child.case_number),
            ("Period", f"{data.period.label}: {day(data.period.start)} – {day(data.period.end)}"),
            ("Report date", day(data.made_on)),
            ("Special educational needs", "; ".join(code for code, _ in data.sen_categories)),
            ("PMPK conclusion", data.pmpk.number if data.pmpk else "—"),
        ],
        domains=[
            (
                group.domain.value,
                [
                    (
                        goal.description,
                        [
                            f"<b>{label}:</b> {text}"
                            for label, text in (
                                ("Baseline", goal.baseline),
                                ("Target", goal.target),
                                ("Criterion", goal.criterion),
                            )
                            if text
                        ],
                        [
                            f"{p.checkpoint.value} ({day(p.rated_on)}): {p.rating.value}"
                            for p in goal.ratings
                        ],
                        goal.status.value,
                    )
                    for goal in group.goals
                ],
            )
            for group in data.goals
        ],
        checkpoints=checkpoints,
        levels=[
            [
                next(
                    (level.get(p.rating.value) for p in goal.ratings if p.checkpoint == code),
                    None,
                )
                for goal in goals
            ]
            for code in checkpoints
        ],
        sessions=[(row.kind.value, row.held, row.attended, row.missed) for row in data.sessions],
        parent=[
            (
                "Consultations",
                f"attended {parent.consultations_attended} of {parent.consultations_offered}",
            ),
            ("Joint sessions with the child", str(parent.joint_sessions_attended)),
            ("Home practice", f"{parent.practice_given} tasks given: {parent.practice_done} done"),
            ("Parent group meetings attended", str(parent.group_meetings_attended)),
        ],
        parent_goals=[f"{goal.description} — {goal.status.value}" for goal in parent.goals],
        notes=[
            (f"{day(note.written_on) if note.written_on else ''} · {note.author}", note.text)
            for note in data.specialist_notes
        ],
        recommendations=list(data.recommendations),
        next_steps=list(data.next_steps),
        signatories=[(str(s.role), s.name or "") for s in data.signatories],
    )


def _bare_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("b", fontName="BareSans", fontSize=10, leading=13.5, spaceAfter=3)
    bold = {"fontName": "BareSans-Bold"}
    return {
        "title": ParagraphStyle("t", parent=body, fontSize=16, leading=20, **bold),
        "heading": ParagraphStyle(
            "h", parent=body, fontSize=12, leading=15, keepWithNext=1, **bold
        ),
        "sub": ParagraphStyle("s", parent=body, leading=13, keepWithNext=1, **bold),
        "body": body,
        "small": ParagraphStyle("sm", parent=body, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("c", parent=body, fontSize=9, leading=11.5, spaceAfter=0),
        "cellb": ParagraphStyle("cb", parent=body, fontSize=9, leading=11.5, spaceAfter=0, **bold),
        "cellr": ParagraphStyle(
            "cr", parent=body, fontSize=9, leading=11.5, alignment=TA_RIGHT, **bold
        ),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


GRID = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("FONTNAME", (0, 0), (-1, -1), "BareSans"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
    ]
)


def _bare_story(plain: Plain) -> list[Any]:
    st = _bare_styles()
    width = A4[0] - 36 * mm

    def p(text: str, style: str = "body") -> Paragraph:
        return Paragraph(_esc(text), st[style])

    def pairs(rows: list[tuple[str, str]], label: float = 45 * mm) -> Table:
        table = Table(
            [[p(a, "cellb"), p(b, "cell")] for a, b in rows], colWidths=[label, width - label]
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    def bullets(items: list[str]) -> list[Any]:
        return [Paragraph(_esc(item), st["body"], bulletText="•") for item in items]

    story: list[Any] = [p(plain.title, "title"), pairs(plain.details)]
    story.append(p("Goals of the support plan", "heading"))
    number = 0
    for domain, goals in plain.domains:
        rows: list[list[Any]] = [
            [p("№", "cellb"), p("Goal", "cellb"), p("Ratings", "cellb"), p("Status", "cellb")]
        ]
        for description, lines, ratings, status in goals:
            number += 1
            rows.append(
                [
                    p(str(number), "cell"),
                    [p(description, "cellb")] + [Paragraph(x, st["cell"]) for x in lines],
                    [p(x, "cell") for x in ratings] or [p("not rated yet", "cell")],
                    p(status, "cell"),
                ]
            )
        widths = [9 * mm, width * 0.44, width * 0.37]
        table = Table(rows, colWidths=[*widths, width - sum(widths)], repeatRows=1)
        table.setStyle(GRID)
        story.append(KeepTogether([p(domain, "sub"), table]))
    if plain.checkpoints:
        drawing = Drawing(width, 150)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 60, 18, width - 160, 122
        chart.data = plain.levels
        chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 4, 1
        chart.valueAxis.labels.fontName = "BareSans"
        chart.categoryAxis.labels.fontName = "BareSans"
        chart.categoryAxis.categoryNames = [str(n + 1) for n in range(number)]
        shades = [colors.Color(1 - 0.25 * i, 1 - 0.25 * i, 1 - 0.25 * i) for i in range(5)]
        for index in range(len(plain.checkpoints)):
            chart.bars[index].fillColor = shades[index % 5]
        drawing.add(chart)
        legend = Legend()
        legend.x, legend.y, legend.fontName = width - 90, 140, "BareSans"
        legend.colorNamePairs = list(zip(shades, plain.checkpoints, strict=False))
        drawing.add(legend)
        story += [CondPageBreak(60 * mm), p("Progress over the period", "heading"), drawing]
    rows = [[p("Kind", "cellb"), p("Held", "cellr"), p("Attended", "cellr"), p("Missed", "cellr")]]
    rows += [[p(kind, "cell"), held, came, missed] for kind, held, came, missed in plain.sessions]
    table = Table(rows, colWidths=[width * 0.55] + [width * 0.15] * 3)
    table.setStyle(GRID)
    story += [p("Sessions", "heading"), table]
    story += [p("Work with the family", "heading"), pairs(plain.parent, 60 * mm)]
    story += [p("The parent's own goals", "sub"), *bullets(plain.parent_goals)]
    story.append(p("Specialists' notes (not for the family)", "heading"))
    for byline, text in plain.notes:
        story += [Paragraph(f"<b>{_esc(byline)}</b>", st["small"]), p(text)]
    story += [p("Recommendations", "heading"), *bullets(plain.recommendations)]
    story += [p("Next steps", "heading"), *bullets(plain.next_steps)]
    signatures = Table(
        [[p(role, "cellb"), p(name, "cell"), "", ""] for role, name in plain.signatories],
        colWidths=[40 * mm, 50 * mm, 45 * mm, width - 135 * mm],
    )
    signatures.setStyle(TableStyle([("LINEBELOW", (2, 0), (3, -1), 0.5, colors.black)]))
    story += [KeepTogether([p("Signatures", "heading"), Spacer(1, 4 * mm), signatures])]
    return story


class _NumberedCanvas(Canvas):
    """The usual reportlab recipe for "Page x of y" plus a running header."""

    plain: Plain

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            top = A4[1] - 12 * mm
            self.setFont("BareSans-Bold", 8.5)
            self.drawString(18 * mm, top, self.plain.header[0][:60])
            self.setFont("BareSans", 8.5)
            self.drawRightString(A4[0] - 18 * mm, top, self.plain.header[1])
            self.line(18 * mm, top - 2.5 * mm, A4[0] - 18 * mm, top - 2.5 * mm)
            self.setFont("BareSans", 8)
            self.drawString(18 * mm, 10 * mm, self.plain.footer)
            self.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {number} of {total}")
            super().showPage()
        super().save()


def bare_reportlab_pdf(plain: Plain) -> bytes:
    """The same report drawn with reportlab alone."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=24 * mm,
        bottomMargin=18 * mm,
        invariant=1,
    )
    canvas = type("Canvas", (_NumberedCanvas,), {"plain": plain})
    doc.build(_bare_story(plain), canvasmaker=canvas)
    return buffer.getvalue()


def _register_bare_fonts() -> None:
    pdfmetrics.registerFont(TTFont("BareSans", str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("BareSans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))


# --- the benchmarks ------------------------------------------------------------------------


def bench_one_report(db: Path, repeat: int) -> None:
    """Per-report cost against bare reportlab, in the same run."""
    _register_bare_fonts()
    engine = engine_for_path(db, read_only=True)
    with Session(engine) as session:
        period = resolve_period(session, None, today=date.today())
        year = resolve_period(
            session, f"{period.school_year}-{(period.school_year or 0) + 1}", today=date.today()
        )
        children = children_to_report(session, actor=SYSTEM)

        def fill(child_id: Any) -> ProgressReportData:
            return progress_report_data(
                session,
                actor=SYSTEM,
                child_id=child_id,
                period=year,
                audience="consilium",
                made_on=date.today(),
                language=LANGUAGE,
            )

        # The child with the most goals and notes: the heaviest ordinary report.
        child = max(
            children[:80],
            key=lambda c: (len(fill(c.id).all_goals()), len(fill(c.id).specialist_notes)),
        )
        data = fill(child.id)
        plain = _plain(data)
        pages = bare_reportlab_pdf(plain).count(b"/Type /Page\n")

        def ours_layout() -> None:
            write_progress_report(data, io.BytesIO(), language=LANGUAGE)

        def ours_total() -> None:
            write_progress_report(fill(child.id), io.BytesIO(), language=LANGUAGE)

        timings = {
            "caseroom: data from the database": _median_ms(lambda: fill(child.id), repeat),
            "caseroom: layout and PDF": _median_ms(ours_layout, repeat),
            "caseroom: data + PDF (per report)": _median_ms(ours_total, repeat),
            "bare reportlab, same story": _median_ms(lambda: bare_reportlab_pdf(plain), repeat),
        }
    engine.dispose()
    goals = len(data.all_goals())
    print(
        f"\nOne progress report ({child.case_number}: {goals} goals, "
        f"{len(data.specialist_notes)} notes, ~{max(pages, 1)} pages), median of {repeat}:"
    )
    for name, value in timings.items():
        print(f"  {name:40s} {value:8.1f} ms")
    bare = timings["bare reportlab, same story"]
    layout_ratio = timings["caseroom: layout and PDF"] / bare
    total_ratio = timings["caseroom: data + PDF (per report)"] / bare
    print(f"  layout / bare reportlab                  {layout_ratio:8.2f}x")
    verdict = "ok" if total_ratio <= TARGET_REPORT_RATIO else "OVER"
    print(
        f"  per report / bare reportlab              {total_ratio:8.2f}x"
        f"  (aim <= {TARGET_REPORT_RATIO}x: {verdict})"
    )
    benchkit.row(
        "reports",
        "one progress report, layout and PDF",
        timings["caseroom: layout and PDF"],
        "ms",
        baseline="bare reportlab, same story",
        baseline_value=bare,
        aim=f"<= {TARGET_LAYOUT_RATIO}x",
    )
    benchkit.row(
        "reports",
        "one progress report, data + PDF",
        timings["caseroom: data + PDF (per report)"],
        "ms",
        baseline="bare reportlab, same story",
        baseline_value=bare,
        aim=f"<= {TARGET_REPORT_RATIO}x",
    )


def bench_batch(db: Path, count: int, work: Path) -> None:
    """The same children with 1 process and with 2, then the CLI's `--all`."""
    engine = engine_for_path(db, read_only=True)
    with Session(engine) as session:
        period = resolve_period(session, None, today=date.today())
        children = children_to_report(session, actor=SYSTEM)
    engine.dispose()
    chosen = children[:count]
    print(f"\nBatch of {len(chosen)} parent reports ({period.start} – {period.end}):")
    walls: dict[int, float] = {}
    for workers in (1, 2):
        out = work / f"batch-{workers}"
        job = BatchJob(db, out, period, Audience.PARENT, LANGUAGE, date.today())
        before = os.times()
        started = clock.perf_counter()
        outcomes = run_progress_batch(job, chosen, on_outcome=lambda *_: None, workers=workers)
        wall = clock.perf_counter() - started
        after = os.times()
        cpu = (after.user - before.user) + (after.system - before.system)
        cpu += (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        failed = sum(1 for outcome in outcomes if not outcome.ok)
        walls[workers] = wall
        print(
            f"  {workers} process{'es' if workers > 1 else ''}: {wall:6.1f} s wall, "
            f"{wall / len(chosen) * 1000:5.1f} ms per report, CPU {cpu:6.1f} s "
            f"({cpu / wall:.2f} cores busy), {failed} failed"
        )
        shutil.rmtree(out)
    print(f"  speed-up with 2 processes: {walls[1] / walls[2]:.2f}x (ideal 2.00x)")
    benchkit.row(
        "reports",
        f"{len(chosen)} reports, 2 processes",
        walls[2],
        "s",
        baseline="1 process",
        baseline_value=walls[1],
        aim=f">= {TARGET_SPEED_UP}x",
        higher_is_better=True,
    )
    out = work / "cli"
    started = clock.perf_counter()
    command = [sys.executable, "-m", "caseroom", "report", "progress", "--db", str(db), "--all"]
    result = subprocess.run(
        [*command, "--lang", LANGUAGE, "--out", str(out)], capture_output=True, text=True
    )
    wall = clock.perf_counter() - started
    written = len(list(out.glob("*.pdf")))
    print(
        f"  caseroom report progress --all: {written} reports in {wall:.1f} s "
        f"(exit {result.returncode}, {wall / max(written, 1) * 1000:.1f} ms per report)"
    )


def main() -> None:
    """Run both benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--children", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    benchkit.add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.children, args.repeat = 40, 5
    work = Path(tempfile.mkdtemp(prefix="caseroom-bench-"))
    try:
        bench_one_report(benchkit.demo_database(60), args.repeat)
        families = max(int(args.children / CHILDREN_PER_FAMILY) + 20, 60)
        bench_batch(benchkit.demo_database(families), args.children, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
