"""Duty reports (述职): the member writes and submits theirs on the phone; assessment staff review or return them
and record who reported at a 述职会."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.assessment.models import DutyReport
from lvzhi.assessment.services import reports as services
from lvzhi.assessment.views.archive import asked_year
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import BootstrapForm, show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.models import Member
from lvzhi.org.queries.members import visible_members

PAGE_SIZE = 50
RS = DutyReport.Status


def _text(label: str, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=services.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ReportForm(BootstrapForm, forms.Form):
    achievements = _text(gettext_lazy("履职成效"), 8, gettext_lazy("已根据履职记录预填，请核对、修改和补充"))
    problems = _text(gettext_lazy("存在问题"))
    suggestions = _text(gettext_lazy("意见建议"))
    own_work = _text(gettext_lazy("本职工作"))
    social_responsibility = _text(gettext_lazy("履行社会责任"))


def _own(request: HttpRequest) -> Member | None:
    return Member.objects.filter(user=request.user, committee=request.committee).first()


def _timeline(report: DutyReport) -> list[Any]:
    return list(report.events.select_related("actor").order_by("at", "id"))


@requires(C.PARTICIPATE)
def mine(request: HttpRequest) -> HttpResponse:
    member = _own(request)
    if member is None:
        return render(request, "org/portal_no_record.html")
    reports = list(DutyReport.objects.filter(member=member).order_by("-year", "kind"))
    this_year = timezone.localdate().year
    started = {(r.year, r.kind) for r in reports}
    # This year's reports, and last year's while it may still be handed in.
    can_start = [
        (year, kind, DutyReport.Kind(kind).label)
        for year in (this_year, this_year - 1)
        for kind in services.kinds_for(member, year)
        if (year, kind) not in started
    ]
    return render(request, "assessment/reports/mine.html", {"reports": reports, "can_start": can_start})


@require_POST
@requires(C.PARTICIPATE)
def start(request: HttpRequest) -> HttpResponse:
    member = _own(request)
    if member is None:
        return render(request, "org/portal_no_record.html")
    year, kind = request.POST.get("year", ""), request.POST.get("kind", "")
    if not year.isdigit() or kind not in DutyReport.Kind.values:
        messages.error(request, _("请选择要撰写的报告"))
        return redirect("archive:my_reports")
    try:
        report = services.start_report(member, year=int(year), kind=kind, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("archive:my_reports")
    messages.success(request, _("已根据您的履职记录预填报告，请修改补充后提交"))
    return redirect("archive:my_report", pk=report.pk)


@requires(C.PARTICIPATE)
def my_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_or_404(DutyReport.objects.filter(member__user=request.user).select_related("member"), pk=pk)
    editable = report.status in (RS.DRAFT, RS.RETURNED)
    form = ReportForm(request.POST or None, initial={name: getattr(report, name) for name in services.TEXT_FIELDS})
    if request.method == "POST":
        if not editable:
            messages.error(request, _("报告已提交，不能修改"))
            return redirect("archive:my_report", pk=report.pk)
        if form.is_valid():
            submitting = request.POST.get("action") == "submit"
            try:
                if submitting:
                    services.submit_report(report, actor=request.user, data=form.cleaned_data)
                else:
                    services.update_report(report, actor=request.user, data=form.cleaned_data)
            except DomainError as exc:
                show_domain_error([form], exc)
            else:
                messages.success(request, _("已提交，已记入履职记录") if submitting else _("已保存草稿"))
                return redirect("archive:my_report", pk=report.pk)
    context = {
        "report": report,
        "form": form if editable else None,
        "meeting": services.meeting_of(report),
        "events": _timeline(report),
    }
    return render(request, "assessment/reports/my_report.html", context)


def _scoped_reports(request: HttpRequest):
    return DutyReport.objects.filter(member__in=visible_members(request.access))


@requires(C.MANAGE_ASSESSMENT)
def desk(request: HttpRequest) -> HttpResponse:
    year = asked_year(request) or timezone.localdate().year
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    reports = _scoped_reports(request).filter(year=year).select_related("member", "special_committee")
    if status in RS.values:
        reports = reports.filter(status=status)
    if kind in DutyReport.Kind.values:
        reports = reports.filter(kind=kind)
    page = Paginator(reports.order_by("status", "-submitted_at", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    meetings = list(services.duty_report_meetings(request.committee, year))
    context = {
        "page": page,
        "year": year,
        "status": status,
        "kind": kind,
        "statuses": RS.choices,
        "kinds": DutyReport.Kind.choices,
        "meetings": meetings,
    }
    return render(request, "assessment/reports/desk.html", context)


@requires(C.MANAGE_ASSESSMENT)
def desk_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_or_404(_scoped_reports(request).select_related("member", "special_committee"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        note = request.POST.get("note", "")[:300]
        try:
            if action == "review":
                services.review_report(report, actor=request.user, note=note)
                messages.success(request, _("已审阅"))
            elif action == "return":
                services.return_report(report, actor=request.user, reason=note)
                messages.success(request, _("已退回委员修改"))
            else:
                messages.error(request, _("未知的操作"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("archive:desk_report", pk=report.pk)
    context = {
        "report": report,
        "meeting": services.meeting_of(report),
        "events": _timeline(report),
        "meetings": list(services.duty_report_meetings(request.committee, report.year)),
    }
    return render(request, "assessment/reports/desk_report.html", context)


def _meeting(request: HttpRequest, pk: int):
    meeting = services.duty_report_meetings(request.committee).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


@requires(C.MANAGE_ASSESSMENT)
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A 述职会: who reported there (orally or in writing), and filed reports of its year to add."""
    activity = _meeting(request, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        report_id = request.POST.get("report", "")
        report = _scoped_reports(request).filter(pk=int(report_id)).first() if report_id.isdigit() else None
        if report is None:
            messages.error(request, _("请选择履职报告"))
        else:
            try:
                if action == "link":
                    oral = request.POST.get("oral") == "on"
                    services.link_meeting(report, actor=request.user, meeting=activity, oral=oral)
                    messages.success(request, _("已记录 %(name)s 的述职") % {"name": report.member.name})
                elif action == "unlink" and report.meeting_id == activity.pk:
                    services.link_meeting(report, actor=request.user, meeting=None, oral=False)
                    messages.success(request, _("已移除"))
                else:
                    messages.error(request, _("未知的操作"))
            except DomainError as exc:
                messages.error(request, exc.message)
        return redirect("archive:meeting", pk=activity.pk)
    year = timezone.localtime(activity.starts_at).year
    linked = list(_scoped_reports(request).filter(meeting_id=activity.pk).select_related("member").order_by("id"))
    addable = list(
        _scoped_reports(request)
        .filter(year__in=(year, year - 1), status__in=(RS.SUBMITTED, RS.REVIEWED), meeting_id__isnull=True)
        .select_related("member")
        .order_by("member__name_pinyin", "kind")
    )
    context = {
        "activity": activity,
        "linked": linked,
        "addable": addable,
    }
    return render(request, "assessment/reports/meeting.html", context)


urlpatterns = [
    path("reports/", mine, name="my_reports"),
    path("reports/start/", start, name="report_start"),
    path("reports/<int:pk>/", my_report, name="my_report"),
    path("reports/desk/", desk, name="report_desk"),
    path("reports/desk/<int:pk>/", desk_report, name="desk_report"),
    path("meetings/<int:pk>/", meeting, name="meeting"),
]
