"""Every workflow table against its services: each (action, status) pair succeeds exactly when the table allows it."""

from collections.abc import Callable

import pytest

from lvzhi.core.errors import Conflict
from lvzhi.core.workflow import NEW, workflow_cases
from lvzhi.opinions import services
from lvzhi.opinions.models import Bulletin, Opinion, Referral
from lvzhi.opinions.services.common import BULLETIN, OPINION, REFERRAL
from lvzhi.opinions.tests.factories import bulletin_in, draft, edited, office, referral, report_in, today, unit_of
from lvzhi.testing import World

# action → the service call on a report of the world's member
OPINION_CASES: dict[str, Callable[[Opinion, World], object]] = {
    "resubmit": lambda o, w: services.resubmit_opinion(o, user=w.member.user, draft=draft()),
    "withdraw": lambda o, w: services.withdraw_opinion(o, user=w.member.user),
    "edit": lambda o, w: services.edit_opinion(o, draft=draft(), actor=office(w)),
    "return": lambda o, w: services.return_opinion(o, actor=office(w), reason="请补充数据"),
    "decline": lambda o, w: services.decline_opinion(o, actor=office(w), reason="已有同类信息"),
    "merge": lambda o, w: services.merge_opinions([o, edited(w)], draft=draft(), actor=office(w)),
    "compile": lambda o, w: services.create_bulletin(committee=w.committee, opinions=[o], actor=office(w)),
    "uncompile": lambda o, w: services.update_bulletin(o.bulletin, actor=office(w), remove=[o]),
    "forward": lambda o, w: services.forward_opinion(o, unit=unit_of(w), actor=office(w)),
    "adopt": lambda o, w: services.adopt_opinion(o, level="city", adopted_on=today(), actor=office(w)),
    "instruct": lambda o, w: services.record_instruction(
        o, leader_level="city", instructed_on=today(), summary="请市住建局研究", actor=office(w)
    ),
}
# Submitting creates the report; issuing is a side effect of issuing its bulletin (tested there).
NOT_FROM_A_STATUS = {"submit", "issue"}


def test_every_opinion_action_has_a_case():
    assert set(OPINION_CASES) | NOT_FROM_A_STATUS == set(OPINION.moves)


def _by_action(workflow, skip=frozenset()) -> list[str]:
    return sorted({action for action, status, _ in workflow_cases(workflow) if action not in skip})


@pytest.mark.parametrize("action", _by_action(OPINION, NOT_FROM_A_STATUS))
def test_opinion_action_from_every_status(world, action):
    for case_action, status, allowed in workflow_cases(OPINION):
        if case_action != action or status == NEW:
            continue
        opinion = report_in(world, status)
        if action == "uncompile":
            bulletin = Bulletin.objects.create(committee=world.committee, year=2026)
            Opinion.objects.filter(pk=opinion.pk).update(bulletin=bulletin)
            opinion.refresh_from_db()
        if allowed:
            OPINION_CASES[action](opinion, world)
            expected = OPINION.moves[action].target or status
        else:
            with pytest.raises(Conflict):
                OPINION_CASES[action](opinion, world)
            expected = status
        assert Opinion.objects.get(pk=opinion.pk).status == expected, f"{action} from {status}"


BULLETIN_CASES: dict[str, Callable[[Bulletin, World], object]] = {
    "update": lambda b, w: services.update_bulletin(b, actor=office(w), editor_note="编者按"),
    "approve": lambda b, w: services.approve_bulletin(b, actor=office(w)),
    "reopen": lambda b, w: services.reopen_bulletin(b, actor=office(w), reason="再改"),
    "sign": lambda b, w: services.sign_bulletin(b, actor=w.users["leader"]),
    "refuse": lambda b, w: services.refuse_bulletin(b, actor=w.users["leader"], reason="再斟酌"),
    "issue": lambda b, w: services.issue_bulletin(b, actor=office(w)),
    "discard": lambda b, w: services.discard_bulletin(b, actor=office(w)),
}


def test_every_bulletin_action_has_a_case():
    assert set(BULLETIN_CASES) | {"create"} == set(BULLETIN.moves)


@pytest.mark.parametrize("action", sorted(BULLETIN_CASES))
def test_bulletin_action_from_every_status(world, action):
    for case_action, status, allowed in workflow_cases(BULLETIN):
        if case_action != action or status == NEW:
            continue
        bulletin = bulletin_in(world, status)
        if allowed:
            BULLETIN_CASES[action](bulletin, world)
            expected = BULLETIN.moves[action].target or status
        else:
            with pytest.raises(Conflict):
                BULLETIN_CASES[action](bulletin, world)
            expected = status
        assert Bulletin.objects.get(pk=bulletin.pk).status == expected, f"{action} from {status}"


REFERRAL_CASES: dict[str, Callable[[Referral, World], object]] = {
    "answer": lambda r, w: services.answer_referral(r, actor=w.users["handling_unit"], answer="已列入年度计划"),
    "recall": lambda r, w: services.recall_referral(r, actor=office(w)),
}


@pytest.mark.parametrize("action", sorted(REFERRAL_CASES))
def test_referral_action_from_every_status(world, action):
    assert set(REFERRAL_CASES) | {"forward"} == set(REFERRAL.moves)
    for case_action, status, allowed in workflow_cases(REFERRAL):
        if case_action != action or status == NEW:
            continue
        made = referral(world)
        Referral.objects.filter(pk=made.pk).update(status=status)
        made.refresh_from_db()
        if allowed:
            REFERRAL_CASES[action](made, world)
            expected = REFERRAL.moves[action].target
        else:
            with pytest.raises(Conflict):
                REFERRAL_CASES[action](made, world)
            expected = status
        assert Referral.objects.get(pk=made.pk).status == expected, f"{action} from {status}"
