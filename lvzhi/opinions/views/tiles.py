"""Home tiles: the author's reports and their outcomes; the office's reports waiting for review."""

from typing import Any

from django.db.models import Count, Q

from lvzhi.core.registry import HomeContext
from lvzhi.opinions.models import Bulletin, Opinion, Referral
from lvzhi.opinions.queries import with_outcome_counts

RECENT = 5


def my_reports(home: HomeContext) -> dict[str, Any] | None:
    reports = Opinion.objects.filter(committee=home.committee, author_user=home.request.user)
    recent = with_outcome_counts(reports.defer("content", "reason").order_by("-submitted_at")[:RECENT])
    return {"recent": recent, "returned": sum(1 for r in recent if r.status == Opinion.Status.RETURNED)}


def office_queue(home: HomeContext) -> dict[str, Any] | None:
    committee = home.committee
    counts = Opinion.objects.filter(committee=committee).aggregate(
        waiting=Count("pk", filter=Q(status=Opinion.Status.SUBMITTED)),
        ready=Count("pk", filter=Q(status=Opinion.Status.EDITED)),
    )
    counts["drafts"] = Bulletin.objects.filter(committee=committee, status=Bulletin.Status.DRAFT).count()
    counts["signed"] = Bulletin.objects.filter(committee=committee, status=Bulletin.Status.SIGNED).count()
    counts["pending_referrals"] = Referral.objects.filter(committee=committee, status=Referral.Status.PENDING).count()
    return counts
