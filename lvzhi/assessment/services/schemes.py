"""Scoring schemes: drafts from a preset or a copy, edits, simulation on a past year, adoption (§4)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.assessment import rules as R
from lvzhi.assessment.models import AssessmentYear, Scheme
from lvzhi.assessment.scoring import score_committee
from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict, Unprocessable
from lvzhi.core.models import Committee, User


class Unloaded:
    """A caller that has not read the year's AssessmentYear: rules_in_force reads it itself."""


UNLOADED = Unloaded()


def rules_in_force(
    committee: Committee, year: int, assessment: AssessmentYear | Unloaded | None = UNLOADED
) -> tuple[R.Rules, Scheme | None]:
    """The rules that score `year`: a frozen year's own copy, else the adopted scheme for it, else the default.

    A caller that has already read the year passes it (None: the committee has no AssessmentYear for it), so a
    request reads the year once (load it with select_related("scheme")).
    """
    if isinstance(assessment, Unloaded):
        assessment = load_year(committee, year)
    if assessment is not None and assessment.is_frozen and assessment.rules:
        return R.parse(assessment.rules), assessment.scheme
    scheme = adopted_scheme(committee, year)
    return (R.parse(scheme.rules) if scheme else R.DEFAULT), scheme


def load_year(committee: Committee, year: int) -> AssessmentYear | None:
    """The committee's AssessmentYear for `year`, with its scheme, or None."""
    return AssessmentYear.objects.filter(committee=committee, year=year).select_related("scheme").first()


def adopted_scheme(committee: Committee, year: int) -> Scheme | None:
    return (
        Scheme.objects.filter(committee=committee, status=Scheme.Status.ADOPTED, from_year__lte=year)
        .order_by("-from_year", "-version")
        .first()
    )


def _next_version(committee: Committee) -> int:
    return (Scheme.objects.filter(committee=committee).aggregate(v=Max("version"))["v"] or 0) + 1


def _checked(data: object) -> dict:
    try:
        return R.parse(data).to_json()
    except R.RulesError as error:
        raise Unprocessable("scheme.invalid", error, fields={"rules": error.problems}) from error


@transaction.atomic
def create_draft(
    committee: Committee, *, actor: User, name: str, preset: str = "", copy_of: Scheme | None = None
) -> Scheme:
    """A new draft, from a copy of another version or a preset (the default when neither is named)."""
    if copy_of is not None:
        data = copy_of.rules
    else:
        if preset and preset not in R.PRESETS:
            raise Unprocessable("scheme.preset", _("没有这个预设办法"), fields={"preset": [_("没有这个预设办法")]})
        data = R.PRESETS[preset or "default"][1].to_json()
    Committee.objects.select_for_update().filter(pk=committee.pk).first()  # serialises version numbers
    scheme = Scheme.objects.create(
        committee=committee,
        name=name,
        version=_next_version(committee),
        rules=_checked(data),
        based_on=copy_of,
        created_by=actor,
    )
    log_event("assessment.scheme_draft", scheme, actor=actor, committee=committee, data={"version": scheme.version})
    return scheme


@transaction.atomic
def update_draft(scheme: Scheme, *, actor: User, rules: object, name: str | None = None, note: str = "") -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != Scheme.Status.DRAFT:
        raise Conflict("scheme.not_draft", _("已施行的办法不能修改，请复制为新草稿后修改"))
    scheme.rules = _checked(rules)
    scheme.note = note or scheme.note
    if name:
        scheme.name = name
    scheme.save(update_fields=["rules", "note", "name"])
    log_event("assessment.scheme_edit", scheme, actor=actor, committee=scheme.committee, data={"note": note})
    return scheme


@transaction.atomic
def adopt(scheme: Scheme, *, actor: User, from_year: int) -> Scheme:
    """Put a draft in force from `from_year`. A year already frozen keeps the rules it was frozen with."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != Scheme.Status.DRAFT:
        raise Conflict("scheme.not_draft", _("只有草稿可以施行"))
    frozen = (
        AssessmentYear.objects.filter(committee=scheme.committee, year__gte=from_year)
        .exclude(status=AssessmentYear.Status.LIVE)
        .order_by("year")
        .values_list("year", flat=True)
    )[:1]
    if frozen:
        raise Conflict(
            "scheme.year_frozen",
            _("%(year)s年度已冻结，不能改用新办法；请从之后的年度起施行") % {"year": frozen[0]},
        )
    scheme.status, scheme.from_year = Scheme.Status.ADOPTED, from_year
    scheme.adopted_by, scheme.adopted_at = actor, timezone.now()
    scheme.save(update_fields=["status", "from_year", "adopted_by", "adopted_at"])
    log_event("assessment.scheme_adopt", scheme, actor=actor, committee=scheme.committee, data={"from": from_year})
    return scheme


@transaction.atomic
def withdraw(scheme: Scheme, *, actor: User) -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != Scheme.Status.ADOPTED:
        raise Conflict("scheme.not_adopted", _("只有施行中的办法可以废止"))
    scheme.status = Scheme.Status.WITHDRAWN
    scheme.save(update_fields=["status"])
    log_event("assessment.scheme_withdraw", scheme, actor=actor, committee=scheme.committee, data={})
    return scheme


@dataclass(frozen=True)
class BandChange:
    member_id: int
    name: str
    score_before: float
    score_after: float
    band_before: str
    band_after: str


@dataclass(frozen=True)
class Simulation:
    year: int
    members: int
    changes: list[BandChange]
    mean_before: float
    mean_after: float


def simulate(committee: Committee, draft: R.Rules, year: int) -> Simulation:
    """Score `year`'s ledger with the rules in force and with the draft: who would change band."""
    current, _scheme = rules_in_force(committee, year)
    before = {s.member_id: s for s in score_committee(committee, year, current)}
    after = score_committee(committee, year, draft)
    changes = [
        BandChange(
            s.member_id,
            s.person.name,
            before[s.member_id].score,
            s.score,
            before[s.member_id].band_label,
            s.band_label,
        )
        for s in after
        if s.member_id in before and before[s.member_id].band != s.band
    ]
    n = len(after) or 1
    return Simulation(
        year,
        len(after),
        sorted(changes, key=lambda c: (c.band_after, -c.score_after)),
        round(sum(s.score for s in before.values()) / n, 2),
        round(sum(s.score for s in after) / n, 2),
    )
