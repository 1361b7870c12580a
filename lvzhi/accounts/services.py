"""Accounts and roles in one committee (DOMAIN.md §1.4): who may sign in, holding which roles and data scopes.

A staff role may be narrowed to a special committee, a sector group, a regional group or a station;
lvzhi.org.queries.members.staff_narrowing then limits what its holder sees. Account-wide changes (password,
deactivation) are reserved for the committee the account belongs to, so one committee's administrator cannot lock
another committee's staff out.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotAllowed, NotFound
from lvzhi.core.models import ApiToken, Committee, RoleAssignment, User
from lvzhi.org.services import members as services

# Roles whose data scope is narrowed (org.queries.members.staff_narrowing reads exactly these), each to one body of
# the kinds listed: a special committee's staff to that committee; a convenor or liaison to their sector group,
# regional group (联络组召集人/联络员) or station (联络站站长/联络员). Other roles see the whole committee.
SCOPE_FIELDS = {
    Role.COMMITTEE_STAFF: ("special_committee",),
    Role.GROUP_CONVENOR: ("sector_group", "regional_group", "station"),
}
SCOPED_ROLES = frozenset(SCOPE_FIELDS)
SCOPE_NAMES = ("special_committee", "sector_group", "regional_group", "station")
Scope = dict[str, Model | None]


def _check_scope(committee: Committee, role: str, scope: Scope) -> None:
    if role not in Role.values:
        raise DomainError("user.bad_role", _("未知角色：%(r)s") % {"r": role}, fields={"role": [_("未知角色")]})
    wanted = SCOPE_FIELDS.get(role, ())
    given = [name for name in SCOPE_NAMES if scope.get(name) is not None]
    if wanted and not set(given) & set(wanted):
        message = _("请选择专委会") if wanted == ("special_committee",) else _("请选择界别活动组、联络组或委员工作站点")
        raise DomainError(
            "user.scope_required",
            _("%(role)s须限定范围：%(m)s") % {"role": Role(role).label, "m": message},
            fields={wanted[0]: [message]},
        )
    extra = [name for name in given if name not in wanted]
    if extra:
        message = _("该角色不能限定此范围") if wanted else _("该角色不能限定范围")
        raise DomainError(
            "user.scope_not_allowed",
            _(
                "专委会工作人员只能限定专委会，召集人/联络员只能限定界别活动组、联络组或委员工作站点，其他角色不限定范围"
            ),
            fields={name: [message] for name in extra},
        )
    if len(given) > 1:
        message = _("只能限定其中一项")
        raise DomainError(
            "user.scope_ambiguous", _("一个角色只能限定一个范围，请只选择一项"), fields={n: [message] for n in given}
        )
    for name in given:
        if scope[name].committee_id != committee.pk:
            raise NotFound("not_found", _("对象不存在"))


def _scope_for(role: str, scope: Scope) -> Scope:
    """The part of a form's scope that applies to one role."""
    wanted = SCOPE_FIELDS.get(role, ())
    return {name: scope.get(name) if name in wanted else None for name in SCOPE_NAMES}


def _check_managed_here(user: User, committee: Committee, actor: User | None) -> None:
    """Account-wide changes only by the account's own committee (or a superuser)."""
    if actor is not None and actor.is_superuser:
        return
    if user.is_superuser:
        raise NotAllowed("user.superuser", _("不能修改超级管理员账号"))
    if user.home_committee_id not in (None, committee.pk):
        raise NotAllowed("user.other_committee", _("该账号由其他政协管理，只能调整其在本政协的角色"))


@transaction.atomic
def create_account(
    *,
    committee: Committee,
    username: str,
    password: str,
    display_name: str,
    roles: list[str],
    mobile: str | None = None,
    handling_unit_id: int | None = None,
    actor: User | None,
    **scope: Model | None,
) -> User:
    """Create a login with roles; each narrowed role takes its own kind of scope (SCOPE_NAMES) from the form."""
    if not roles:
        raise DomainError("user.no_role", _("请至少选择一个角色"), fields={"roles": [_("请至少选择一个角色")]})
    narrowed = [r for r in roles if r in SCOPED_ROLES]
    for role in narrowed:
        _check_scope(committee, role, _scope_for(role, scope))
    unused = [
        name for name, body in scope.items() if body is not None and not any(name in SCOPE_FIELDS[r] for r in narrowed)
    ]
    if unused:
        raise DomainError(
            "user.scope_not_allowed",
            _("所选角色不能限定该范围"),
            fields={name: [_("所选角色不能限定该范围")] for name in unused},
        )
    user = services.create_user(
        username=username,
        password=password,
        display_name=display_name,
        committee=committee,
        roles=[r for r in roles if r not in narrowed],
        mobile=mobile,
        handling_unit_id=handling_unit_id,
        actor=actor,
    )
    for role in narrowed:
        assign_role(user, committee=committee, role=role, actor=actor, **_scope_for(role, scope))
    return user


@transaction.atomic
def assign_role(
    user: User,
    *,
    committee: Committee,
    role: str,
    actor: User | None,
    **scope: Model | None,
) -> RoleAssignment:
    """Give a role, narrowed by at most one scope (special_committee, sector_group, regional_group or station)."""
    unknown = set(scope) - set(SCOPE_NAMES)
    if unknown:
        raise TypeError(f"unknown scope {sorted(unknown)}")
    scope = {name: scope.get(name) for name in SCOPE_NAMES}
    _check_scope(committee, role, scope)
    User.objects.select_for_update().get(pk=user.pk)  # serialise concurrent role changes of one account
    # NULL scopes never collide in the unique constraint, so duplicates are checked here.
    if RoleAssignment.objects.filter(user=user, committee=committee, role=role, **scope).exists():
        raise Conflict("user.role_exists", _("该用户已有此角色"), fields={"role": [_("该用户已有此角色")]})
    assignment = RoleAssignment.objects.create(user=user, committee=committee, role=role, **scope)
    log_event(
        "user.role_assigned",
        user,
        actor=actor,
        committee=committee,
        data={"role": role, **{name: str(body or "") for name, body in scope.items()}},
    )
    return assignment


@transaction.atomic
def remove_role(assignment: RoleAssignment, *, actor: User | None) -> None:
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("user", "committee", *SCOPE_NAMES)
        .get(pk=assignment.pk)
    )
    if assignment.role == Role.ADMIN:
        if actor is not None and assignment.user_id == actor.pk:
            raise Conflict("user.own_admin", _("不能移除自己的系统管理员角色"))
        others = RoleAssignment.objects.filter(committee=assignment.committee, role=Role.ADMIN).exclude(
            pk=assignment.pk
        )
        if not others.exists():
            raise Conflict("user.last_admin", _("本政协至少须保留一名系统管理员"))
    log_event(
        "user.role_removed",
        assignment.user,
        actor=actor,
        committee=assignment.committee,
        data={"role": assignment.role, **{name: str(getattr(assignment, name) or "") for name in SCOPE_NAMES}},
    )
    assignment.delete()


@transaction.atomic
def update_account(
    user: User, *, committee: Committee, display_name: str, mobile: str | None, actor: User | None
) -> User:
    _check_managed_here(user, committee, actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    display_name = display_name.strip()
    mobile = (mobile or "").strip() or None
    if not display_name:
        raise DomainError("user.no_name", _("请填写显示名"), fields={"display_name": [_("此项为必填")]})
    if mobile and User.objects.filter(mobile=mobile).exclude(pk=user.pk).exists():
        raise Conflict("user.mobile_taken", _("手机号已被其他账号使用"), fields={"mobile": [_("手机号已被使用")]})
    diff = {}
    for field, value in (("display_name", display_name), ("mobile", mobile)):
        if getattr(user, field) != value:
            diff[field] = [getattr(user, field), value]
            setattr(user, field, value)
    if diff:
        user.save(update_fields=list(diff))
        log_event("user.updated", user, actor=actor, committee=committee, data={"changes": diff})
    return user


@transaction.atomic
def reset_password(user: User, *, committee: Committee, password: str, actor: User | None) -> User:
    """Set a new password (Django's validators apply), unlock the account and revoke its API tokens."""
    _check_managed_here(user, committee, actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("user.weak_password", "；".join(exc.messages), fields={"password": exc.messages}) from None
    user.set_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["password", "failed_logins", "locked_until"])
    ApiToken.objects.filter(user=user).delete()
    log_event("user.password_reset", user, actor=actor, committee=committee)
    return user


@transaction.atomic
def set_account_active(user: User, *, committee: Committee, active: bool, actor: User | None) -> User:
    """Deactivate (no sign-in, tokens revoked) or reactivate an account; its roles are kept."""
    _check_managed_here(user, committee, actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not active and actor is not None and user.pk == actor.pk:
        raise Conflict("user.deactivate_self", _("不能停用自己的账号"))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=user).delete()
    log_event("user.reactivated" if active else "user.deactivated", user, actor=actor, committee=committee)
    return user
