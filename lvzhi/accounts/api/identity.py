"""Identity and administration: tokens, the current user, committees and users (API.md)."""

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from lvzhi.accounts.api.router import router
from lvzhi.core.apikit import need
from lvzhi.core.auth import check_credentials
from lvzhi.core.capabilities import Capability
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.models import ApiToken, Committee
from lvzhi.org.models import Member
from lvzhi.org.services import committees
from lvzhi.org.services import members as services


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


@router.post("/auth/token", auth=None, response={200: TokenOut}, summary="Issue an API token")
def issue_token(request: HttpRequest, payload: TokenIn) -> dict:
    user = check_credentials(payload.username, payload.password)
    if user is None:
        raise DomainError("auth.invalid", _("用户名或密码错误"), status=401)
    token, raw = ApiToken.issue(user)
    return {"token": raw, "expires_at": token.expires_at}


class CommitteeRef(Schema):
    code: str
    name: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[str]
    committee: CommitteeRef | None
    member_id: int | None
    large_font: bool


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> dict:
    committee = request.committee
    member_id = None
    if committee is not None:
        member_id = Member.objects.filter(user=request.user).values_list("id", flat=True).first()
    return {
        "id": request.user.pk,
        "username": request.user.username,
        "display_name": str(request.user),
        "roles": sorted(request.access.roles) if request.access else [],
        "committee": {"code": committee.code, "name": committee.name} if committee else None,
        "member_id": member_id,
        "large_font": request.user.large_font,
    }


class CommitteeIn(Schema):
    code: str = Field(..., min_length=2, max_length=40, pattern=r"^[a-z0-9-]+$")
    name: str = Field(..., min_length=2, max_length=100)
    level: Committee.Level
    parent_code: str | None = None
    sector_preset: str = "city23"
    term_number: int = Field(1, ge=1, le=99)
    term_start_year: int | None = Field(None, ge=1949, le=2100)


class TermRef(Schema):
    number: int
    start_year: int


class CommitteeOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    current_term: TermRef


def _committee_out(committee: Committee) -> dict:
    term = services.current_term(committee)
    return {
        "code": committee.code,
        "name": committee.name,
        "level": committee.level,
        "parent_code": committee.parent.code if committee.parent_id else None,
        "current_term": {"number": term.number, "start_year": term.start_year},
    }


@router.post(
    "/committees",
    response={201: CommitteeOut},
    summary="Create a committee (superuser; or a committee's system administrator, below their own)",
)
def create_committee(request: HttpRequest, payload: CommitteeIn) -> Status:
    if not request.user.is_superuser:
        access = need(request, Capability.MANAGE_COMMITTEES)
        if not payload.parent_code:
            raise DomainError(
                "committee.parent_required",
                _("请选择上级政协（本会或本会的下级）"),
                fields={"parent_code": [_("此项为必填")]},
            )
        committee = committees.create_below(
            home=access.committee,
            actor=request.user,
            **payload.dict(include={"code", "name", "level", "parent_code", "sector_preset", "term_number"}),
            term_start_year=payload.term_start_year,
        )
        return Status(201, _committee_out(committee))
    parent = None
    if payload.parent_code:
        parent = Committee.objects.filter(code=payload.parent_code).first()
        if parent is None:
            raise NotFound(
                "committee.parent_not_found", _("上级政协不存在"), fields={"parent_code": [_("上级政协不存在")]}
            )
    committee = services.create_committee(
        code=payload.code,
        name=payload.name,
        level=payload.level,
        parent=parent,
        sector_preset=payload.sector_preset,
        term_number=payload.term_number,
        term_start_year=payload.term_start_year,
        actor=request.user,
    )
    return Status(201, _committee_out(committee))


@router.get("/committees", response=list[CommitteeOut], summary="The committees below the caller's own")
def list_committees(request: HttpRequest) -> list[dict]:
    access = need(request, Capability.MANAGE_COMMITTEES)
    return [_committee_out(c) for c in committees.below(access.committee)]


class CommitteePatch(Schema):
    name: str = Field(..., min_length=2, max_length=100)
    level: Committee.Level
    parent_code: str


@router.patch("/committees/{code}", response=CommitteeOut, summary="Edit a committee below the caller's own")
def update_committee(request: HttpRequest, code: str, payload: CommitteePatch) -> dict:
    access = need(request)
    committee = Committee.objects.filter(code=code, pk__in=access.committee.descendant_ids()).first()
    if committee is None:
        raise NotFound("committee.not_found", _("政协不存在"))
    need(request, Capability.MANAGE_COMMITTEES)
    committee = committees.update_below(committee, home=access.committee, actor=request.user, **payload.dict())
    return _committee_out(committee)


class UserIn(Schema):
    username: str = Field(..., min_length=3, max_length=150)
    password: str
    display_name: str = Field(..., min_length=1, max_length=50)
    committee: str
    roles: list[str] = Field(..., min_length=1)
    mobile: str | None = None


class UserOut(Schema):
    id: int
    username: str
    roles: list[str]


@router.post("/users", response={201: UserOut}, summary="Create a user with roles")
def create_user(request: HttpRequest, payload: UserIn) -> Status:
    committee = Committee.objects.filter(code=payload.committee).first()
    if not request.user.is_superuser:
        access = need(request, Capability.MANAGE_USERS)
        if committee is None or committee != access.committee:
            committee = None
    if committee is None:
        raise NotFound("committee.not_found", _("政协不存在"), fields={"committee": [_("政协不存在")]})
    user = services.create_user(
        username=payload.username,
        password=payload.password,
        display_name=payload.display_name,
        committee=committee,
        roles=payload.roles,
        mobile=payload.mobile,
        actor=request.user,
    )
    return Status(201, {"id": user.pk, "username": user.username, "roles": payload.roles})
