"""Every calendar rule's months, days, thresholds and warning dates are the committee's own settings, with today's
values as defaults: changing them changes the planned drafts and the compliance warnings (常州's 界别活动月 is June)."""

import datetime
from datetime import date

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.planning import queries, services
from lvzhi.planning.models import CalendarRule, PlannedActivity, WarningSettings
from lvzhi.planning.tests.test_compliance_warnings import activity
from lvzhi.testing import World

Kind = CalendarRule.Kind
API = "/api/v1/calendar"


def generate(world: World) -> services.Generated:
    return services.generate_planned_drafts(
        world.committee, 2026, actor=world.users[Role.ADMIN], today=date(2026, 1, 1)
    )


def set_rule(world: World, kind: str, **data):
    return services.update_calendar_rule(committee=world.committee, kind=kind, data=data, actor=world.users[Role.ADMIN])


def warnings(world: World, today: date) -> list[tuple[str, str]]:
    return [(w.subject, w.message) for w in queries.compliance_warnings(world.committee, 2026, today)]


def test_the_defaults_are_todays_rules(world):
    rules = {r.kind: r for r in queries.calendar_rules(world.committee)}
    assert queries.rule_months(rules[Kind.ACTIVITY_DAY]) == (2, 4, 6, 8, 10, 12)
    assert queries.rule_months(rules[Kind.SECTOR_MONTH]) == (12,)
    assert (rules[Kind.ACTIVITY_DAY].weekday, rules[Kind.STUDY_DAY].day) == (4, 1)
    assert queries.warning_settings(world.committee).rules() == queries.workcal.DEFAULT_WARNINGS


def test_a_june_sector_month_plans_its_drafts_in_june(world):
    set_rule(world, Kind.SECTOR_MONTH, months="6")
    generate(world)
    (slot,) = PlannedActivity.objects.filter(rule__kind=Kind.SECTOR_MONTH)
    assert slot.nominal_date == date(2026, 6, 1) and slot.activity.kind == ActivityKind.SECTOR_ACTIVITY


def test_two_sector_months_and_quarterly_activity_days_on_wednesdays(world):
    set_rule(world, Kind.SECTOR_MONTH, months="5、11")
    set_rule(world, Kind.ACTIVITY_DAY, months="3,6,9,12", weekday=2)
    generate(world)
    sector = PlannedActivity.objects.filter(rule__kind=Kind.SECTOR_MONTH).order_by("nominal_date")
    assert [s.nominal_date for s in sector] == [date(2026, 5, 1), date(2026, 11, 1)]
    days = PlannedActivity.objects.filter(rule__kind=Kind.ACTIVITY_DAY).order_by("nominal_date")
    assert [d.nominal_date for d in days] == [
        date(2026, 3, 25),
        date(2026, 6, 24),
        date(2026, 9, 30),
        date(2026, 12, 30),
    ]


def test_the_study_day_on_the_tenth(world):
    set_rule(world, Kind.STUDY_DAY, day=10, shift="none")
    generate(world)
    days = PlannedActivity.objects.filter(rule__kind=Kind.STUDY_DAY).order_by("nominal_date")
    assert {d.nominal_date.day for d in days} == {10} and days.count() == 12


def test_bad_months_are_refused_in_chinese_and_nothing_changes(world):
    with pytest.raises(DomainError) as exc:
        set_rule(world, Kind.ACTIVITY_DAY, months="2、13")
    assert "1 至 12" in exc.value.message
    rule = next(r for r in queries.calendar_rules(world.committee) if r.kind == Kind.ACTIVITY_DAY)
    assert queries.rule_months(rule) == (2, 4, 6, 8, 10, 12)


def test_warning_settings_move_the_deadlines_and_thresholds(world):
    activity(world, ActivityKind.SECTOR_CONSULTATION, date(2026, 3, 1), group=world.group)
    activity(world, ActivityKind.SECTOR_ACTIVITY, date(2026, 4, 1), group=world.group)
    activity(world, ActivityKind.SECTOR_ACTIVITY, date(2026, 5, 1), group=world.group)
    assert [m for s, m in warnings(world, date(2026, 12, 1)) if s == world.group.name] == []
    services.update_warning_settings(
        committee=world.committee,
        data={"activity_month": 6, "activity_day": 30, "activity_min": 3, "lecture_warning_month": 3},
        actor=world.users[Role.ADMIN],
    )
    assert (world.group.name, "截至6月30日界别活动少于3次（已有2次）") in warnings(world, date(2026, 6, 30))
    assert ("政协大讲堂", "第1季度尚未安排政协大讲堂") not in warnings(world, date(2026, 2, 1))
    assert ("政协大讲堂", "第1季度尚未安排政协大讲堂") in warnings(world, date(2026, 3, 1))
    audit = AuditEvent.objects.get(action="warning_settings.updated")
    assert audit.data["activity_min"] == [2, 3]


def test_a_deadline_that_does_not_exist_is_refused(world):
    with pytest.raises(DomainError) as exc:
        services.update_warning_settings(
            committee=world.committee, data={"consultation_month": 2, "consultation_day": 30}, actor=None
        )
    assert "该月没有这一天" in exc.value.message
    assert not WarningSettings.objects.exists()


def test_the_settings_screen_saves_and_the_calendar_shows_the_new_warning(world):
    client = world.client(Role.ADMIN)
    url = reverse("planning:warning_settings")
    assert "提醒规则设置" in client.get(url).content.decode()
    form = {
        "consultation_month": "1",
        "consultation_day": "31",
        "consultation_min": "1",
        "activity_month": "11",
        "activity_day": "30",
        "activity_min": "2",
        "lecture_warning_month": "2",
        "year": "2026",
    }
    assert client.post(url, form).status_code == 302
    assert WarningSettings.objects.get(committee=world.committee).consultation_month == 1
    bad = client.post(url, {**form, "consultation_month": "4", "consultation_day": "31"})
    assert bad.status_code == 200 and "该月没有这一天" in bad.content.decode()


def test_the_rule_screen_edits_the_months(world):
    client = world.client(Role.ADMIN)
    url = reverse("planning:rule_edit") + "?kind=sector_month"
    page = client.get(url).content.decode()
    assert 'name="months"' in page and 'name="weekday"' not in page
    data = {"kind": "sector_month", "title": "界别活动月", "activity_kind": "sector_activity", "mode": "invite"}
    data |= {"starts_at": "09:00", "ends_at": "11:30", "shift": "next", "months": "6", "per_group": "on"}
    assert client.post(reverse("planning:rule_edit"), data).status_code == 302
    assert CalendarRule.objects.get(committee=world.committee, kind="sector_month").months == "6"


def test_only_calendar_editors_change_settings_and_others_committees_are_apart(world, outsider):
    assert world.client(Role.MEMBER).get(reverse("planning:warning_settings")).status_code == 403
    body = {"activity_min": 5}
    refused = world.client(Role.LEADER).patch(f"{API}/warning-settings", body, content_type="application/json")
    assert refused.status_code == 403
    ok = world.client(Role.ADMIN).patch(f"{API}/warning-settings", body, content_type="application/json")
    assert (ok.status_code, ok.json()["activity_min"]) == (200, 5)
    assert world.client(Role.LEADER).get(f"{API}/warning-settings").json()["activity_min"] == 5
    assert outsider.client(Role.ADMIN).get(f"{API}/warning-settings").json()["activity_min"] == 2


def test_the_api_sets_a_rules_months(world):
    client = world.client(Role.ADMIN)
    response = client.patch(f"{API}/rules", {"kind": "sector_month", "months": [6]}, content_type="application/json")
    assert (response.status_code, response.json()["months"]) == (200, [6])
    bad = client.patch(f"{API}/rules", {"kind": "sector_month", "months": [13]}, content_type="application/json")
    assert bad.status_code in (400, 422)
    schedule = client.get(API, {"year": 2026}).json()
    sector = next(r for r in schedule["rules"] if r["rule"]["kind"] == "sector_month")
    assert [d["nominal_date"] for d in sector["dates"]] == ["2026-06-01"]


def test_a_saved_rule_with_no_months_falls_back_to_the_default(world):
    rule = set_rule(world, Kind.ACTIVITY_DAY, months="")
    assert queries.rule_months(rule) == (2, 4, 6, 8, 10, 12)
    assert datetime.date(2026, 2, 27) in {
        p.nominal_date for p in queries.rule_dates(rule, 2026, queries.work_calendar(world.committee, 2026))
    }
