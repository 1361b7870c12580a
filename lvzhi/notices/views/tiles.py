"""What notices show on the member home: unread notices with their count."""

from typing import Any

from lvzhi.core.registry import HomeContext
from lvzhi.notices.queries import member_notices

LATEST = 3


def member_unread(home: HomeContext) -> dict[str, Any] | None:
    unread = member_notices(home.member).filter(read_at__isnull=True)
    latest = list(unread[:LATEST])
    if not latest:
        return None
    return {"count": unread.count() if len(latest) == LATEST else len(latest), "notices": latest}
