"""Calendar conflicts: half-open windows, the DST change, freeze periods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicedesk.domain.changes.conflicts import (
    Freeze,
    Window,
    conflicts_for,
    create_freeze,
    detect_conflicts,
    overlaps,
)
from servicedesk.domain.errors import PermissionDenied
from servicedesk.infra.extensions import db

T = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
H = timedelta(hours=1)
STHLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 2), (1, 3), True),
        ((0, 2), (2, 4), False),  # touching edges
        ((2, 4), (0, 2), False),
        ((0, 4), (1, 2), True),  # containment
        ((0, 1), (0, 1), True),
        ((0, 1), (3, 4), False),
    ],
)
def test_half_open_overlap(a, b, expected):
    assert overlaps(T + a[0] * H, T + a[1] * H, T + b[0] * H, T + b[1] * H) is expected


def test_only_shared_services_conflict():
    one = Window(1, frozenset({10}), T, T + 2 * H)
    two = Window(2, frozenset({10, 11}), T + H, T + 3 * H)
    three = Window(3, frozenset({12}), T, T + 3 * H)
    conflicts = detect_conflicts([one, two, three])
    assert [(c.kind, c.first, c.other, c.service_ids) for c in conflicts] == [
        ("overlap", 1, 2, frozenset({10}))
    ]


def test_the_repeated_hour_at_the_end_of_summer_time_does_not_conflict():
    # 2026-10-25 02:00–03:00 happens twice in Stockholm: first in CEST, then in CET.
    first_start = datetime(2026, 10, 25, 2, 0, tzinfo=STHLM, fold=0)
    second_start = datetime(2026, 10, 25, 2, 0, tzinfo=STHLM, fold=1)
    first_end = second_start  # the first 02:00–03:00 CEST ends when the second 02:00 CET begins
    a = Window(1, frozenset({5}), first_start.astimezone(UTC), first_end.astimezone(UTC))
    b = Window(2, frozenset({5}), second_start.astimezone(UTC), (second_start + H).astimezone(UTC))
    assert a.end - a.start == H
    assert detect_conflicts([a, b]) == []
    c = Window(3, frozenset({5}), b.start - timedelta(minutes=1), b.end)
    assert [x.other for x in detect_conflicts([a, c])] == [3]


def test_a_change_across_the_dst_night_has_its_real_length():
    start = datetime(2026, 10, 25, 1, 0, tzinfo=STHLM).astimezone(UTC)
    end = datetime(2026, 10, 25, 4, 0, tzinfo=STHLM).astimezone(UTC)
    assert end - start == 4 * H  # three wall-clock hours, four real ones
    later = Window(2, frozenset({5}), end - H / 2, end + H)
    assert len(detect_conflicts([Window(1, frozenset({5}), start, end), later])) == 1


def test_freeze_periods_global_and_per_service():
    change = Window(1, frozenset({10}), T, T + 2 * H)
    everything = Freeze(7, "Nyår", None, T + H, T + 5 * H)
    other_service = Freeze(8, "Bokslut", 11, T, T + 5 * H)
    own_service = Freeze(9, "Bokslut", 10, T - H, T + H / 2)
    edge = Freeze(10, "Efter", 10, T + 2 * H, T + 3 * H)
    found = detect_conflicts([change], [everything, other_service, own_service, edge])
    assert [(c.kind, c.other) for c in found] == [("freeze", 7), ("freeze", 9)]


def test_conflicts_for_a_stored_change(world, now, make_service):
    mine = world.change(now=now)
    same_window = world.change(now=now, title="Patcha databasservern")
    touching = world.change(now=now, planned_start=T + 2 * H, planned_end=T + 3 * H)
    elsewhere = world.change(now=now, services=[world.org.email])
    cancelled = world.change(now=now)
    cancelled.state = "cancelled"
    freeze = create_freeze(world.org.admin, name="Nyår", start=T - H, end=T + H)
    create_freeze(world.org.admin, name="E-post", start=T, end=T + H, service=world.org.email)
    db.session.commit()
    changes, freezes = conflicts_for(mine)
    assert [c.id for c in changes] == [same_window.id]
    assert [f.id for f in freezes] == [freeze.id]
    assert touching.id and elsewhere.id


def test_only_admins_define_freezes(world):
    with pytest.raises(PermissionDenied):
        create_freeze(world.org.agent, name="x", start=T, end=T + H)
