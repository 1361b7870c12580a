"""The API's input kit (lvzhi/core/apiinput.py) on the findings of issue 8: each junk input is refused with a
400 and the error envelope, where it used to be read as something else or end in a 500."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role
from lvzhi.org.models import Member

API = "/api/v1"
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"


@pytest.fixture
def staff(world):
    return world.client(Role.ADMIN)


@pytest.fixture
def draft(world) -> Activity:
    return make_activity(world, publish=False, title="原标题")


def refused(response, field: str | None = None) -> dict:
    assert response.status_code == 400, (response.status_code, response.content)
    error = response.json()["error"]
    assert error["code"] == "validation.invalid"
    assert error["message"]
    if field is not None:
        assert field in error["fields"], error
        assert all(not m.isascii() for m in error["fields"][field]), error["fields"][field]
    return error


@pytest.mark.parametrize("body", ['"hello world"', "[1, 2]", "42", "true", "null"])
def test_a_patch_body_that_is_not_an_object_is_refused_not_read_as_one(staff, draft, body):
    response = staff.patch(f"{API}/activities/{draft.pk}", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] in ("validation.invalid", "request.malformed")
    draft.refresh_from_db()
    assert draft.title == "原标题"


@pytest.mark.parametrize("field", ["content", "goal", "title", "location", "kind", "starts_at", "checkin_opens_before"])
def test_null_in_a_field_the_activity_needs_is_refused(staff, draft, field):
    refused(staff.patch(f"{API}/activities/{draft.pk}", {field: None}, content_type="application/json"), field)


def test_null_still_clears_a_field_that_may_be_empty(staff, draft):
    response = staff.patch(f"{API}/activities/{draft.pk}", {"capacity": None}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["capacity"] is None


def _new_activity(**changes: object) -> dict:
    start = timezone.now() + datetime.timedelta(days=5)
    body = {
        "title": "专题调研",
        "kind": "research",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
    }
    return {**body, **changes}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("capacity", True),
        ("capacity", 2**70),
        ("min_participants", False),
        ("starts_at", 1767225600),
        ("starts_at", "1767225600"),
        ("starts_at", "0001-01-01T09:00:00+08:00"),
        ("starts_at", "9999-12-31T09:00:00+08:00"),
        ("registration_closes_at", 0),
        ("organiser_special_committee_id", 2**64),
        ("title", "   "),
        ("title", ZERO_WIDTH),
        ("title", " \u3000" + ZERO_WIDTH),
        ("title", "会议\x00"),
        ("content", "正文\x00"),
        ("content", "长" * 20_001),
        ("location", "地" * 201),
    ],
)
def test_junk_in_a_new_activity_is_refused(world, staff, field, value):
    refused(staff.post(f"{API}/activities", _new_activity(**{field: value}), content_type="application/json"), field)
    assert not Activity.objects.filter(committee=world.committee).exists()


def test_a_title_is_stored_trimmed(staff):
    response = staff.post(
        f"{API}/activities", _new_activity(title=f"  {ZERO_WIDTH}调研 "), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["title"] == "调研"


def test_an_audience_id_beyond_64_bits_is_refused(staff):
    body = _new_activity(audience={"members": [2**64]})
    refused(staff.post(f"{API}/activities", body, content_type="application/json"), "audience.members.0")


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/members", "page"),
        ("/members", "sector"),
        ("/activities", "page_size"),
        ("/plans", "year"),
        ("/stats/activities", "year"),
        ("/calendar", "year"),
    ],
)
def test_query_integers_out_of_range_are_refused(staff, path, param):
    refused(staff.get(f"{API}{path}", {param: str(10**20)}), param)


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_dates_in_year_1_or_9999_are_refused(world, staff, year):
    refused(staff.get(f"{API}/activities", {"from": f"{year}-01-01"}), "from")
    body = {"date": f"{year}-05-01", "name": "劳动节"}
    refused(staff.post(f"{API}/calendar/holidays", body, content_type="application/json"), "date")
    body = {"title": "vice_chair", "started_on": f"{year}-01-01"}
    refused(staff.post(f"{API}/members/{world.member.pk}/positions", body, content_type="application/json"))


@pytest.mark.parametrize("value", ["09:00+08:00", "09:00:00Z", 32400, "9"])
def test_a_calendar_rules_time_takes_no_time_zone_or_number(staff, value):
    body = {"kind": "activity_day", "starts_at": value}
    refused(staff.patch(f"{API}/calendar/rules", body, content_type="application/json"), "starts_at")


def test_a_calendar_rules_settings_cannot_be_nulled(staff):
    for field in ("title", "day", "enabled", "starts_at"):
        body = {"kind": "activity_day", field: None}
        refused(staff.patch(f"{API}/calendar/rules", body, content_type="application/json"), field)


def test_a_nul_byte_in_a_search_is_refused(staff):
    refused(staff.get(f"{API}/members", {"q": "张\x00"}), "q")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/special-committees", {"name": " \u200b "}, "name"),
        ("/sector-groups", {"name": "\ufeff"}, "name"),
        ("/regional-groups", {"name": "　"}, "name"),
        ("/stations", {"name": "\u200d", "kind": "studio"}, "name"),
        ("/checklists", {"name": "八有", "items": ["有场地", " "]}, "items.1"),
        ("/plans", {"year": 2026, "level": "committee", "title": "\u200b"}, "title"),
        ("/duty-records", {"kind": "research", "title": "  ", "date": "2026-01-05"}, "title"),
    ],
)
def test_names_of_only_spaces_or_zero_width_characters_are_refused(staff, path, body, field):
    refused(staff.post(f"{API}{path}", body, content_type="application/json"), field)


def test_a_member_name_of_only_spaces_is_refused_and_nothing_is_changed(world, staff):
    response = staff.patch(f"{API}/members/{world.member.pk}", {"name": " \u200b"}, content_type="application/json")
    refused(response, "name")
    assert Member.objects.get(pk=world.member.pk).name == "李明"


def test_a_birth_date_in_the_future_is_refused(world, staff):
    response = staff.patch(
        f"{API}/members/{world.member.pk}", {"birth_date": "2099-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "birth_date" in response.json()["error"]["fields"]


def test_a_password_too_short_is_refused_in_chinese(world, staff):
    body = {"username": "newstaff", "password": "a1", "display_name": "新同事", "committee": world.committee.code}
    response = staff.post(f"{API}/users", {**body, "roles": ["leader"]}, content_type="application/json")
    assert response.status_code == 400
    messages = response.json()["error"]["fields"]["password"]
    assert any("密码太短" in m for m in messages), messages
    assert all(not m.isascii() for m in messages)
