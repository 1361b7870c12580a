"""常用范围 (issue 13): the office saves a named audience once and applies it to activities, on the screen and
through the API. Applying copies it, so editing or deleting the saved one later changes no activity."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, SavedAudience
from lvzhi.core.audit import AuditEvent
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.testing import make_member

API = "/api/v1/activity-audiences"
WOMEN = services.Audience(all=True, gender="female")


def save(world, name="女委员", audience=WOMEN) -> SavedAudience:
    return services.save_audience(
        committee=world.committee, name=name, audience=audience, actor=world.users[Role.MEMBER_AFFAIRS]
    )


def test_a_saved_audience_is_audited_and_unique_by_name(world):
    saved = save(world)
    assert services.audience_from(saved) == WOMEN
    assert AuditEvent.objects.filter(action="saved_audience.created", object_id=str(saved.pk)).exists()
    with pytest.raises(Conflict):
        save(world)


@pytest.mark.parametrize(
    ("name", "audience", "field"),
    [
        ("  ", WOMEN, "name"),
        ("空的", services.Audience(), "audience.all"),
        ("只有筛选", services.Audience(gender="female"), "audience.all"),
        ("不存在的界别", services.Audience(sector_ids=(999_999,)), "audience.sectors"),
    ],
)
def test_bad_saved_audiences_are_refused(world, name, audience, field):
    with pytest.raises(DomainError) as refused:
        save(world, name=name, audience=audience)
    assert field in refused.value.fields
    assert not SavedAudience.objects.exists()


def _form(world, **more):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=5))
    return {
        "title": "女委员专项视察",
        "kind": "inspection",
        "mode": "invite",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "checkin_opens_before": 60,
        "checkin_closes_after": 0,
        "late_after": 15,
        **more,
    }


def test_the_screen_saves_lists_applies_and_deletes(world):
    make_member(world, "王芳", gender="female")
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(
        reverse("activities:audiences"), {"name": "女委员", "audience_all": "on", "audience_gender": "female"}
    )
    assert response.status_code == 302
    saved = SavedAudience.objects.get(name="女委员")
    assert "女委员" in client.get(reverse("activities:audiences")).content.decode()
    # Chosen on the activity form, it replaces whatever else was ticked.
    response = client.post(
        reverse("activities:manage_create"),
        _form(world, saved_audience=saved.pk, audience_sectors=[world.sectors[3].pk]),
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="女委员专项视察")
    assert (activity.audience_all, activity.audience_gender, activity.audience_sectors.count()) == (True, "female", 0)
    # Deleting it leaves the activity as it was.
    assert client.post(reverse("activities:audience_delete", args=[saved.pk])).status_code == 302
    activity.refresh_from_db()
    assert not SavedAudience.objects.exists() and activity.audience_gender == "female"


def test_the_screen_shows_errors_in_chinese(world):
    response = world.client(Role.MEMBER_AFFAIRS).post(
        reverse("activities:audiences"), {"name": "只有筛选", "audience_gender": "female"}
    )
    assert response.status_code == 422
    assert "请先选择全体委员或具体范围" in response.content.decode()


def test_the_screens_need_the_capability_and_stay_in_the_committee(world, outsider):
    saved = save(world, name="甲范围")
    member = world.client(Role.MEMBER)
    assert member.get(reverse("activities:audiences")).status_code == 403
    assert member.post(reverse("activities:audience_delete", args=[saved.pk])).status_code == 403
    other = outsider.client(Role.MEMBER_AFFAIRS)
    assert other.post(reverse("activities:audience_delete", args=[saved.pk])).status_code == 404
    assert "甲范围" not in other.get(reverse("activities:audiences")).content.decode()
    assert SavedAudience.objects.filter(pk=saved.pk).exists()


def test_the_api_lists_creates_applies_and_deletes(world, outsider):
    client = world.client(Role.MEMBER_AFFAIRS)
    body = {"name": "新任委员", "audience": {"all": True, "new_only": True}}
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.content
    saved_id = created.json()["id"]
    assert created.json()["audience"]["new_only"] is True
    assert [s["name"] for s in client.get(API).json()] == ["新任委员"]
    assert outsider.client(Role.MEMBER_AFFAIRS).get(API).json() == []
    start = timezone.now() + datetime.timedelta(days=5)
    activity = client.post(
        "/api/v1/activities",
        {
            "title": "新任委员培训",
            "kind": "study",
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
            "audience": {"saved_audience_id": saved_id},
        },
        content_type="application/json",
    )
    assert activity.status_code == 201 and activity.json()["audience"]["new_only"] is True
    assert outsider.client(Role.MEMBER_AFFAIRS).delete(f"{API}/{saved_id}").status_code == 404
    assert client.delete(f"{API}/{saved_id}").status_code == 204


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": "", "audience": {"all": True}}, 400),
        ({"name": "x", "audience": {"gender": "female"}}, 400),
        ({"name": "x", "audience": {"all": True, "positions": ["nobody"]}}, 400),
        ({"name": "x"}, 400),
    ],
)
def test_the_api_refuses_bad_input(world, body, status):
    response = world.client(Role.MEMBER_AFFAIRS).post(API, body, content_type="application/json")
    assert response.status_code == status
    assert response.json()["error"]["message"]


def test_the_api_refuses_a_duplicate_and_an_unknown_saved_audience(world, outsider):
    save(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(API, {"name": "女委员", "audience": {"all": True}}, content_type="application/json")
    assert response.status_code == 409
    theirs = save(outsider, name="邻市范围")
    start = timezone.now() + datetime.timedelta(days=5)
    response = client.post(
        "/api/v1/activities",
        {
            "title": "用别人的范围",
            "kind": "study",
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
            "audience": {"saved_audience_id": theirs.pk},
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"audience.saved_audience_id": ["不存在"]}


def test_the_list_costs_the_same_for_one_or_many(world, django_assert_max_num_queries):
    for n in range(10):
        save(world, name=f"范围{n}")
    client = world.client(Role.MEMBER_AFFAIRS)
    client.get(API)
    with django_assert_max_num_queries(8):
        assert len(client.get(API).json()) == 10
    with django_assert_max_num_queries(20):
        assert client.get(reverse("activities:audiences")).status_code == 200
