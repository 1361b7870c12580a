"""履职日历 screen: rule dates with shifts marked, the holiday editor, rule settings and the generate button."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.planning.models import CalendarRule, Holiday, PlannedActivity
from lvzhi.testing import World, make_user

CALENDAR = reverse("planning:calendar")
HOLIDAY = reverse("planning:holiday_save")
REMOVE = reverse("planning:holiday_remove")
RESET = reverse("planning:holidays_reset")
RULE = reverse("planning:rule_edit")
GENERATE = reverse("planning:generate")
NEXT_YEAR = timezone.localdate().year + 1


def convenor_of_group(world: World):
    """A group convenor whose role is narrowed to the world's sector group."""
    user = make_user(world.committee, Role.GROUP_CONVENOR)
    RoleAssignment.objects.filter(user=user).update(sector_group=world.group)
    return user


def test_staff_see_the_years_dates_with_shifted_ones_marked_by_the_holiday(world, django_assert_max_num_queries):
    client = world.client(Role.LEADER)
    with django_assert_max_num_queries(20):
        response = client.get(CALENDAR, {"year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-date="2025-10-09"' in page and "原定10月1日（国庆节、中秋节）" in page
    assert "2025年节假日与调休" in page
    assert "generate-form" not in page  # a leader reads the calendar, the office plans it


def test_members_and_handling_units_may_not_open_the_calendar(world):
    for role in (Role.MEMBER, Role.HANDLING_UNIT):
        assert world.client(role).get(CALENDAR).status_code == 403


@pytest.mark.parametrize("url", [HOLIDAY, REMOVE, RESET, GENERATE])
def test_changing_views_refuse_get(world, url):
    assert world.client(Role.ADMIN).get(url).status_code == 405


def test_staff_add_a_holiday_and_it_shifts_the_dates(world):
    response = world.client(Role.MEMBER_AFFAIRS).post(HOLIDAY, {"date": "2026-04-24", "name": "防汛演练", "year": 2026})
    assert response.status_code == 302
    assert Holiday.objects.get(committee=world.committee, date=date(2026, 4, 24)).name == "防汛演练"
    page = world.client(Role.ADMIN).get(CALENDAR, {"year": 2026}).content.decode()
    assert 'data-date="2026-04-23"' in page and "原定4月24日（防汛演练）" in page


def test_a_bad_holiday_is_explained_and_what_was_typed_stays(world):
    response = world.client(Role.ADMIN).post(
        HOLIDAY, {"date": "2026-03-04", "name": "周三调休", "is_makeup_workday": "on", "year": 2026}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "调休上班日应是周六或周日" in page and 'value="周三调休"' in page
    assert not Holiday.objects.exists()


def test_removing_and_resetting_holidays(world):
    client = world.client(Role.ADMIN)
    assert client.post(REMOVE, {"date": "2026-10-07", "year": 2026}).status_code == 302
    assert not Holiday.objects.filter(date=date(2026, 10, 7)).exists()
    assert Holiday.objects.filter(date=date(2026, 10, 6)).exists()
    assert client.post(RESET, {"year": 2026}).status_code == 302
    assert not Holiday.objects.exists()


def test_staff_scoped_to_one_group_and_leaders_may_not_change_the_calendar(world):
    convenor = convenor_of_group(world)
    client = world.client(Role.LEADER)
    client.force_login(convenor)
    for url in (HOLIDAY, GENERATE, RESET):
        assert client.post(url, {"date": "2026-04-24", "name": "x", "year": 2026}).status_code == 403
    assert client.get(RULE).status_code == 403
    assert world.client(Role.LEADER).post(HOLIDAY, {"date": "2026-04-24", "name": "x"}).status_code == 403
    assert not Holiday.objects.exists()


def test_the_rule_form_changes_the_rule(world):
    client = world.client(Role.ADMIN)
    assert client.get(RULE, {"kind": "lecture"}).status_code == 200
    data = {
        "kind": "lecture",
        "enabled": "on",
        "title": "政协大讲堂（季度）",
        "activity_kind": "lecture",
        "mode": "menu",
        "location": "报告厅",
        "starts_at": "15:00",
        "ends_at": "17:00",
        "shift": "next",
        "day": "10",
        "quarter_month": "2",
        "per_group": "",
    }
    assert client.post(RULE, data).status_code == 302
    rule = CalendarRule.objects.get(committee=world.committee, kind="lecture")
    assert (rule.day, rule.quarter_month, rule.starts_at) == (10, 2, time(15, 0))


def test_a_rule_ending_before_it_starts_is_refused_with_the_reason(world):
    data = {
        "kind": "activity_day",
        "title": "委员活动日",
        "activity_kind": "activity_day",
        "mode": "menu",
        "weekday": "4",
    }
    response = world.client(Role.ADMIN).post(
        RULE, {**data, "starts_at": "15:00", "ends_at": "09:00", "shift": "previous"}
    )
    assert response.status_code == 200
    assert "结束时间应晚于开始时间" in response.content.decode()
    assert not CalendarRule.objects.filter(starts_at=time(15, 0)).exists()


def test_the_generate_button_plans_next_years_drafts_once(world):
    client = world.client(Role.COMMITTEE_STAFF)
    assert "generate-form" in client.get(CALENDAR, {"year": NEXT_YEAR}).content.decode()
    assert client.post(GENERATE, {"year": NEXT_YEAR}).status_code == 302
    assert client.post(GENERATE, {"year": NEXT_YEAR}).status_code == 302
    assert Activity.objects.filter(committee=world.committee, status=Activity.Status.DRAFT).count() == 6 + 12 + 4 + 1
    assert PlannedActivity.objects.count() == 23
