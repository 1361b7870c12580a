"""Reads of the assessment: rankings by committee, sector, sector group and special committee, in the reader's scope."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from lvzhi.assessment.models import AssessmentYear
from lvzhi.assessment.rules import Rules
from lvzhi.assessment.scoring import MemberScore, rank
from lvzhi.assessment.services.schemes import load_year, rules_in_force
from lvzhi.assessment.services.scores import committee_scores
from lvzhi.core.tenancy import Access
from lvzhi.ledger.services import term_for
from lvzhi.org.models import GroupSeat, Membership, Sector, SpecialCommitteeSeat
from lvzhi.org.queries.members import staff_narrowing, visible_members

DEFAULT_NAME = gettext_lazy("推荐默认办法（未另行施行时适用）")


@dataclass(frozen=True)
class RankingFilter:
    sector: int | None = None
    group: int | None = None
    special_committee: int | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.sector or self.group or self.special_committee)


@dataclass
class Ranking:
    year: int
    status: str
    status_label: str
    rules: Rules
    scheme_name: str
    scores: list[MemberScore]
    sectors: dict[int, str]


def ranking(access: Access, year: int, flt: RankingFilter = RankingFilter()) -> Ranking:
    """The year's scores the reader may see, filtered and ranked within the filter (a sector's own ranking)."""
    committee = access.committee
    assessment = load_year(committee, year)
    rules, scheme = rules_in_force(committee, year, assessment)
    scores = committee_scores(committee, year, assessment, rules)
    term = term_for(committee, year)
    memberships = Membership.objects.filter(committee=committee, term=term)
    if flt.sector:
        memberships = memberships.filter(sector_id=flt.sector)
    if flt.group:
        memberships = memberships.filter(pk__in=GroupSeat.objects.filter(group_id=flt.group).values("membership_id"))
    if flt.special_committee:
        seats = SpecialCommitteeSeat.objects.filter(special_committee_id=flt.special_committee)
        memberships = memberships.filter(pk__in=seats.values("membership_id"))
    if flt.narrowed or staff_narrowing(access) is not None:
        memberships = memberships.filter(member__in=visible_members(access))
        allowed = set(memberships.values_list("member_id", flat=True))
        scores = [s for s in scores if s.member_id in allowed]
    if flt.narrowed:
        rank(scores)
    sector_of = dict(memberships.values_list("member_id", "sector_id"))
    for s in scores:
        s.person.sector_id = sector_of.get(s.member_id, s.person.sector_id)
    status = assessment.status if assessment else "live"
    return Ranking(
        year,
        status,
        assessment.get_status_display() if assessment else str(AssessmentYear.Status.LIVE.label),
        rules,
        scheme.name if scheme else str(DEFAULT_NAME),
        sorted(scores, key=lambda s: (s.rank is None, s.rank or 0, -s.score, s.person.name)),
        dict(Sector.objects.filter(term=term).values_list("pk", "name")),
    )
