"""The 社情民意 API (API.md "Public-opinion reports"): submission, the office's desk, issues, referrals, outcomes."""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from lvzhi.core.apiinput import Id, Page, PageSize, Year
from lvzhi.core.apikit import get_or_404, need, need_any, paginate, trusted
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.choices import labels
from lvzhi.core.errors import DomainError, NotAllowed
from lvzhi.core.tenancy import Access
from lvzhi.opinions import queries, services
from lvzhi.opinions.api.schemas import (
    OpinionAdoptIn,
    OpinionAdoptionOut,
    OpinionAnswerIn,
    OpinionAttachmentOut,
    OpinionBulletinActionIn,
    OpinionBulletinIn,
    OpinionBulletinList,
    OpinionBulletinOut,
    OpinionBulletinPatch,
    OpinionDetail,
    OpinionForwardIn,
    OpinionIn,
    OpinionInstructionIn,
    OpinionInstructionOut,
    OpinionList,
    OpinionMergeIn,
    OpinionOut,
    OpinionPatch,
    OpinionReasonIn,
    OpinionReceivedIn,
    OpinionReferralDetail,
    OpinionReferralList,
    OpinionReferralOut,
    OpinionStatsOut,
    StatusCode,
)
from lvzhi.opinions.models import Adoption, Bulletin, Instruction, Opinion, Referral
from lvzhi.opinions.transitions import BULLETIN_MOVES
from lvzhi.org.models import HandlingUnit, Member

router = Router(tags=["opinions"])


def _must(access: Access, capability: C) -> None:
    if not access.can(capability):
        raise NotAllowed("permission.denied", _("没有执行此操作的权限"))


def _visible(request: HttpRequest, opinion_id: Id) -> tuple[Access, Opinion]:
    """The report, if the caller may see it: the office any, a submitter their own (404 otherwise)."""
    access = need_any(request, C.SUBMIT_OPINIONS, C.MANAGE_OPINIONS)
    return access, get_or_404(queries.visible_opinions(access), pk=opinion_id)


def _managed(request: HttpRequest, opinion_id: Id) -> Opinion:
    access = need(request, C.MANAGE_OPINIONS)
    return get_or_404(queries.visible_opinions(access), pk=opinion_id)


def _own(request: HttpRequest, opinion_id: Id) -> Opinion:
    """The caller's own report (the office, which may see it, is refused with 403: only the author acts here)."""
    access, opinion = _visible(request, opinion_id)
    _must(access, C.SUBMIT_OPINIONS)
    return opinion


@router.post("/opinions", response={201: OpinionOut}, summary="Submit a report (member or information officer)")
def submit(request: HttpRequest, payload: OpinionIn) -> Status:
    access = need(request, C.SUBMIT_OPINIONS)
    draft = services.Draft(payload.title, payload.content, payload.category)
    opinion = services.submit_opinion(
        committee=access.committee, user=request.user, draft=draft, unit_name=payload.unit_name
    )
    return Status(201, opinion)


@router.post("/opinions/received", response={201: OpinionOut}, summary="Record a report a body sent in (office)")
def record_received(request: HttpRequest, payload: OpinionReceivedIn) -> Status:
    access = need(request, C.MANAGE_OPINIONS)
    member = None
    if payload.member_id is not None:
        member = Member.objects.filter(committee=access.committee, pk=payload.member_id).first()
        if member is None:
            raise DomainError("validation.invalid", _("委员不存在"), fields={"member_id": [_("不存在")]})
    opinion = services.record_received(
        committee=access.committee,
        draft=services.Draft(payload.title, payload.content, payload.category),
        source=payload.source,
        unit_name=payload.unit_name,
        member=member,
        actor=request.user,
    )
    return Status(201, opinion)


@router.post("/opinions/merge", response={201: OpinionOut}, summary="Merge several reports into one (office)")
def merge(request: HttpRequest, payload: OpinionMergeIn) -> Status:
    access = need(request, C.MANAGE_OPINIONS)
    sources = list(queries.visible_opinions(access).filter(pk__in=payload.ids))
    if len(sources) != len(set(payload.ids)):
        raise DomainError("validation.invalid", _("所选信息不存在"), fields={"ids": [_("含不存在的信息")]})
    draft = services.Draft(payload.title, payload.content, payload.category)
    return Status(201, services.merge_opinions(sources, draft=draft, actor=request.user))


LIST_FIELDS = (
    "id",
    "title",
    "category",
    "source",
    "author_name",
    "unit_name",
    "station_id",
    "status",
    "submitted_at",
    "year",
    "bulletin_id",
    "merged_into_id",
)


@router.get("/opinions", response=OpinionList, summary="Reports: the office sees all, others their own")
def list_opinions(
    request: HttpRequest,
    status: StatusCode | None = None,
    year: Year | None = None,
    q: str = "",
    page: Page = 1,
    page_size: PageSize = 50,
) -> OpinionList:
    access = need_any(request, C.SUBMIT_OPINIONS, C.MANAGE_OPINIONS)
    reports = queries.visible_opinions(access).order_by("-submitted_at", "-id")
    if status:
        reports = reports.filter(status=status)
    if year:
        reports = reports.filter(year=year)
    if q:
        reports = reports.filter(title__icontains=q)
    count, rows = paginate(reports.values(*LIST_FIELDS), page, page_size)
    statuses, sources = labels(Opinion.Status), labels(Opinion.Source)
    items = [
        {**row, "status_label": statuses.get(row["status"], ""), "source_label": sources.get(row["source"], "")}
        for row in rows
    ]
    return trusted(OpinionList, {"count": count, "items": items})


@router.get("/opinions/{opinion_id}", response=OpinionDetail, summary="A report with its versions and outcomes")
def get_opinion(request: HttpRequest, opinion_id: Id) -> Opinion:
    _access, opinion = _visible(request, opinion_id)
    return opinion


@router.patch("/opinions/{opinion_id}", response=OpinionDetail, summary="Edit a report (office; keeps every version)")
def edit(request: HttpRequest, opinion_id: Id, payload: OpinionPatch) -> Opinion:
    opinion = _managed(request, opinion_id)
    draft = services.Draft(
        payload.title if payload.title is not None else opinion.title,
        payload.content if payload.content is not None else opinion.content,
        payload.category or opinion.category,
    )
    return services.edit_opinion(opinion, draft=draft, actor=request.user, note=payload.note)


@router.post("/opinions/{opinion_id}/return", response=OpinionOut, summary="Return to the author to rework")
def return_(request: HttpRequest, opinion_id: Id, payload: OpinionReasonIn) -> Opinion:
    return services.return_opinion(_managed(request, opinion_id), actor=request.user, reason=payload.reason)


@router.post("/opinions/{opinion_id}/decline", response=OpinionOut, summary="Decline (未采用) with a reason")
def decline(request: HttpRequest, opinion_id: Id, payload: OpinionReasonIn) -> Opinion:
    return services.decline_opinion(_managed(request, opinion_id), actor=request.user, reason=payload.reason)


@router.post("/opinions/{opinion_id}/resubmit", response=OpinionOut, summary="The author sends a returned report again")
def resubmit(request: HttpRequest, opinion_id: Id, payload: OpinionIn) -> Opinion:
    opinion = _own(request, opinion_id)
    draft = services.Draft(payload.title, payload.content, payload.category)
    return services.resubmit_opinion(opinion, user=request.user, draft=draft)


@router.post("/opinions/{opinion_id}/withdraw", response=OpinionOut, summary="The author withdraws a report")
def withdraw(request: HttpRequest, opinion_id: Id) -> Opinion:
    return services.withdraw_opinion(_own(request, opinion_id), user=request.user)


@router.post(
    "/opinions/{opinion_id}/attachments",
    response={201: list[OpinionAttachmentOut]},
    summary="Attach a file (PDF, .docx, JPEG, PNG; ≤10 MB; ≤5 a report)",
)
def attach(request: HttpRequest, opinion_id: Id, file: File[UploadedFile]) -> Status:
    opinion = _own(request, opinion_id)
    opinion = services.add_attachments(opinion, user=request.user, files=[file])
    return Status(201, list(opinion.attachments.all()))


@router.post("/opinions/{opinion_id}/forward", response={201: OpinionReferralOut}, summary="Forward to a handling unit")
def forward(request: HttpRequest, opinion_id: Id, payload: OpinionForwardIn) -> Status:
    opinion = _managed(request, opinion_id)
    unit = HandlingUnit.objects.filter(committee=opinion.committee, pk=payload.unit_id).first()
    if unit is None:
        raise DomainError("validation.invalid", _("承办单位不存在"), fields={"unit_id": [_("不存在")]})
    made = services.forward_opinion(opinion, unit=unit, actor=request.user, note=payload.note, due_on=payload.due_on)
    return Status(201, made)


@router.post("/opinions/{opinion_id}/adopt", response={201: OpinionAdoptionOut}, summary="Record an adoption (采用)")
def adopt(request: HttpRequest, opinion_id: Id, payload: OpinionAdoptIn) -> Status:
    opinion = _managed(request, opinion_id)
    adoption = services.adopt_opinion(
        opinion,
        level=payload.level,
        mode=payload.mode,
        body=payload.body,
        issue=payload.issue,
        adopted_on=payload.adopted_on or timezone.localdate(),
        note=payload.note,
        actor=request.user,
    )
    return Status(201, adoption)


@router.post(
    "/opinions/{opinion_id}/instructions",
    response={201: OpinionInstructionOut},
    summary="Record a leader's instruction (批示)",
)
def instruct(request: HttpRequest, opinion_id: Id, payload: OpinionInstructionIn) -> Status:
    opinion = _managed(request, opinion_id)
    instruction = services.record_instruction(
        opinion,
        leader_level=payload.leader_level,
        instructed_on=payload.date,
        summary=payload.summary,
        leader=payload.leader,
        actor=request.user,
    )
    return Status(201, instruction)


@router.post(
    "/instructions/{instruction_id}/scan", response=OpinionInstructionOut, summary="Attach the instruction's scan"
)
def instruction_scan(request: HttpRequest, instruction_id: Id, file: File[UploadedFile]) -> Instruction:
    access = need(request, C.MANAGE_OPINIONS)
    instruction = get_or_404(Instruction.objects.filter(committee=access.committee), pk=instruction_id)
    return services.attach_scan(instruction, scan=file, actor=request.user)


@router.post(
    "/adoptions/{adoption_id}/void", response=OpinionAdoptionOut, summary="Undo an adoption (voids its ledger rows)"
)
def void_adoption(request: HttpRequest, adoption_id: Id, payload: OpinionReasonIn) -> Adoption | Instruction:
    access = need(request, C.MANAGE_OPINIONS)
    adoption = get_or_404(Adoption.objects.filter(committee=access.committee), pk=adoption_id)
    return services.void_outcome(adoption, actor=request.user, reason=payload.reason)


@router.post(
    "/instructions/{instruction_id}/void",
    response=OpinionInstructionOut,
    summary="Undo an instruction (voids its ledger rows)",
)
def void_instruction(request: HttpRequest, instruction_id: Id, payload: OpinionReasonIn) -> Adoption | Instruction:
    access = need(request, C.MANAGE_OPINIONS)
    instruction = get_or_404(Instruction.objects.filter(committee=access.committee), pk=instruction_id)
    return services.void_outcome(instruction, actor=request.user, reason=payload.reason)


@router.get("/referrals", response=OpinionReferralList, summary="Reports forwarded to the caller's unit")
def list_referrals(request: HttpRequest, page: Page = 1, page_size: PageSize = 50) -> dict[str, Any]:
    access = need(request, C.HANDLE_OPINIONS)
    count, items = paginate(
        queries.unit_referrals(access).select_related("unit").order_by("-created_at"), page, page_size
    )
    return {"count": count, "items": list(items)}


def _unit_referral(request: HttpRequest, referral_id: Id) -> Referral:
    """A referral to the caller's unit (the office, holding no unit, gets 404 like anyone else)."""
    access = need_any(request, C.HANDLE_OPINIONS, C.MANAGE_OPINIONS)
    return get_or_404(queries.unit_referrals(access).select_related("unit", "opinion"), pk=referral_id)


@router.get("/referrals/{referral_id}", response=OpinionReferralDetail, summary="A forwarded report (its unit's users)")
def get_referral(request: HttpRequest, referral_id: Id) -> Referral:
    referral = _unit_referral(request, referral_id)
    return referral


@router.post("/referrals/{referral_id}/answer", response=OpinionReferralOut, summary="The unit's answer")
def answer(request: HttpRequest, referral_id: Id, payload: OpinionAnswerIn) -> Referral:
    referral = _unit_referral(request, referral_id)
    _must(request.access, C.HANDLE_OPINIONS)
    return services.answer_referral(referral, actor=request.user, answer=payload.answer)


@router.post("/referrals/{referral_id}/recall", response=OpinionReferralOut, summary="Recall a referral (office)")
def recall(request: HttpRequest, referral_id: Id) -> Referral:
    access = need(request, C.MANAGE_OPINIONS)
    referral = get_or_404(Referral.objects.filter(committee=access.committee).select_related("unit"), pk=referral_id)
    return services.recall_referral(referral, actor=request.user)


@router.get("/bulletins", response=OpinionBulletinList, summary="Issues of 《社情民意》")
def list_bulletins(request: HttpRequest, year: Year | None = None, page: Page = 1, page_size: PageSize = 50) -> dict:
    access = need(request, C.MANAGE_OPINIONS)
    rows = Bulletin.objects.filter(committee=access.committee).order_by("-year", "-number", "-id")
    if year:
        rows = rows.filter(year=year)
    count, items = paginate(rows, page, page_size)
    return {"count": count, "items": list(items)}


@router.post("/bulletins", response={201: OpinionBulletinOut}, summary="Compile edited reports into a draft issue")
def create_bulletin(request: HttpRequest, payload: OpinionBulletinIn) -> Status:
    access = need(request, C.MANAGE_OPINIONS)
    opinions = list(Opinion.objects.filter(committee=access.committee, pk__in=payload.opinion_ids))
    if len(opinions) != len(set(payload.opinion_ids)):
        raise DomainError("validation.invalid", _("所选信息不存在"), fields={"opinion_ids": [_("含不存在的信息")]})
    bulletin = services.create_bulletin(
        committee=access.committee,
        opinions=opinions,
        actor=request.user,
        title=payload.title,
        editor_note=payload.editor_note,
    )
    return Status(201, bulletin)


def _bulletin(request: HttpRequest, bulletin_id: Id) -> tuple[Access, Bulletin]:
    access = need_any(request, C.MANAGE_OPINIONS, C.SIGN_BULLETINS)
    return access, get_or_404(Bulletin.objects.filter(committee=access.committee), pk=bulletin_id)


@router.get("/bulletins/{bulletin_id}", response=OpinionBulletinOut, summary="An issue")
def get_bulletin(request: HttpRequest, bulletin_id: Id) -> Bulletin:
    return _bulletin(request, bulletin_id)[1]


@router.patch(
    "/bulletins/{bulletin_id}", response=OpinionBulletinOut, summary="Change a draft issue's reports and note"
)
def update_bulletin(request: HttpRequest, bulletin_id: Id, payload: OpinionBulletinPatch) -> Bulletin:
    access, bulletin = _bulletin(request, bulletin_id)
    _must(access, C.MANAGE_OPINIONS)
    add = list(Opinion.objects.filter(committee=access.committee, pk__in=payload.add))
    remove = list(Opinion.objects.filter(committee=access.committee, pk__in=payload.remove))
    bulletin = services.update_bulletin(
        bulletin, actor=request.user, add=add, remove=remove, title=payload.title, editor_note=payload.editor_note
    )
    return bulletin


BULLETIN_ACTIONS = {
    "approve": lambda b, u, r: services.approve_bulletin(b, actor=u),
    "reopen": lambda b, u, r: services.reopen_bulletin(b, actor=u, reason=r),
    "sign": lambda b, u, r: services.sign_bulletin(b, actor=u),
    "refuse": lambda b, u, r: services.refuse_bulletin(b, actor=u, reason=r),
    "issue": lambda b, u, r: services.issue_bulletin(b, actor=u),
    "discard": lambda b, u, r: services.discard_bulletin(b, actor=u),
}


@router.post(
    "/bulletins/{bulletin_id}/{action}",
    response=OpinionBulletinOut,
    summary="Move an issue: approve (审核), reopen, sign (签发, leaders), refuse, issue (印发, numbers it), discard",
)
def move_bulletin(
    request: HttpRequest,
    bulletin_id: Id,
    action: Literal["approve", "reopen", "sign", "refuse", "issue", "discard"],
    payload: OpinionBulletinActionIn | None = None,
) -> Bulletin:
    access, bulletin = _bulletin(request, bulletin_id)
    _must(access, BULLETIN_MOVES[action].capability)
    reason = payload.reason if payload is not None else ""
    return BULLETIN_ACTIONS[action](bulletin, request.user, reason)


@router.get("/stats/opinions", response=OpinionStatsOut, summary="社情民意 statistics of a year (DOMAIN.md §6)")
def stats(request: HttpRequest, year: Year) -> dict[str, Any]:
    access = need(request, C.VIEW_STATS)
    f = queries.statistics(access.committee, year)

    def rows(pairs: list) -> list[dict[str, Any]]:
        return [{"name": str(name), "count": n} for name, n in pairs]

    return {
        **{k: f[k] for k in ("year", "received", "edited", "merged", "declined", "issues", "ranking")},
        "adopted_by_level": rows(f["adopted"]),
        "instructions_by_level": rows(f["instructions"]),
        "by_source": rows(f["by_source"]),
        "by_unit": rows(f["by_unit"]),
        "by_station": rows(f["by_station"]),
    }
