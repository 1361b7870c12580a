"""签到 on the member's phone: the venue QR opens a confirm page (GET never writes), the button checks in.
我的签到码: the member's personal code for staff to scan."""

import math

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.activities import services
from lvzhi.activities.models import Activity
from lvzhi.activities.views.portal_common import build_cards, portal_activities, reaching_up
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.qr import qr_svg
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required


@require_http_methods(["GET", "POST"])
@requires(C.PARTICIPATE)
@member_required
@reaching_up
def checkin(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    """/activities/<pk>/checkin/?code=… is what the venue QR encodes; a member who cannot scan types the code."""
    activity = get_or_404(Activity.objects.open_to(member), pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    code = source.get("code", "").strip()
    error = ""
    if request.method == "POST":
        try:
            _checkin, created = services.check_in_with_venue_code(
                activity, member=member, code=code, actor=request.user
            )
        except DomainError as exc:
            error = exc.message
        else:
            if created:
                messages.success(request, _("签到成功"))
            else:
                messages.info(request, _("您已签到，无需重复签到"))
            return redirect("activities:checkin", pk=pk)
    card = build_cards([portal_activities(member).get(pk=pk)], member)[0]
    return render(request, "activities/portal_checkin.html", {"card": card, "code": code, "error": error})


@requires(C.PARTICIPATE)
@member_required
@reaching_up
def my_code(request: HttpRequest, member: Member) -> HttpResponse:
    """A signed code in the QR and six digits under it, both valid ten minutes; the page reloads itself
    when the digits change, so what is on screen always works."""
    now = timezone.now()
    code = services.member_code(member)
    number = services.member_number(member, now)
    refresh = max(1, math.ceil((services.member_number_refresh_at(now) - now).total_seconds()))
    return render(
        request,
        "activities/my_code.html",
        {
            "member": member,
            "code": code,
            "qr": qr_svg(code, label=_("我的签到码")),
            "number": number,
            "number_groups": (number[:3], number[3:]),
            "refresh": refresh,
        },
    )


urlpatterns = [
    path("<int:pk>/checkin/", checkin, name="checkin"),
    path("my-code/", my_code, name="my_code"),
]
