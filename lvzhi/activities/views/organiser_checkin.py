"""Check-in screens at the venue: the live board, the rotating venue code as a QR code on the entrance
screen, and staff scanning a member's personal code."""

import math
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities import queries, services
from lvzhi.activities.forms import MemberCodeForm, show_error
from lvzhi.activities.models import Activity
from lvzhi.activities.transitions import ACTIVITY_MOVES
from lvzhi.activities.views.organiser_common import activity_or_404, managed_activity
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import requires
from lvzhi.core.qr import qr_svg

BOARD_POLL_SECONDS = 5


def _board_context(activity: Activity) -> dict[str, Any]:
    return {
        "activity": activity,
        "board": queries.live_board(activity),
        # Once attendance is closed (or the activity will not happen) the numbers stop changing.
        "polling": ACTIVITY_MOVES["check_in"].allows(activity.status),
        "poll_seconds": BOARD_POLL_SECONDS,
        "updated_at": timezone.now(),
    }


@requires(C.MANAGE_ACTIVITIES)
def manage_board(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(pk)
    return render(request, "activities/board.html", _board_context(activity))


@requires(C.MANAGE_ACTIVITIES)
def manage_board_counts(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's numbers and names alone, fetched by htmx every few seconds."""
    activity = activity_or_404(pk)
    return render(request, "activities/_board_counts.html", _board_context(activity))


def _venue_context(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    now = timezone.now()
    open_ = ACTIVITY_MOVES["check_in"].allows(activity.status)
    context: dict[str, Any] = {"activity": activity, "open": open_, "window": services.checkin_window(activity)}
    if not open_:
        return context
    code = services.current_venue_code(activity, now)
    # The member portal's check-in page; the phone opens this URL straight from its camera.
    url = request.build_absolute_uri(reverse("activities:checkin", args=[activity.pk]) + "?code=" + code)
    board = queries.live_board(activity, latest=0)
    context.update(
        code=code,
        code_groups=(code[:3], code[3:]),
        url=url,
        qr_svg=qr_svg(url, label=_("会场签到二维码")),
        slot_minutes=services.VENUE_CODE_SLOT_SECONDS // 60,
        # Fetch the next code just after it changes; scans of the old one still count for one more slot.
        refresh_in=max(1, math.ceil((services.venue_code_refresh_at(now) - now).total_seconds())),
        arrived=board.present + board.late,
        expected=board.expected,
    )
    return context


@requires(C.MANAGE_ACTIVITIES)
def manage_venue_code(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    return render(request, "activities/manage_venue_code.html", _venue_context(request, activity))


@requires(C.MANAGE_ACTIVITIES)
def manage_venue_qr(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    return render(request, "activities/_manage_venue_qr.html", _venue_context(request, activity))


@requires(C.MANAGE_ACTIVITIES)
def manage_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff scan the member's QR (camera or USB scanner) or type the six digits under it.

    From the camera page (htmx) the answer is the result panel alone, so the camera keeps running
    for the next member; a plain form post comes back to the page, ready for the next one.
    """
    activity = managed_activity(request, pk)
    form = MemberCodeForm(request.POST if request.method == "POST" else None)
    result: tuple[str, str] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            checkin, created = services.check_in_with_member_code(
                activity, code=form.cleaned_data["code"], actor=request.user
            )
        except DomainError as exc:
            show_error([form], exc)
            result = ("danger", exc.message)
        else:
            name = checkin.member.name
            if created:
                result = ("success", _("已签到：%(name)s（%(s)s）") % {"name": name, "s": checkin.get_status_display()})
            else:
                result = ("info", _("%(name)s 此前已签到") % {"name": name})
            if not request.headers.get("HX-Request"):
                getattr(messages, result[0])(request, result[1])
                return redirect("activities:manage_scan", pk=activity.pk)
    elif request.method == "POST":
        result = ("danger", _("请扫描委员码或输入 6 位数字码"))
    context = {"activity": activity, "form": form, "board": queries.live_board(activity), "result": result}
    if request.headers.get("HX-Request"):
        return render(request, "activities/_manage_scan_panel.html", context)
    return render(request, "activities/manage_scan.html", context)


urlpatterns = [
    path("manage/<int:pk>/board/", manage_board, name="manage_board"),
    path("manage/<int:pk>/board/counts/", manage_board_counts, name="manage_board_counts"),
    path("manage/<int:pk>/venue-code/", manage_venue_code, name="manage_venue_code"),
    path("manage/<int:pk>/venue-code/qr/", manage_venue_qr, name="manage_venue_qr"),
    path("manage/<int:pk>/scan/", manage_scan, name="manage_scan"),
]
