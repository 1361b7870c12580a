"""Identity and administration: tokens, the current user, committees and users (API.md)."""

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Schema, Status

from lvzhi.accounts import services as account_services
from lvzhi.accounts.api.router import router
from lvzhi.accounts.api.scopes import scope_bodies
from lvzhi.core.apiinput import Body, Id, Int, Name, Text
from lvzhi.core.apikit import LocalDateTime, need
from lvzhi.core.auth import check_credentials, client_address, revoke_token, tokens_of
from lvzhi.core.capabilities import Capability
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.models import ApiToken, Committee
from lvzhi.org.models import Member
from lvzhi.org.services import committees
from lvzhi.org.services import members as services


class TokenIn(Body):
    username: Text(150)
    password: Text(128)


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


@router.post("/auth/token", auth=None, response={200: TokenOut}, summary="Issue an API token")
def issue_token(request: HttpRequest, payload: TokenIn) -> dict:
    """Too many failures answer 429 with Retry-After: for the account (auth.locked) or the address (auth.throttled)."""
    user = check_credentials(payload.username, payload.password, address=client_address(request))
    if user is None:
        raise DomainError("auth.invalid", _("用户名或密码错误"), status=401)
    token, raw = ApiToken.issue(user)
    return {"token": raw, "expires_at": token.expires_at}


@router.delete("/auth/token", response={204: None}, summary="Revoke the token this request was signed with")
def revoke_current_token(request: HttpRequest) -> Status:
    token = getattr(request, "api_token", None)
    if token is None:
        raise DomainError("auth.no_token", _("本次请求没有使用令牌（网页登录请用“退出”）"))
    revoke_token(token, actor=request.user)
    return Status(204, None)


class TokenInfo(Schema):
    id: int
    created_at: LocalDateTime
    expires_at: LocalDateTime
    last_used_at: LocalDateTime | None
    current: bool  # the token this request was signed with


class TokenList(Schema):
    count: int
    items: list[TokenInfo]


@router.get("/auth/tokens", response=TokenList, summary="My API tokens (never the secret itself)")
def list_tokens(request: HttpRequest) -> dict:
    current = getattr(request, "api_token", None)
    items = [
        {
            "id": t.pk,
            "created_at": t.created_at,
            "expires_at": t.expires_at,
            "last_used_at": t.last_used_at,
            "current": current is not None and current.pk == t.pk,
        }
        for t in tokens_of(request.user)
    ]
    return {"count": len(items), "items": items}


@router.delete("/auth/tokens/{int:token_id}", response={204: None}, summary="Revoke one of my API tokens")
def revoke_one_token(request: HttpRequest, token_id: int) -> Status:
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise NotFound("not_found", _("对象不存在"))
    revoke_token(token, actor=request.user)
    return Status(204, None)


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


class CommitteeIn(Body):
    code: Text(40, min_length=2, pattern=r"^[a-z0-9-]+$")
    name: Name(100, min_length=2)
    level: Committee.Level
    parent_code: Text(40) | None = None
    sector_preset: Text(20) = "city23"
    term_number: Int(1, 99) = 1
    term_start_year: Int(1949, 2100) | None = None


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


class UserIn(Body):
    username: Text(150, min_length=3)
    password: Text(128)
    display_name: Name(50)
    committee: Text(40)
    roles: list[Text(40)] = Field(..., min_length=1, max_length=20)
    mobile: Text(20) | None = None
    handling_unit_id: Id | None = None  # with the role handling_unit: the unit the account works for
    # With committee_staff (a special committee) or group_convenor (one of the other three): the role's scope.
    special_committee_id: Id | None = None
    sector_group_id: Id | None = None
    regional_group_id: Id | None = None
    station_id: Id | None = None


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
    fields = {
        "username": payload.username,
        "password": payload.password,
        "display_name": payload.display_name,
        "committee": committee,
        "roles": payload.roles,
        "mobile": payload.mobile,
        "handling_unit_id": payload.handling_unit_id,
        "actor": request.user,
    }
    # A superuser may create accounts in any committee: the scope is looked up in the account's committee.
    with scope(committee=committee):
        bodies = scope_bodies(payload)
        if any(bodies.values()):
            user = account_services.create_account(**fields, **bodies)
        else:
            user = services.create_user(**fields)
    return Status(201, {"id": user.pk, "username": user.username, "roles": payload.roles})
