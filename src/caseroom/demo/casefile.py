"""A demo child's case file: PMPK conclusion, consents, support plan with goals and ratings."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from caseroom.db import models
from caseroom.demo.goals import (
    CAREGIVER_REFERRAL,
    DOMAINS_FOR_CATEGORY,
    GOALS,
    RECOMMENDATIONS,
    REVIEW_SUMMARIES,
)
from caseroom.demo.notes import CONSENT_DATA
from caseroom.demo.world import Batch, World

_LEVELS = ("none", "minimal", "moderate", "high")


def add_pmpk(world: World, batch: Batch, child_id: uuid.UUID, sen: str, enrolled: date) -> None:
    """Queue the child's PMPK conclusion: some expire within 30 days, some have expired.

    The first two conclusions are one of each, so even a small demo shows both warnings.
    """
    rng, today = world.rng, world.today
    draw = {0: 0.0, 1: 0.1}.get(world.pmpk_number, rng.random())
    if draw < 0.08:  # expires within the next 30 days
        valid_until = today + timedelta(days=rng.randint(1, 30))
    elif draw < 0.13:  # already expired
        valid_until = today - timedelta(days=rng.randint(1, 60))
    else:
        valid_until = today + timedelta(days=rng.randint(31, 500))
    issued = valid_until - timedelta(days=world.pick((365, 730)))
    if issued > today:
        issued = min(enrolled, today) - timedelta(days=rng.randint(5, 40))
    world.pmpk_number += 1
    prefix = "PMPK" if world.lang == "en" else "ПМПК"
    batch.add(
        models.PmpkConclusion,
        world.record(
            child_id=child_id,
            issued_on=issued,
            number=f"{prefix}-{world.pmpk_number}/{issued:%y}",
            recommendations=RECOMMENDATIONS[world.lang][sen],
            valid_until=valid_until,
        ),
    )


def add_consents(
    world: World, batch: Batch, child_id: uuid.UUID, signer: tuple[uuid.UUID, str], enrolled: date
) -> None:
    """Queue the child's written consents, signed by the legal representative `signer`
    (id, full name) around enrolment; a few consents to diagnostics are withdrawn."""
    collected, third = CONSENT_DATA[world.lang]
    scopes = ["data_processing", "special_support", "psych_diagnostics"]
    if world.chance(0.5):
        scopes.append("sen_assessment")
    given = enrolled - timedelta(days=world.rng.randint(0, 7))
    for scope in scopes:
        withdrawn = scope == "psych_diagnostics" and world.chance(0.02)
        batch.add(
            models.Consent,
            world.record(
                scope=scope,
                child_id=child_id,
                caregiver_id=None,
                signer_caregiver_id=signer[0],
                signer_name=signer[1],
                form="electronic"
                if scope == "data_processing" and world.chance(0.1)
                else "written",
                operator=world.school_name,
                data_collected=collected,
                third_parties=third,
                cross_border=False,
                given_on=given,
                valid_until=None,
                withdrawn_on=world.today if withdrawn else None,
                withdrawal_note=None,
                recorded_by_id=world.staff["social_pedagogue"],
            ),
        )


def add_plan(
    world: World,
    batch: Batch,
    child: tuple[uuid.UUID, date],
    categories: list[str],
    lead: uuid.UUID,
    engaged: bool,
    status: str,
) -> tuple[date | None, list[tuple[uuid.UUID, str, str]]]:
    """Queue the child's plan for the year; returns its start (None if a draft) and goals."""
    rng, year, today, lang = world.rng, world.year, world.today, world.lang
    child_id, enrolled = child
    ready = max(
        year.starts_on + timedelta(days=rng.randint(7, 20)),
        enrolled + timedelta(days=rng.randint(3, 10)),
    )
    ready = min(ready, year.ends_on)
    row = world.record(
        child_id=child_id,
        starts_on=ready,
        ends_on=year.ends_on,
        status="draft",
        next_review_on=None,
        author_id=lead,
        notes=None,
    )
    batch.add(models.SupportPlan, row)
    started = row["starts_on"] <= today
    reviews = [end for _start, end in year.quarters if row["starts_on"] <= end <= today]
    upcoming = [end for _start, end in year.quarters if end > today]
    row["status"] = ("closed" if status == "left" else "active") if started else "draft"
    row["next_review_on"] = upcoming[0] if upcoming and started else None
    for reviewed in reviews:
        batch.add(
            models.PlanReview,
            world.record(
                plan_id=row["id"],
                reviewed_on=reviewed,
                reviewer_id=lead,
                summary=world.pick(REVIEW_SUMMARIES[lang]),
            ),
        )
    texts = [
        (domain, entry)
        for code in categories
        for domain in DOMAINS_FOR_CATEGORY[code]
        for entry in GOALS[domain]
    ]
    unique = list({id(entry): (domain, entry) for domain, entry in texts}.values())
    chosen = rng.sample(unique, min(len(unique), rng.randint(3, 6)))
    checkpoints = _checkpoints(world, row["starts_on"])
    goals: list[tuple[uuid.UUID, str, str]] = []
    for order, (domain, entry) in enumerate(chosen):
        description, baseline, target, criterion = entry[lang]
        goal = world.record(
            plan_id=row["id"],
            domain=domain,
            description=description,
            baseline=baseline,
            target=target,
            criterion=criterion,
            status="active",
            sort_order=order,
        )
        batch.add(models.Goal, goal)
        goals.append((goal["id"], domain, description))
        level = 1 if world.chance(0.3) else 0
        for number, (checkpoint, rated_on) in enumerate(checkpoints):
            if number and world.chance(0.6 if engaged else 0.3):
                level = min(level + 1, 3)
            rating = "not_assessed" if number and world.chance(0.04) else _LEVELS[level]
            batch.add(
                models.GoalRating,
                world.record(
                    goal_id=goal["id"],
                    checkpoint=checkpoint,
                    rated_on=rated_on,
                    rating=rating,
                    note=None,
                    rater_id=lead,
                ),
            )
        if level == 3 and len(checkpoints) >= 3:
            goal["status"] = "achieved"
    return (row["starts_on"] if started else None), goals


def _checkpoints(world: World, starts_on: date) -> list[tuple[str, date]]:
    """Rating checkpoints of a plan starting on `starts_on` that are already past."""
    year = world.year
    (_a, q1), (_b, q2), (_c, q3), _d = year.quarters
    dated = [
        ("start", starts_on),
        ("q1", q1),
        ("middle", q2),
        ("q2", q2),
        ("q3", q3),
        ("q4", year.ends_on),
        ("end", year.ends_on),
    ]
    return [(name, day) for name, day in dated if starts_on <= day <= world.today]


def caregiver_referral(world: World, batch: Batch, caregiver_id: uuid.UUID, on: date) -> None:
    """Queue a referral of a caregiver (a tired, anxious mother) to a clinic."""
    to_whom, reason = CAREGIVER_REFERRAL[world.lang]
    batch.add(
        models.Referral,
        world.record(
            child_id=None,
            caregiver_id=caregiver_id,
            to_whom=to_whom,
            reason=reason,
            referred_on=on,
            status="sent",
            outcome=None,
            staff_id=world.staff["psychologist"],
            confidentiality="parent",  # a caregiver's referral is her own data
        ),
    )
