"""A member's photo (照片) through the API: read it where the directory rules allow, replace or remove it."""

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.core.apiinput import Id
from lvzhi.core.apikit import get_or_404, need, need_any
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotAllowed, NotFound
from lvzhi.core.uploads import serve
from lvzhi.org.models import Member
from lvzhi.org.photo import members_with_visible_photo
from lvzhi.org.services import members as services

router = Router(tags=["organisation"])


class PhotoOut(Schema):
    member_id: int
    has_photo: bool


@router.get("/members/{int:member_id}/photo", summary="A member's photo (JPEG or PNG)")
def get_photo(request: HttpRequest, member_id: Id) -> FileResponse:
    access = need(request)
    get_or_404(Member.objects.all(), pk=member_id)
    need(request, C.VIEW_DIRECTORY)
    member = get_or_404(members_with_visible_photo(access), pk=member_id)
    if not member.photo:
        raise NotFound("photo.none", _("该委员没有照片"))
    return serve(member.photo, cache="private, max-age=3600")


def _changeable(request: HttpRequest, member_id: int) -> Member:
    """Staff who manage members change anyone's photo; a member only their own (404 for another committee)."""
    access = need(request)
    member = get_or_404(Member.objects.all(), pk=member_id)
    need_any(request, C.PARTICIPATE, C.MANAGE_MEMBERS)
    own = member.user_id == request.user.pk and access.can(C.PARTICIPATE)
    if not own and not access.can(C.MANAGE_MEMBERS):
        raise NotAllowed("permission.denied", _("没有执行此操作的权限"))
    return member


@router.post("/members/{int:member_id}/photo", response=PhotoOut, summary="Upload a member's photo (≤ 5 MB)")
def upload_photo(request: HttpRequest, member_id: Id, file: File[UploadedFile]) -> dict:
    member = services.set_member_photo(_changeable(request, member_id), photo=file, actor=request.user)
    return {"member_id": member.pk, "has_photo": bool(member.photo)}


@router.delete("/members/{int:member_id}/photo", response={204: None}, summary="Remove a member's photo")
def remove_photo(request: HttpRequest, member_id: Id) -> Status:
    services.set_member_photo(_changeable(request, member_id), photo=None, actor=request.user)
    return Status(204, None)
