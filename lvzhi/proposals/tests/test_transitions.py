"""The proposal table against its services: an action from any status succeeds exactly when the table allows it."""

from collections.abc import Callable

import pytest

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict
from lvzhi.core.workflow import NEW, workflow_cases
from lvzhi.proposals import services
from lvzhi.proposals.models import Assignment, Proposal, ProposalEvent
from lvzhi.proposals.services import handling
from lvzhi.proposals.services.common import PROPOSAL
from lvzhi.proposals.tests.factories import PARKING, colleague, office, proposal, reviewing_reply, unit_of
from lvzhi.proposals.transitions import PROPOSAL_MOVES
from lvzhi.testing import World, today

P = Proposal.Status


def _lead(world: World) -> Proposal:
    return proposal(world, P.ACCEPTED, text=PARKING, number=900)


CASES: dict[str, Callable[[Proposal, World], object]] = {
    "update": lambda p, w: services.save_draft(p, data={"title": "新案由"}, actor=w.member.user),
    "invite": lambda p, w: services.invite_cosigners(p, members=[colleague(w)], actor=w.member.user),
    "submit": lambda p, w: services.submit_proposal(p, actor=w.member.user),
    "return": lambda p, w: services.return_for_revision(p, actor=office(w), note="请补充数据"),
    "accept": lambda p, w: services.accept(p, actor=office(w)),
    "not_accept": lambda p, w: services.not_accept(p, actor=office(w), reason="vague", note="无具体建议"),
    "merge": lambda p, w: services.merge(p, into=_lead(w), actor=office(w)),
    "convert": lambda p, w: services.convert(p, to="opinion", consent=True, actor=office(w)),
    "withdraw": lambda p, w: services.withdraw(p, actor=office(w), note="提案人申请撤回"),
    "assign": lambda p, w: handling.assign(p, units=[(unit_of(w), "lead")], due_date=None, actor=office(w)),
    "reassign": lambda p, w: handling.assign(
        p, units=[(unit_of(w, "市交通局"), "lead")], due_date=None, actor=office(w), reassign=True
    ),
    "reply": lambda p, w: handling.draft_reply(
        _assignment(p, w),
        grade="A",
        content="已解决。",
        contact_mode="phone",
        contacted_on=today(),
        unit_ids=frozenset({unit_of(w).pk}),
        actor=w.users[Role.HANDLING_UNIT],
    ),
    "publish_reply": lambda p, w: handling.approve_reply(reviewing_reply(w, p, _assignment(p, w)), actor=office(w)),
    "evaluate": lambda p, w: handling.evaluate(p, satisfaction="satisfied", comment="", actor=w.member.user),
    "rehandle": lambda p, w: handling.evaluate(p, satisfaction="unsatisfied", comment="未落实", actor=w.member.user),
}


def _assignment(p: Proposal, w: World) -> Assignment:
    assignment = Assignment.objects.create(
        committee=w.committee, proposal=p, unit=unit_of(w), role="sole", due_date=today()
    )
    ProposalEvent.objects.create(committee=w.committee, proposal=p, action="assign", to_status=p.status)
    return assignment


def test_every_action_has_a_case():
    assert set(CASES) == set(PROPOSAL_MOVES)


CASE_LIST = [case for case in workflow_cases(PROPOSAL) if case[1] != NEW]


@pytest.mark.parametrize(("action", "status", "allowed"), CASE_LIST, ids=[f"{a}-{s}" for a, s, _ in CASE_LIST])
def test_action_from_status(world, action, status, allowed):
    item = proposal(world, status)
    if allowed:
        CASES[action](item, world)
        expected = PROPOSAL_MOVES[action].target or status
    else:
        with pytest.raises(Conflict):
            CASES[action](item, world)
        expected = status
    item.refresh_from_db()
    assert item.status == expected
    if allowed and PROPOSAL_MOVES[action].target:
        event = item.events.latest("at", "id")
        assert (event.action, event.from_status, event.to_status) == (action, status, expected)
