"""Review (审查) by the proposal office: return for revision, accept with a number, not accept with the reason,
merge into a lead proposal, convert with the proposer's consent, or record a withdrawal."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError
from lvzhi.core.models import User
from lvzhi.ledger.services import DutyEntry, record_duties, void_duties_for_source
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.proposals.models import NotAcceptReason, NumberCounter, Proposal
from lvzhi.proposals.services.common import OFFICE, PROPOSAL, credited, proposers, tell
from lvzhi.proposals.transitions import ACCEPTED_OR_LATER, PA

P = Proposal.Status


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("validation.invalid", message, fields={field: [message]})
    if len(value) > 500:
        raise DomainError("validation.invalid", _("说明不能超过 500 字"), fields={field: [_("说明不能超过 500 字")]})
    return value


def next_number(committee_id: int, year: int) -> int:
    """The next 立案 number of the year. The counter row stays locked until the caller's transaction ends, so
    concurrent acceptances queue here and the numbers run on without gaps or repeats."""
    try:
        with transaction.atomic():
            NumberCounter.objects.get_or_create(committee_id=committee_id, year=year)
    except IntegrityError:
        pass  # another clerk created the year's counter at the same moment: lock theirs
    counter = NumberCounter.objects.select_for_update().get(committee_id=committee_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _ledger(proposal: Proposal, actor: User) -> None:
    """Accepted (立案): a ledger row for everyone the proposal credits (common.credited), sourced to the proposal."""
    day = timezone.localdate()
    entries = [DutyEntry(m, DutyKind.PROPOSAL, role, day, proposal.title, proposal) for m, role in credited(proposal)]
    record_duties(committee=proposal.committee, entries=entries, recorded_by=actor, recorded_by_dept=str(OFFICE))


def accept(proposal: Proposal, *, actor: User, note: str = "") -> Proposal:
    with transaction.atomic():
        proposal = PROPOSAL.lock(proposal)
        PROPOSAL.check(PA.ACCEPT, proposal.status)
        proposal.number = next_number(proposal.committee_id, proposal.year)
        proposal.accepted_at = timezone.now()
        proposal.review_note = note[:500]
        proposal = PROPOSAL.transition(
            proposal,
            PA.ACCEPT,
            actor=actor,
            note=_("立案号 %(n)s") % {"n": proposal.number_label},
            fields=("number", "accepted_at", "review_note"),
            locked=True,
        )
        _ledger(proposal, actor)
    tell(
        proposal,
        proposers(proposal),
        kind="proposal.accepted",
        title=_("提案已立案：%(title)s") % {"title": proposal.title},
        body=_("立案号 %(n)s") % {"n": proposal.number_label},
    )
    return proposal


def return_for_revision(proposal: Proposal, *, actor: User, note: str) -> Proposal:
    note = _required(note, "note", _("请写明退回修改的原因"))
    proposal.review_note = note
    proposal = PROPOSAL.transition(proposal, PA.RETURN, actor=actor, note=note, fields=("review_note",))
    tell(
        proposal,
        [proposal.lead],
        kind="proposal.returned",
        title=_("提案退回修改：%(title)s") % {"title": proposal.title},
        body=note,
    )
    return proposal


def not_accept(proposal: Proposal, *, actor: User, reason: str, note: str) -> Proposal:
    if reason not in NotAcceptReason.values:
        message = _("请选择不予立案的理由")
        raise DomainError("validation.invalid", message, fields={"reason_code": [message]})
    note = _required(note, "note", _("请写明不予立案的具体说明，提案人会看到"))
    proposal.not_accept_reason = reason
    proposal.review_note = note
    proposal = PROPOSAL.transition(
        proposal,
        PA.NOT_ACCEPT,
        actor=actor,
        note=f"{NotAcceptReason(reason).label}：{note}",
        data={"reason": reason},
        fields=("not_accept_reason", "review_note"),
    )
    tell(
        proposal,
        proposers(proposal),
        kind="proposal.not_accepted",
        title=_("提案不予立案：%(title)s") % {"title": proposal.title},
        body=_("理由：%(reason)s。%(note)s") % {"reason": NotAcceptReason(reason).label, "note": note},
    )
    return proposal


def merge(proposal: Proposal, *, into: Proposal, actor: User, note: str = "") -> Proposal:
    """并案: the proposal is answered with its lead proposal; its proposers are told and get the lead's reply."""
    if into.pk == proposal.pk or into.committee_id != proposal.committee_id or into.status not in ACCEPTED_OR_LATER:
        message = _("请选择已立案的另一件提案作为主提案")
        raise DomainError("validation.invalid", message, fields={"merge_into": [message]})
    with transaction.atomic():
        was_accepted = proposal.status == P.ACCEPTED
        proposal.merged_into = into
        proposal.review_note = note[:500]
        proposal = PROPOSAL.transition(
            proposal,
            PA.MERGE,
            actor=actor,
            note=_("并入 %(n)s《%(t)s》") % {"n": into.number_label, "t": into.title},
            data={"into": into.pk},
            fields=("merged_into", "review_note"),
        )
        if not was_accepted:
            _ledger(proposal, actor)  # a merged proposal counts as 立案 for its proposers (并案 is 立案)
    tell(
        proposal,
        proposers(proposal),
        kind="proposal.merged",
        title=_("提案已并案办理：%(title)s") % {"title": proposal.title},
        body=_("并入《%(t)s》一并办理，答复将同时送达您。") % {"t": into.title},
    )
    return proposal


def convert(proposal: Proposal, *, to: str, consent: bool, actor: User, note: str = "") -> Proposal:
    """转社情民意/意见建议: only with the proposer's consent, which the office confirms it has."""
    if to not in Proposal.ConvertTo.values:
        message = _("请选择转为社情民意信息或意见建议")
        raise DomainError("validation.invalid", message, fields={"convert_to": [message]})
    if not consent:
        message = _("转办须经提案人同意，请先征得同意")
        raise DomainError("proposal.no_consent", message, fields={"consent": [message]})
    proposal.converted_to = to
    proposal.review_note = note[:500]
    label = Proposal.ConvertTo(to).label
    proposal = PROPOSAL.transition(
        proposal,
        PA.CONVERT,
        actor=actor,
        note=_("经提案人同意，转为%(to)s") % {"to": label},
        data={"to": to, "consent": True},
        fields=("converted_to", "review_note"),
    )
    tell(
        proposal,
        proposers(proposal),
        kind="proposal.converted",
        title=_("提案已转为%(to)s：%(title)s") % {"to": label, "title": proposal.title},
        body=note,
    )
    return proposal


def withdraw(proposal: Proposal, *, actor: User, note: str) -> Proposal:
    """撤案: recorded by the office at the proposer's request; an accepted proposal's ledger rows are voided."""
    note = _required(note, "note", _("请写明撤案的原因"))
    with transaction.atomic():
        proposal.review_note = note
        proposal = PROPOSAL.transition(proposal, PA.WITHDRAW, actor=actor, note=note, fields=("review_note",))
        void_duties_for_source(proposal, actor=actor, reason=_("提案已撤案"))
    tell(
        proposal,
        proposers(proposal),
        kind="proposal.withdrawn",
        title=_("提案已撤案：%(title)s") % {"title": proposal.title},
        body=note,
    )
    return proposal


def decide(proposal: Proposal, data: dict[str, Any], actor: User) -> Proposal:
    """One review decision from the screen's form or the API's body, through the service that owns it."""
    decision, note = data["decision"], data.get("note") or ""
    if decision == "accept":
        return accept(proposal, actor=actor, note=note)
    if decision == "return":
        return return_for_revision(proposal, actor=actor, note=note)
    if decision == "reject":
        return not_accept(proposal, actor=actor, reason=data.get("reason_code") or "", note=note)
    if decision == "merge":
        into = Proposal.objects.filter(pk=data.get("merge_into")).first() if data.get("merge_into") else None
        if into is None:
            message = _("请选择已立案的另一件提案作为主提案")
            raise DomainError("validation.invalid", message, fields={"merge_into": [message]})
        return merge(proposal, into=into, actor=actor, note=note)
    if decision == "convert":
        to = data.get("convert_to") or ""
        return convert(proposal, to=to, consent=bool(data.get("consent")), actor=actor, note=note)
    return withdraw(proposal, actor=actor, note=note)
