"""Which status a mailbox letter may go to, and who moves it (DOMAIN.md §3.4).

已提交 → 已分拣 (to a member) → {answered directly | forwarded to a unit → handled} → answered → rated → archived;
junk or out-of-scope letters are closed with a note. A letter to a member's own mailbox is sorted to that
member on arrival; the office may still re-sort it or close it.
"""

from enum import StrEnum

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.workflow import NEW, Move, Workflow
from lvzhi.liaison.models import Letter, LetterEvent

S = Letter.Status


class LetterAction(StrEnum):
    SUBMIT = "submit"
    ASSIGN = "assign"
    ACKNOWLEDGE = "acknowledge"
    FORWARD = "forward"
    UNIT_REPLY = "unit_reply"
    ANSWER = "answer"
    RATE = "rate"
    CLOSE = "close"
    ARCHIVE = "archive"
    PUBLISH = "publish"
    MARK_LEAD = "mark_lead"
    REMIND = "remind"
    ESCALATE = "escalate"


LA = LetterAction
WAITING = frozenset({S.SUBMITTED, S.ASSIGNED, S.FORWARDED, S.HANDLED})

LETTER_MOVES: dict[str, Move] = {
    LA.SUBMIT: Move(frozenset({NEW}), S.SUBMITTED, None),
    LA.ASSIGN: Move(frozenset({S.SUBMITTED, S.ASSIGNED}), S.ASSIGNED, C.MANAGE_LETTERS),
    # A first response without the final answer: "received, looking into it" (counts against the 5-day limit).
    LA.ACKNOWLEDGE: Move(frozenset({S.SUBMITTED, S.ASSIGNED}), None, C.ANSWER_LETTERS),
    LA.FORWARD: Move(frozenset({S.SUBMITTED, S.ASSIGNED}), S.FORWARDED, C.MANAGE_LETTERS),
    LA.UNIT_REPLY: Move(frozenset({S.FORWARDED}), S.HANDLED, C.HANDLE_LETTERS),
    LA.ANSWER: Move(frozenset({S.SUBMITTED, S.ASSIGNED, S.HANDLED}), S.ANSWERED, C.ANSWER_LETTERS),
    LA.RATE: Move(frozenset({S.ANSWERED}), S.RATED, None),  # the writer, through the private link
    LA.CLOSE: Move(frozenset({S.SUBMITTED, S.ASSIGNED}), S.CLOSED, C.MANAGE_LETTERS),
    LA.ARCHIVE: Move(frozenset({S.ANSWERED, S.RATED}), S.ARCHIVED, C.MANAGE_LETTERS),
    # Shown on the mailbox page only when the writer agreed and the answer is given.
    LA.PUBLISH: Move(frozenset({S.ANSWERED, S.RATED, S.ARCHIVED}), None, C.MANAGE_LETTERS),
    LA.MARK_LEAD: Move(WAITING | {S.ANSWERED, S.RATED, S.ARCHIVED}, None, C.ANSWER_LETTERS),
    LA.REMIND: Move(WAITING, None, None),
    LA.ESCALATE: Move(WAITING, None, None),
}


def _event(
    letter: Letter, *, action: str, actor: object, from_status: str, to_status: str, note: str, data: dict | None
) -> None:
    LetterEvent.objects.create(
        committee_id=letter.committee_id,
        letter=letter,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note[:300],
        data=data or {},
    )


LETTER = Workflow(moves=LETTER_MOVES, statuses=S, code="letter.bad_status", event=_event)
