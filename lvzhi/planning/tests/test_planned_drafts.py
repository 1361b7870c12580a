"""Generating planned drafts from the calendar rules: one draft per rule date from today on, never twice."""

from datetime import date, time

from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.planning import services
from lvzhi.planning.models import CalendarRule, PlannedActivity
from lvzhi.testing import World

Kind = CalendarRule.Kind
NEW_YEAR = date(2026, 1, 1)


def generate(world: World, year: int = 2026, today: date = NEW_YEAR) -> services.Generated:
    return services.generate_planned_drafts(world.committee, year, actor=world.users[Role.ADMIN], today=today)


def test_every_rule_date_of_the_year_gets_one_draft_activity(world):
    result = generate(world)
    # 6 activity days + 12 study days + 4 lectures + the sector month for the one group; no plenary date set.
    assert len(result.created) == 6 + 12 + 4 + 1
    assert (result.existing, result.past) == (0, 0)
    drafts = Activity.objects.filter(committee=world.committee)
    assert drafts.count() == 23
    assert set(drafts.values_list("status", flat=True)) == {Activity.Status.DRAFT}
    kinds = sorted(drafts.values_list("kind", flat=True))
    assert kinds.count(ActivityKind.STUDY) == 12 and kinds.count(ActivityKind.LECTURE) == 4


def test_a_draft_starts_on_the_shifted_date_at_the_rules_time_and_links_back_to_its_rule(world):
    generate(world)
    slot = PlannedActivity.objects.get(rule__kind=Kind.STUDY_DAY, nominal_date=date(2026, 1, 1))
    activity = slot.activity
    assert slot.date == date(2026, 1, 4)
    assert timezone.localtime(activity.starts_at).date() == date(2026, 1, 4)
    assert timezone.localtime(activity.starts_at).time() == time(9, 0)
    assert activity.title == "界别学习日" and activity.audience_all
    assert activity.planned_slot == slot


def test_the_sector_month_plans_one_draft_per_sector_group_organised_by_it(world):
    generate(world)
    (slot,) = PlannedActivity.objects.filter(rule__kind=Kind.SECTOR_MONTH)
    assert slot.sector_group == world.group
    assert slot.activity.organiser_group == world.group
    assert list(slot.activity.audience_groups.all()) == [world.group]
    assert world.group.name in slot.activity.title


def test_generating_again_creates_nothing_even_after_the_shift_policy_changes(world):
    generate(world)
    services.update_calendar_rule(committee=world.committee, kind=Kind.STUDY_DAY, data={"shift": "none"}, actor=None)
    again = generate(world)
    assert (len(again.created), again.existing) == (0, 23)
    assert Activity.objects.filter(committee=world.committee).count() == 23


def test_dates_before_today_are_not_planned(world):
    result = generate(world, today=date(2026, 7, 1))
    # From July: activity days 08-28, 10-30, 12-25; study days Jul–Dec; lectures 07-15, 10-15; the sector month.
    assert (len(result.created), result.past) == (3 + 6 + 2 + 1, 3 + 6 + 2)
    assert not PlannedActivity.objects.filter(date__lt=date(2026, 7, 1)).exists()


def test_disabled_rules_plan_nothing_and_their_settings_shape_the_drafts(world):
    for kind in (Kind.STUDY_DAY, Kind.LECTURE, Kind.SECTOR_MONTH):
        services.update_calendar_rule(committee=world.committee, kind=kind, data={"enabled": False}, actor=None)
    services.update_calendar_rule(
        committee=world.committee,
        kind=Kind.ACTIVITY_DAY,
        data={
            "title": "委员活动日（主题）",
            "location": "市政协三楼",
            "starts_at": time(14, 30),
            "ends_at": time(17, 0),
        },
        actor=None,
    )
    result = generate(world)
    assert len(result.created) == 6
    first = min(result.created, key=lambda a: a.starts_at)
    assert (first.title, first.location, first.kind) == ("委员活动日（主题）", "市政协三楼", ActivityKind.ACTIVITY_DAY)
    assert timezone.localtime(first.starts_at).time() == time(14, 30)


def test_drafts_are_planned_in_the_committee_only(world, outsider):
    generate(world)
    assert not Activity.objects.filter(committee=outsider.committee).exists()
    assert set(PlannedActivity.objects.values_list("committee_id", flat=True)) == {world.committee.pk}
