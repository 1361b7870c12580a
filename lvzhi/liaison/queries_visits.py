"""Coverage of visits: every serving member visited at least once in the year; 双联系 pairs against their target."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lvzhi.liaison.models import Campaign, CampaignIssue, LinkAssignment, Visit
from lvzhi.org.models import SERVING_STATUSES, Member, Term


@dataclass
class LinkProgress:
    link: LinkAssignment
    done: int

    @property
    def met(self) -> bool:
        return self.done >= self.link.target


def visited_counts(term: Term, year: int) -> list[tuple[Member, int]]:
    """Each serving member of the term and how many visits or talks they had in the year (one query)."""
    members = (
        Member.objects.filter(memberships__term=term, memberships__status__in=SERVING_STATUSES)
        .annotate(visit_count=Count("visits", filter=Q(visits__date__year=year), distinct=True))
        .order_by("visit_count", "name_pinyin", "id")
        .distinct()
    )
    return [(m, m.visit_count) for m in members]


def link_progress(committee_id: int, year: int) -> list[LinkProgress]:
    links = list(LinkAssignment.objects.filter(committee_id=committee_id, year=year).select_related("leader", "member"))
    pairs = (
        Visit.objects.filter(committee_id=committee_id, date__year=year)
        .values_list("visitor_id", "visited_id")
        .annotate(n=Count("id"))
    )
    done = {(v, m): n for v, m, n in pairs}
    return [LinkProgress(link, done.get((link.leader_id, link.member_id), 0)) for link in links]


def campaigns_with_counts(committee_id: int) -> QuerySet[Campaign]:
    return Campaign.objects.filter(committee_id=committee_id).annotate(
        household_count=Count("households", distinct=True),
        issue_count=Count("households__issues", distinct=True),
        answered_count=Count(
            "households__issues", filter=Q(households__issues__answered_at__isnull=False), distinct=True
        ),
    )


def campaign_issues(campaign: Campaign) -> QuerySet[CampaignIssue]:
    return CampaignIssue.objects.filter(household__campaign=campaign).select_related("household", "handling_unit")
