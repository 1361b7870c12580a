"""Activity statistics: activities held in a year, attendances and distinct members, by four groupings."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities import services as activity_services
from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.dashboard.queries import activity_stats
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Member, SectorGroup
from lvzhi.testing import World, build_world, make_member

YEAR = 2025


def held(
    world: World,
    kind: str,
    members: list[Member],
    *,
    checked_in: list[Member],
    day: datetime.date = datetime.date(YEAR, 5, 8),
    group: SectorGroup | None = None,
    close: bool = True,
) -> Activity:
    """A past activity recorded through the services: roster, staff check-ins, attendance confirmed."""
    staff = world.users[Role.MEMBER_AFFAIRS]
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    activity = activity_services.create_activity(
        committee=world.committee,
        data={
            "title": f"{kind} {day}",
            "kind": kind,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "organiser_group": group,
            "recorded_afterwards": True,
        },
        audience=activity_services.Audience(member_ids=tuple(m.pk for m in members)),
        actor=staff,
    )
    activity_services.publish_activity(activity, actor=staff)
    for member in checked_in:
        activity_services.check_in_member(activity, member=member, actor=staff)
    if close:
        activity_services.close_activity(activity, actor=staff)
    return activity


@pytest.fixture
def people(world):
    """李明 (world.member, sector 0, in the group), 王芳 (sector 0) and 赵强 (sector 1)."""
    return world.member, make_member(world, "王芳"), make_member(world, "赵强", sector=world.sectors[1])


def rows(world: World, group_by: str, year: int = YEAR) -> dict[str, tuple[str, int, int, int]]:
    return {
        r.key: (r.name, r.activities, r.attendances, r.members_attending)
        for r in activity_stats(world.committee, year, group_by)
    }


def test_by_kind_counts_held_activities_attendances_and_distinct_members(world, people):
    li, wang, zhao = people
    held(world, ActivityKind.RESEARCH, [li, wang, zhao], checked_in=[li, wang])
    held(world, ActivityKind.RESEARCH, [li, wang], checked_in=[li], day=datetime.date(YEAR, 9, 1))
    held(world, ActivityKind.LECTURE, [li, zhao], checked_in=[zhao])
    assert rows(world, "kind") == {
        "research": ("调研", 2, 3, 2),
        "lecture": ("政协大讲堂", 1, 1, 1),
    }


def test_only_held_activities_of_the_year_count(world, people):
    li, wang, _zhao = people
    held(world, ActivityKind.RESEARCH, [li], checked_in=[li], close=False)  # attendance not confirmed
    held(world, ActivityKind.RESEARCH, [li], checked_in=[li], day=datetime.date(YEAR - 1, 12, 31))
    held(world, ActivityKind.RESEARCH, [wang], checked_in=[], day=datetime.date(YEAR, 12, 31))
    assert rows(world, "kind") == {"research": ("调研", 1, 0, 0)}


def test_attendance_recorded_by_hand_counts_and_absence_does_not(world, people):
    li, wang, zhao = people
    activity = held(world, ActivityKind.TRAINING, [li, wang, zhao], checked_in=[li], close=False)
    late = activity.registrations.get(member=wang)
    activity_services.set_attendance(late, attendance="late", actor=world.users[Role.ADMIN])
    activity_services.close_activity(activity, actor=world.users[Role.ADMIN])
    assert rows(world, "kind") == {"training": ("学习培训", 1, 2, 2)}


def test_by_sector_group_counts_what_each_group_organised(world, people):
    li, wang, zhao = people
    held(world, ActivityKind.SECTOR_ACTIVITY, [li, wang, zhao], checked_in=[li, wang, zhao], group=world.group)
    held(world, ActivityKind.PLENARY, [li, wang], checked_in=[li, wang])
    assert rows(world, "sector_group") == {str(world.group.pk): (world.group.name, 1, 3, 3)}


def test_by_sector_counts_the_attending_members_sector(world, people):
    li, wang, zhao = people
    held(world, ActivityKind.RESEARCH, [li, wang, zhao], checked_in=[li, wang, zhao])
    held(world, ActivityKind.LECTURE, [li, zhao], checked_in=[li])
    first, second = world.sectors[0], world.sectors[1]
    assert rows(world, "sector") == {
        str(first.pk): (first.name, 2, 3, 2),
        str(second.pk): (second.name, 1, 1, 1),
    }


def test_by_committee_rolls_up_this_committee_and_its_children_only(world, outsider, people):
    li, wang, _zhao = people
    held(world, ActivityKind.RESEARCH, [li, wang], checked_in=[li, wang])
    district = build_world(code="district", name="示范区政协")
    district.committee.parent = world.committee
    district.committee.save()
    held(district, ActivityKind.STUDY, [district.member], checked_in=[district.member])
    held(district, ActivityKind.STUDY, [district.member], checked_in=[], day=datetime.date(YEAR, 6, 1))
    held(outsider, ActivityKind.RESEARCH, [outsider.member], checked_in=[outsider.member])
    result = activity_stats(world.committee, YEAR, "committee")
    assert [(r.key, r.name, r.activities, r.attendances, r.members_attending) for r in result] == [
        ("city", "示范市政协", 1, 2, 2),
        ("district", "示范区政协", 2, 1, 1),
    ]
