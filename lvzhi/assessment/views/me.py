"""The member's own score on the phone: how it grows through the year, the minimum duties, what to join next."""

import datetime
from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lvzhi.activities.models import Activity
from lvzhi.assessment.models import AssessmentYear
from lvzhi.assessment.rules import ATTENDED, Rules
from lvzhi.assessment.scoring import MemberScore, score_member, trace
from lvzhi.assessment.services.schemes import load_year, rules_in_force
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import Committee
from lvzhi.core.permissions import requires
from lvzhi.core.years import year_of as year_asked
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.models import Member
from lvzhi.org.portal import member_of

SUGGESTIONS = 5


@dataclass(frozen=True)
class DutyDone:
    code: str
    label: str
    done: bool


@dataclass
class Progress:
    year: int
    status: str
    status_label: str
    rules: Rules
    score: MemberScore
    duties: list[DutyDone]
    rank_visible: bool
    suggestions: list[Activity] = field(default_factory=list)


def my_progress(committee: Committee, member: Member, year: int) -> Progress | None:
    assessment = load_year(committee, year)
    rules, _scheme = rules_in_force(committee, year, assessment)
    score = score_member(committee, year, member.pk, rules)
    if score is None:
        return None
    status = assessment.status if assessment else "live"
    status_label = assessment.get_status_display() if assessment else str(AssessmentYear.Status.LIVE.label)
    if assessment is not None and assessment.is_frozen:
        frozen = assessment.scores.filter(member=member).first()
        if frozen is not None:
            score.score, score.band, score.rank = float(frozen.score), frozen.band, frozen.rank
            score.band_label = rules.band_label(frozen.band)
    duties = [DutyDone(d.code, d.label, d.code not in score.missing_duties) for d in rules.minimum_duties]
    published = status in ("published", "archived")
    return Progress(year, status, status_label, rules, score, duties, published and rules.ranking_policy == "published")


def suggestions(member: Member, progress: Progress) -> list[Activity]:
    """Open activities that would fill a missing duty first, else any that still earn points."""
    wanted: set[str] = set()
    for duty in progress.rules.minimum_duties:
        if duty.code in progress.score.missing_duties and set(duty.roles) & set(ATTENDED):
            wanted.update(duty.kinds)
    for ind in progress.rules.indicators:
        if ind.section == "base" and ind.mode == "each" and set(ind.roles) & set(ATTENDED):
            cap = ind.cap * progress.score.person.factor if ind.cap and ind.prorate else ind.cap
            if cap is None or progress.score.lines.get(ind.code, 0) < cap:
                wanted.update(ind.kinds)
    if not wanted:
        return []
    return list(
        Activity.objects.open_to(member)
        .filter(status=Activity.Status.PUBLISHED, starts_at__gt=timezone.now(), kind__in=wanted)
        .order_by("starts_at")[:SUGGESTIONS]
    )


@requires(C.PARTICIPATE)
def my_score(request: HttpRequest) -> HttpResponse:
    year = year_asked(request)
    member = member_of(request.user, request.committee)
    progress = my_progress(request.committee, member, year) if member else None
    if progress is None:
        raise Http404
    rows = DutyRecord.objects.filter(committee=request.committee, member=member, year=year).exclude(
        status=DutyRecord.Status.VOIDED
    )
    traced = [t for t in trace(list(rows), progress.score.person, progress.rules) if t.points]
    labels = {i.code: i.label for i in progress.rules.indicators}
    lines = [(code, labels.get(code, code), points) for code, points in progress.score.lines.items() if points]
    behind = year == timezone.localdate().year and timezone.localdate() >= datetime.date(year, 7, 1)
    return render(
        request,
        "assessment/my_score.html",
        {
            "p": progress,
            "lines": lines,
            "traced": sorted(traced, key=lambda t: (t.record.event_date, t.record.pk), reverse=True),
            "suggest": suggestions(member, progress) if year == timezone.localdate().year else [],
            "behind": behind and any(not d.done for d in progress.duties),
        },
    )


urlpatterns = [path("me/", my_score, name="me")]
