"""Annual work plan items (清单化管理, 三联动): the cascade, linked activities and roll-up progress."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.planning import services
from lvzhi.planning.models import PlanItem
from lvzhi.planning.plan_queries import plan_tree, year_items
from lvzhi.testing import World

L = PlanItem.Level
Status = Activity.Status


def activity(world: World, status: str = Status.ATTENDANCE_CONFIRMED, day: datetime.date = datetime.date(2026, 5, 8)):
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return Activity.objects.create(
        committee=world.committee,
        term=world.term,
        title=f"活动{Activity.objects.count() + 1}",
        kind=ActivityKind.RESEARCH,
        starts_at=starts,
        ends_at=starts,
        status=status,
    )


def item(world: World, level: str = L.COMMITTEE, parent: PlanItem | None = None, target: int = 2, **owner) -> PlanItem:
    data = {"year": 2026, "level": level, "parent": parent, "title": f"{level}任务", "target_count": target, **owner}
    return services.create_plan_item(committee=world.committee, data=data, actor=None)


@pytest.fixture
def cascade(world):
    """政协 → 专委会 → 界别组 → 委员, one item each."""
    top = item(world, target=4)
    special = item(world, L.SPECIAL_COMMITTEE, top, special_committee=world.special_committee)
    group = item(world, L.SECTOR_GROUP, special, sector_group=world.group)
    member = item(world, L.MEMBER, group, target=1, member=world.member)
    return top, special, group, member


def test_items_cascade_from_the_committee_down_to_a_member(world, cascade):
    top, special, _group, _member = cascade
    assert [i.owner for i in cascade] == [None, world.special_committee, world.group, world.member]
    assert list(top.children.all()) == [special]
    assert AuditEvent.objects.filter(action="plan_item.created").count() == 4


def test_held_activities_complete_an_item_and_roll_up_counting_each_activity_once(world, cascade):
    top, special, group, member = cascade
    held, shared = activity(world), activity(world, Status.ARCHIVED)
    services.link_activities(member, activities=[held], actor=None)
    services.link_activities(group, activities=[shared, activity(world, Status.PUBLISHED)], actor=None)
    services.link_activities(top, activities=[shared], actor=None)
    nodes = plan_tree(year_items(world.committee, 2026)).nodes
    assert (nodes[member.pk].done, nodes[member.pk].percent) == (1, 100)
    assert (nodes[group.pk].done, nodes[group.pk].linked) == (2, 2)  # the published one is not held yet
    assert nodes[special.pk].done == 2
    assert (nodes[top.pk].done, nodes[top.pk].percent) == (2, 50)  # `shared` counted once


def test_progress_per_level_adds_up_the_items_of_each_level(world, cascade):
    top, _special, _group, member = cascade
    item(world, L.SPECIAL_COMMITTEE, top, target=3, special_committee=world.special_committee)
    services.link_activities(member, activities=[activity(world)], actor=None)
    levels = {lv.level: lv for lv in plan_tree(year_items(world.committee, 2026)).levels}
    assert (levels[L.SPECIAL_COMMITTEE].items, levels[L.SPECIAL_COMMITTEE].target) == (2, 5)
    assert (levels[L.SPECIAL_COMMITTEE].done, levels[L.SPECIAL_COMMITTEE].percent) == (1, 20)
    assert (levels[L.MEMBER].done, levels[L.MEMBER].percent) == (1, 100)


def test_an_item_needs_the_owner_its_level_names(world):
    with pytest.raises(DomainError) as refused:
        item(world, L.SECTOR_GROUP)
    assert refused.value.fields == {"sector_group": ["请选择该任务的责任主体"]}


def test_a_parent_must_sit_higher_in_the_cascade_and_in_the_same_year(world, cascade):
    top, _special, group, _member = cascade
    with pytest.raises(DomainError, match="层级应高于"):
        item(world, L.SPECIAL_COMMITTEE, group, special_committee=world.special_committee)
    with pytest.raises(DomainError, match="同一年度"):
        services.create_plan_item(
            committee=world.committee,
            data={"year": 2027, "level": L.MEMBER, "parent": top, "title": "x", "member": world.member},
            actor=None,
        )


def test_only_activities_of_the_items_year_that_are_not_cancelled_can_be_linked(world, cascade):
    top = cascade[0]
    with pytest.raises(DomainError, match="不在2026年"):
        services.link_activities(top, activities=[activity(world, day=datetime.date(2025, 12, 31))], actor=None)
    with pytest.raises(DomainError, match="已取消"):
        services.link_activities(top, activities=[activity(world, Status.CANCELLED)], actor=None)
    assert top.activities.count() == 0


def test_linking_twice_adds_nothing_and_unlinking_removes_the_link(world, cascade):
    top = cascade[0]
    held = activity(world)
    assert services.link_activities(top, activities=[held], actor=None) == 1
    assert services.link_activities(top, activities=[held], actor=None) == 0
    services.unlink_activity(top, activity=held, actor=None)
    assert top.activities.count() == 0
    with pytest.raises(Conflict):
        services.unlink_activity(top, activity=held, actor=None)


def test_an_item_with_sub_items_cannot_be_deleted_but_a_leaf_can(world, cascade):
    _top, _special, group, member = cascade
    with pytest.raises(Conflict):
        services.delete_plan_item(group, actor=None)
    services.delete_plan_item(member, actor=None)
    assert not PlanItem.objects.filter(pk=member.pk).exists()


def test_editing_keeps_level_and_year_and_checks_the_new_place(world, cascade):
    _top, special, group, member = cascade
    services.update_plan_item(member, data={"title": "走访界别群众", "month": 6, "target_count": 3}, actor=None)
    member.refresh_from_db()
    assert (member.title, member.month, member.target_count) == ("走访界别群众", 6, 3)
    with pytest.raises(DomainError):
        services.update_plan_item(member, data={"level": L.COMMITTEE}, actor=None)
    with pytest.raises(DomainError, match="层级应高于"):
        services.update_plan_item(special, data={"parent": group}, actor=None)
