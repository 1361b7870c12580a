"""我的履职: the member's duty ledger as a timeline, year by year, and self-reports (自报) with evidence;
staff see a member's ledger and work through the queue of self-reports waiting for confirmation."""

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.choices import labels
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import BootstrapForm, show_domain_error
from lvzhi.core.jinja import UrlFor, render_rows
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.uploads import EVIDENCE, UploadField, serve
from lvzhi.ledger import services as ledger
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import SELF_REPORTABLE_KINDS, DutyKind, DutyRole
from lvzhi.org.models import Member

S = DutyRecord.Status
REVIEW_PAGE_SIZE = 30


class SelfReportForm(BootstrapForm, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("类别"), choices=[(k.value, k.label) for k in DutyKind if k in SELF_REPORTABLE_KINDS]
    )
    title = forms.CharField(label=gettext_lazy("事项"), max_length=200)
    event_date = forms.DateField(
        label=gettext_lazy("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    evidence = forms.CharField(
        label=gettext_lazy("佐证说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("例如：服务对象与人数、成效，或刊发的媒体与日期"),
    )
    evidence_file = UploadField(policy=EVIDENCE, label=gettext_lazy("佐证材料"), required=False)
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Evidence is required as one of two (说明 or 材料): both are starred, and the help says so.
        for name in ("evidence", "evidence_file"):
            self.fields[name].one_of_required = True
            self.fields[name].widget.attrs["aria-describedby"] = f"evidence-rule id_{name}_helptext"


class StaffRecordForm(BootstrapForm, forms.Form):
    """A line staff add for a member: anything in the taxonomy, counted at once."""

    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=DutyKind.choices)
    role = forms.ChoiceField(label=gettext_lazy("角色"), choices=DutyRole.choices, initial=DutyRole.PARTICIPANT)
    event_date = forms.DateField(
        label=gettext_lazy("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    title = forms.CharField(label=gettext_lazy("事项"), max_length=200)
    evidence = forms.CharField(
        label=gettext_lazy("佐证说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("例如：会议通知文号、签到表、获奖文件"),
    )
    evidence_file = UploadField(policy=EVIDENCE, label=gettext_lazy("佐证材料"), required=False)
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)


def with_labels(records: Iterable[DutyRecord]) -> list[DutyRecord]:
    """Attach display labels translated once per page: get_kind_display would translate all of the
    taxonomy's labels again for every row."""
    kinds, roles, statuses = labels(DutyKind), labels(DutyRole), labels(S)
    records = list(records)
    for r in records:
        r.kind_label = kinds.get(r.kind, r.kind)
        r.role_label = roles.get(r.role, r.role)
        r.status_label = statuses.get(r.status, r.status)
    return records


ITEM_URLS = {
    "member": "ledger:member",
    "activity": "activities:detail",
    "my_evidence": "ledger:my_evidence",
    "evidence": "ledger:evidence",
    "void": "ledger:void",
    "confirm": "ledger:confirm",
    "reject": "ledger:reject",
}


def item_urls() -> dict[str, UrlFor]:
    return {key: UrlFor(name) for key, name in ITEM_URLS.items()}


def items_html(request: HttpRequest, records: list[DutyRecord], **flags: Any) -> SafeString:
    """Records as list items (a Jinja2 fragment); flags: own, keep, review, show_member, notice."""
    context = {"records": records, "urls": item_urls(), "next": request.get_full_path(), **flags}
    return render_rows("ledger/_items.jinja", context, request)


def months_html(request: HttpRequest, records: list[DutyRecord], year: int, **flags: Any) -> SafeString:
    """The year's records by month, newest first, as HTML: one fragment for every month (one render, the URLs
    reversed once)."""
    months = [(month, list(rows)) for month, rows in groupby(records, key=lambda r: r.event_date.month)]
    context = {"months": months, "year": year, "urls": item_urls(), "next": request.get_full_path(), **flags}
    return render_rows("ledger/_months.jinja", context, request)


def _my_member(request: HttpRequest) -> Member | None:
    return Member.objects.filter(user=request.user, committee=request.committee).first()


def _year_view(request: HttpRequest, member: Member) -> dict[str, object]:
    """The year to show (asked for, else this year or the latest with records) and its rows, newest first."""
    this_year = timezone.localdate().year
    years = sorted(
        set(DutyRecord.objects.filter(member=member).values_list("year", flat=True).distinct()) | {this_year},
        reverse=True,
    )
    wanted = request.GET.get("year", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else this_year
    records = with_labels(ledger.duty_records_of(member, year=year))
    counts = {status: sum(1 for r in records if r.status == status) for status in S.values}
    return {"member": member, "years": years, "year": year, "records": records, "counts": counts}


@requires(C.PARTICIPATE)
def mine(request: HttpRequest) -> HttpResponse:
    member = _my_member(request)
    if member is None:
        return render(request, "org/portal_no_record.html")
    context = _year_view(request, member)
    return render(
        request,
        "ledger/ledger.html",
        {**context, "own": True, "months_html": months_html(request, context["records"], context["year"], own=True)},
    )


@require_http_methods(["GET", "POST"])
@requires(C.PARTICIPATE)
def self_report(request: HttpRequest) -> HttpResponse:
    member = _my_member(request)
    if member is None:
        return render(request, "org/portal_no_record.html")
    form = SelfReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ledger.self_report_duty(
                member=member,
                kind=data["kind"],
                title=data["title"],
                event_date=data["event_date"],
                evidence=data["evidence"],
                evidence_file=data["evidence_file"],
                note=data["note"],
                actor=request.user,
            )
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已提交，工作人员确认后计入履职记录"))
            return redirect(f"{reverse('ledger:mine')}?year={data['event_date'].year}")
    return render(request, "ledger/ledger_report.html", {"form": form})


@requires(C.PARTICIPATE)
def my_evidence(request: HttpRequest, pk: int) -> FileResponse:
    return serve(get_or_404(DutyRecord.objects.filter(member__user=request.user), pk=pk).evidence_file)


@requires(C.VIEW_MEMBERS)
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    return serve(get_or_404(DutyRecord.objects.all(), pk=pk).evidence_file)


@requires(C.VIEW_MEMBERS)
def member_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(Member.objects.all(), pk=pk)
    can_review = request.access.can(C.CONFIRM_DUTY) and ledger.may_review(request.access, member)
    context = {**_year_view(request, member), "own": False, "can_review": can_review, "can_keep": can_review}
    context["months_html"] = months_html(
        request, context["records"], context["year"], review=can_review, keep=can_review
    )
    return render(request, "ledger/ledger.html", context)


@require_http_methods(["GET", "POST"])
@requires(C.CONFIRM_DUTY)
def add_line(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(Member.objects.all(), pk=pk)
    if not ledger.may_review(request.access, member):
        raise Http404
    form = StaffRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ledger.record_by_staff(member=member, actor=request.user, **data)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已记入履职记录：%(t)s") % {"t": data["title"]})
            return redirect(f"{reverse('ledger:member', args=[member.pk])}?year={data['event_date'].year}")
    return render(request, "ledger/ledger_add.html", {"form": form, "member": member})


@require_POST
@requires(C.CONFIRM_DUTY)
def void(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_or_404(DutyRecord.objects.all(), pk=pk)
    try:
        ledger.void_by_staff(record, actor=request.user, reason=request.POST.get("reason", "").strip())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已作废：%(t)s") % {"t": record.title})
    return redirect(f"{reverse('ledger:member', args=[record.member_id])}?year={record.year}")


@requires(C.CONFIRM_DUTY)
def review(request: HttpRequest) -> HttpResponse:
    # A group convenor scoped to a sector group sees only its members' self-reports.
    pending = ledger.in_review_scope(ledger.pending_self_reports(request.committee), request.access)
    page = Paginator(pending, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    records = with_labels(page)
    context = {"page": page, "records": records, "items": items_html(request, records, review=True, show_member=True)}
    return render(request, "ledger/ledger_review.html", context)


def _reviewed(request: HttpRequest, record: DutyRecord, *, level: str, text: str) -> HttpResponse:
    """htmx swaps the row with the outcome on it; a plain form post goes back to where it came from."""
    if request.headers.get("HX-Request"):
        record = with_labels([DutyRecord.objects.select_related("member").get(pk=record.pk)])[0]
        notice = {"level": level, "text": text}
        return HttpResponse(items_html(request, [record], review=True, show_member=True, notice=notice))
    messages.add_message(request, messages.SUCCESS if level == "success" else messages.ERROR, text)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "ledger:review")


@require_POST
@requires(C.CONFIRM_DUTY)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_or_404(DutyRecord.objects.all(), pk=pk)
    try:
        ledger.confirm_duty(record, actor=request.user, note=request.POST.get("note", "").strip())
    except DomainError as exc:
        return _reviewed(request, record, level="danger", text=exc.message)
    return _reviewed(request, record, level="success", text=_("已确认：%(t)s") % {"t": record.title})


@require_POST
@requires(C.CONFIRM_DUTY)
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_or_404(DutyRecord.objects.all(), pk=pk)
    try:
        ledger.reject_duty(record, actor=request.user, reason=request.POST.get("reason", "").strip())
    except DomainError as exc:
        return _reviewed(request, record, level="danger", text=exc.message)
    return _reviewed(request, record, level="success", text=_("已退回：%(t)s") % {"t": record.title})


urlpatterns = [
    path("", mine, name="mine"),
    path("report/", self_report, name="report"),
    path("mine/<int:pk>/evidence/", my_evidence, name="my_evidence"),
    path("review/", review, name="review"),
    path("members/<int:pk>/", member_ledger, name="member"),
    path("members/<int:pk>/add/", add_line, name="add"),
    path("<int:pk>/void/", void, name="void"),
    path("<int:pk>/confirm/", confirm, name="confirm"),
    path("<int:pk>/reject/", reject, name="reject"),
    path("<int:pk>/evidence/", evidence, name="evidence"),
]
