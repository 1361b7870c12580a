"""Organiser screens of one activity's life: the list, create and edit, the detail page with its
workflow buttons, rescheduling and the outcome."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.activities import previews, queries, services
from lvzhi.activities.forms import (
    ActivityFileForm,
    ActivityFilterForm,
    ActivityForm,
    ExtendRegistrationForm,
    OutcomeForm,
    RescheduleForm,
    show_error,
)
from lvzhi.activities.models import (
    AUDIENCE_POSITIONS,
    Activity,
    ActivityEvent,
    ActivityFile,
    LeaveRequest,
    Registration,
)
from lvzhi.activities.services.common import RECORDED_AFTERWARDS
from lvzhi.activities.transitions import ACTIVITY_MOVES, FILING_MOVES, HOLDS_PLACE
from lvzhi.activities.views.organiser_common import activity_or_404, managed_activity, refuse
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.choices import labels as choice_labels
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.jinja import render_rows
from lvzhi.core.models import User
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.tenancy import Access
from lvzhi.core.uploads import serve
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.services.members import current_term

PAGE_SIZE = 30
A = Activity.Status
R = Registration.Status


@dataclass(frozen=True)
class WorkflowButton:
    """A move on the detail page. `text` asks for a note (optional) or a reason (required by the service)."""

    label: Any
    style: str
    run: Callable[[Activity, User, str], Activity]
    text: str = ""


# In the order an activity goes through them; the page shows those ACTIVITY_MOVES allows from the status.
BUTTONS: dict[str, WorkflowButton] = {
    "publish": WorkflowButton(gettext_lazy("发布"), "danger", lambda a, u, t: services.publish_activity(a, actor=u)),
    "close_registration": WorkflowButton(
        gettext_lazy("截止报名"), "outline-secondary", lambda a, u, t: services.close_registration(a, actor=u)
    ),
    "reopen_registration": WorkflowButton(
        gettext_lazy("重新开放报名"), "outline-secondary", lambda a, u, t: services.reopen_registration(a, actor=u)
    ),
    "confirm_list": WorkflowButton(
        gettext_lazy("确认名单"), "outline-primary", lambda a, u, t: services.confirm_list(a, actor=u)
    ),
    "send_notice": WorkflowButton(
        gettext_lazy("发送会议通知"),
        "outline-primary",
        lambda a, u, t: services.send_notice(a, actor=u, note=t),
        text="note",
    ),
    "start": WorkflowButton(
        gettext_lazy("开始活动"), "outline-success", lambda a, u, t: services.start_activity(a, actor=u)
    ),
    "end": WorkflowButton(
        gettext_lazy("结束活动"), "outline-success", lambda a, u, t: services.end_activity(a, actor=u)
    ),
    "close": WorkflowButton(gettext_lazy("确认考勤"), "success", lambda a, u, t: services.close_activity(a, actor=u)),
    "reopen_attendance": WorkflowButton(
        gettext_lazy("重新打开考勤"),
        "outline-warning",
        lambda a, u, t: services.reopen_attendance(a, actor=u, reason=t),
        text="reason",
    ),
    "archive": WorkflowButton(
        gettext_lazy("归档"), "outline-secondary", lambda a, u, t: services.archive_activity(a, actor=u)
    ),
    "withdraw": WorkflowButton(
        gettext_lazy("撤回为草稿"),
        "outline-warning",
        lambda a, u, t: services.withdraw_activity(a, actor=u, reason=t),
        text="note",
    ),
    "cancel": WorkflowButton(
        gettext_lazy("取消活动"),
        "outline-danger",
        lambda a, u, t: services.cancel_activity(a, actor=u, reason=t),
        text="reason",
    ),
}

TIMELINE_LABELS = {
    "create": gettext_lazy("创建"),
    "submit_filing": gettext_lazy("报专委会审核备案"),
    "approve_filing": gettext_lazy("专委会审核通过"),
    "return_filing": gettext_lazy("专委会退回修改"),
    "update": gettext_lazy("修改"),
    "publish": gettext_lazy("发布"),
    "withdraw": gettext_lazy("撤回"),
    "close_registration": gettext_lazy("截止报名"),
    "reopen_registration": gettext_lazy("重新开放报名"),
    "extend_registration": gettext_lazy("延长报名"),
    "undersize_warned": gettext_lazy("报名人数低于下限提醒"),
    "confirm_list": gettext_lazy("确认名单"),
    "send_notice": gettext_lazy("发送通知"),
    "start": gettext_lazy("开始"),
    "end": gettext_lazy("结束"),
    "close": gettext_lazy("确认考勤"),
    "reopen_attendance": gettext_lazy("重新打开考勤"),
    "record_outcome": gettext_lazy("成果反馈"),
    "archive": gettext_lazy("归档"),
    "cancel": gettext_lazy("取消"),
    "reschedule": gettext_lazy("改期"),
    "reassign": gettext_lazy("调剂"),
}


MANAGE_ROW_FIELDS = (
    "committee_id",
    "title",
    "kind",
    "mode",
    "status",
    "starts_at",
    "location",
    "capacity",
    "recorded_afterwards",
)


@requires(C.MANAGE_ACTIVITIES)
def manage_list(request: HttpRequest) -> HttpResponse:
    filters = ActivityFilterForm(request.GET)
    activities = filters.filter(queries.visible_activities(request.access, None))
    if filters.cleaned_data.get("to_close"):
        activities = activities.filter(pk__in=queries.to_close(request.access).values("pk"))
    # Only what a row shows: the counts group the joined registrations by every selected column.
    activities = (
        activities.only(*MANAGE_ROW_FIELDS)
        .annotate(
            places=Count("registrations", filter=Q(registrations__status__in=HOLDS_PLACE)),
            waiting=Count("registrations", filter=Q(registrations__status=R.WAITLISTED)),
        )
        .order_by("-starts_at", "-id")
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "activities/_manage_activity_rows.html" if partial else "activities/manage_list.html"
    labels = {"kind": choice_labels(ActivityKind), "mode": choice_labels(Activity.Mode), "status": choice_labels(A)}
    rows_html = render_rows(
        "activities/_manage_rows.jinja",
        # An activity's page is the list's URL plus its id: one reverse() a page, not one a row.
        {"activities": page.object_list, "labels": labels, "detail_url": reverse("activities:manage_list")},
    )
    context = {
        "page": page,
        "rows_html": rows_html,
        "filters": filters,
        "can_approve_leave": request.access.can(C.APPROVE_LEAVE),
        "can_edit_rules": request.access.can(C.MANAGE_ORG),
    }
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires(C.MANAGE_ACTIVITIES)
def manage_create(request: HttpRequest) -> HttpResponse:
    try:
        term = current_term(request.committee)
    except NotFound as exc:
        refuse(request, exc)
        return redirect("activities:manage_list")
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        term=term,
        committee=request.committee,
        initial=_preset(request.access),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(
                committee=request.committee,
                data=form.activity_data(),
                audience=form.audience(),
                actor=request.user,
                access=request.access,
            )
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已创建草稿：%(t)s") % {"t": activity.title})
            return redirect("activities:manage_detail", pk=activity.pk)
    return render(request, "activities/manage_form.html", {"form": form, "activity": None})


# The audience an organiser's own unit gives, by the organiser field that names the unit.
PRESET_AUDIENCE = {
    "organiser_special_committee": "audience_special_committees",
    "organiser_group": "audience_groups",
    "organiser_regional_group": "audience_regional_groups",
    "organiser_station": "audience_stations",
}


def _preset(access: Access) -> dict[str, Any]:
    """An organiser narrowed to one unit (a special committee, a sector, regional group or station) starts a new
    activity in its name, for its members: the only choice they may save."""
    unit = queries.reach(access).only_unit
    if unit is None:
        return {}
    field, pk = unit
    return {field: pk, PRESET_AUDIENCE[field]: [pk]}


@requires(C.MANAGE_ACTIVITIES)
def manage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    if not ACTIVITY_MOVES["update"].allows(activity.status):
        messages.error(request, _("当前状态为“%(s)s”，不能修改") % {"s": activity.get_status_display()})
        return redirect("activities:manage_detail", pk=activity.pk)
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        instance=activity,
        term=activity.term,
        committee=request.committee,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(
                activity, data=form.activity_data(), audience=form.audience(), actor=request.user, access=request.access
            )
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("activities:manage_detail", pk=activity.pk)
    return render(request, "activities/manage_form.html", {"form": form, "activity": activity})


def _moved(event: ActivityEvent) -> dict[str, Any] | None:
    """A reschedule's old and new time and place, as the timeline row stores them."""
    old, new = event.data.get("old"), event.data.get("new")
    if not old or not new:
        return None
    return {
        "old_start": parse_datetime(old["starts_at"]),
        "old_location": old["location"],
        "new_start": parse_datetime(new["starts_at"]),
        "new_location": new["location"],
    }


def _timeline(activity: Activity) -> list[dict[str, Any]]:
    marker = f"（{RECORDED_AFTERWARDS}）"
    return [
        {
            "event": event,
            "label": TIMELINE_LABELS.get(event.action, event.action),
            "recorded_afterwards": event.note.startswith(marker),
            "note": event.note.removeprefix(marker),
            "moved": _moved(event),
        }
        for event in queries.timeline(activity)
    ]


@requires(C.MANAGE_ACTIVITIES)
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(pk)
    can_manage = queries.can_manage(request.access, activity)
    status = activity.status
    counts = Registration.objects.filter(activity=activity).aggregate(
        places=Count("pk", filter=Q(status__in=HOLDS_PLACE)),
        waiting=Count("pk", filter=Q(status=R.WAITLISTED)),
    )
    counts["pending_leave"] = LeaveRequest.objects.filter(activity=activity, status=LeaveRequest.Status.PENDING).count()
    counts["checked_in"] = activity.checkins.count()
    started = services.has_begun(activity)
    buttons = [
        # Moves that tell people or write the ledger say so, with the names, before they are made.
        (action, button, previews.for_action(activity, action) if can_manage else None)
        for action, button in BUTTONS.items()
        # Attendance can only be confirmed once the activity has begun (the service refuses it earlier).
        if ACTIVITY_MOVES[action].allows(status) and (action != "close" or started)
    ]
    context = {
        "activity": activity,
        "can_manage": can_manage,
        "buttons": buttons if can_manage else [],
        # Closing records these members absent, so the close button asks first.
        "unmarked": services.unmarked_registrations(activity).count() if can_manage and started else 0,
        "can_edit": can_manage and ACTIVITY_MOVES["update"].allows(status),
        "can_reschedule": can_manage and ACTIVITY_MOVES["reschedule"].allows(status),
        "can_record_outcome": can_manage and ACTIVITY_MOVES["record_outcome"].allows(status),
        "counts": counts,
        "audience": {
            "sectors": list(activity.audience_sectors.all()),
            "groups": list(activity.audience_groups.all()),
            "special_committees": list(activity.audience_special_committees.all()),
            "members": list(activity.audience_members.order_by("name_pinyin")),
            "regional_groups": list(activity.audience_regional_groups.all()),
            "stations": list(activity.audience_stations.all()),
            "committees": list(activity.audience_committees.all()),
            "positions": [label for value, label in AUDIENCE_POSITIONS if value in activity.position_list],
        },
        # 事前报备: the organiser files the draft, the supervising special committee decides.
        "filing": {
            "required": services.filing_required(activity),
            "can_submit": can_manage and FILING_MOVES["submit_filing"].allows(activity.filing_status),
            "can_decide": services.may_decide_filing(request.access, activity)
            and FILING_MOVES["approve_filing"].allows(activity.filing_status),
        }
        if activity.status == A.DRAFT
        else None,
        "files": list(activity.files.all()),
        "timeline": _timeline(activity),
        "checkin_window": services.checkin_window(activity),
        # Below 名额下限 while signing up: the organiser may extend the deadline or cancel (the cancel button).
        "undersized": can_manage and services.undersized(activity),
        "extend_form": ExtendRegistrationForm(
            initial={
                "closes_at": activity.registration_closes_at and timezone.localtime(activity.registration_closes_at)
            }
        ),
    }
    return render(request, "activities/manage_detail.html", context)


@requires(C.MANAGE_ACTIVITIES)
@require_POST
def manage_extend(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    form = ExtendRegistrationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的报名截止时间"))
        return redirect("activities:manage_detail", pk=activity.pk)
    try:
        services.extend_registration(activity, closes_at=form.cleaned_data["closes_at"], actor=request.user)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("已延长报名"))
    return redirect("activities:manage_detail", pk=activity.pk)


@requires(C.MANAGE_ACTIVITIES)
@require_POST
def manage_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    button = BUTTONS.get(action)
    if button is None:
        raise Http404
    activity = managed_activity(request, pk)
    try:
        button.run(activity, request.user, request.POST.get("text", "").strip())
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("已完成：%(action)s") % {"action": button.label})
    return redirect("activities:manage_detail", pk=activity.pk)


@requires(C.MANAGE_ACTIVITIES)
def manage_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    if not ACTIVITY_MOVES["reschedule"].allows(activity.status):
        messages.error(request, _("当前状态为“%(s)s”，不能改期") % {"s": activity.get_status_display()})
        return redirect("activities:manage_detail", pk=activity.pk)
    initial = {
        "starts_at": timezone.localtime(activity.starts_at),
        "ends_at": timezone.localtime(activity.ends_at),
        "location": activity.location,
        "registration_closes_at": activity.registration_closes_at
        and timezone.localtime(activity.registration_closes_at),
    }
    form = RescheduleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reschedule_activity(
                activity,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data["location"],
                registration_closes_at=data["registration_closes_at"],
                reason=data["reason"],
                actor=request.user,
            )
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已改期，名单上的委员将收到通知"))
            return redirect("activities:manage_detail", pk=activity.pk)
    return render(request, "activities/manage_reschedule.html", {"activity": activity, "form": form})


@requires(C.MANAGE_ACTIVITIES)
def manage_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    form = OutcomeForm(request.POST if request.method == "POST" else None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_outcome(
                activity,
                minutes=data["minutes"],
                outcome=data["outcome"],
                suggestions_count=data["suggestions_count"],
                actor=request.user,
            )
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已记录成果"))
            return redirect("activities:manage_detail", pk=activity.pk)
    context = {
        "activity": activity,
        "form": form,
        "file_form": ActivityFileForm(),
        "files": list(activity.files.all()),
        "can_record": ACTIVITY_MOVES["record_outcome"].allows(activity.status),
    }
    return render(request, "activities/manage_outcome.html", context)


@requires(C.MANAGE_ACTIVITIES)
@require_POST
def manage_attach_file(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    form = ActivityFileForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.attach_activity_file(
                activity, file=data["file"], title=data["title"], kind=data["kind"], actor=request.user
            )
        except DomainError as exc:
            refuse(request, exc)
        else:
            messages.success(request, _("已上传：%(t)s") % {"t": data["title"] or data["file"].name})
    else:
        errors = form.errors.get("file") or [_("请选择要上传的文件")]
        messages.error(request, errors[0])
    return redirect("activities:manage_outcome", pk=activity.pk)


@requires(C.MANAGE_ACTIVITIES)
def manage_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """An activity's material, as the organiser screens list it (members read materials through the API)."""
    activity = activity_or_404(pk)
    return serve(get_or_404(ActivityFile.objects.filter(activity=activity), pk=file_id).file)


urlpatterns = [
    path("manage/", manage_list, name="manage_list"),
    path("manage/new/", manage_create, name="manage_create"),
    path("manage/<int:pk>/", manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", manage_edit, name="manage_edit"),
    path("manage/<int:pk>/do/<slug:action>/", manage_action, name="manage_action"),
    path("manage/<int:pk>/reschedule/", manage_reschedule, name="manage_reschedule"),
    path("manage/<int:pk>/extend/", manage_extend, name="manage_extend"),
    path("manage/<int:pk>/outcome/", manage_outcome, name="manage_outcome"),
    path("manage/<int:pk>/files/", manage_attach_file, name="manage_attach_file"),
    path("manage/<int:pk>/files/<int:file_id>/", manage_file, name="manage_file"),
]
