"""Junk on the pages, as on the API (issue 8): names of only spaces or zero-width characters, NUL bytes, years
out of range, a birth date in the future and an ID number with a wrong check digit on the member edit form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.forminput import query_id
from lvzhi.org.models import Member, SpecialCommittee

ZERO_WIDTH = "\u200b\u200d\ufeff"


def _member_form(world, **changes: object) -> dict:
    membership = world.member.memberships.get()
    data = {
        "name": world.member.name,
        "gender": "male",
        "political_affiliation": "13",
        "sector": membership.sector_id,
        "appointment": "new",
        "number": "0300",
        "joined_on": f"{world.term.start_year}-01-01",
    }
    return {**data, **changes}


def _activity_form(**changes: object) -> dict:
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=10))
    data = {
        "title": "专题调研",
        "kind": "research",
        "mode": "invite",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "checkin_opens_before": "30",
        "checkin_closes_after": "0",
        "late_after": "15",
        "audience_all": "on",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    "changes",
    [
        {"title": " " + ZERO_WIDTH},
        {"title": "\u3000"},
        {"title": "会议\x00"},
        {"starts_at": "9999-12-31T23:00", "ends_at": "9999-12-31T23:30"},
        {"starts_at": "0001-01-01T09:00", "ends_at": "0001-01-01T10:00"},
    ],
    ids=["zero-width", "ideographic-space", "nul", "year-9999", "year-1"],
)
def test_the_activity_form_refuses_junk_and_creates_nothing(world, changes):
    response = world.client(Role.MEMBER_AFFAIRS).post(reverse("activities:manage_create"), _activity_form(**changes))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_activity_form_stores_a_title_trimmed_of_zero_width_characters(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(reverse("activities:manage_create"), _activity_form(title=f"{ZERO_WIDTH} 调研 {ZERO_WIDTH}"))
    assert response.status_code == 302
    assert Activity.objects.get().title == "调研"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ZERO_WIDTH}, "不能为空或只有空格"),
        ({"id_number": "330102199001011235"}, "校验位不正确"),
        ({"birth_date": "2099-01-01"}, "不能晚于今天"),
        ({"employer": "示范\x00大学"}, "空字符"),
    ],
    ids=["zero-width-name", "check-digit", "future-birth", "nul"],
)
def test_the_member_edit_form_refuses_junk(world, changes, message):
    response = world.client(Role.MEMBER_AFFAIRS).post(
        reverse("org:member_edit", args=[world.member.pk]), _member_form(world, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    member = Member.objects.get(pk=world.member.pk)
    assert (member.name, member.id_number, member.birth_date) == ("李明", "", None)


def test_the_member_edit_form_takes_a_valid_id_number(world):
    response = world.client(Role.MEMBER_AFFAIRS).post(
        reverse("org:member_edit", args=[world.member.pk]), _member_form(world, id_number="11010519491231002x")
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=world.member.pk).id_number == "11010519491231002X"


def test_a_special_committee_named_only_with_spaces_is_refused(world):
    response = world.client(Role.ADMIN).post(
        reverse("org:special_committee_create"), {"name": "\u3000" + ZERO_WIDTH, "order": 1, "is_active": "on"}
    )
    assert response.status_code == 200
    assert "不能为空或只有空格" in response.content.decode()
    assert not SpecialCommittee.objects.exclude(pk=world.special_committee.pk).exists()


@pytest.mark.parametrize("url", [reverse("org:directory"), reverse("activities:manage_list")])
def test_a_page_asked_with_a_nul_byte_in_its_query_is_refused(world, url):
    assert world.client(Role.ADMIN).get(url, {"q": "张\x00"}).status_code == 400


def test_query_id_reads_a_positive_ascii_number_and_nothing_else(rf):
    for raw, expected in (("12", 12), (" 7 ", 7), ("0", None), ("-1", None), ("²", None), ("１２", None)):
        assert query_id(rf.get("/", {"sector": raw}), "sector") == expected, raw
    assert query_id(rf.get("/", {"sector": str(2**63)}), "sector") is None
    assert query_id(rf.get("/"), "sector") is None


@pytest.mark.parametrize(
    "path",
    [
        "/assessment/?year=2025&sector={j}&group={j}&special_committee={j}",
        "/assessment/targets/study/?sector={j}&group={j}&station={j}",
        "/assessment/targets/training/?term={j}",
        "/stats/members/?sector={j}&special_committee={j}&group={j}&term={j}",
        "/stats/inactive/?term={j}",
        "/stats/events/?group={j}",
    ],
)
def test_report_screens_take_junk_ids_as_no_filter(world, path):
    client = world.client(Role.MEMBER_AFFAIRS)
    for junk in ("²", "１", "abc", "0", "99999999999999999999999"):
        assert client.get(path.format(j=junk)).status_code == 200, junk
