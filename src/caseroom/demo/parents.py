"""Demo parents' own goals and their support-group membership and attendance."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from caseroom.db import models
from caseroom.demo.family import FamilyPlan
from caseroom.demo.notes import PARENT_GOALS
from caseroom.demo.world import Batch, World


@dataclass(frozen=True, slots=True)
class GroupPlan:
    """A parent support group and its meetings (already stored)."""

    id: uuid.UUID
    started_on: date
    meetings: tuple[tuple[uuid.UUID, date], ...]


def parent_goals(world: World, batch: Batch, family: FamilyPlan, first: date) -> None:
    """Maybe give the family's caregiver one or two goals of her own, two weeks in."""
    if not world.chance(0.55 if family.engaged else 0.25):
        return
    set_on = world.school_day_on_or_after(first + timedelta(days=14))
    if set_on is None or set_on > world.today:
        return
    pool = PARENT_GOALS[world.lang]
    for description in world.rng.sample(pool, world.rng.randint(1, 2)):
        long_ago = (world.today - set_on).days > 60
        status = "achieved" if long_ago and world.chance(0.3) else "active"
        if not family.engaged and world.chance(0.15):
            status = "dropped"
        batch.add(
            models.ParentGoal,
            world.record(
                caregiver_id=family.caregiver_id,
                description=description,
                set_on=set_on,
                target_on=world.year.ends_on,
                status=status,
                note=None,
            ),
        )


def group_membership(
    world: World, batch: Batch, family: FamilyPlan, groups: list[GroupPlan]
) -> None:
    """Maybe register the family's caregiver in a support group, with her attendance."""
    if not groups or not world.chance(0.45 if family.engaged else 0.12):
        return
    group = groups[0] if len(groups) == 1 or world.chance(0.6) else groups[1]
    enrolled: date = family.children[0].row["enrolled_on"]
    wanted = max(group.started_on, enrolled + timedelta(days=world.rng.randint(0, 60)))
    if wanted > world.today:
        return
    later = [(meeting_id, day) for meeting_id, day in group.meetings if day >= wanted]
    registered = later[0][1] if later else wanted
    batch.add(
        models.GroupMember,
        world.record(
            group_id=group.id,
            caregiver_id=family.caregiver_id,
            registered_on=registered,
            left_on=None,
        ),
    )
    came_before = False
    for meeting_id, _day in later:
        present = world.chance(0.75 if family.engaged else 0.25)
        batch.add(
            models.GroupAttendance,
            world.record(
                meeting_id=meeting_id,
                caregiver_id=family.caregiver_id,
                present=present,
                newcomer=present and not came_before,
            ),
        )
        came_before = came_before or present
