"""The roster (参加名单) screen and its moves: confirm, waiting list, remove, reassign, invite,
attendance by hand and staff check-in. Each move calls one service and comes back to the roster."""

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.activities import previews, queries, services
from lvzhi.activities.forms import AdjustForm, AttendanceForm, InviteForm, ReassignForm, show_error
from lvzhi.activities.models import Activity, CheckIn, LeaveRequest, Registration
from lvzhi.activities.transitions import ACTIVITY_MOVES, CLOSED
from lvzhi.activities.views.organiser_common import (
    RosterRow,
    activity_or_404,
    managed_activity,
    refuse,
    registration_or_404,
    roster_rows,
    safe_next,
    with_records,
)
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.jinja import render_rows
from lvzhi.core.permissions import requires


def _permissions(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    """Which row actions to offer: the organiser's own activities, and only where the workflow allows them."""
    manage = queries.can_manage(request.access, activity)
    return {
        "can_manage": manage,
        "can_edit_roster": manage and ACTIVITY_MOVES["edit_roster"].allows(activity.status),
        "can_mark": manage and ACTIVITY_MOVES["set_attendance"].allows(activity.status),
        "can_check_in": manage and ACTIVITY_MOVES["check_in"].allows(activity.status),
        # Translated once here, not once per row's select.
        "attendance_choices": [(value, str(label)) for value, label in Registration.Attendance.choices],
    }


PAGE_SIZE = 50


def with_rows_html(context: dict[str, Any]) -> dict[str, Any]:
    """Add the rows' HTML (a Jinja2 fragment) to a roster context holding `rows`, `activity` and the flags."""
    activity = context["activity"]
    labels = {
        "registration": {v: str(label) for v, label in Registration.Status.choices},
        "leave_kind": {v: str(label) for v, label in LeaveRequest.Kind.choices},
        "leave_status": {v: str(label) for v, label in LeaveRequest.Status.choices},
        "checkin_status": {v: str(label) for v, label in CheckIn.Status.choices},
        "checkin_method": {v: str(label) for v, label in CheckIn.Method.choices},
        "attendance": {v: str(label) for v, label in Registration.Attendance.choices},
    }
    # Each row's actions live under the activity's organiser URL: one reverse() a page, not several a row.
    base = reverse("activities:manage_detail", args=[activity.pk])
    fragment = {"labels": labels, "base": base, "row_error": None, **context}
    return {**context, "rows_html": render_rows("activities/_roster_rows.jinja", fragment)}


def _missing(row: RosterRow) -> bool:
    excused = row.leave is not None and row.leave.status == LeaveRequest.Status.APPROVED
    return row.holds_place and row.checkin is None and not excused


OFF_LIST = {Registration.Status.CANCELLED, Registration.Status.REASSIGNED}
# The roster's tabs: a plenary's list runs to a thousand names, so staff narrow it rather than scroll.
SHOWS: dict[str, tuple[Any, Callable[[RosterRow], bool]]] = {
    "": (gettext_lazy("全部"), lambda row: True),
    "places": (gettext_lazy("参加"), lambda row: row.holds_place),
    "waiting": (gettext_lazy("候补"), lambda row: row.registration.status == Registration.Status.WAITLISTED),
    "leave": (gettext_lazy("请假"), lambda row: row.leave is not None),
    "missing": (gettext_lazy("未签到"), _missing),
    "off": (gettext_lazy("已取消/调剂"), lambda row: row.registration.status in OFF_LIST),
}


def _first_waiting(activity: Activity, rows: list[RosterRow]) -> str:
    """Who takes a place freed by 移出, for its confirmation (as previews.first_waiting, from rows in hand)."""
    waiting = sorted(
        (row for row in rows if row.registration.status == Registration.Status.WAITLISTED),
        key=lambda row: (row.registration.position or 0, row.registration.pk),
    )
    taken = sum(1 for row in rows if row.holds_place)
    if waiting and (activity.capacity is None or taken - 1 < activity.capacity):
        return waiting[0].member.name
    return ""


def _summary(rows: list[RosterRow]) -> Counter[str]:
    summary: Counter[str] = Counter()
    for row in rows:
        summary[row.registration.status] += 1
        if row.holds_place and row.checkin is not None:
            summary["checked_in"] += 1
        if row.leave is not None and row.leave.status in (LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED):
            summary[f"leave_{row.leave.status}"] += 1
    return summary


@requires(C.MANAGE_ACTIVITIES)
def manage_roster(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(pk)
    everyone = roster_rows(request, activity, listing=True)
    show = request.GET.get("show", "")
    keep = SHOWS.get(show, SHOWS[""])[1]
    q = request.GET.get("q", "").strip()
    rows = [
        row for row in everyone if keep(row) and (not q or q in row.member.name or q.lower() in row.member.name_pinyin)
    ]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    flags = _permissions(request, activity)
    context = {
        "activity": activity,
        "page": page,
        "rows": with_records(activity, list(page.object_list)),
        "summary": _summary(everyone),
        "tabs": [(key, label, sum(1 for row in everyone if test(row))) for key, (label, test) in SHOWS.items()],
        "show": show,
        "q": q,
        "invite_form": InviteForm(activity=activity) if flags["can_edit_roster"] else None,
        # 补录 of a past activity: staff usually mark the few absentees, then everyone else present at once.
        "unmarked": services.unmarked_registrations(activity).count()
        if flags["can_mark"] and activity.recorded_afterwards and activity.status not in CLOSED
        else 0,
        "here": request.get_full_path(),
        "first_waiting": _first_waiting(activity, everyone),
        **flags,
    }
    return render(request, "activities/manage_roster.html", with_rows_html(context))


def _back_to_roster(request: HttpRequest, activity: Activity) -> HttpResponse:
    return redirect(safe_next(request, reverse("activities:manage_roster", args=[activity.pk])))


@requires(C.MANAGE_ACTIVITIES)
@require_POST
def manage_adjust(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    reg = registration_or_404(activity, registration)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择调整操作"))
        return _back_to_roster(request, activity)
    try:
        services.adjust_registration(
            reg, action=form.cleaned_data["action"], note=form.cleaned_data["note"], actor=request.user
        )
    except DomainError as exc:
        refuse(request, exc)
    else:
        label = dict(form.fields["action"].choices)[form.cleaned_data["action"]]
        messages.success(request, _("%(name)s：%(action)s") % {"name": reg.member.name, "action": label})
    return _back_to_roster(request, activity)


@requires(C.MANAGE_ACTIVITIES)
def manage_reassign(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    reg = registration_or_404(activity, registration)
    form = ReassignForm(request.POST if request.method == "POST" else None, source=activity)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.reassign_registration(
                reg, to_activity=form.cleaned_data["to_activity"], note=form.cleaned_data["note"], actor=request.user
            )
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(
                request,
                _("已将 %(name)s 调剂至“%(t)s”（%(s)s）")
                % {"name": reg.member.name, "t": moved.activity.title, "s": moved.get_status_display()},
            )
            return redirect("activities:manage_roster", pk=activity.pk)
    return render(request, "activities/manage_reassign.html", {"activity": activity, "registration": reg, "form": form})


@requires(C.MANAGE_ACTIVITIES)
def manage_attendance(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    """Mark one member's attendance by hand: from the roster row (htmx, the row comes back) or this page."""
    activity = managed_activity(request, pk)
    reg = registration_or_404(activity, registration)
    data = request.POST if request.method == "POST" else None
    form = AttendanceForm(data, initial={"attendance": reg.attendance, "note": reg.attendance_note})
    error = None
    if data is not None and form.is_valid():
        try:
            services.set_attendance(
                reg, attendance=form.cleaned_data["attendance"], note=form.cleaned_data["note"], actor=request.user
            )
        except DomainError as exc:
            error = exc
            show_error([form], exc)
        else:
            if not request.headers.get("HX-Request"):
                messages.success(request, _("已记录考勤：%(name)s") % {"name": reg.member.name})
                return redirect("activities:manage_roster", pk=activity.pk)
    elif data is not None:
        error = DomainError("attendance.invalid", _("请选择考勤结果"))
    if data is not None and request.headers.get("HX-Request"):
        (row,) = roster_rows(request, activity, only=reg)
        context = {
            "activity": activity,
            "row_error": error,
            "first_waiting": previews.first_waiting(activity),
            **_permissions(request, activity),
        }
        return render(request, "activities/_manage_roster_rows.html", with_rows_html({**context, "rows": [row]}))
    return render(
        request, "activities/manage_attendance.html", {"activity": activity, "registration": reg, "form": form}
    )


@requires(C.MANAGE_ACTIVITIES)
@require_POST
def manage_check_in(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    """Staff check a member in by hand (audited by the service)."""
    activity = managed_activity(request, pk)
    reg = registration_or_404(activity, registration)
    try:
        checkin, created = services.check_in_member(activity, member=reg.member, actor=request.user)
    except DomainError as exc:
        refuse(request, exc)
    else:
        if created:
            messages.success(
                request, _("已签到：%(name)s（%(s)s）") % {"name": reg.member.name, "s": checkin.get_status_display()}
            )
        else:
            messages.info(request, _("%(name)s 此前已签到") % {"name": reg.member.name})
    return _back_to_roster(request, activity)


@requires(C.MANAGE_ACTIVITIES)
@require_POST
def manage_invite_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What inviting the people chosen so far will do against the free places, before anyone is told."""
    activity = managed_activity(request, pk)
    form = InviteForm(request.POST, activity=activity)
    plan = services.plan_invitation(activity, form.cleaned_data["members"]) if form.is_valid() else None
    return render(request, "activities/_manage_invite_preview.html", {"activity": activity, "form": form, "plan": plan})


@requires(C.MANAGE_ACTIVITIES)
@require_POST
def manage_invite(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    form = InviteForm(request.POST, activity=activity)
    if not form.is_valid():
        messages.error(request, "；".join(form.errors["members"]))
        return redirect("activities:manage_roster", pk=activity.pk)
    overflow = services.OVERFLOW_WAITLIST if request.POST.get("overflow") == "waitlist" else services.OVERFLOW_REFUSE
    try:
        plan = services.invite_members(
            activity,
            members=form.cleaned_data["members"],
            actor=request.user,
            overflow=overflow,
            access=request.access,
        )
    except DomainError as exc:
        refuse(request, exc)
    else:
        said = [_("已邀请 %(n)s 人") % {"n": len(plan.seated)}]
        if plan.waitlisted:
            said.append(_("%(names)s 进入候补") % {"names": "、".join(m.name for m in plan.waitlisted)})
        if plan.already:
            said.append(_("%(names)s 已在名单中") % {"names": "、".join(m.name for m in plan.already)})
        messages.success(request, "；".join(said))
    return redirect("activities:manage_roster", pk=activity.pk)


@requires(C.MANAGE_ACTIVITIES)
@require_POST
def manage_mark_unmarked(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    try:
        marked = services.mark_unmarked_attendance(
            activity, attendance=Registration.Attendance.PRESENT, actor=request.user
        )
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("已将 %(n)s 人记为出席") % {"n": marked})
    return redirect("activities:manage_roster", pk=activity.pk)


urlpatterns = [
    path("manage/<int:pk>/roster/", manage_roster, name="manage_roster"),
    path("manage/<int:pk>/roster/invite/", manage_invite, name="manage_invite"),
    path("manage/<int:pk>/roster/invite/preview/", manage_invite_preview, name="manage_invite_preview"),
    path("manage/<int:pk>/roster/mark-unmarked/", manage_mark_unmarked, name="manage_mark_unmarked"),
    path("manage/<int:pk>/roster/<int:registration>/adjust/", manage_adjust, name="manage_adjust"),
    path("manage/<int:pk>/roster/<int:registration>/reassign/", manage_reassign, name="manage_reassign"),
    path("manage/<int:pk>/roster/<int:registration>/attendance/", manage_attendance, name="manage_attendance"),
    path("manage/<int:pk>/roster/<int:registration>/check-in/", manage_check_in, name="manage_check_in"),
]
