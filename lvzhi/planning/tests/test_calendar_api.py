"""Calendar API: GET /calendar, holidays, rule settings and POST /calendar/drafts."""

import datetime

from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.planning.models import CalendarRule, Holiday
from lvzhi.testing import make_user

URL = "/api/v1/calendar"
NEXT_YEAR = timezone.localdate().year + 1


def test_staff_read_the_years_dates_holidays_and_warnings(world, django_assert_max_num_queries):
    client = world.client(Role.LEADER)
    with django_assert_max_num_queries(18):
        body = client.get(URL, {"year": 2026}).json()
    assert body["year"] == 2026 and body["customised"] is False
    rules = {r["rule"]["kind"]: r for r in body["rules"]}
    study = rules["study_day"]["dates"][0]
    assert study == {
        "date": "2026-01-04",
        "nominal_date": "2026-01-01",
        "shifted": True,
        "reason": "元旦",
        "planned": 0,
    }
    assert rules["activity_day"]["rule"]["shift"] == "previous"
    assert {"date": "2026-10-01", "name": "国庆节", "is_makeup_workday": False} in body["holidays"]
    assert {w["subject"] for w in body["warnings"]} == {world.group.name, "政协大讲堂"}


def test_members_may_not_read_the_calendar(world):
    response = world.client(Role.MEMBER).get(URL)
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission.denied"


def test_setting_and_removing_a_holiday(world):
    client = world.client(Role.ADMIN)
    body = {"date": "2026-06-26", "name": "防汛", "is_makeup_workday": False}
    response = client.post(f"{URL}/holidays", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["name"] == "防汛"
    dates = client.get(URL, {"year": 2026}).json()["rules"][0]["dates"]
    assert {
        "date": "2026-06-25",
        "nominal_date": "2026-06-26",
        "shifted": True,
        "reason": "防汛",
        "planned": 0,
    } in dates
    assert client.delete(f"{URL}/holidays?date=2026-06-26").status_code == 204
    assert not Holiday.objects.filter(date=datetime.date(2026, 6, 26)).exists()
    assert client.delete(f"{URL}/holidays?date=2026-06-26").status_code == 404
    assert client.post(f"{URL}/holidays/reset?year=2026").status_code == 204
    assert not Holiday.objects.exists()


def test_a_bad_holiday_gets_a_400_naming_the_field(world):
    body = {"date": "2026-06-24", "name": "", "is_makeup_workday": False}
    response = world.client(Role.ADMIN).post(f"{URL}/holidays", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "holiday.name_required",
        "message": "请填写节日名称",
        "fields": {"name": ["此项为必填"]},
    }


def test_patching_a_rule(world):
    client = world.client(Role.COMMITTEE_STAFF)
    body = {"kind": "lecture", "day": 20, "starts_at": "14:30", "ends_at": "16:30", "location": "大礼堂"}
    response = client.patch(f"{URL}/rules", body, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["day"], response.json()["starts_at"]) == (20, "14:30:00")
    assert CalendarRule.objects.get(committee=world.committee, kind="lecture").location == "大礼堂"
    wrong = client.patch(f"{URL}/rules", {"kind": "lecture", "activity_kind": "party"}, content_type="application/json")
    assert wrong.status_code == 400


def test_generating_drafts_through_the_api_is_idempotent(world):
    client = world.client(Role.ADMIN)
    first = client.post(f"{URL}/drafts?year={NEXT_YEAR}").json()
    assert (first["created"], first["existing"]) == (23, 0) and len(first["activity_ids"]) == 23
    again = client.post(f"{URL}/drafts?year={NEXT_YEAR}").json()
    assert (again["created"], again["existing"]) == (0, 23)
    assert Activity.objects.filter(committee=world.committee).count() == 23


def test_roles_that_may_not_change_the_calendar_get_403(world):
    scoped = make_user(world.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=scoped).update(sector_group=world.group)
    convenor = world.client(Role.ADMIN)
    convenor.force_login(scoped)
    for client in (world.client(Role.LEADER), world.client(Role.MEMBER), convenor):
        body = {"date": "2026-06-26", "name": "x"}
        assert client.post(f"{URL}/holidays", body, content_type="application/json").status_code == 403
        assert client.post(f"{URL}/drafts?year={NEXT_YEAR}").status_code == 403
        assert client.patch(f"{URL}/rules", {"kind": "lecture"}, content_type="application/json").status_code == 403
    assert not Holiday.objects.exists() and not Activity.objects.exists()


def test_a_committee_edits_only_its_own_calendar(world, outsider):
    body = {"date": "2026-06-26", "name": "邻市假日"}
    outsider.client(Role.ADMIN).post(f"{URL}/holidays", body, content_type="application/json")
    dates = world.client(Role.ADMIN).get(URL, {"year": 2026}).json()["rules"][0]["dates"]
    assert "2026-06-26" in [d["date"] for d in dates]
    assert not Holiday.objects.filter(committee=world.committee).exists()
