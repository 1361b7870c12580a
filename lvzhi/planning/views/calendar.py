"""履职日历: the year's rule dates (shifted off holidays), the holiday editor, rule settings and planned drafts."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import requires
from lvzhi.core.years import year_of
from lvzhi.planning import queries, services
from lvzhi.planning.forms import CalendarRuleForm, HolidayForm, WarningSettingsForm
from lvzhi.planning.models import CalendarRule
from lvzhi.planning.plan_queries import manages_calendar


def _calendar_url(year: int, anchor: str = "") -> str:
    return f"{reverse('planning:calendar')}?{urlencode({'year': year})}{anchor}"


def _grouped(warnings: list[queries.ComplianceWarning]) -> list[tuple[str, list[str]]]:
    """One line per message naming every group it applies to (a dozen groups often share one)."""
    subjects: dict[str, list[str]] = {}
    for warning in warnings:
        named = subjects.setdefault(warning.message, [])
        if warning.subject not in warning.message:
            named.append(warning.subject)
    return list(subjects.items())


def _page(request: HttpRequest, year: int, holiday_form: HolidayForm | None = None) -> HttpResponse:
    committee = request.committee
    today = timezone.localdate()
    return render(
        request,
        "planning/calendar.html",
        {
            "year": year,
            "years": [year - 1, year + 1],
            "schedule": queries.year_schedule(committee, year),
            "holidays": queries.holidays_of(committee, year),
            "customised": bool(queries.customised_years(committee, [year])),
            "warnings": _grouped(queries.compliance_warnings(committee, year, today)),
            "can_edit": manages_calendar(request.access),
            "holiday_form": holiday_form or HolidayForm(),
            "future": year >= today.year,
        },
    )


def _editor(request: HttpRequest) -> None:
    if not manages_calendar(request.access):
        raise PermissionDenied


@require_GET
@requires(C.VIEW_STATS)
def calendar(request: HttpRequest) -> HttpResponse:
    return _page(request, year_of(request))


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def holiday_save(request: HttpRequest) -> HttpResponse:
    _editor(request)
    year = year_of(request)
    form = HolidayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_holiday(
                committee=request.committee,
                date=data["date"],
                name=data["name"],
                is_makeup_workday=data["is_makeup_workday"],
                actor=request.user,
            )
        except DomainError as exc:
            form.show(exc)
        else:
            messages.success(request, _("已保存 %(d)s") % {"d": data["date"].isoformat()})
            return redirect(_calendar_url(data["date"].year, "#holidays"))
    return _page(request, year, holiday_form=form)


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def holiday_remove(request: HttpRequest) -> HttpResponse:
    _editor(request)
    year = year_of(request)
    field = forms.DateField()
    try:
        day = field.clean(request.POST.get("date"))
        services.remove_holiday(committee=request.committee, date=day, actor=request.user)
    except forms.ValidationError:
        messages.error(request, _("日期无效"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(d)s 已恢复为普通日期") % {"d": day.isoformat()})
        year = day.year
    return redirect(_calendar_url(year, "#holidays"))


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def holidays_reset(request: HttpRequest) -> HttpResponse:
    _editor(request)
    year = year_of(request)
    services.reset_holidays(committee=request.committee, year=year, actor=request.user)
    messages.success(request, _("%(y)s年已恢复为国务院办公厅公布的放假安排") % {"y": year})
    return redirect(_calendar_url(year, "#holidays"))


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_ACTIVITIES)
def rule_edit(request: HttpRequest) -> HttpResponse:
    _editor(request)
    year = year_of(request)
    kind = request.GET.get("kind") or request.POST.get("kind") or CalendarRule.Kind.ACTIVITY_DAY
    rules = {r.kind: r for r in queries.calendar_rules(request.committee)}
    if kind not in rules:
        kind = CalendarRule.Kind.ACTIVITY_DAY
    form = CalendarRuleForm(request.POST or None, instance=rules[kind])
    if request.method == "POST" and form.is_valid():
        try:
            services.update_calendar_rule(
                committee=request.committee, kind=kind, data=form.cleaned_data, actor=request.user
            )
        except DomainError as exc:
            form.show(exc)
        else:
            messages.success(request, _("已保存“%(r)s”规则") % {"r": rules[kind].get_kind_display()})
            return redirect(_calendar_url(year, "#rules"))
    return render(request, "planning/rule_form.html", {"form": form, "rule": rules[kind], "kind": kind, "year": year})


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_ACTIVITIES)
def warning_settings(request: HttpRequest) -> HttpResponse:
    _editor(request)
    year = year_of(request)
    form = WarningSettingsForm(request.POST or None, instance=queries.warning_settings(request.committee))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_warning_settings(committee=request.committee, data=data, actor=request.user)
        except DomainError as exc:
            form.show(exc)
        else:
            messages.success(request, _("已保存提醒规则"))
            return redirect(_calendar_url(year))
    return render(request, "planning/warning_settings.html", {"form": form, "year": year})


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def generate(request: HttpRequest) -> HttpResponse:
    _editor(request)
    year = year_of(request)
    try:
        result = services.generate_planned_drafts(request.committee, year, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已生成 %(n)s 项计划草稿（此前已生成 %(e)s 项，日期已过 %(p)s 项）")
            % {"n": len(result.created), "e": result.existing, "p": result.past},
        )
    return redirect(_calendar_url(year, "#rules"))


urlpatterns = [
    path("calendar/", calendar, name="calendar"),
    path("calendar/holidays/", holiday_save, name="holiday_save"),
    path("calendar/holidays/remove/", holiday_remove, name="holiday_remove"),
    path("calendar/holidays/reset/", holidays_reset, name="holidays_reset"),
    path("calendar/rule/", rule_edit, name="rule_edit"),
    path("calendar/generate/", generate, name="generate"),
    path("calendar/warning-settings/", warning_settings, name="warning_settings"),
]
