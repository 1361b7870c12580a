"""Resolve the committee a request acts in, once, and run the request inside its scope.

Every tenant-owned model uses a django-scopes ScopedManager, so a query made outside a
committee scope raises instead of leaking another committee's rows.
"""

from collections.abc import Callable
from contextlib import nullcontext

from django.http import HttpRequest, HttpResponse
from django_scopes import scope

from lvzhi.core import hotpath
from lvzhi.core.auth import token_for
from lvzhi.core.capabilities import STAFF_ROLES, Capability, capabilities_of
from lvzhi.core.memo import request_memo
from lvzhi.core.models import Committee, RoleAssignment, User

SESSION_KEY = "committee_code"


class Access:
    """What the current user may do in the current committee."""

    def __init__(self, user: User, committee: Committee | None, assignments: list[RoleAssignment]):
        self.user = user
        self.committee = committee
        self.assignments = assignments
        self.roles = {a.role for a in assignments}
        if user.is_superuser and committee is not None:
            self.roles.add("admin")
        self.capabilities = capabilities_of(self.roles)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    @property
    def is_staff_user(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def scoped(self, role: str) -> list[RoleAssignment]:
        return [a for a in self.assignments if a.role == role]

    @property
    def handling_unit_ids(self) -> frozenset[int]:
        """The handling units (承办单位) this user works for: they see only what is assigned to these."""
        return frozenset(a.handling_unit_id for a in self.assignments if a.handling_unit_id)


def committees_of(user: User) -> list[Committee]:
    if user.is_superuser:
        return list(Committee.objects.all())
    ids = RoleAssignment.objects.filter(user=user).values_list("committee_id", flat=True).distinct()
    return list(Committee.objects.filter(id__in=ids))


def _committees_of(user: User, assignments: list[RoleAssignment]) -> list[Committee]:
    """committees_of() from the user's assignments, already read with their committees: no further query."""
    if user.is_superuser:
        return list(Committee.objects.all())
    unique = {a.committee_id: a.committee for a in assignments}
    return [unique[pk] for pk in sorted(unique)]


def roles_with_committees(user: User) -> list[RoleAssignment]:
    """Every role the user holds anywhere, each with its committee: one written-out read (core.hotpath)."""
    assignments = hotpath.where_in(RoleAssignment, "user_id", [user.pk], related="committee")
    for assignment in assignments:
        assignment.user = user
    return assignments


def resolve_committee(request: HttpRequest, user: User, mine: list[Committee] | None = None) -> Committee | None:
    wanted = request.headers.get("X-Committee") or request.session.get(SESSION_KEY)
    if mine is None:
        mine = committees_of(user)
    if wanted:
        return next((c for c in mine if c.code == wanted), None)
    if user.home_committee_id:
        home = next((c for c in mine if c.pk == user.home_committee_id), None)
        if home is not None:
            return home
    if user.is_superuser:
        return None  # a superuser names the committee to act in (header or switcher)
    return mine[0] if mine else None


def access_for(user: User, committee: Committee | None) -> Access:
    assignments = list(RoleAssignment.objects.filter(user=user, committee=committee)) if committee is not None else []
    return Access(user, committee, assignments)


class CommitteeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            request.api_token = token_for(auth.removeprefix("Bearer ").strip())
            token_user = request.api_token.user if request.api_token is not None else None
            request.token_user = token_user
            if token_user is not None:
                request.user = token_user
                request._dont_enforce_csrf_checks = True
        request.committee = None
        request.access = None
        request.my_committees = []
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        # One query for every role the user holds anywhere: the committee switcher, the committee resolved for
        # this request and the access in it all come from it (each used to be its own pair of queries).
        assignments = roles_with_committees(user)
        request.my_committees = _committees_of(user, assignments)
        committee = resolve_committee(request, user, request.my_committees)
        request.committee = committee
        here = [a for a in assignments if committee is not None and a.committee_id == committee.pk]
        request.access = Access(user, committee, here)
        if committee is None:
            return self.get_response(request)
        with scope(committee=committee), request_memo() if request.method in ("GET", "HEAD") else nullcontext():
            return self.get_response(request)
