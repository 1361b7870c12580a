"""The shape of a workflow table: each action names the statuses it may start from, where it goes, and who may do it."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability
from lvzhi.core.errors import Conflict

# The status of a row that does not exist yet (a first sign-up, a first leave request).
NEW = ""


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str | None  # None: the action keeps the status (an edit, a reschedule)
    capability: Capability | None  # None: not a user's move but a side effect of another feature's service

    def allows(self, status: str) -> bool:
        return status in self.sources


def ensure_move(
    moves: Mapping[str, Move], action: str, status: str, *, statuses: type[models.TextChoices], code: str
) -> str:
    """The status the action leads to from `status`, or Conflict (409) naming the current status."""
    move = moves[action]
    if not move.allows(status):
        label = statuses(status).label if status in statuses.values else _("未创建")
        raise Conflict(code, _("当前状态为“%(status)s”，不能执行此操作") % {"status": label})
    return move.target if move.target is not None else status
