"""Fetching with permission and shaping output, shared by the proposals endpoints."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from lvzhi.core.apiinput import Id
from lvzhi.core.apikit import get_or_404, need_any
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotAllowed
from lvzhi.core.tenancy import Access
from lvzhi.org.models import Member
from lvzhi.org.portal import member_of
from lvzhi.proposals import queries
from lvzhi.proposals.models import Honour, Proposal, Reply
from lvzhi.proposals.services.rules import reply_classes


def caller(request: HttpRequest) -> tuple[Access, Member | None]:
    # Members, the proposal office and handling units each see their own part (queries.visible).
    access = need_any(request, C.PARTICIPATE, C.MANAGE_PROPOSALS, C.HANDLE_PROPOSALS)
    return access, member_of(request.user, access.committee)


def me_as_member(request: HttpRequest) -> tuple[Access, Member]:
    access, member = caller(request)
    if member is None:
        raise NotAllowed("member.no_profile", _("当前账号没有委员档案"))
    return access, member


def visible_proposal(request: HttpRequest, proposal_id: Id) -> tuple[Access, Member | None, Proposal]:
    """A proposal the caller may open (404 for anything else, another committee's included)."""
    access, member = caller(request)
    rows = queries.visible(access, member).filter(committee=access.committee).select_related("lead")
    return access, member, get_or_404(rows, pk=proposal_id)


def staff_view(access: Access) -> bool:
    return access.can(C.MANAGE_PROPOSALS) or access.can(C.HANDLE_PROPOSALS)


def summary(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "status": p.status,
        "number": p.number,
        "number_label": p.number_label,
        "year": p.year,
        "category": p.category,
        "proposer_kind": p.proposer_kind,
        "period": p.period,
        "lead": {"member_id": p.lead_id, "name": p.lead.name},
        "submitted_at": p.submitted_at,
    }


SUMMARY_FIELDS = (
    "pk",
    "title",
    "status",
    "number",
    "year",
    "category",
    "proposer_kind",
    "period",
    "lead_id",
    "lead__name",
    "submitted_at",
)


def summary_row(r: dict[str, Any]) -> dict[str, Any]:
    """`summary` of a row read as `values(*SUMMARY_FIELDS)`: a list page of model instances and their leads
    cost more than the rest of the request."""
    return {
        "id": r["pk"],
        "title": r["title"],
        "status": r["status"],
        "number": r["number"],
        "number_label": f"{r['year']}-{r['number']:03d}" if r["number"] else "",
        "year": r["year"],
        "category": r["category"],
        "proposer_kind": r["proposer_kind"],
        "period": r["period"],
        "lead": {"member_id": r["lead_id"], "name": r["lead__name"]},
        "submitted_at": r["submitted_at"],
    }


def full(p: Proposal, *, all_replies: bool = False) -> dict[str, Any]:
    """The proposal with its people, replies and timeline; members see only published replies."""
    replies = p.replies.select_related("assignment__unit")
    if not all_replies:
        replies = replies.filter(status=Reply.Status.PUBLISHED)
    labels = reply_classes(p.committee_id).labels
    return {
        **summary(p),
        "content": p.content,
        "cosigners": [
            {"member_id": c.member_id, "name": c.member.name, "status": c.status}
            for c in p.cosigners.select_related("member")
        ],
        "collective_kind": p.collective_kind,
        "collective_name": p.collective_name,
        "drafters": [{"member_id": d.member_id, "name": d.member.name} for d in p.drafters.select_related("member")],
        "honours": [
            {
                "id": h.pk,
                "kind": h.kind,
                "reason": h.reason,
                "supervisors": "、".join(s.name for s in h.supervisors.all()),
            }
            for h in p.honours.filter(unmarked_at=None, status=Honour.Status.APPROVED).prefetch_related("supervisors")
        ],
        "attachments": [{"id": a.pk, "name": a.name, "size": a.size} for a in p.attachments.all()],
        "follow_ups": [
            {"id": f.pk, "unit_id": f.unit_id, "commitment": f.commitment, "due_date": f.due_date, "status": f.status}
            for f in p.follow_ups.all()
        ],
        "replied_at": p.replied_at,
        "review_note": p.review_note,
        "not_accept_reason": p.not_accept_reason,
        "merged_into": p.merged_into_id,
        "converted_to": p.converted_to,
        "due_date": p.due_date,
        "satisfaction": p.satisfaction,
        "units": [
            {"unit_id": a.unit_id, "name": a.unit.name, "role": a.role, "due_date": a.due_date}
            for a in p.assignments.select_related("unit")
        ],
        "replies": [
            {
                "id": r.id,
                "unit": r.assignment.unit.name,
                "status": r.status,
                "grade": r.grade,
                "grade_label": labels[r.grade],
                "content": r.content,
            }
            for r in replies
        ],
        "timeline": [
            {
                "at": e.at,
                "actor": str(e.actor) if e.actor else None,
                "action": e.action,
                "from": e.from_status,
                "to": e.to_status,
                "note": e.note,
            }
            for e in p.events.select_related("actor")
        ],
    }
