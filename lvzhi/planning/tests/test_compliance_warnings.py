"""Compliance warnings: a sector group short of 界别协商会 or 界别活动, a quarter without a 政协大讲堂."""

import datetime

from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import SectorGroup
from lvzhi.planning.queries import compliance_warnings
from lvzhi.testing import World

Status = Activity.Status


def activity(world: World, kind: str, day: datetime.date, *, group: SectorGroup | None = None, status=Status.PUBLISHED):
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return Activity.objects.create(
        committee=world.committee,
        term=world.term,
        title=f"{kind} {day}",
        kind=kind,
        organiser_group=group,
        starts_at=starts,
        ends_at=starts,
        status=status,
    )


def messages(world: World, today: datetime.date) -> list[tuple[str, str]]:
    return [(w.subject, w.message) for w in compliance_warnings(world.committee, 2026, today)]


def test_nothing_is_due_before_the_first_deadline(world):
    assert messages(world, datetime.date(2026, 1, 31)) == []


def test_on_1_october_a_group_without_a_sector_consultation_and_three_quarters_without_a_lecture_are_flagged(world):
    found = messages(world, datetime.date(2026, 10, 1))
    assert (world.group.name, "截至10月1日尚未安排界别协商会") in found
    assert [m for s, m in found if s == "政协大讲堂"] == [
        "第1季度尚未安排政协大讲堂",
        "第2季度尚未安排政协大讲堂",
        "第3季度尚未安排政协大讲堂",
    ]


def test_scheduled_consultations_and_lectures_clear_their_warnings_drafts_and_cancelled_ones_do_not(world):
    activity(world, ActivityKind.SECTOR_CONSULTATION, datetime.date(2026, 11, 20), group=world.group)
    for month in (1, 4):
        activity(world, ActivityKind.LECTURE, datetime.date(2026, month, 15))
    activity(world, ActivityKind.LECTURE, datetime.date(2026, 7, 15), status=Status.DRAFT)
    activity(world, ActivityKind.LECTURE, datetime.date(2026, 8, 15), status=Status.CANCELLED)
    found = messages(world, datetime.date(2026, 10, 1))
    assert found == [("政协大讲堂", "第3季度尚未安排政协大讲堂")]


def test_on_30_november_a_group_with_fewer_than_two_sector_activities_is_flagged_with_its_count(world):
    activity(world, ActivityKind.SECTOR_CONSULTATION, datetime.date(2026, 3, 1), group=world.group)
    activity(world, ActivityKind.SECTOR_ACTIVITY, datetime.date(2026, 6, 1), group=world.group, status=Status.ARCHIVED)
    activity(world, ActivityKind.SECTOR_ACTIVITY, datetime.date(2025, 6, 1), group=world.group)  # last year
    found = messages(world, datetime.date(2026, 11, 30))
    assert (world.group.name, "截至11月30日界别活动少于2次（已有1次）") in found
    activity(world, ActivityKind.SECTOR_ACTIVITY, datetime.date(2026, 12, 10), group=world.group)
    assert not [s for s, _m in messages(world, datetime.date(2026, 11, 30)) if s == world.group.name]


def test_another_committees_activities_do_not_count(world, outsider):
    activity(outsider, ActivityKind.SECTOR_CONSULTATION, datetime.date(2026, 3, 1), group=outsider.group)
    assert (world.group.name, "截至10月1日尚未安排界别协商会") in messages(world, datetime.date(2026, 10, 1))
    assert messages(outsider, datetime.date(2026, 10, 1))[0][1] != "截至10月1日尚未安排界别协商会"
