"""The workflow kit: one transitions table per workflow, and one `transition()` that every status change goes through.

A workflow object has a `status` field with TextChoices and a table of Moves keyed by action (a StrEnum per
workflow, so actions are names, not free strings). `Workflow.transition()` locks the row, checks the table,
saves with update_fields, writes the timeline row (the workflow's event model, or an AuditEvent where the
object has no timeline of its own) and defers notifications to commit. `workflow_cases()` gives a test every
(action, status) pair of a table, allowed or not, so one parametrised test covers the whole table.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.capabilities import Capability
from lvzhi.core.errors import Conflict
from lvzhi.core.models import Committee

# The status of a row that does not exist yet (a first sign-up, a first leave request).
NEW = ""

M = TypeVar("M", bound=models.Model)


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


class WorkflowEvent(models.Model):
    """A workflow object's timeline row: who moved it, when, from which status to which, and why.

    Each workflow's event model subclasses this and adds the foreign key to its object (see ActivityEvent).
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    note = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


EventWriter = Callable[..., Any]


@dataclass(frozen=True)
class Workflow:
    """One workflow: its table, its statuses, the error code of a refused move, and where its timeline goes.

    `event` writes the timeline row: called as event(obj, action=, actor=, from_status=, to_status=, note=, data=).
    Without one, each move is an AuditEvent "<audit_prefix>.<action>" (the object's history tab reads those).
    """

    moves: Mapping[str, Move]
    statuses: type[models.TextChoices]
    code: str
    event: EventWriter | None = None
    audit_prefix: str = ""
    audit_names: Mapping[str, str] | None = None  # action → audit action, where history already names them

    def check(self, action: str, status: str, *, code: str = "") -> str:
        return ensure_move(self.moves, action, status, statuses=self.statuses, code=code or self.code)

    def lock(self, obj: M) -> M:
        """The row, locked until the transaction ends (joined rows are read along, not locked)."""
        return type(obj).objects.select_for_update(of=("self",)).get(pk=obj.pk)

    def transition(
        self,
        obj: M,
        action: str,
        *,
        actor: Any,
        note: str = "",
        data: dict[str, Any] | None = None,
        fields: Iterable[str] = (),
        locked: bool = False,
        after_commit: Callable[[], None] | None = None,
        code: str = "",
    ) -> M:
        """Move `obj` by `action`: lock (unless the caller holds the lock), check, save, record, notify after commit.

        `fields` names the other fields the caller set on `obj` before the move (saved with the status);
        `code` overrides the workflow's error code for this action's refusal.
        """
        with transaction.atomic():
            if not locked:
                fresh = self.lock(obj)
                for name in fields:
                    setattr(fresh, name, getattr(obj, name))
                obj = fresh
            before = obj.status
            obj.status = self.check(action, before, code=code)
            update = ["status", *fields]
            if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
                update.append("updated_at")
            obj.save(update_fields=update)
            actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
            if self.event is not None:
                self.event(
                    obj, action=str(action), actor=actor, from_status=before, to_status=obj.status, note=note, data=data
                )
            else:
                log_event(
                    (self.audit_names or {}).get(action) or f"{self.audit_prefix}.{action}",
                    obj,
                    actor=actor,
                    committee=getattr(obj, "committee", None),
                    data={"from": before, "to": obj.status, **({"note": note} if note else {}), **(data or {})},
                )
            if after_commit is not None:
                transaction.on_commit(after_commit, robust=True)
        return obj


def workflow_cases(workflow: Workflow) -> list[tuple[str, str, bool]]:
    """Every (action, status, allowed) of a table, for one parametrised test over the whole table."""
    statuses = [NEW, *workflow.statuses.values]
    return [
        (str(action), status, move.allows(status)) for action, move in workflow.moves.items() for status in statuses
    ]
