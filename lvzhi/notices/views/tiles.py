"""What notices show on the member home: unread notices with their count."""

from typing import Any

from django.utils import timezone

from lvzhi.core.registry import HomeContext
from lvzhi.notices.models import StudyAssignment
from lvzhi.notices.queries import member_assignments, member_notices

LATEST = 3


def member_unread(home: HomeContext) -> dict[str, Any] | None:
    unread = member_notices(home.member).filter(read_at__isnull=True)
    latest = list(unread[:LATEST])
    if not latest:
        return None
    return {"count": unread.count() if len(latest) == LATEST else len(latest), "notices": latest}


def member_study(home: HomeContext) -> dict[str, Any] | None:
    """Open study assignments the member has not completed, soonest deadline first."""
    pending = list(
        member_assignments(home.member)
        .filter(status=StudyAssignment.Status.PUBLISHED, completed_at__isnull=True, deadline__gt=timezone.now())
        .order_by("deadline", "id")[:LATEST]
    )
    return {"assignments": pending} if pending else None
