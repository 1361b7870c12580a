"""Study and training targets (DOMAIN.md §5) on a hand-built year: sessions, participation with 补学, per group and
per station, training coverage per term with new members."""

import datetime

import pytest

from lvzhi.assessment.targets import Filter, study_report, training_report
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties, record_duty
from lvzhi.notices.tests.factories import make_assignment
from lvzhi.org.models import GroupSeat, Membership
from lvzhi.testing import make_member

YEAR = 2025


def rows(world, member, *lines, status=DutyRecord.Status.CONFIRMED, term=None):
    """(kind, role, month, day) rows, each its own session (no source: one per date and title)."""
    entries = [DutyEntry(member, k, r, datetime.date(YEAR, m, d), f"{k}{m}-{d}") for k, r, m, d in lines]
    return record_duties(committee=world.committee, entries=entries, recorded_by=None, status=status, term=term)


def online(world, member, *, makeup: bool, day: int = 20):
    extra = {"makeup": True, "makeup_for": "第三次集中学习"} if makeup else {}
    assignment = make_assignment(world, pass_mark=None, **extra)
    return record_duty(
        committee=world.committee,
        member=member,
        kind="study",
        role="participant",
        event_date=datetime.date(YEAR, 6, day),
        title="补学" if makeup else "在线学习",
        source=assignment,
        recorded_by=None,
    )


@pytest.fixture
def year(world):
    """李明: 5 sessions (1 excused) + 1 补学 → 5/5; 王芳: 3 sessions (1 absent) + 1 online → 3/4; 赵强: nothing."""
    li = world.member
    wang = make_member(world, "王芳")
    zhao = make_member(world, "赵强", sector=world.sectors[1])
    GroupSeat.objects.create(committee=world.committee, membership=wang.memberships.get(), group=world.group)
    rows(
        world,
        li,
        ("study", "present", 1, 6),
        ("study", "present", 3, 3),
        ("study", "left_early", 5, 6),
        ("lecture", "late", 7, 1),
        ("training", "excused", 9, 1),
    )
    online(world, li, makeup=True)
    rows(world, wang, ("study", "present", 1, 6), ("study", "present", 3, 3), ("study", "absent", 5, 6))
    online(world, wang, makeup=False)
    # Not counted: another year, a voided row, a non-study kind.
    record_duty(
        committee=world.committee,
        member=zhao,
        kind="study",
        role="present",
        event_date=datetime.date(YEAR + 1, 1, 5),
        title="明年",
        recorded_by=None,
    )
    rows(world, zhao, ("study", "present", 2, 2), status=DutyRecord.Status.VOIDED)
    rows(world, zhao, ("research", "present", 4, 4))
    return li, wang, zhao


def test_member_figures_count_sessions_excused_and_absent_as_invited_and_makeup_once(world, year):
    _li, _wang, _zhao = year
    report = study_report(world.committee, YEAR)
    got = {m.name: (m.total_invited, m.total_attended, m.rate, m.meets_sessions, m.meets_rate) for m in report.members}
    assert got == {
        "李明": (5, 5, 1.0, True, True),
        "王芳": (4, 3, 0.75, False, False),
        "赵强": (0, 0, None, False, False),
    }
    assert [m.name for m in report.short] == ["王芳", "赵强"]
    assert report.meeting_both == 1
    assert report.rate == pytest.approx(8 / 9)


def test_a_makeup_never_counts_for_more_than_was_missed(world, year):
    li, _wang, _zhao = year
    online(world, li, makeup=True, day=21)  # a second 补学 with nothing left to make up
    mine = next(m for m in study_report(world.committee, YEAR).members if m.member_id == li.pk)
    assert (mine.invited, mine.attended, mine.makeups, mine.made_up, mine.total_attended) == (5, 4, 2, 1, 5)


def test_group_and_station_figures_sum_members_and_count_distinct_sessions(world, year):
    report = study_report(world.committee, YEAR)
    group = report.groups[0]
    # Sessions held for the group: 1-6, 3-3, 5-6 (both), 7-1, 9-1 (李明) → 5; the online assignment is not a session.
    assert (group.name, group.members, group.sessions, group.short) == ("经济界活动组", 2, 5, 1)
    assert (group.total_invited, group.total_attended) == (9, 8)
    assert group.meets_sessions and not group.meets_rate  # 8/9 = 88.9 % < 90 %
    station = report.stations[0]
    assert (station.name, station.members, station.sessions, station.total_invited, station.total_attended) == (
        "城东委员工作室",
        1,
        5,
        5,
        5,
    )


def test_filters_and_narrowing(world, year):
    _li, wang, _zhao = year
    assert [m.name for m in study_report(world.committee, YEAR, flt=Filter(sector=world.sectors[1].pk)).members] == [
        "赵强"
    ]
    assert {m.name for m in study_report(world.committee, YEAR, flt=Filter(group=world.group.pk)).members} == {
        "李明",
        "王芳",
    }
    assert [m.name for m in study_report(world.committee, YEAR, flt=Filter(station=world.station.pk)).members] == [
        "李明"
    ]
    assert [m.name for m in study_report(world.committee, YEAR, only={wang.pk}).members] == ["王芳"]


def test_training_coverage_per_term_and_new_members(world):
    li = world.member
    wang = make_member(world, "王芳")
    zhao = make_member(world, "赵强")
    Membership.objects.filter(member=zhao).update(appointment=Membership.Appointment.REAPPOINTED)
    rows(world, li, ("training", "present", 4, 1))
    rows(world, li, ("training", "late", 10, 1))
    rows(world, wang, ("training", "absent", 4, 1))  # invited but absent: not trained
    report = training_report(world.term)
    got = {m.name: (m.new, m.trainings, m.last) for m in report.members}
    assert got == {
        "李明": (True, 2, datetime.date(YEAR, 10, 1)),
        "王芳": (True, 0, None),
        "赵强": (False, 0, None),
    }
    assert (report.trained, report.coverage, report.new_trained) == (1, pytest.approx(1 / 3), 1)
    assert [m.name for m in report.short] == ["王芳", "赵强"]
    assert [m.name for m in report.new_short] == ["王芳"]
