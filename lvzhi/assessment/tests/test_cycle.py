"""The yearly cycle (§3.7): every move of the year's table against its service, who may move it, the timeline, and
the frozen year staying as it was frozen."""

import pytest

from lvzhi.assessment.models import AssessmentYear, Score
from lvzhi.assessment.services import cycle, schemes
from lvzhi.assessment.services.scores import committee_scores
from lvzhi.assessment.tests.cycle_factories import THREE_ONES, YEAR, leader, lines, office, year_in
from lvzhi.assessment.transitions import YEAR as YEAR_FLOW
from lvzhi.assessment.transitions import YEAR_MOVES
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, NotAllowed
from lvzhi.core.models import Notification
from lvzhi.core.workdays import add_working_days
from lvzhi.core.workflow import NEW, workflow_cases
from lvzhi.testing import make_member

SERVICE = {
    "freeze": lambda a, w: cycle.freeze(a, actor=office(w)),
    "close_check": lambda a, w: cycle.close_check(a, actor=office(w)),
    "submit": lambda a, w: cycle.submit(a, actor=office(w)),
    "return": lambda a, w: cycle.return_for_review(a, actor=leader(w), note="请补充界别评议意见"),
    "approve": lambda a, w: cycle.approve(a, actor=leader(w)),
    "archive": lambda a, w: cycle.archive(a, actor=office(w)),
}


def test_every_year_move_has_a_case():
    assert set(SERVICE) | {"open"} == set(YEAR_MOVES)


CASES = [case for case in workflow_cases(YEAR_FLOW) if case[0] != "open" and case[1] != NEW]


@pytest.mark.parametrize(("action", "status", "allowed"), CASES)
def test_year_action_from_every_status(world, action, status, allowed):
    assessment = AssessmentYear.objects.create(committee=world.committee, year=YEAR, status=status)
    if allowed:
        SERVICE[action](assessment, world)
        assert AssessmentYear.objects.get(pk=assessment.pk).status == YEAR_MOVES[action].target
        event = assessment.events.last()
        assert (event.action, event.from_status, event.to_status) == (action, status, YEAR_MOVES[action].target)
    else:
        with pytest.raises(Conflict):
            SERVICE[action](assessment, world)
        assert AssessmentYear.objects.get(pk=assessment.pk).status == status


def test_opening_a_year_twice_is_refused(world):
    cycle.open_year(world.committee, YEAR, actor=office(world))
    with pytest.raises(Conflict):
        cycle.open_year(world.committee, YEAR, actor=office(world))


@pytest.mark.parametrize(
    ("role", "action"),
    [(Role.LEADER, "freeze"), (Role.GROUP_CONVENOR, "freeze"), (Role.MEMBER_AFFAIRS, "approve"), (Role.MEMBER, "open")],
)
def test_who_may_move_the_year(world, role, action):
    assessment = AssessmentYear.objects.create(committee=world.committee, year=YEAR, status="approval")
    actor = world.users[role]
    with pytest.raises(NotAllowed):
        if action == "open":
            cycle.open_year(world.committee, YEAR + 1, actor=actor)
        elif action == "freeze":
            cycle.freeze(assessment, actor=actor)
        else:
            cycle.approve(assessment, actor=actor)


def test_freeze_copies_the_rules_stores_scores_sets_the_window_and_tells_members(world):
    lines(world, world.member, *THREE_ONES)
    assessment = year_in(world, "checking")
    assert assessment.rules == schemes.rules_in_force(world.committee, YEAR)[0].to_json()
    assert assessment.frozen_at is not None
    assert assessment.check_until == add_working_days(world.committee, assessment.frozen_at.date(), 10)
    assert Score.objects.get(assessment=assessment, member=world.member).score == 70
    assert Notification.objects.filter(user=world.member.user, kind="assessment.check").exists()
    assert [e.action for e in assessment.events.all()] == ["open", "freeze"]


def test_a_year_that_has_not_ended_cannot_be_frozen(world):
    assessment = cycle.open_year(world.committee, YEAR + 1, actor=office(world))
    with pytest.raises(Conflict, match="尚未结束"):
        cycle.freeze(assessment, actor=office(world))


def test_approval_publishes_and_tells_each_member(world):
    lines(world, world.member, *THREE_ONES)
    assessment = year_in(world, "published")
    assert Notification.objects.filter(user=world.member.user, kind="assessment.published").count() == 1
    assert [e.action for e in assessment.events.all()] == ["open", "freeze", "close_check", "submit", "approve"]


def test_a_finished_year_is_unchanged_by_a_later_scheme_and_later_ledger_rows(world):
    lines(world, world.member, *THREE_ONES)
    assessment = year_in(world, "published")
    before = list(Score.objects.filter(assessment=assessment).values_list("member_id", "score", "band", "lines"))
    # A new scheme that would pay far more: adopting it for the frozen year is refused, for later years allowed.
    draft = schemes.create_draft(world.committee, actor=office(world), name="新办法", preset="minhang")
    with pytest.raises(Conflict):
        schemes.adopt(draft, actor=office(world), from_year=YEAR)
    schemes.adopt(draft, actor=office(world), from_year=YEAR + 1)
    # More rows for the finished year arrive in the ledger afterwards.
    lines(world, world.member, *[("research", "present")] * 4, ("award", "award_national"))
    after = list(Score.objects.filter(assessment=assessment).values_list("member_id", "score", "band", "lines"))
    assert after == before
    assert [s.score for s in committee_scores(world.committee, YEAR)] == [70]
    assert schemes.rules_in_force(world.committee, YEAR)[0].to_json() == assessment.rules


def test_the_demo_freezes_last_year_with_a_dispute_of_the_demo_member(world):
    from types import SimpleNamespace

    from lvzhi.assessment.demo_cycle import seed_cycle
    from lvzhi.assessment.models import LineCheck

    make_member(world, "王芳")
    users = {"lianluo": office(world), "weiyuan": world.member.user}
    seed_cycle(SimpleNamespace(seed=7, prefix=""), world.committee, users)
    assessment = AssessmentYear.objects.get(committee=world.committee, year=YEAR)
    assert assessment.status == "checking" and Score.objects.filter(assessment=assessment).count() == 2
    assert LineCheck.objects.get(assessment=assessment).member == world.member


def test_a_frozen_year_keeps_the_scheme_it_was_frozen_with_when_that_scheme_is_withdrawn_or_replaced(world):
    lines(world, world.member, *THREE_ONES)
    jinan = schemes.create_draft(world.committee, actor=office(world), name="济南式", preset="jinan")
    schemes.adopt(jinan, actor=office(world), from_year=YEAR)
    assessment = year_in(world, "checking")
    frozen = Score.objects.get(assessment=assessment).score
    assert assessment.scheme == jinan and assessment.rules == jinan.rules
    schemes.withdraw(jinan, actor=office(world))
    later = schemes.create_draft(world.committee, actor=office(world), name="新办法", preset="anqing")
    schemes.update_draft(later, actor=office(world), rules={**later.rules, "base_total": 60})
    schemes.adopt(later, actor=office(world), from_year=YEAR + 1)
    lines(world, world.member, ("research", "present"), ("inspection", "present"))  # recorded late, not corrected
    assert schemes.rules_in_force(world.committee, YEAR)[0].to_json() == jinan.rules
    assert Score.objects.get(assessment=assessment).score == frozen
    assert [s.score for s in committee_scores(world.committee, YEAR)] == [float(frozen)]
