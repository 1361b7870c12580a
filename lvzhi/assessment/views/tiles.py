"""The member home's tile: this year's score so far and the minimum duties still open."""

from typing import Any

from django.utils import timezone

from lvzhi.assessment.views.me import my_progress
from lvzhi.core.registry import HomeContext


def my_score(home: HomeContext) -> dict[str, Any] | None:
    if home.member is None:
        return None
    progress = my_progress(home.committee, home.member, timezone.localdate().year)
    if progress is None:
        return None
    return {"p": progress, "open": [d for d in progress.duties if not d.done]}
