"""A member's lifecycle in a term (DOMAIN.md §3.9): which status may go to which, and who may move it."""

import datetime
from enum import StrEnum
from typing import Any

from lvzhi.core.audit import log_event
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import User
from lvzhi.core.workflow import Move, Workflow
from lvzhi.org.models import Membership, MembershipStatus, StatusChange

MS = MembershipStatus
SERVING = frozenset({MS.ACTIVE, MS.ADDED})
LEFT = frozenset({MS.RESIGNED, MS.REMOVED, MS.REVOKED})


class MemberAction(StrEnum):
    RESIGN = "resign"  # 辞去
    REMOVE = "remove"  # 免去
    REVOKE = "revoke"  # 撤销资格
    DECEASE = "decease"  # 逝世
    RESTORE = "restore"  # 恢复在任 (a decision reversed)


MA = MemberAction

MEMBERSHIP_MOVES: dict[str, Move] = {
    MA.RESIGN: Move(SERVING, MS.RESIGNED, C.MANAGE_MEMBERS),
    MA.REMOVE: Move(SERVING, MS.REMOVED, C.MANAGE_MEMBERS),
    MA.REVOKE: Move(SERVING, MS.REVOKED, C.MANAGE_MEMBERS),
    MA.DECEASE: Move(SERVING, MS.DECEASED, C.MANAGE_MEMBERS),
    MA.RESTORE: Move(LEFT, MS.ACTIVE, C.MANAGE_MEMBERS),
}
# The screens and the API name the status to go to; this is the action that leads there.
ACTION_TO: dict[str, MemberAction] = {move.target: action for action, move in MEMBERSHIP_MOVES.items()}


def _status_change(
    membership: Membership,
    *,
    action: str,
    actor: User | None,
    from_status: str,
    to_status: str,
    note: str,
    data: dict[str, Any] | None,
) -> None:
    """The lifecycle's timeline row (with its date and deciding meeting), and the member's history entry."""
    data = data or {}
    StatusChange.objects.create(
        committee=membership.committee,
        membership=membership,
        from_status=from_status,
        to_status=to_status,
        effective_on=datetime.date.fromisoformat(data["effective_on"]),
        decided_by=data.get("decided_by", ""),
        note=note,
        actor=actor,
    )
    log_event(
        "member.status_changed",
        membership.member,
        actor=actor,
        committee=membership.committee,
        data={"from": from_status, "to": to_status, **data, "note": note},
    )


MEMBERSHIP = Workflow(MEMBERSHIP_MOVES, MembershipStatus, "member.bad_status_change", event=_status_change)


def allowed_targets(status: str) -> set[str]:
    """The statuses a member in `status` may be moved to (the status form's choices)."""
    return {move.target for move in MEMBERSHIP_MOVES.values() if move.allows(status) and move.target}
