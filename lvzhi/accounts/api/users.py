"""The committee's accounts over the API: list them, give and take roles (with scopes), reset, deactivate.

Accounts are not committee-scoped rows, so every lookup starts from users_of(committee): another committee's
account is a 404, like any object the caller may not see.

These operations share the accounts router with POST /users (identity.py): django-ninja gives each router its
own URL pattern per path, so a second router's GET /users would be answered 405 by the first.
"""

from django.db import transaction
from django.db.models import Model, Q
from django.http import HttpRequest
from ninja import Schema, Status

from lvzhi.accounts import services as account_services
from lvzhi.accounts.api.router import router
from lvzhi.accounts.api.scopes import scope_bodies
from lvzhi.core.apiinput import Body, Id, Name, Page, PageSize, Text
from lvzhi.core.apikit import get_or_404, need, paginate
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment, User
from lvzhi.org.queries.structure import users_of

PAGE_SIZE = 50
TAGS = ["users and roles"]


class NamedRef(Schema):
    id: int
    name: str


class RoleOut(Schema):
    id: int
    role: str
    special_committee: NamedRef | None
    sector_group: NamedRef | None
    regional_group: NamedRef | None
    station: NamedRef | None


class AccountOut(Schema):
    id: int
    username: str
    display_name: str
    mobile: str | None
    is_active: bool
    roles: list[RoleOut]


class AccountList(Schema):
    count: int
    items: list[AccountOut]


class RoleIn(Body):
    role: Role
    special_committee_id: Id | None = None
    sector_group_id: Id | None = None
    regional_group_id: Id | None = None
    station_id: Id | None = None


class AccountPatch(Body):
    display_name: Name(50) = None
    mobile: Text(20) | None = None
    is_active: bool = None


class PasswordIn(Body):
    password: Text(128)


def _ref(obj: Model | None) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _role(r: RoleAssignment) -> dict:
    return {
        "id": r.pk,
        "role": r.role,
        "special_committee": _ref(r.special_committee),
        "sector_group": _ref(r.sector_group),
        "regional_group": _ref(r.regional_group),
        "station": _ref(r.station),
    }


def _account(u: User) -> dict:
    return {
        "id": u.pk,
        "username": u.username,
        "display_name": u.display_name,
        "mobile": u.mobile,
        "is_active": u.is_active,
        "roles": [_role(r) for r in u.roles_here],
    }


def _find(request: HttpRequest, user_id: int) -> User:
    return get_or_404(users_of(request.committee), pk=user_id)


@router.get("/users", response=AccountList, tags=TAGS, summary="The committee's accounts with their roles and scopes")
def list_users(request: HttpRequest, q: Text(100) = "", page: Page = 1, page_size: PageSize = PAGE_SIZE) -> dict:
    need(request, C.MANAGE_USERS)
    accounts = users_of(request.committee)
    if q.strip():
        accounts = accounts.filter(Q(username__icontains=q.strip()) | Q(display_name__icontains=q.strip()))
    count, rows = paginate(accounts, page, page_size)
    return {"count": count, "items": [_account(u) for u in rows]}


@router.patch("/users/{user_id}", response=AccountOut, tags=TAGS, summary="Change name, mobile or activity")
def update_user(request: HttpRequest, user_id: Id, payload: AccountPatch) -> dict:
    need(request, C.MANAGE_USERS)
    user = _find(request, user_id)
    changes = payload.dict(exclude_unset=True)
    with transaction.atomic():
        if "display_name" in changes or "mobile" in changes:
            account_services.update_account(
                user,
                committee=request.committee,
                display_name=changes.get("display_name") or user.display_name,
                mobile=changes.get("mobile", user.mobile),
                actor=request.user,
            )
        if changes.get("is_active") is not None:
            account_services.set_account_active(
                user, committee=request.committee, active=changes["is_active"], actor=request.user
            )
    return _account(_find(request, user_id))


@router.post("/users/{user_id}/password", response={204: None}, tags=TAGS, summary="Reset an account's password")
def reset_password(request: HttpRequest, user_id: Id, payload: PasswordIn) -> Status:
    need(request, C.MANAGE_USERS)
    user = _find(request, user_id)
    account_services.reset_password(user, committee=request.committee, password=payload.password, actor=request.user)
    return Status(204, None)


@router.post("/users/{user_id}/roles", response={201: RoleOut}, tags=TAGS, summary="Give a role, optionally narrowed")
def add_role(request: HttpRequest, user_id: Id, payload: RoleIn) -> Status:
    need(request, C.MANAGE_USERS)
    user = _find(request, user_id)
    assignment = account_services.assign_role(
        user, committee=request.committee, role=payload.role, actor=request.user, **scope_bodies(payload)
    )
    return Status(201, _role(assignment))


@router.delete("/users/{user_id}/roles/{role_id}", response={204: None}, tags=TAGS, summary="Take a role away")
def remove_role(request: HttpRequest, user_id: Id, role_id: Id) -> Status:
    need(request, C.MANAGE_USERS)
    user = _find(request, user_id)
    assignment = get_or_404(RoleAssignment.objects.filter(committee=request.committee, user=user), pk=role_id)
    account_services.remove_role(assignment, actor=request.user)
    return Status(204, None)
