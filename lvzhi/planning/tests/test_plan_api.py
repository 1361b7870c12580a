"""Work plan API: GET/POST /plans, GET/PATCH/DELETE /plans/{id}, POST/DELETE /plans/{id}/activities."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.planning import services
from lvzhi.planning.models import PlanItem
from lvzhi.testing import World, make_user

L = PlanItem.Level
URL = "/api/v1/plans"


def held_activity(world: World, status: str = Activity.Status.OUTCOME_RECORDED) -> Activity:
    starts = timezone.make_aware(datetime.datetime(2026, 6, 3, 9))
    return Activity.objects.create(
        committee=world.committee,
        term=world.term,
        title="专题协商会",
        kind=ActivityKind.CONSULTATION,
        starts_at=starts,
        ends_at=starts,
        status=status,
    )


@pytest.fixture
def top(world) -> PlanItem:
    data = {"year": 2026, "level": L.COMMITTEE, "title": "专题协商", "item_type": "consultation", "target_count": 2}
    return services.create_plan_item(committee=world.committee, data=data, actor=None)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_staff_create_an_item_under_another_and_get_it_back_with_progress(world, top):
    body = {
        "year": 2026,
        "level": "special_committee",
        "owner_id": world.special_committee.pk,
        "parent_id": top.pk,
        "title": "经济委对口协商",
        "type": "consultation",
        "month": 6,
        "target_count": 1,
    }
    response = post(world.client(Role.COMMITTEE_STAFF), URL, body)
    assert response.status_code == 201
    created = response.json()
    assert created["owner"] == {"type": "special_committee", "id": world.special_committee.pk, "name": "经济委员会"}
    assert (created["parent_id"], created["done_count"], created["progress"]) == (top.pk, 0, 0)
    assert PlanItem.objects.get(pk=created["id"]).special_committee == world.special_committee


def test_linking_held_activities_completes_the_item_and_its_parent(world, top):
    child = services.create_plan_item(
        committee=world.committee,
        data={"year": 2026, "level": L.MEMBER, "parent": top, "title": "发言", "member": world.member},
        actor=None,
    )
    client = world.client(Role.ADMIN)
    held = held_activity(world)
    response = post(client, f"{URL}/{child.pk}/activities", {"activity_ids": [held.pk]})
    assert response.status_code == 200
    assert (response.json()["activity_ids"], response.json()["progress"]) == ([held.pk], 100)
    assert client.get(f"{URL}/{top.pk}").json()["done_count"] == 1
    assert client.delete(f"{URL}/{child.pk}/activities/{held.pk}").status_code == 204
    assert not child.activities.exists()


def test_linking_an_unknown_activity_is_a_400_with_the_field(world, top):
    response = post(world.client(Role.ADMIN), f"{URL}/{top.pk}/activities", {"activity_ids": [999999]})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"activity_ids": ["活动不存在"]}


def test_the_list_follows_what_each_caller_may_see(world, top, django_assert_max_num_queries):
    services.create_plan_item(
        committee=world.committee,
        data={"year": 2026, "level": L.MEMBER, "parent": top, "title": "李明的任务", "member": world.member},
        actor=None,
    )
    leader = world.client(Role.LEADER)
    with django_assert_max_num_queries(12):
        staff = leader.get(URL, {"year": 2026}).json()
    assert [i["title"] for i in staff["items"]] == ["专题协商", "李明的任务"] and staff["count"] == 2
    mine = world.client(Role.MEMBER).get(URL, {"year": 2026}).json()
    assert [i["title"] for i in mine["items"]] == ["李明的任务"]
    assert world.client(Role.HANDLING_UNIT).get(URL, {"year": 2026}).status_code == 403  # no business with plans
    assert world.client(Role.MEMBER).get(f"{URL}/{top.pk}").status_code == 404


def test_patch_changes_the_item_but_not_its_level(world, top):
    client = world.client(Role.ADMIN)
    response = client.patch(
        f"{URL}/{top.pk}", {"title": "专题协商（调整）", "month": None}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["title"] == "专题协商（调整）"
    bad = client.patch(f"{URL}/{top.pk}", {"target_count": 0}, content_type="application/json")
    assert bad.status_code == 400


def test_roles_without_manage_activities_get_403_on_writes(world, top):
    for role in (Role.LEADER, Role.MEMBER, Role.HANDLING_UNIT):
        client = world.client(role)
        body = {"year": 2026, "level": "committee", "title": "x"}
        assert post(client, URL, body).status_code == 403
        assert client.patch(f"{URL}/{top.pk}", {"title": "y"}, content_type="application/json").status_code == 403
        assert client.delete(f"{URL}/{top.pk}").status_code == 403
    assert PlanItem.objects.count() == 1


def test_scoped_staff_get_403_outside_their_branch(world, top):
    user = make_user(world.committee, Role.COMMITTEE_STAFF)
    RoleAssignment.objects.filter(user=user).update(special_committee=world.special_committee)
    client = world.client(Role.ADMIN)
    client.force_login(user)
    assert client.patch(f"{URL}/{top.pk}", {"title": "y"}, content_type="application/json").status_code == 403
    assert post(client, URL, {"year": 2026, "level": "committee", "title": "x"}).status_code == 403
    own = {"year": 2026, "level": "special_committee", "owner_id": world.special_committee.pk, "title": "本委任务"}
    assert post(client, URL, own).status_code == 201


def test_delete_removes_a_leaf(world, top):
    assert world.client(Role.ADMIN).delete(f"{URL}/{top.pk}").status_code == 204
    assert not PlanItem.objects.exists()


def test_outsiders_get_404_for_the_items_of_another_committee(world, outsider, top):
    client = outsider.client(Role.ADMIN)
    assert client.get(f"{URL}/{top.pk}").status_code == 404
    assert client.patch(f"{URL}/{top.pk}", {"title": "y"}, content_type="application/json").status_code == 404
    assert post(client, f"{URL}/{top.pk}/activities", {"activity_ids": [1]}).status_code == 404
    assert client.get(URL, {"year": 2026}).json()["count"] == 0
    # Another committee's owner or parent cannot be named either.
    body = {"year": 2026, "level": "special_committee", "owner_id": world.special_committee.pk, "title": "x"}
    assert post(client, URL, body).status_code == 404
