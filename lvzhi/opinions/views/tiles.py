"""Home tiles: the author's reports and their outcomes (a member's, or an officer's who is not a member); the
office's reports waiting for review; a station's officers on the station's page."""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import HomeContext
from lvzhi.opinions.models import Bulletin, InformationOfficer, Opinion, Referral
from lvzhi.opinions.queries import officer_report_counts, opinion_rows
from lvzhi.org.models import Station

RECENT = 5


def my_reports(home: HomeContext) -> dict[str, Any] | None:
    reports = Opinion.objects.filter(committee=home.committee, author_user=home.request.user)
    recent = opinion_rows(reports.order_by("-submitted_at", "-id")[:RECENT])
    return {"recent": recent, "returned": sum(1 for r in recent if r["status"] == Opinion.Status.RETURNED)}


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


def officer_home(home: HomeContext) -> dict[str, Any] | None:
    """An information officer without a member record: their reports, this year's figures and their station.
    Before the office appoints them, the record is made on the first report, so the tile shows with none."""
    officer = (
        InformationOfficer.objects.filter(committee=home.committee, user=home.request.user)
        .select_related("station")
        .first()
    )
    sent, adopted = (
        officer_report_counts(home.committee, timezone.localdate().year).get(officer.pk, (0, 0)) if officer else (0, 0)
    )
    return {**my_reports(home), "officer": officer, "sent": sent, "adopted": adopted}


def station_officers(request: HttpRequest, station: Station) -> dict[str, Any] | None:
    """The station's page (liaison) lists its officers; liaison may not import this app, so it is a panel."""
    officers = list(InformationOfficer.objects.filter(committee=station.committee_id, station=station, is_active=True))
    counts = officer_report_counts(station.committee_id, timezone.localdate().year)
    for officer in officers:
        officer.sent, officer.adopted = counts.get(officer.pk, (0, 0))
    return {"officers": officers, "may_manage": request.access.can(C.MANAGE_OPINIONS), "station": station}
