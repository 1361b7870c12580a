"""转办: a report passed to a handling unit; the unit's users answer, the office may recall it."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotFound
from lvzhi.core.models import RoleAssignment, User
from lvzhi.core.notify import notify
from lvzhi.opinions.models import Opinion, Referral
from lvzhi.opinions.services.common import OPINION, REFERRAL, says, tell_authors
from lvzhi.opinions.transitions import OA, RA
from lvzhi.org.models import HandlingUnit


@transaction.atomic
def forward_opinion(
    opinion: Opinion, *, unit: HandlingUnit, actor: User, note: str = "", due_on: datetime.date | None = None
) -> Referral:
    opinion = OPINION.lock(opinion)
    OPINION.check(OA.FORWARD, opinion.status)
    if unit.committee_id != opinion.committee_id or not unit.is_active:
        raise NotFound("handling_unit.not_found", _("承办单位不存在"))
    if Referral.objects.filter(
        opinion=opinion, unit=unit, status__in=[Referral.Status.PENDING, Referral.Status.ANSWERED]
    ).exists():
        raise Conflict("referral.exists", _("已转办给该单位"))
    REFERRAL.check(RA.FORWARD, "")
    referral = Referral.objects.create(
        committee_id=opinion.committee_id,
        opinion=opinion,
        unit=unit,
        note=note.strip()[:300],
        due_on=due_on,
        created_by=actor,
    )
    REFERRAL.event(
        referral, action=RA.FORWARD, actor=actor, from_status="", to_status=referral.status, note=note, data={}
    )
    unit_users = [
        a.user
        for a in RoleAssignment.objects.filter(
            committee_id=opinion.committee_id, role=Role.HANDLING_UNIT, handling_unit=unit
        ).select_related("user")
    ]
    if unit_users:
        notify(
            committee=opinion.committee,
            recipients=unit_users,
            kind="opinions.referred",
            title=_("转办社情民意：%(t)s") % {"t": opinion.title},
            body=note,
            url=reverse("opinions:referral_detail", kwargs={"pk": referral.pk}),
            source=referral,
        )
    tell_authors(opinion, kind="opinions.forwarded", title=says(opinion) + _("已转%(u)s办理") % {"u": unit.name})
    return referral


@transaction.atomic
def answer_referral(referral: Referral, *, actor: User, answer: str) -> Referral:
    answer = answer.strip()
    if not answer:
        raise DomainError("validation.invalid", _("请填写办理答复"), fields={"answer": [_("请填写办理答复")]})
    referral.answer, referral.answered_by, referral.answered_at = answer, actor, timezone.now()
    referral = REFERRAL.transition(
        referral, RA.ANSWER, actor=actor, fields=["answer", "answered_by", "answered_at"], note=answer[:300]
    )
    tell_authors(
        referral.opinion,
        kind="opinions.answered",
        title=says(referral.opinion) + _("已由%(u)s答复") % {"u": referral.unit.name},
        body=answer,
    )
    return referral


@transaction.atomic
def recall_referral(referral: Referral, *, actor: User, reason: str = "") -> Referral:
    return REFERRAL.transition(referral, RA.RECALL, actor=actor, note=reason.strip())
