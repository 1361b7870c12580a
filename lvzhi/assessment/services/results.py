"""The use of a published year's results (§3.7 结果运用): letters to the units and departments, reminder letters
and talk records for low scorers (with the two-consecutive-years rule), and 优秀委员 nominations."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.assessment.models import AssessmentYear, Nomination, Score, Talk
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, Unprocessable
from lvzhi.core.models import Committee, User
from lvzhi.org.models import Member

LOW_SCORE = Decimal(60)  # <60: reminder letter and talk; two consecutive years <60: the committee's talk (济南)
PUBLISHED = (AssessmentYear.Status.PUBLISHED, AssessmentYear.Status.ARCHIVED)

# Who a result letter goes to: per member (their recommending unit, their work unit) or to a department with the list.
RECIPIENTS = {
    "recommending_unit": gettext_lazy("推荐单位"),
    "work_unit": gettext_lazy("工作单位"),
    "organisation_dept": gettext_lazy("组织部"),
    "united_front_dept": gettext_lazy("统战部"),
}
PER_MEMBER = ("recommending_unit", "work_unit")


def department_name(committee: Committee, to: str) -> str:
    """The Party committee department a letter goes to, named after the committee: 示范市政协 → 中共示范市委组织部."""
    place = committee.name.removesuffix("委员会").removesuffix("政协").removesuffix("政治协商会议")
    department = _("组织部") if to == "organisation_dept" else _("统战部")
    return _("中共%(place)s委%(dept)s") % {"place": place, "dept": department}


def ensure_published(assessment: AssessmentYear) -> None:
    if assessment.status not in PUBLISHED:
        raise Conflict("assessment.not_published", _("考核结果经主席会议审定通报后方可使用"))


@dataclass
class LowScorer:
    score: Score
    previous: Decimal | None  # last year's frozen score, if any

    @property
    def two_years(self) -> bool:
        return self.previous is not None and self.previous < LOW_SCORE


def low_scorers(assessment: AssessmentYear) -> list[LowScorer]:
    """Members under 60, lowest first, each flagged when last year's frozen score was under 60 too."""
    low = list(
        Score.objects.filter(assessment=assessment, score__lt=LOW_SCORE)
        .select_related("member", "membership")
        .order_by("score", "member__name_pinyin")
    )
    previous = dict(
        Score.objects.filter(
            committee=assessment.committee,
            assessment__year=assessment.year - 1,
            member__in=[s.member_id for s in low],
        )
        .exclude(assessment__status=AssessmentYear.Status.LIVE)
        .values_list("member_id", "score")
    )
    return [LowScorer(s, previous.get(s.member_id)) for s in low]


def excellent(assessment: AssessmentYear) -> list[Score]:
    return list(
        Score.objects.filter(assessment=assessment, band="excellent")
        .select_related("member")
        .order_by("rank", "-score", "id")
    )


def _score_of(assessment: AssessmentYear, member: Member) -> Score:
    score = Score.objects.filter(assessment=assessment, member=member).first()
    if score is None:
        raise Unprocessable(
            "assessment.not_assessed", _("该委员未参加本年度考核"), fields={"member": [_("未参加考核")]}
        )
    return score


@transaction.atomic
def nominate(assessment: AssessmentYear, member: Member, *, actor: User, reason: str = "") -> Nomination:
    """Nominate a member of the excellent band as 优秀委员."""
    ensure_published(assessment)
    if _score_of(assessment, member).band != "excellent":
        raise Unprocessable(
            "assessment.not_excellent", _("只能推荐考核等次为优秀的委员"), fields={"member": [_("非优秀等次")]}
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                committee=assessment.committee,
                assessment=assessment,
                member=member,
                reason=reason.strip()[:300],
                created_by=actor,
            )
    except IntegrityError:
        raise Conflict("assessment.nominated", _("该委员已被推荐")) from None
    log_event("assessment.nominate", nomination, actor=actor, committee=assessment.committee, data={})
    return nomination


@transaction.atomic
def record_talk(
    assessment: AssessmentYear, member: Member, *, actor: User, held_on: datetime.date, talker: str, content: str
) -> Talk:
    """Record a reminder talk (约谈) with a member who scored under 60."""
    ensure_published(assessment)
    if _score_of(assessment, member).score >= LOW_SCORE:
        raise Unprocessable(
            "assessment.not_low", _("只为得分低于60分的委员记录约谈"), fields={"member": [_("得分不低于60分")]}
        )
    problems: dict[str, list[str]] = {}
    if held_on > timezone.localdate():
        problems["held_on"] = [_("日期不能晚于今天")]
    if not talker.strip():
        problems["talker"] = [_("请填写约谈人")]
    if not content.strip():
        problems["content"] = [_("请填写谈话内容")]
    if problems:
        raise Unprocessable("assessment.talk_invalid", next(iter(problems.values()))[0], fields=problems)
    talk = Talk.objects.create(
        committee=assessment.committee,
        assessment=assessment,
        member=member,
        held_on=held_on,
        talker=talker.strip()[:60],
        content=content.strip(),
        created_by=actor,
    )
    log_event("assessment.talk", talk, actor=actor, committee=assessment.committee, data={})
    return talk
