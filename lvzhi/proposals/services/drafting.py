"""Drafting and submitting: a member's draft saves itself as they type, co-signers confirm online, then submit."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.models import User
from lvzhi.ledger.services import term_for
from lvzhi.org.models import Member, MembershipStatus, Session
from lvzhi.proposals.models import CONTENT_MAX, TITLE_MAX, Category, Cosigner, Proposal
from lvzhi.proposals.services.common import PROPOSAL, add_event, tell
from lvzhi.proposals.similarity import terms_of
from lvzhi.proposals.transitions import PA

P = Proposal.Status
# Plenary (大会) proposals: submitted from this many days before the plenary opens until it closes (阜阳 [S28]).
PLENARY_WINDOW_DAYS = getattr(settings, "LVZHI_PROPOSAL_PLENARY_WINDOW_DAYS", 90)
MAX_COSIGNERS = 30


def _clean(data: dict[str, Any], *, complete: bool) -> dict[str, Any]:
    """Title, content and category checked; `complete` (submitting) also requires each of them."""
    title = str(data.get("title") or "").strip()
    content = str(data.get("content") or "").replace("\r\n", "\n").strip()
    category = str(data.get("category") or "").strip() or Category.OTHER
    fields: dict[str, list[str]] = {}
    if len(title) > TITLE_MAX:
        fields["title"] = [_("案由不能超过 %(n)s 个字") % {"n": TITLE_MAX}]
    if len(content) > CONTENT_MAX:
        fields["content"] = [_("正文不能超过 %(n)s 个字，请精简或分成几件提案") % {"n": CONTENT_MAX}]
    if category not in Category.values:
        fields["category"] = [_("请选择提案类别")]
    if complete:
        if not title:
            fields.setdefault("title", []).append(_("请填写案由"))
        if not content:
            fields.setdefault("content", []).append(_("请填写正文"))
        elif "category" not in fields and not data.get("category"):
            fields["category"] = [_("请选择提案类别")]
    if fields:
        raise DomainError("validation.invalid", next(iter(fields.values()))[0], fields=fields)
    return {"title": title, "content": content, "category": category}


def own(proposal: Proposal, actor: User) -> None:
    if proposal.lead.user_id != actor.pk:
        raise NotAllowed("proposal.not_lead", _("只有第一提案人可以修改或提交提案"))


def _set_text(proposal: Proposal, clean: dict[str, Any]) -> list[str]:
    changed = [name for name, value in clean.items() if getattr(proposal, name) != value]
    for name in changed:
        setattr(proposal, name, clean[name])
    if {"title", "content"} & set(changed) or not proposal.terms:
        proposal.terms, proposal.term_total = terms_of(proposal.title, proposal.content)
        if proposal.status != P.DRAFT:
            proposal.indexed_at = timezone.now()
        changed += ["terms", "term_total", "indexed_at"]
    return changed


@transaction.atomic
def create_draft(*, member: Member, data: dict[str, Any], actor: User, cosigners: Iterable[Member] = ()) -> Proposal:
    """A new draft (an empty one is fine: the screen creates it on the first keystroke)."""
    clean = _clean(data, complete=False)
    today = timezone.localdate()
    proposal = Proposal(
        committee=member.committee, term=term_for(member.committee, today.year), year=today.year, lead=member
    )
    _set_text(proposal, clean)
    proposal.save()
    add_event(proposal, action="create", actor=actor, to_status=P.DRAFT)
    cosigners = list(cosigners)
    if cosigners:
        invite_cosigners(proposal, members=cosigners, actor=actor)
    return proposal


def save_draft(proposal: Proposal, *, data: dict[str, Any], actor: User) -> Proposal:
    """Autosave and edits: whatever part of the text is given; refused once the proposal has left the drafts."""
    own(proposal, actor)
    clean = _clean(
        {"title": proposal.title, "content": proposal.content, "category": proposal.category, **data}, complete=False
    )
    with transaction.atomic():
        proposal = PROPOSAL.lock(proposal)
        PROPOSAL.check(PA.UPDATE, proposal.status, code="proposal.not_editable")
        changed = _set_text(proposal, clean)
        if changed:
            proposal.save(update_fields=[*changed, "updated_at"])
    return proposal


@transaction.atomic
def invite_cosigners(proposal: Proposal, *, members: Iterable[Member], actor: User) -> list[Cosigner]:
    """Invite members to co-sign; each is asked to confirm online, and counts only once they have."""
    own(proposal, actor)
    proposal = PROPOSAL.lock(proposal)
    PROPOSAL.check(PA.INVITE, proposal.status, code="proposal.not_editable")
    members = [m for m in members if m.pk != proposal.lead_id]
    if any(m.committee_id != proposal.committee_id for m in members):
        raise DomainError("proposal.bad_cosigner", _("联名人不在本政协"))
    serving = set(
        Member.objects.filter(
            pk__in=[m.pk for m in members], memberships__term=proposal.term, memberships__status=MembershipStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    if len(serving) != len({m.pk for m in members}):
        raise DomainError("proposal.bad_cosigner", _("联名人须为本届在任委员"))
    existing = set(Cosigner.objects.filter(proposal=proposal).values_list("member_id", flat=True))
    new = [m for m in members if m.pk not in existing]
    if len(existing) + len(new) > MAX_COSIGNERS:
        raise DomainError("proposal.too_many_cosigners", _("联名人最多 %(n)s 位") % {"n": MAX_COSIGNERS})
    rows = Cosigner.objects.bulk_create(
        Cosigner(committee_id=proposal.committee_id, proposal=proposal, member=m) for m in new
    )
    if new:
        add_event(
            proposal,
            action=PA.INVITE,
            actor=actor,
            from_status=proposal.status,
            note=_("邀请联名：%(names)s") % {"names": "、".join(m.name for m in new)},
        )
        tell(
            proposal,
            new,
            kind="proposal.cosign_invited",
            title=_("%(lead)s 邀请您联名提案") % {"lead": proposal.lead.name},
            body=proposal.title,
        )
    return rows


@transaction.atomic
def remove_cosigner(cosigner: Cosigner, *, actor: User) -> None:
    proposal = PROPOSAL.lock(cosigner.proposal)
    own(proposal, actor)
    PROPOSAL.check(PA.INVITE, proposal.status, code="proposal.not_editable")
    add_event(proposal, action="remove_cosigner", actor=actor, from_status=proposal.status, note=cosigner.member.name)
    cosigner.delete()


@transaction.atomic
def respond_to_invitation(cosigner: Cosigner, *, confirm: bool, actor: User) -> Cosigner:
    """The invited member confirms or declines; possible until the office decides on the proposal."""
    if cosigner.member.user_id != actor.pk:
        raise NotAllowed("proposal.not_invited", _("只有被邀请的委员本人可以确认联名"))
    proposal = PROPOSAL.lock(cosigner.proposal)
    if proposal.status not in (P.DRAFT, P.RETURNED, P.SUBMITTED):
        raise DomainError("proposal.cosign_closed", _("提案已审查，不能再确认或谢绝联名"), status=409)
    cosigner = Cosigner.objects.select_for_update().get(pk=cosigner.pk)
    cosigner.status = Cosigner.Status.CONFIRMED if confirm else Cosigner.Status.DECLINED
    cosigner.responded_at = timezone.now()
    cosigner.save(update_fields=["status", "responded_at"])
    joint = Cosigner.objects.filter(proposal=proposal, status=Cosigner.Status.CONFIRMED).exists()
    if proposal.proposer_kind != Proposal.ProposerKind.COLLECTIVE:
        proposal.proposer_kind = Proposal.ProposerKind.JOINT if joint else Proposal.ProposerKind.INDIVIDUAL
        proposal.save(update_fields=["proposer_kind", "updated_at"])
    add_event(
        proposal,
        action="cosign" if confirm else "decline",
        actor=actor,
        from_status=proposal.status,
        note=_("%(name)s 确认联名") % {"name": cosigner.member.name}
        if confirm
        else _("%(name)s 谢绝联名") % {"name": cosigner.member.name},
    )
    tell(
        proposal,
        [proposal.lead],
        kind="proposal.cosign_answered",
        title=(_("%(name)s 已确认联名") if confirm else _("%(name)s 谢绝联名")) % {"name": cosigner.member.name},
        body=proposal.title,
    )
    return cosigner


def period_of(proposal: Proposal, day: datetime.date) -> str:
    """大会提案 when submitted within the plenary window of the year's session, else 平时提案."""
    session = Session.objects.filter(term=proposal.term, year=day.year, opens_on__isnull=False).first()
    if session is not None:
        opens = session.opens_on - datetime.timedelta(days=PLENARY_WINDOW_DAYS)
        if opens <= day <= (session.closes_on or session.opens_on):
            return Proposal.Period.PLENARY
    return Proposal.Period.OFF_SESSION


def submit_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """The lead proposer submits: the text must be complete; co-signers who have not confirmed do not count."""
    own(proposal, actor)
    _clean({"title": proposal.title, "content": proposal.content, "category": proposal.category}, complete=True)
    if proposal.proposer_kind == Proposal.ProposerKind.COLLECTIVE and not proposal.drafters.exists():
        message = _("集体提案请指定 1 至 3 名主笔")
        raise DomainError("validation.invalid", message, fields={"drafter_ids": [message]})
    now = timezone.now()
    proposal.submitted_at = now
    proposal.indexed_at = now
    proposal.period = period_of(proposal, timezone.localdate(now))
    proposal = PROPOSAL.transition(
        proposal, PA.SUBMIT, actor=actor, fields=("submitted_at", "indexed_at", "period"), code="proposal.not_editable"
    )
    tell(
        proposal,
        [proposal.lead],
        kind="proposal.submitted",
        title=_("提案已提交：%(title)s") % {"title": proposal.title},
        body=_("提案委员会办公室审查后会通知您结果。"),
    )
    return proposal
