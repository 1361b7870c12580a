"""GET /api/v1/stats/activities (API.md "Statistics")."""

from lvzhi.core.capabilities import Role
from lvzhi.dashboard.tests.test_activity_stats import YEAR, held
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.testing import make_member

URL = "/api/v1/stats/activities"


def test_staff_get_items_with_the_contract_fields(world, django_assert_max_num_queries):
    wang = make_member(world, "王芳")
    held(world, ActivityKind.RESEARCH, [world.member, wang], checked_in=[world.member, wang])
    held(world, ActivityKind.RESEARCH, [world.member], checked_in=[world.member])
    client = world.client(Role.LEADER)
    with django_assert_max_num_queries(10):
        body = client.get(URL, {"year": YEAR, "group_by": "kind"}).json()
    assert body == {
        "year": YEAR,
        "group_by": "kind",
        "count": 1,
        "items": [{"key": "research", "name": "调研", "activities": 2, "attendances": 3, "members_attending": 2}],
    }


def test_every_grouping_answers(world):
    held(world, ActivityKind.SECTOR_ACTIVITY, [world.member], checked_in=[world.member], group=world.group)
    client = world.client(Role.ADMIN)
    expected = {
        "sector_group": str(world.group.pk),
        "sector": str(world.sectors[0].pk),
        "committee": world.committee.code,
    }
    for group_by, key in expected.items():
        (row,) = client.get(URL, {"year": YEAR, "group_by": group_by}).json()["items"]
        assert (row["key"], row["activities"], row["attendances"], row["members_attending"]) == (key, 1, 1, 1)


def test_an_unknown_grouping_is_a_400(world):
    response = world.client(Role.ADMIN).get(URL, {"group_by": "weather"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "validation.invalid"


def test_roles_without_view_stats_get_403(world):
    for role in (Role.MEMBER, Role.HANDLING_UNIT):
        assert world.client(role).get(URL).status_code == 403


def test_another_committees_activities_never_show(world, outsider):
    held(outsider, ActivityKind.RESEARCH, [outsider.member], checked_in=[outsider.member])
    assert world.client(Role.ADMIN).get(URL, {"year": YEAR}).json()["items"] == []
