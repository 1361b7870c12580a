"""Plan screens: the tree with progress per level, item forms, linking activities, branches and a member's items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import SectorGroup, SpecialCommittee
from lvzhi.planning import services
from lvzhi.planning.models import PlanItem
from lvzhi.testing import World, make_member, make_user

L = PlanItem.Level
PLANS = reverse("planning:plans")
MINE = reverse("planning:my_plan")
CREATE = reverse("planning:plan_create")


def item(world: World, level: str = L.COMMITTEE, parent: PlanItem | None = None, title: str = "", **owner) -> PlanItem:
    data = {
        "year": 2026,
        "level": level,
        "parent": parent,
        "title": title or f"{level}任务",
        "target_count": 2,
        **owner,
    }
    return services.create_plan_item(committee=world.committee, data=data, actor=None)


def held_activity(world: World, title: str = "调研活动") -> Activity:
    starts = timezone.make_aware(datetime.datetime(2026, 5, 8, 9))
    return Activity.objects.create(
        committee=world.committee,
        term=world.term,
        title=title,
        kind=ActivityKind.RESEARCH,
        starts_at=starts,
        ends_at=starts,
        status=Activity.Status.ATTENDANCE_CONFIRMED,
    )


def scoped_user(world: World, role: str, **narrowed):
    user = make_user(world.committee, role)
    RoleAssignment.objects.filter(user=user).update(**narrowed)
    return user


@pytest.fixture
def plan(world):
    """Two special committees' branches under the committee's item, and a member's item in the first."""
    other_committee = SpecialCommittee.objects.create(committee=world.committee, name="社会法制委员会")
    other_group = SectorGroup.objects.create(committee=world.committee, term=world.term, name="法律界活动组")
    top = item(world, title="年度协商计划")
    mine = item(world, L.SPECIAL_COMMITTEE, top, "经济委专题调研", special_committee=world.special_committee)
    group = item(world, L.SECTOR_GROUP, mine, "经济界小组调研", sector_group=world.group)
    member = item(world, L.MEMBER, group, "李明提交调研报告", member=world.member)
    other = item(world, L.SPECIAL_COMMITTEE, top, "社法委视察", special_committee=other_committee)
    other_child = item(world, L.SECTOR_GROUP, other, "法律界活动", sector_group=other_group)
    return {"top": top, "mine": mine, "group": group, "member": member, "other": other, "other_child": other_child}


def titles(response) -> set[str]:
    page = response.content.decode()
    return {
        t
        for t in ("年度协商计划", "经济委专题调研", "经济界小组调研", "李明提交调研报告", "社法委视察", "法律界活动")
        if t in page
    }


def test_office_staff_see_the_whole_tree_with_progress_per_level(world, plan, django_assert_max_num_queries):
    services.link_activities(plan["member"], activities=[held_activity(world)], actor=None)
    client = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(13):
        response = client.get(PLANS, {"year": 2026})
    assert response.status_code == 200
    assert len(titles(response)) == 6
    page = response.content.decode()
    assert 'data-testid="level-progress"' in page and 'aria-valuenow="50"' in page
    assert reverse("planning:plan_edit", args=[plan["other"].pk]) in page


def test_committee_staff_of_one_special_committee_see_and_edit_only_its_branch(world, plan):
    client = world.client(Role.COMMITTEE_STAFF)
    client.force_login(scoped_user(world, Role.COMMITTEE_STAFF, special_committee=world.special_committee))
    assert titles(client.get(PLANS, {"year": 2026})) == {"经济委专题调研", "经济界小组调研", "李明提交调研报告"}
    assert client.get(reverse("planning:plan_edit", args=[plan["group"].pk])).status_code == 200
    assert client.get(reverse("planning:plan_edit", args=[plan["other"].pk])).status_code == 403


def test_a_group_convenor_sees_the_groups_branch(world, plan):
    client = world.client(Role.GROUP_CONVENOR)
    client.force_login(scoped_user(world, Role.GROUP_CONVENOR, sector_group=world.group))
    assert titles(client.get(PLANS, {"year": 2026})) == {"经济界小组调研", "李明提交调研报告"}


def test_leaders_read_the_plan_but_may_not_edit_it(world, plan):
    client = world.client(Role.LEADER)
    page = client.get(PLANS, {"year": 2026}).content.decode()
    assert "年度协商计划" in page and reverse("planning:plan_edit", args=[plan["top"].pk]) not in page
    assert client.get(reverse("planning:plan_edit", args=[plan["top"].pk])).status_code == 403
    assert client.get(CREATE).status_code == 403


def test_members_see_their_own_items_on_their_phone_page(world, plan, django_assert_max_num_queries):
    someone_else = make_member(world, "王芳")
    item(world, L.MEMBER, plan["group"], "王芳的任务", member=someone_else)
    item(world, L.MEMBER, plan["group"], "李明的第二项任务", member=world.member)
    services.link_activities(plan["member"], activities=[held_activity(world, "赴开发区调研")], actor=None)
    client = world.client(Role.MEMBER)
    assert client.get(PLANS).status_code == 403
    with django_assert_max_num_queries(15):
        page = client.get(MINE, {"year": 2026}).content.decode()
    assert "李明的第二项任务" in page
    assert "李明提交调研报告" in page and "赴开发区调研" in page
    assert "王芳的任务" not in page and "经济界小组调研" not in page


def test_staff_add_a_sub_item_through_the_form(world, plan):
    client = world.client(Role.ADMIN)
    form = client.get(CREATE, {"year": 2026, "parent": plan["group"].pk})
    assert form.status_code == 200 and 'value="member" selected' in form.content.decode()
    data = {"level": L.MEMBER, "member": world.member.pk, "parent": plan["group"].pk, "title": "撰写提案", "year": 2026}
    response = client.post(CREATE + "?year=2026", {**data, "item_type": "proposal", "month": "3", "target_count": "1"})
    assert response.status_code == 302
    created = PlanItem.objects.get(title="撰写提案")
    assert (created.parent, created.member, created.month, created.year) == (plan["group"], world.member, 3, 2026)


def test_the_form_selects_offer_please_choose_instead_of_dashes(world, plan):
    page = world.client(Role.ADMIN).get(CREATE, {"year": 2026}).content.decode()
    assert "请选择" in page and "---------" not in page


def test_a_missing_owner_is_explained_and_the_title_kept(world):
    response = world.client(Role.ADMIN).post(
        CREATE, {"level": L.SECTOR_GROUP, "title": "界别协商", "item_type": "consultation", "target_count": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请选择该任务的责任主体" in page and 'value="界别协商"' in page
    assert not PlanItem.objects.exists()


def test_scoped_staff_may_not_add_items_outside_their_branch(world, plan):
    client = world.client(Role.COMMITTEE_STAFF)
    client.force_login(scoped_user(world, Role.COMMITTEE_STAFF, special_committee=world.special_committee))
    data = {"level": L.COMMITTEE, "title": "全会任务", "item_type": "theme", "target_count": "1", "year": 2026}
    response = client.post(CREATE, data)
    assert response.status_code == 200 and "只能在本单位负责的清单中" in response.content.decode()
    assert not PlanItem.objects.filter(title="全会任务").exists()


def test_editing_an_item(world, plan):
    url = reverse("planning:plan_edit", args=[plan["member"].pk])
    data = {"member": world.member.pk, "parent": plan["group"].pk, "title": "提交两篇调研报告", "item_type": "research"}
    response = world.client(Role.ADMIN).post(url, {**data, "month": "9", "target_count": "2"})
    assert response.status_code == 302
    plan["member"].refresh_from_db()
    assert (plan["member"].title, plan["member"].target_count, plan["member"].level) == (
        "提交两篇调研报告",
        2,
        L.MEMBER,
    )


def test_linking_and_unlinking_activities(world, plan):
    client = world.client(Role.ADMIN)
    research = held_activity(world, "园区调研")
    url = reverse("planning:plan_activities", args=[plan["group"].pk])
    assert "园区调研" in client.get(url).content.decode()
    assert client.post(url, {"activity_ids": [research.pk]}).status_code == 302
    assert list(plan["group"].activities.all()) == [research]
    unlink = reverse("planning:plan_unlink", args=[plan["group"].pk, research.pk])
    assert client.get(unlink).status_code == 405
    assert client.post(unlink).status_code == 302
    assert not plan["group"].activities.exists()


def test_deleting_a_leaf_item_and_refusing_a_parent(world, plan):
    client = world.client(Role.ADMIN)
    assert client.get(reverse("planning:plan_delete", args=[plan["member"].pk])).status_code == 405
    assert client.post(reverse("planning:plan_delete", args=[plan["member"].pk])).status_code == 302
    assert not PlanItem.objects.filter(pk=plan["member"].pk).exists()
    client.post(reverse("planning:plan_delete", args=[plan["top"].pk]))
    assert PlanItem.objects.filter(pk=plan["top"].pk).exists()


def test_outsiders_get_404_for_every_item_route(world, outsider, plan):
    research = held_activity(world)
    services.link_activities(plan["group"], activities=[research], actor=None)
    client = outsider.client(Role.ADMIN)
    pk = plan["group"].pk
    for url in (
        reverse("planning:plan_edit", args=[pk]),
        reverse("planning:plan_activities", args=[pk]),
    ):
        assert client.get(url).status_code == 404
    for url in (reverse("planning:plan_delete", args=[pk]), reverse("planning:plan_unlink", args=[pk, research.pk])):
        assert client.post(url).status_code == 404
    assert "经济界小组调研" not in client.get(PLANS, {"year": 2026}).content.decode()
