"""Handling units, assignment, replies and evaluation (API.md "Proposals")."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from lvzhi.core.apiinput import Body, Id, Name, choice
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.org.models import HandlingUnit
from lvzhi.proposals.api.common import full, visible_proposal
from lvzhi.proposals.api.schemas import ProposalOut
from lvzhi.proposals.models import Assignment, Proposal, Reply
from lvzhi.proposals.services import handling
from lvzhi.proposals.services.rules import reply_classes

router = Router()


HandlingUnitKind = choice(HandlingUnit.Kind, "HandlingUnitKind")


class UnitIn(Body):
    name: Name(100)
    kind: HandlingUnitKind = HandlingUnitKind.GOVERNMENT


class UnitOut(Schema):
    id: int
    name: str
    kind: str


class AssignedUnitIn(Schema):
    unit_id: Id
    role: Literal["lead", "co", "sole", "split"] = "lead"


class ProposalAssignIn(Schema):
    units: list[AssignedUnitIn] = Field(..., min_length=1)
    due_date: datetime.date | None = None


class ReplyIn(Schema):
    grade: Reply.Grade
    content: str = Field(..., max_length=10000)
    contact_mode: Reply.Contact = Reply.Contact.PHONE
    contacted_on: datetime.date | None = None


class ReplyOut(Schema):
    id: int
    status: str
    grade: str
    grade_label: str


def _reply_out(reply: Reply) -> dict:
    return {
        "id": reply.pk,
        "status": reply.status,
        "grade": reply.grade,
        "grade_label": reply_classes(reply.committee_id).labels[reply.grade],
    }


class ApproveIn(Schema):
    grade: Reply.Grade | None = None


class ReturnIn(Schema):
    reason: str = Field(..., max_length=300)


class EvaluationIn(Schema):
    satisfaction: Proposal.Satisfaction
    comment: str = Field("", max_length=500)


@router.post("/handling-units", response={201: UnitOut}, summary="Add a handling unit (proposal office)")
def create_unit(request: HttpRequest, payload: UnitIn) -> Status:
    access = need(request, C.MANAGE_PROPOSALS)
    unit = handling.create_handling_unit(
        committee=access.committee, name=payload.name, kind=payload.kind, actor=request.user
    )
    return Status(201, {"id": unit.pk, "name": unit.name, "kind": unit.kind})


@router.post("/proposals/{int:proposal_id}/assign", response=ProposalOut, by_alias=True, summary="Assign (交办)")
def assign(request: HttpRequest, proposal_id: Id, payload: ProposalAssignIn) -> dict:
    access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.MANAGE_PROPOSALS)
    units = {
        u.pk: u
        for u in HandlingUnit.objects.filter(committee=access.committee, pk__in=[u.unit_id for u in payload.units])
    }
    if len(units) != len({u.unit_id for u in payload.units}):
        raise DomainError("validation.invalid", _("承办单位不存在"), fields={"units": [_("承办单位不存在")]})
    reassign = proposal.status != Proposal.Status.ACCEPTED
    proposal = handling.assign(
        proposal,
        units=[(units[u.unit_id], u.role) for u in payload.units],
        due_date=payload.due_date,
        actor=request.user,
        reassign=reassign,
    )
    return full(proposal, all_replies=True)


def _my_assignment(request: HttpRequest, proposal_id: Id) -> tuple[frozenset[int], Assignment]:
    access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.HANDLE_PROPOSALS)
    assignment = (
        Assignment.objects.filter(proposal=proposal, unit_id__in=access.handling_unit_ids)
        .select_related("proposal", "unit")
        .first()
    )
    if assignment is None:
        raise NotAllowed("proposal.not_assigned", _("该提案未交办给本单位"))
    return access.handling_unit_ids, assignment


@router.post("/proposals/{int:proposal_id}/replies", response={201: ReplyOut}, summary="Reply (the answering unit)")
def reply(request: HttpRequest, proposal_id: Id, payload: ReplyIn) -> Status:
    units, assignment = _my_assignment(request, proposal_id)
    created = handling.draft_reply(
        assignment,
        grade=payload.grade,
        content=payload.content,
        contact_mode=payload.contact_mode,
        contacted_on=payload.contacted_on,
        unit_ids=units,
        actor=request.user,
    )
    return Status(201, _reply_out(created))


def _reply(request: HttpRequest, proposal_id: Id, reply_id: Id) -> Reply:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    return get_or_404(Reply.objects.filter(proposal=proposal).select_related("proposal"), pk=reply_id)


@router.post(
    "/proposals/{int:proposal_id}/replies/{int:reply_id}/countersign",
    response=ReplyOut,
    summary="Countersign (co-unit)",
)
def countersign(request: HttpRequest, proposal_id: Id, reply_id: Id) -> dict:
    found = _reply(request, proposal_id, reply_id)
    units, assignment = _my_assignment(request, proposal_id)
    done = handling.countersign(found, assignment=assignment, unit_ids=units, actor=request.user)
    return _reply_out(done)


@router.post(
    "/proposals/{int:proposal_id}/replies/{int:reply_id}/approve",
    response=ReplyOut,
    summary="Approve and publish (office)",
)
def approve(request: HttpRequest, proposal_id: Id, reply_id: Id, payload: ApproveIn) -> dict:
    found = _reply(request, proposal_id, reply_id)
    need(request, C.MANAGE_PROPOSALS)
    done = handling.approve_reply(found, grade=payload.grade or "", actor=request.user)
    return _reply_out(done)


@router.post(
    "/proposals/{int:proposal_id}/replies/{int:reply_id}/return", response=ReplyOut, summary="Return the reply (office)"
)
def return_reply(request: HttpRequest, proposal_id: Id, reply_id: Id, payload: ReturnIn) -> dict:
    found = _reply(request, proposal_id, reply_id)
    need(request, C.MANAGE_PROPOSALS)
    done = handling.return_reply(found, reason=payload.reason, actor=request.user)
    return _reply_out(done)


@router.post(
    "/proposals/{int:proposal_id}/evaluation", response=ProposalOut, by_alias=True, summary="Evaluate (lead proposer)"
)
def evaluation(request: HttpRequest, proposal_id: Id, payload: EvaluationIn) -> dict:
    _access, _member, proposal = visible_proposal(request, proposal_id)
    need(request, C.PARTICIPATE)
    return full(
        handling.evaluate(proposal, satisfaction=payload.satisfaction, comment=payload.comment, actor=request.user)
    )
