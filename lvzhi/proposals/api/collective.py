"""Collective proposals and attachments (the lead proposer, while drafting)."""

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.core.apiinput import Body, Id, Text, choice
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.uploads import serve
from lvzhi.org.models import Member
from lvzhi.proposals.api.common import full, visible_proposal
from lvzhi.proposals.api.schemas import ProposalOut
from lvzhi.proposals.models import CollectiveKind
from lvzhi.proposals.services import collective

router = Router()
CollectiveKindCode = choice(CollectiveKind, "ProposalCollectiveKind")


class ProposalCollectiveIn(Body):
    """An empty kind makes the proposal the member's own again."""

    collective_kind: CollectiveKindCode | None = None
    collective_name: Text(100) = ""
    drafter_ids: list[Id] = []


class ProposalAttachmentOut(Schema):
    id: int
    name: str
    size: int


@router.put(
    "/proposals/{int:proposal_id}/collective",
    response=ProposalOut,
    by_alias=True,
    summary="Make a draft a collective proposal with its drafters (主笔)",
)
def set_collective(request: HttpRequest, proposal_id: Id, payload: ProposalCollectiveIn) -> dict:
    access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.PARTICIPATE)
    ids = set(payload.drafter_ids)
    drafters = list(Member.objects.filter(committee=access.committee, pk__in=ids))
    if len(drafters) != len(ids):
        raise DomainError("validation.invalid", _("主笔不存在"), fields={"drafter_ids": [_("主笔不存在")]})
    proposal = collective.set_collective(
        proposal,
        kind=payload.collective_kind or "",
        name=payload.collective_name,
        drafters=drafters,
        actor=request.user,
    )
    return full(proposal)


@router.post(
    "/proposals/{int:proposal_id}/attachments",
    response={201: ProposalAttachmentOut},
    summary="Attach a file to a draft",
)
def attach(request: HttpRequest, proposal_id: Id, file: File[UploadedFile]) -> Status:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.PARTICIPATE)
    added = collective.add_attachment(proposal, upload=file, actor=request.user)
    return Status(201, {"id": added.pk, "name": added.name, "size": added.size})


@router.get("/proposals/{int:proposal_id}/attachments/{int:attachment_id}", summary="Download an attachment")
def download(request: HttpRequest, proposal_id: Id, attachment_id: Id) -> FileResponse:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    found = get_or_404(proposal.attachments.all(), pk=attachment_id)
    return serve(found.file, filename=found.name)


@router.delete(
    "/proposals/{int:proposal_id}/attachments/{int:attachment_id}", response={204: None}, summary="Remove an attachment"
)
def remove(request: HttpRequest, proposal_id: Id, attachment_id: Id) -> Status:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.PARTICIPATE)
    found = get_or_404(proposal.attachments.select_related("proposal__lead"), pk=attachment_id)
    collective.remove_attachment(found, actor=request.user)
    return Status(204, None)
