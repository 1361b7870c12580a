"""The homes: 我的履职 for members and the staff desk, each built from the tiles the apps register (core.registry).

A new app shows its work on a home by registering a Tile in its hooks.py; nothing here names an app.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires
from lvzhi.core.registry import registry
from lvzhi.core.tenancy import committees_of
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to their home: staff to the desk, members to 我的履职."""
    access = request.access
    if request.committee is None:
        return render(request, "core/choose_committee.html", {"committees": committees_of(request.user)})
    if access.is_staff_user:
        return redirect("portal:staff_home")
    if access.roles & {"member"}:
        return redirect("portal:member_home")
    return render(request, "core/home.html", {"tiles": registry.tiles_for(request, "account")})


@requires(C.PARTICIPATE)
@member_required
def member_home(request: HttpRequest, member: Member) -> HttpResponse:
    shortcuts = [s for s in registry.shortcuts if s.capability is None or request.access.can(s.capability)]
    return render(
        request,
        "portal/member_home.html",
        {"member": member, "tiles": registry.tiles_for(request, "member", member), "shortcuts": shortcuts},
    )


@requires(C.VIEW_MEMBERS)
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/staff_home.html", {"tiles": registry.tiles_for(request, "staff")})


app_name = "portal"
urlpatterns = [
    path("me/", member_home, name="member_home"),
    path("desk/", staff_home, name="staff_home"),
]
