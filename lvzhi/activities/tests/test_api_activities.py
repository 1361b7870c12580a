import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, ActivityFile
from lvzhi.activities.tests.factories import crowd, hours_from_now, make_activity, move_start
from lvzhi.core.capabilities import Role
from lvzhi.testing import picture

API = "/api/v1/activities"


@pytest.fixture
def staff(world):
    return world.client(Role.MEMBER_AFFAIRS)


@pytest.fixture
def member(world):
    return world.client(Role.MEMBER)


def body(**overrides):
    starts = hours_from_now(48).replace(microsecond=0)
    return {
        "title": "优化营商环境专题调研",
        "kind": "research",
        "mode": "menu",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + datetime.timedelta(hours=3)).isoformat(),
        "location": "高新区",
        "capacity": 20,
        "registration_closes_at": (starts - datetime.timedelta(days=1)).isoformat(),
        "audience": {"all": True},
        **overrides,
    }


def test_staff_create_a_draft_with_its_audience(world, staff):
    response = staff.post(
        API,
        body(audience={"sectors": [world.sectors[0].pk], "groups": [world.group.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["status"], data["capacity"], data["mode"]) == ("draft", 20, "menu")
    assert data["audience"] == {
        "all": False,
        "sectors": [world.sectors[0].pk],
        "groups": [world.group.pk],
        "special_committees": [],
        "members": [],
        "regional_groups": [],
        "stations": [],
        "committees": [],
        "gender": "",
        "new_only": False,
        "positions": [],
    }
    assert data["starts_at"].endswith("+08:00")
    assert Activity.objects.get(pk=data["id"]).created_by == world.users[Role.MEMBER_AFFAIRS]


def test_a_station_organises_an_activity(world, staff):
    """A 联络站's own activity counts among the station's events (its page, its standards checklist)."""
    created = staff.post(API, body(organiser_station_id=world.station.pk), content_type="application/json")
    assert created.status_code == 201
    assert created.json()["organiser_station_id"] == world.station.pk
    assert Activity.objects.get(pk=created.json()["id"]).organiser_station == world.station


def test_bad_input_names_the_field_in_chinese(staff):
    response = staff.post(API, body(kind="party", capacity=0), content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"kind", "capacity"}
    ends_first = body(ends_at=hours_from_now(1).isoformat())
    error = staff.post(API, ends_first, content_type="application/json").json()["error"]
    assert error["fields"]["ends_at"] == ["结束时间不能早于开始时间"]


def test_an_unknown_organiser_or_audience_id_is_refused(outsider, staff):
    response = staff.post(API, body(organiser_group_id=outsider.group.pk), content_type="application/json")
    assert response.status_code == 400
    response = staff.post(API, body(organiser_station_id=outsider.station.pk), content_type="application/json")
    assert response.json()["error"]["fields"] == {"organiser_station_id": ["不存在"]}
    response = staff.post(API, body(audience={"sectors": [outsider.sectors[0].pk]}), content_type="application/json")
    assert response.json()["error"]["code"] == "activity.bad_audience"


def test_members_list_what_is_open_or_assigned_to_them_and_staff_list_everything(world, staff, member):
    crowd(world, 1, sector_index=4)
    open_to_all = make_activity(world)
    make_activity(world, publish=False)
    make_activity(world, audience=services.Audience(sector_ids=(world.sectors[4].pk,)))
    assigned = make_activity(
        world, mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=(world.member.pk,))
    )
    mine = {a["id"] for a in member.get(API).json()["items"]}
    assert mine == {open_to_all.pk, assigned.pk}
    assert staff.get(API).json()["count"] == 4
    assert staff.get(API, {"status": "draft"}).json()["count"] == 1


def test_the_list_filters_by_dates_and_costs_the_same_queries_for_many_rows(
    world, staff, django_assert_max_num_queries
):
    for days in (1, 5, 9):
        make_activity(world, starts_in_hours=24 * days)
    start = timezone.localdate() + datetime.timedelta(days=4)
    end = timezone.localdate() + datetime.timedelta(days=6)
    dated = staff.get(API, {"from": start.isoformat(), "to": end.isoformat()}).json()
    assert dated["count"] == 1
    with CaptureQueriesContext(connection) as few:
        staff.get(API, {"page_size": 50})
    for _ in range(20):
        make_activity(world, publish=False)
    with django_assert_max_num_queries(len(few)):
        assert len(staff.get(API, {"page_size": 50}).json()["items"]) == 23


def test_the_detail_shows_the_timeline_and_my_place(world, member):
    activity = make_activity(world, capacity=1)
    (first,) = crowd(world, 1)
    services.register_for_activity(activity, member=first, actor=first.user)
    services.register_for_activity(activity, member=world.member, actor=world.member.user)
    data = member.get(f"{API}/{activity.pk}").json()
    assert data["me"] == {"status": "waitlisted", "position": 1, "attendance": "", "leave": None}
    assert [(e["from"], e["to"]) for e in data["timeline"]] == [("", "draft"), ("draft", "published")]
    assert (data["confirmed"], data["waitlisted"]) == (1, 1)


def test_a_member_does_not_see_a_draft_or_an_activity_outside_their_audience(world, member):
    crowd(world, 1, sector_index=4)
    draft = make_activity(world, publish=False)
    elsewhere = make_activity(world, audience=services.Audience(sector_ids=(world.sectors[4].pk,)))
    assert member.get(f"{API}/{draft.pk}").status_code == 404
    assert member.get(f"{API}/{elsewhere.pk}").status_code == 404


def test_staff_change_a_draft_and_publish_it(world, staff):
    activity = make_activity(world, publish=False)
    changed = staff.patch(
        f"{API}/{activity.pk}",
        {"capacity": 5, "audience": {"members": [world.member.pk]}},
        content_type="application/json",
    ).json()
    assert changed["capacity"] == 5 and changed["audience"]["members"] == [world.member.pk]
    assert staff.post(f"{API}/{activity.pk}/publish").json()["status"] == "published"
    assert staff.post(f"{API}/{activity.pk}/publish").status_code == 409


def test_the_whole_life_through_the_api(world, staff, member):
    activity = make_activity(world)
    assert member.post(f"{API}/{activity.pk}/registrations").status_code == 201
    for step, status in [
        ("close-registration", "registration_closed"),
        ("confirm-list", "list_confirmed"),
        ("notice", "notified"),
    ]:
        response = staff.post(f"{API}/{activity.pk}/{step}", {}, content_type="application/json")
        assert response.json()["status"] == status, step
    move_start(activity, starts_in_minutes=-60)
    assert staff.post(f"{API}/{activity.pk}/start").json()["status"] == "in_progress"
    assert staff.post(f"{API}/{activity.pk}/end").json()["status"] == "ended"
    assert staff.post(f"{API}/{activity.pk}/close").json()["status"] == "attendance_confirmed"
    reopened = staff.post(f"{API}/{activity.pk}/reopen", {"reason": "补登"}, content_type="application/json")
    assert reopened.json()["status"] == "ended"
    staff.post(f"{API}/{activity.pk}/close")
    outcome = {"minutes": "纪要", "outcome": "调研报告一篇", "suggestions_count": 4}
    done = staff.post(f"{API}/{activity.pk}/outcome", outcome, content_type="application/json").json()
    assert (done["status"], done["suggestions_count"]) == ("outcome_recorded", 4)
    photo = SimpleUploadedFile("现场.jpg", picture("JPEG"), content_type="image/jpeg")
    attached = staff.post(f"{API}/{activity.pk}/files", {"file": photo, "title": "现场照片", "kind": "photo"})
    assert attached.status_code == 201
    assert ActivityFile.objects.get(pk=attached.json()["id"]).kind == "photo"
    assert staff.post(f"{API}/{activity.pk}/archive").json()["status"] == "archived"


def test_withdraw_cancel_and_reschedule(world, staff):
    withdrawn = make_activity(world)
    assert staff.post(f"{API}/{withdrawn.pk}/withdraw", {}, content_type="application/json").json()["status"] == "draft"
    activity = make_activity(world)
    new_start = hours_from_now(96)
    moved = staff.post(
        f"{API}/{activity.pk}/reschedule",
        {
            "starts_at": new_start.isoformat(),
            "ends_at": (new_start + datetime.timedelta(hours=1)).isoformat(),
            "reason": "领导出差",
        },
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert moved.json()["starts_at"] == timezone.localtime(new_start).isoformat()
    missing_reason = staff.post(f"{API}/{activity.pk}/cancel", {}, content_type="application/json")
    assert missing_reason.status_code == 400
    cancelled = staff.post(f"{API}/{activity.pk}/cancel", {"reason": "议题取消"}, content_type="application/json")
    assert cancelled.json()["status"] == "cancelled"


def test_inviting_more_than_the_free_places_refuses_or_waitlists_as_asked(world, staff):
    activity = make_activity(
        world, mode=Activity.Mode.INVITE, capacity=2, audience=services.Audience(member_ids=(world.member.pk,))
    )
    first, second, third = crowd(world, 3)
    url = f"{API}/{activity.pk}/invitations"
    ids = [third.pk, first.pk]  # the order given is the order of priority
    plan = staff.post(f"{url}/plan", {"member_ids": [*ids, world.member.pk]}, content_type="application/json")
    assert plan.json() == {
        "free": 1,
        "seated": [third.pk],
        "waitlisted": [first.pk],
        "already_on_list": [world.member.pk],
    }
    refused = staff.post(url, {"member_ids": ids}, content_type="application/json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "activity.full")
    assert "只剩 1 个名额，不能邀请 2 人" in refused.json()["error"]["message"]
    assert activity.registrations.count() == 1  # nothing changed
    body = {"member_ids": [*ids, world.member.pk], "overflow": "waitlist"}
    done = staff.post(url, body, content_type="application/json")
    assert done.json() == {"invited": 1, "waitlisted": 1, "already_on_list": 1}
    statuses = dict(activity.registrations.values_list("member_id", "status"))
    assert statuses[third.pk] == "invited" and statuses[first.pk] == "waitlisted" and second.pk not in statuses


def test_staff_invite_members_to_a_meeting(world, staff):
    activity = make_activity(
        world, mode=Activity.Mode.INVITE, publish=False, audience=services.Audience(member_ids=(world.member.pk,))
    )
    others = crowd(world, 2)
    response = staff.post(
        f"{API}/{activity.pk}/invitations", {"member_ids": [m.pk for m in others]}, content_type="application/json"
    )
    assert response.json() == {"invited": 2, "waitlisted": 0, "already_on_list": 0}
    assert (
        staff.post(
            f"{API}/{activity.pk}/invitations", {"member_ids": [999999]}, content_type="application/json"
        ).status_code
        == 400
    )
