"""The centre's view of a period: regional totals, each room side by side, the rooms that
have not sent the period, and the trend by quarter across school years (`centre.trend`):
the tables `reports.centre_summary` writes as CSV, XLSX or PDF. The children's figures are
worked out in SQL on either engine; the quarters are read from each room's stored figures.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Integer, case, cast, func, select

from caseroom.centre import schema
from caseroom.centre.setup import the_centre
from caseroom.centre.trend import QUARTER_FIGURES as _QUARTER_FIGURES
from caseroom.centre.trend import QuarterLine, quarter_trend
from caseroom.dates import format_date
from caseroom.i18n import _
from caseroom.reports.centre_summary import CentreSummary, SummarySection


def _figure_titles() -> dict[str, str]:
    return {
        "children": _("Children"),
        "active": _("Active children"),
        "plans": _("With a plan in effect"),
        "pmpk": _("With a PMPK conclusion in effect"),
        "attended": _("Sessions attended"),
        "sessions_held": _("Sessions held"),
        "children_seen": _("Children seen"),
        "child_attendances": _("Child attendances"),
        "parent_meetings": _("Parent group meetings"),
        "caregivers_in_groups": _("Caregivers in groups"),
    }


def _quarter_label(line: QuarterLine) -> str:
    if line.so_far:
        text = _("{period}, quarter {number} (so far)")
    else:
        text = _("{period}, quarter {number}")
    return text.format(period=line.period, number=line.number)


def _child_figures(connection: Connection, period: str) -> dict[Any, dict[str, int]]:
    child = schema.child
    as_int = lambda flag: func.sum(cast(case((flag, 1), else_=0), Integer))  # noqa: E731
    rows = connection.execute(
        select(
            child.c.room_id,
            func.count(),
            func.sum(case((child.c.status == "active", 1), else_=0)),
            as_int(child.c.plan_in_effect),
            as_int(child.c.pmpk_in_effect),
            func.sum(child.c.sessions_attended),
        )
        .where(child.c.period == period)
        .group_by(child.c.room_id)
    ).all()
    return {
        row[0]: {
            "children": int(row[1] or 0),
            "active": int(row[2] or 0),
            "plans": int(row[3] or 0),
            "pmpk": int(row[4] or 0),
            "attended": int(row[5] or 0),
        }
        for row in rows
    }


def centre_summary(connection: Connection, *, period: str) -> CentreSummary:
    """The centre's summary of `period` (a school year such as "2026-2027")."""
    centre = the_centre(connection)
    rooms = connection.execute(
        select(schema.room.c.id, schema.room.c.school_name, schema.room.c.locality).order_by(
            schema.room.c.school_name, schema.room.c.id
        )
    ).all()
    sent = {
        row.room_id: row
        for row in connection.execute(
            select(schema.room_period, schema.bundle_import.c.made_at)
            .join(
                schema.bundle_import,
                schema.bundle_import.c.bundle_id == schema.room_period.c.bundle_id,
            )
            .where(schema.room_period.c.period == period)
        )
    }
    figures = _child_figures(connection, period)
    titles = _figure_titles()
    names = ("children", "active", "plans", "pmpk", "attended", *_QUARTER_FIGURES)
    per_room: list[list[Any]] = []
    totals: dict[str, int] = defaultdict(int)
    missing: list[list[Any]] = []
    for room in rooms:
        got = sent.get(room.id)
        if got is None:
            missing.append([room.school_name, room.locality or ""])
            continue
        values = dict(figures.get(room.id, {}))
        for quarter in got.quarters:
            for name in _QUARTER_FIGURES:
                values[name] = values.get(name, 0) + int(quarter[name])
        row = [
            got.school_name or room.school_name,
            format_date(got.made_at.date()) if got.made_at else "",
        ]
        for name in names:
            row.append(values.get(name, 0))
            totals[name] += values.get(name, 0)
        per_room.append(row)
    sections = [
        SummarySection(
            _("Regional totals"),
            [_("Figure"), _("Value")],
            [
                [_("Rooms registered"), len(rooms)],
                [_("Rooms that sent the period"), len(per_room)],
                *([titles[name], totals[name]] for name in names),
            ],
        ),
        SummarySection(
            _("Rooms side by side"),
            [_("School"), _("Bundle made"), *(titles[name] for name in names)],
            per_room,
        ),
        SummarySection(
            _("Rooms that have not sent the period"), [_("School"), _("Locality")], missing
        ),
        SummarySection(
            _("Trend by quarter"),
            [_("Quarter"), *(titles[name] for name in _QUARTER_FIGURES), _("Rooms reporting")],
            [
                [
                    _quarter_label(line),
                    *(line.figures.get(name, 0) for name in _QUARTER_FIGURES),
                    line.rooms,
                ]
                for line in quarter_trend(connection, period=period)
            ],
        ),
    ]
    return CentreSummary(
        title=_("Regional summary: {centre}").format(centre=centre.name),
        period=period,
        sections=sections,
    )
