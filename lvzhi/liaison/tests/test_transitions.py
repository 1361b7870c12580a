"""The letter table against its services: an action from any status succeeds exactly when the table allows it."""

from collections.abc import Callable

import pytest

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict
from lvzhi.core.workflow import NEW, workflow_cases
from lvzhi.liaison import services
from lvzhi.liaison.models import Letter
from lvzhi.liaison.tests.factories import letter_input, unit_of
from lvzhi.liaison.transitions import LETTER
from lvzhi.testing import World

S = Letter.Status


def _office(world: World):
    return world.users[Role.MEMBER_AFFAIRS]


CASES: dict[str, Callable[[Letter, World], object]] = {
    "assign": lambda letter, w: services.assign_letter(letter, member=w.member, actor=_office(w)),
    "acknowledge": lambda letter, w: services.acknowledge_letter(letter, note="已收到", actor=_office(w), member=None),
    "forward": lambda letter, w: services.forward_letter(letter, unit=unit_of(w), note="", actor=_office(w)),
    "unit_reply": lambda letter, w: services.unit_reply(
        letter, reply="已修复", actor=w.users[Role.HANDLING_UNIT], unit_ids=[letter.handling_unit_id]
    ),
    "answer": lambda letter, w: services.answer_letter(letter, answer="已转告街道", actor=_office(w), member=None),
    "rate": lambda letter, w: services.rate_letter(letter, rating=3),
    "close": lambda letter, w: services.close_letter(letter, note="广告", actor=_office(w)),
    "archive": lambda letter, w: services.archive_letter(letter, actor=_office(w)),
    "publish": lambda letter, w: services.publish_letter(letter, actor=_office(w)),
    "mark_lead": lambda letter, w: services.mark_lead(letter, kind="opinion", note="", actor=_office(w), member=None),
}
# Side effects of the reminder run, not a person's move: covered in test_reminders.
SKIPPED = {"submit", "remind", "escalate"}


def _letter_in(world: World, status: str) -> Letter:
    mailbox = services.mailbox_for(world.station)
    letter, _ = services.submit_letter(mailbox, letter_input())
    unit = unit_of(world)
    Letter.objects.filter(pk=letter.pk).update(status=status, handling_unit=unit)
    letter.refresh_from_db()
    return letter


TABLE = [case for case in workflow_cases(LETTER) if case[0] not in SKIPPED and case[1] != NEW]


@pytest.mark.parametrize(("action", "status", "allowed"), TABLE, ids=[f"{a}-{s}" for a, s, _ in TABLE])
def test_each_action_from_each_status(world, action, status, allowed):
    letter = _letter_in(world, status)
    if allowed:
        CASES[action](letter, world)
        expected = LETTER.moves[action].target or status
    else:
        with pytest.raises(Conflict) as refused:
            CASES[action](letter, world)
        assert refused.value.code == "letter.bad_status"
        expected = status
    assert Letter.objects.get(pk=letter.pk).status == expected, f"{action} from {status}"


def test_every_letter_action_has_a_case():
    assert set(CASES) | SKIPPED == set(LETTER.moves)


def test_submitting_is_the_only_move_from_nothing():
    allowed_from_new = [action for action, status, allowed in workflow_cases(LETTER) if status == NEW and allowed]
    assert allowed_from_new == ["submit"]
