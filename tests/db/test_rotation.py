"""Automatic backups: names, verification, rotation (a property-tested pure choice),
listing with counts, and the backup-folder setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from caseroom.db.backup import backup_database
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Family, Room
from caseroom.db.rotation import (
    AUTO_PREFIX,
    automatic_name,
    choose_kept,
    default_backup_folder,
    due_for_daily,
    list_backups,
    make_automatic_backup,
    parse_name,
    rotate,
    verify_backup,
)
from caseroom.errors import UserError, ValidationError
from caseroom.services.accounts.settings_store import (
    BACKUP_FOLDER,
    SETTINGS,
    all_settings,
    get_setting,
    set_setting,
)
from caseroom.services.common import Actor

ALMATY = timezone(timedelta(hours=5))
NOW = datetime(2026, 11, 23, 18, 30, tzinfo=ALMATY)  # a Monday evening


def add_rows(db_path: Path, families: int) -> None:
    """Commit `families` families (and a room, the first time)."""
    engine = engine_for_path(db_path)
    try:
        with Session(engine) as session:
            room = session.exec(select(Room)).first()
            if room is None:
                room = Room(school_name="School No. 3", room_name="Support room")
                session.add(room)
                session.flush()
            for number in range(families):
                session.add(Family(room_id=room.id, display_name=f"Family {number}"))
            session.commit()
    finally:
        engine.dispose()


# --- names ---------------------------------------------------------------------------------


def test_names_carry_utc_time_and_reason() -> None:
    name = automatic_name(NOW, "close")

    assert name == "caseroom-auto-20261123-133000Z-close.sqlite3"
    assert parse_name(name) == (NOW.astimezone(UTC), "close", True)
    assert parse_name("caseroom-auto-20261123-133000Z-daily-2.sqlite3") == (
        NOW.astimezone(UTC),
        "daily",
        True,
    )
    assert parse_name("caseroom-before-upgrade-0001-20261123-133000.sqlite3") == (
        NOW.astimezone(UTC),
        "before-upgrade",
        False,
    )
    assert parse_name("holiday photos.sqlite3") is None


# --- the pure choice -------------------------------------------------------------------------

stamps_strategy = st.lists(
    st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2026, 11, 30), timezones=st.just(UTC)
    ),
    max_size=80,
)


def local_day(stamp: datetime) -> tuple[int, int, int]:
    """The Almaty calendar day of a stamp."""
    local = stamp.astimezone(ALMATY)
    return local.year, local.month, local.day


@settings(max_examples=200, deadline=None)
@given(stamps=stamps_strategy)
def test_rotation_keeps_a_subset_within_its_budget(stamps: list[datetime]) -> None:
    kept = choose_kept(stamps, NOW, zone=ALMATY)
    future = {stamp for stamp in stamps if stamp > NOW}

    assert kept <= set(stamps)
    assert future <= kept
    assert len(kept - future) <= 7 + 4 + 12 or not stamps
    past = [stamp for stamp in stamps if stamp <= NOW]
    if past:
        assert max(past) in kept


@settings(max_examples=200, deadline=None)
@given(stamps=stamps_strategy)
def test_rotation_keeps_the_newest_of_each_recent_day_week_and_month(
    stamps: list[datetime],
) -> None:
    kept = choose_kept(stamps, NOW, zone=ALMATY)
    past = sorted((stamp for stamp in stamps if stamp <= NOW), reverse=True)

    def newest_per(period: object, count: int) -> set[datetime]:
        chosen: dict[object, datetime] = {}
        for stamp in past:
            bucket = period(stamp.astimezone(ALMATY))  # type: ignore[operator]
            if bucket not in chosen and len(chosen) < count:
                chosen[bucket] = stamp
        return set(chosen.values())

    assert newest_per(lambda d: d.date(), 7) <= kept
    assert newest_per(lambda d: d.isocalendar()[:2], 4) <= kept
    assert newest_per(lambda d: (d.year, d.month), 12) <= kept
    assert kept - {s for s in stamps if s > NOW} <= (
        newest_per(lambda d: d.date(), 7)
        | newest_per(lambda d: d.isocalendar()[:2], 4)
        | newest_per(lambda d: (d.year, d.month), 12)
    )


@settings(max_examples=200, deadline=None)
@given(
    stamps=stamps_strategy,
    later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90)),
)
def test_rotation_is_stable(stamps: list[datetime], later: timedelta) -> None:
    """Rotating what was kept keeps all of it; rotating later never brings anything back."""
    kept = choose_kept(stamps, NOW, zone=ALMATY)

    assert choose_kept(kept, NOW, zone=ALMATY) == kept
    assert choose_kept(kept, NOW + later, zone=ALMATY) <= kept


def test_a_year_of_evening_backups_thins_out_to_the_expected_dates() -> None:
    stamps = [NOW - timedelta(days=days) for days in range(400)]

    kept = choose_kept(stamps, NOW, zone=ALMATY)
    days = sorted({stamp.date() for stamp in kept}, reverse=True)

    assert len(kept) == 7 + 2 + 11  # the newest two weeks and month are already kept daily
    assert days[:7] == [NOW.date() - timedelta(days=n) for n in range(7)]
    # the Sundays (newest of each ISO week) of the two weeks before
    assert days[7:9] == [datetime(2026, 11, 15).date(), datetime(2026, 11, 8).date()]
    assert datetime(2026, 10, 31).date() in days  # end of October
    assert datetime(2025, 12, 31).date() in days  # the oldest month kept
    assert datetime(2025, 11, 30).date() not in days


def test_a_day_is_a_local_day() -> None:
    """23:30 and 01:00 Almaty time are two days, though both are the same UTC day."""
    late = datetime(2026, 11, 22, 23, 30, tzinfo=ALMATY)
    early = datetime(2026, 11, 23, 1, 0, tzinfo=ALMATY)

    assert choose_kept([late, early], NOW, zone=ALMATY) == {late, early}
    assert choose_kept([late, early], NOW, zone=UTC, keep_weekly=0, keep_monthly=0) == {early}


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        choose_kept([], datetime(2026, 11, 23))


# --- making, rotating and listing copies -----------------------------------------------------


def test_an_automatic_backup_is_verified_and_counted(db_path: Path, tmp_path: Path) -> None:
    add_rows(db_path, 3)
    usb = tmp_path / "usb"
    usb.mkdir()

    info = make_automatic_backup(db_path, usb, now=NOW, reason="daily")

    assert info.path == usb / "caseroom-auto-20261123-133000Z-daily.sqlite3"
    assert info.verified is True and info.problems == ()
    assert info.automatic is True and info.reason == "daily"
    assert info.counts is not None and info.counts.families == 3
    assert info.size == info.path.stat().st_size > 0
    assert [path.name for path in usb.iterdir()] == [info.path.name]


def test_two_copies_in_one_second_both_land(db_path: Path, tmp_path: Path) -> None:
    first = make_automatic_backup(db_path, tmp_path, now=NOW)
    second = make_automatic_backup(db_path, tmp_path, now=NOW)

    assert first.path != second.path
    assert second.path.name.endswith("-close-2.sqlite3")
    # Rotation keeps one copy per kept second: the later one.
    assert sorted(path.name for path in tmp_path.glob(AUTO_PREFIX + "*")) == [second.path.name]


def test_a_missing_usb_folder_is_a_clear_error(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="plug the drive in"):
        make_automatic_backup(db_path, tmp_path / "usb-not-there", now=NOW)

    assert not (tmp_path / "usb-not-there").exists()


def test_the_default_folder_is_made_when_missing(db_path: Path) -> None:
    folder = default_backup_folder(db_path)

    info = make_automatic_backup(db_path, folder, now=NOW)

    assert folder == db_path.parent / "backups"
    assert info.path.parent == folder


def test_rotation_removes_only_old_automatic_copies(db_path: Path, tmp_path: Path) -> None:
    for day in reversed(range(20)):
        make_automatic_backup(db_path, tmp_path, now=NOW - timedelta(days=day), zone=ALMATY)
    manual = backup_database(
        db_path, tmp_path / "caseroom-before-upgrade-0001-20250101-000000.sqlite3"
    )
    mine = tmp_path / "my copy.sqlite3"
    backup_database(db_path, mine)

    removed = rotate(tmp_path, NOW, zone=ALMATY)
    names = sorted(path.name for path in tmp_path.iterdir())

    assert removed == []  # make_automatic_backup already rotated after each copy
    assert len([name for name in names if name.startswith(AUTO_PREFIX)]) == 7 + 2  # 4-23 Nov
    assert manual.name in names and mine.name in names


def test_list_is_newest_first_with_counts_and_flags_damage(db_path: Path, tmp_path: Path) -> None:
    add_rows(db_path, 2)
    older = make_automatic_backup(db_path, tmp_path, now=NOW - timedelta(days=1), zone=ALMATY)
    add_rows(db_path, 0)
    newer = make_automatic_backup(db_path, tmp_path, now=NOW, zone=ALMATY)
    damaged = tmp_path / automatic_name(NOW - timedelta(days=2), "close")
    data = bytearray(older.path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\xff" * 8192  # overwrite table pages
    damaged.write_bytes(bytes(data))
    (tmp_path / "notes.sqlite3").write_text("not a database", encoding="utf-8")
    (tmp_path / "empty.sqlite3").write_bytes(b"")

    listed = list_backups(tmp_path)
    by_name = {info.path.name: info for info in listed}
    named = [info.path for info in listed if info.reason != "other"]

    assert named == [newer.path, older.path, damaged]
    assert by_name[newer.path.name].verified is True
    assert by_name[newer.path.name].counts == newer.counts
    assert by_name[damaged.name].verified is False and by_name[damaged.name].problems
    assert by_name["notes.sqlite3"].verified is False
    assert by_name["notes.sqlite3"].reason == "other"
    assert "empty" in by_name["empty.sqlite3"].problems[0]


def test_a_quick_list_reads_counts_without_the_integrity_check(
    db_path: Path, tmp_path: Path
) -> None:
    add_rows(db_path, 4)
    info = make_automatic_backup(db_path, tmp_path, now=NOW)
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(info.path.read_bytes()[:8192])

    quick = {item.path.name: item for item in list_backups(tmp_path, verify=False)}

    assert quick[info.path.name].verified is True
    assert quick[info.path.name].counts is not None
    assert quick[info.path.name].counts.families == 4  # type: ignore[union-attr]
    assert quick["cut.sqlite3"].verified is False
    assert "cut short" in quick["cut.sqlite3"].problems[0]


def test_verify_a_file_that_is_gone_or_a_folder_that_is_missing(tmp_path: Path) -> None:
    gone = verify_backup(tmp_path / "caseroom-auto-20261123-133000Z-close.sqlite3")

    assert gone.verified is False and gone.counts is None
    assert list_backups(tmp_path / "nowhere") == []


def test_daily_is_due_once_per_local_day(db_path: Path, tmp_path: Path) -> None:
    assert due_for_daily(tmp_path, NOW, zone=ALMATY) is True

    make_automatic_backup(db_path, tmp_path, now=NOW, reason="close", zone=ALMATY)

    assert due_for_daily(tmp_path, NOW + timedelta(hours=5), zone=ALMATY) is False
    assert due_for_daily(tmp_path, NOW + timedelta(hours=6), zone=ALMATY) is True  # 00:30


# --- the folder setting ----------------------------------------------------------------------


def test_the_backup_folder_setting(session: Session) -> None:
    actor = Actor(staff_id=None)

    assert get_setting(session, BACKUP_FOLDER) == ""
    set_setting(session, actor=actor, key=BACKUP_FOLDER, value="/media/dana/USB STICK/caseroom")
    assert get_setting(session, "backup_folder") == "/media/dana/USB STICK/caseroom"
    set_setting(session, actor=actor, key="backup_folder", value=r"E:\caseroom")
    for bad in ("backups", 5, "/media/x\x00y"):
        with pytest.raises(ValidationError):
            set_setting(session, actor=actor, key=BACKUP_FOLDER, value=bad)
    assert get_setting(session, BACKUP_FOLDER) == r"E:\caseroom"
    assert BACKUP_FOLDER.key not in SETTINGS  # the rules page shows numbers only
    assert "backup_folder" not in {item.key for item in all_settings(session)}
