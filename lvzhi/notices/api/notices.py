"""Notices (知情明政): the office writes and publishes, members read; read receipts and reminders."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from lvzhi.core.apiinput import Id, Text
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.notices import services
from lvzhi.notices.api.schemas import CountOut, MyNoticeOut, NoticeCreateIn, NoticeOut, NoticesAudienceIn, ReceiptsOut
from lvzhi.notices.models import Notice
from lvzhi.notices.queries import member_notice, member_notices, receipts
from lvzhi.org.models import Member
from lvzhi.org.portal import member_of

router = Router()


def audience_spec(payload: NoticesAudienceIn) -> services.AudienceSpec:
    return services.AudienceSpec(
        all=payload.all,
        sector_ids=tuple(payload.sectors),
        group_ids=tuple(payload.groups),
        special_committee_ids=tuple(payload.special_committees),
        member_ids=tuple(payload.members),
    )


def me(request: HttpRequest) -> Member:
    access = need(request, C.PARTICIPATE)
    member = member_of(request.user, access.committee)
    if member is None:
        raise NotFound("member.none", _("当前账号没有对应的委员档案"))
    return member


def _notice(request: HttpRequest, notice_id: Id) -> Notice:
    need(request, C.MANAGE_NOTICES)
    return get_or_404(Notice.objects.all(), pk=notice_id)


def _mine(notice: Notice) -> dict:
    return {**NoticeOut.from_orm(notice).dict(), "read": notice.read_at is not None}


@router.post("/notices", response={201: NoticeOut}, summary="Create a notice (draft)")
def create_notice(request: HttpRequest, payload: NoticeCreateIn) -> Status:
    access = need(request, C.MANAGE_NOTICES)
    notice = services.create_notice(
        committee=access.committee,
        data=payload.dict(exclude={"audience"}),
        audience=audience_spec(payload.audience),
        actor=request.user,
    )
    return Status(201, notice)


@router.get("/notices", response=list[NoticeOut], summary="The office's notices")
def list_notices(request: HttpRequest, status: str = "", kind: str = "", q: Text(100) = "") -> list[Notice]:
    need(request, C.MANAGE_NOTICES)
    notices = Notice.objects.order_by("-created_at", "-id")
    if status:
        notices = notices.filter(status=status)
    if kind:
        notices = notices.filter(kind=kind)
    if q:
        notices = notices.filter(title__icontains=q)
    return list(notices[:200])


@router.get("/notices/{notice_id}", response=MyNoticeOut, summary="One notice (staff, or a member of its audience)")
def get_notice(request: HttpRequest, notice_id: Id) -> dict:
    access = need(request)
    if access.can(C.MANAGE_NOTICES):
        notice = get_or_404(Notice.objects.all(), pk=notice_id)
        notice.read_at = None
        return _mine(notice)
    found = member_notice(me(request), notice_id)
    if found is None:
        raise NotFound("not_found", _("对象不存在"))
    return _mine(found)


@router.post("/notices/{notice_id}/publish", response=NoticeOut, summary="Publish to the audience")
def publish_notice(request: HttpRequest, notice_id: Id) -> Notice:
    return services.publish_notice(_notice(request, notice_id), actor=request.user)


@router.post("/notices/{notice_id}/withdraw", response=NoticeOut, summary="Withdraw a published notice")
def withdraw_notice(request: HttpRequest, notice_id: Id) -> Notice:
    return services.withdraw_notice(_notice(request, notice_id), actor=request.user)


@router.post("/notices/{notice_id}/remind", response=CountOut, summary="Remind members who have not read it")
def remind(request: HttpRequest, notice_id: Id) -> dict:
    return {"count": services.remind_unread(_notice(request, notice_id), actor=request.user)}


@router.get("/notices/{notice_id}/receipts", response=ReceiptsOut, summary="Read receipts: member ids")
def notice_receipts(request: HttpRequest, notice_id: Id) -> dict:
    found = receipts(_notice(request, notice_id))
    return {"read": [r.member_id for r in found.read], "unread": [r.member_id for r in found.unread]}


@router.post("/notices/{notice_id}/read", response=MyNoticeOut, summary="Mark a notice read (a member)")
def read_notice(request: HttpRequest, notice_id: Id) -> dict:
    need(request)
    get_or_404(Notice.objects.all(), pk=notice_id)  # another committee's notice is not found, whoever asks
    member = me(request)
    notice = member_notice(member, notice_id)
    if notice is None:
        raise NotFound("not_found", _("对象不存在"))
    services.mark_notice_read(notice, member=member)
    return {**_mine(notice), "read": True}


@router.get("/me/notices", response=list[MyNoticeOut], summary="My notices, each with read")
def my_notices(request: HttpRequest, unread: bool = False) -> list[dict]:
    notices = member_notices(me(request))
    if unread:
        notices = notices.filter(read_at__isnull=True)
    return [_mine(n) for n in notices[:200]]
