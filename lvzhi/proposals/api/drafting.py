"""Drafting, co-signing, submitting, reading and the similar-proposal check (API.md "Proposals")."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from lvzhi.core.apiinput import Id, Int, Page, PageSize, Year
from lvzhi.core.apikit import need, paginate, trusted
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.org.models import Member
from lvzhi.proposals import queries, services
from lvzhi.proposals.api.common import (
    SUMMARY_FIELDS,
    caller,
    full,
    me_as_member,
    staff_view,
    summary_row,
    visible_proposal,
)
from lvzhi.proposals.api.schemas import (
    CosignersIn,
    ProposalIn,
    ProposalList,
    ProposalOut,
    ProposalPatch,
    SimilarList,
)
from lvzhi.proposals.models import Cosigner, Proposal

router = Router()


def _members(request: HttpRequest, ids: list[int]) -> list[Member]:
    found = list(Member.objects.filter(committee=request.committee, pk__in=ids))
    if len(found) != len(set(ids)):
        message = _("联名人不存在")
        raise DomainError("validation.invalid", message, fields={"cosigner_ids": [message]})
    return found


@router.get("/proposals", response=ProposalList, summary="Proposals I may see")
def list_proposals(
    request: HttpRequest,
    status: str = "",
    q: str = "",
    year: Year | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> ProposalList:
    access, member = caller(request)
    rows = queries.visible(access, member).filter(committee=access.committee)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(year=year)
    if q:
        rows = rows.filter(title__contains=q[:50])
    # Counted before values(): the count would keep the lead's join and walk every proposal to make it.
    count, items = paginate(rows.order_by("-updated_at", "-id"), page, page_size)
    return trusted(ProposalList, {"count": count, "items": [summary_row(r) for r in items.values(*SUMMARY_FIELDS)]})


@router.post("/proposals", response={201: ProposalOut}, by_alias=True, summary="Start a draft (a member)")
def create(request: HttpRequest, payload: ProposalIn) -> Status:
    need(request, C.PARTICIPATE)
    _access, member = me_as_member(request)
    cosigners = _members(request, payload.cosigner_ids)
    data = payload.dict(exclude={"cosigner_ids"})
    proposal = services.create_draft(member=member, data=data, actor=request.user, cosigners=cosigners)
    return Status(201, full(proposal))


@router.get("/proposals/similar", response=SimilarList, summary="Similar proposals, most similar first")
def similar(request: HttpRequest, text: str = "", exclude: Id | None = None, limit: Int(1, 200) = 5) -> dict:
    access, member = caller(request)
    among = None if access.can(C.MANAGE_PROPOSALS) or member is not None else queries.visible(access, member)
    of = Proposal(pk=exclude) if exclude else None
    found = queries.similar(access.committee.pk, text=text[:2000], of=of, limit=min(max(limit, 1), 20), among=among)
    items = [
        {
            "id": s.proposal.pk,
            "title": s.proposal.title,
            "year": s.proposal.year,
            "number_label": s.proposal.number_label,
            "status": s.proposal.status,
            "score": s.score,
        }
        for s in found
    ]
    return {"count": len(items), "items": items}


@router.get("/proposals/{int:proposal_id}", response=ProposalOut, by_alias=True, summary="A proposal with its timeline")
def read(request: HttpRequest, proposal_id: Id) -> dict:
    access, _member, proposal = visible_proposal(request, proposal_id)
    return full(proposal, all_replies=staff_view(access))


@router.patch(
    "/proposals/{int:proposal_id}", response=ProposalOut, by_alias=True, summary="Save the draft (the lead proposer)"
)
def update(request: HttpRequest, proposal_id: Id, payload: ProposalPatch) -> dict:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.PARTICIPATE)
    proposal = services.save_draft(proposal, data=payload.dict(exclude_unset=True), actor=request.user)
    return full(proposal)


@router.post("/proposals/{int:proposal_id}/cosigners", response=ProposalOut, by_alias=True, summary="Invite co-signers")
def invite(request: HttpRequest, proposal_id: Id, payload: CosignersIn) -> dict:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.PARTICIPATE)
    services.invite_cosigners(proposal, members=_members(request, payload.member_ids), actor=request.user)
    return full(proposal)


def _answer(request: HttpRequest, proposal_id: Id, *, confirm: bool) -> dict:
    _access, member, proposal = visible_proposal(request, proposal_id)
    cosigner = Cosigner.objects.filter(proposal=proposal, member=member).select_related("member").first()
    if cosigner is None:
        raise NotAllowed("proposal.not_invited", _("您没有被邀请联名这件提案"))
    services.respond_to_invitation(cosigner, confirm=confirm, actor=request.user)
    proposal.refresh_from_db()
    return full(proposal)


@router.post(
    "/proposals/{int:proposal_id}/cosign", response=ProposalOut, by_alias=True, summary="Confirm co-signing (invited)"
)
def cosign(request: HttpRequest, proposal_id: Id) -> dict:
    return _answer(request, proposal_id, confirm=True)


@router.post(
    "/proposals/{int:proposal_id}/decline", response=ProposalOut, by_alias=True, summary="Decline co-signing (invited)"
)
def decline(request: HttpRequest, proposal_id: Id) -> dict:
    return _answer(request, proposal_id, confirm=False)


@router.post(
    "/proposals/{int:proposal_id}/submit", response=ProposalOut, by_alias=True, summary="Submit (the lead proposer)"
)
def submit(request: HttpRequest, proposal_id: Id) -> dict:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.PARTICIPATE)
    return full(services.submit_proposal(proposal, actor=request.user))
