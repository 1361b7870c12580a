"""Review by the proposal office (API.md `POST /proposals/{id}/review`)."""

from django.http import HttpRequest
from ninja import Router

from lvzhi.core.apiinput import Id
from lvzhi.core.apikit import need
from lvzhi.core.capabilities import Capability as C
from lvzhi.proposals.api.common import full, visible_proposal
from lvzhi.proposals.api.schemas import ProposalOut, ReviewIn
from lvzhi.proposals.services.review import decide

router = Router()


@router.post(
    "/proposals/{int:proposal_id}/review",
    response=ProposalOut,
    by_alias=True,
    summary="Review decision (proposal office)",
)
def review(request: HttpRequest, proposal_id: Id, payload: ReviewIn) -> dict:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.MANAGE_PROPOSALS)
    return full(decide(proposal, payload.dict(), request.user), all_replies=True)
