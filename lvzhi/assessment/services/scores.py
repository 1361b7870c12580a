"""Scores for reading: live from the ledger during the year, from the frozen rows once the year is frozen."""

from decimal import Decimal

from django.db import transaction

from lvzhi.assessment.models import AssessmentYear, Score
from lvzhi.assessment.rules import Rules
from lvzhi.assessment.scoring import MemberScore, Person, score_committee
from lvzhi.assessment.services.schemes import UNLOADED, Unloaded, load_year, rules_in_force
from lvzhi.core.models import Committee


def committee_scores(
    committee: Committee, year: int, assessment: AssessmentYear | Unloaded | None = UNLOADED, rules: Rules | None = None
) -> list[MemberScore]:
    """Every assessed member's score for the year, ranked: frozen rows if the year is frozen, else live.

    A caller that has read the year (and its rules) passes them, so the year is read once per request."""
    if isinstance(assessment, Unloaded):
        assessment = load_year(committee, year)
    if rules is None:
        rules, _scheme = rules_in_force(committee, year, assessment)
    if assessment is None or not assessment.is_frozen:
        return score_committee(committee, year, rules)
    rows = Score.objects.filter(assessment=assessment).select_related("member").order_by()
    return [
        MemberScore(
            Person(r.member_id, r.membership_id, r.member.name, 0, False, r.months),
            r.lines,
            float(r.base),
            float(r.bonus),
            float(r.penalty),
            float(r.score),
            r.band,
            rules.band_label(r.band),
            list(r.missing_duties),
            list(r.capped_by),
            r.rank,
        )
        for r in rows
    ]


@transaction.atomic
def store_scores(assessment: AssessmentYear) -> int:
    """(Re)write the frozen rows of a year from its frozen rules: at freezing, and after a corrected dispute."""
    rules, _scheme = rules_in_force(assessment.committee, assessment.year, assessment)
    scores = score_committee(assessment.committee, assessment.year, rules)
    Score.objects.filter(assessment=assessment).delete()
    Score.objects.bulk_create(
        [
            Score(
                committee=assessment.committee,
                assessment=assessment,
                member_id=s.member_id,
                membership_id=s.person.membership_id,
                score=Decimal(str(s.score)),
                base=Decimal(str(s.base)),
                bonus=Decimal(str(s.bonus)),
                penalty=Decimal(str(s.penalty)),
                band=s.band,
                rank=s.rank,
                months=s.person.months,
                lines=s.lines,
                missing_duties=s.missing_duties,
                capped_by=s.capped_by,
            )
            for s in scores
        ],
        batch_size=2000,
    )
    return len(scores)
