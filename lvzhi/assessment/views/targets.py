"""学习培训目标 (DOMAIN.md §5): study sessions and participation per member, group and station; training per term."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lvzhi.assessment.export_tables import Sheet, percent, xlsx_response
from lvzhi.assessment.targets import (
    RATE_TARGET,
    SESSIONS_TARGET,
    Filter,
    StudyReport,
    study_report,
    terms_of,
    training_report,
    visible_ids,
)
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.forminput import query_id
from lvzhi.core.permissions import requires
from lvzhi.core.years import year_of
from lvzhi.ledger.services import term_for
from lvzhi.org.models import Sector, SectorGroup, Station, Term


def study_filter(request: HttpRequest) -> Filter:
    return Filter(query_id(request, "sector"), query_id(request, "group"), query_id(request, "station"))


def filter_choices(term: Term) -> dict:
    return {
        "sectors": Sector.objects.filter(term=term).order_by("order", "id"),
        "groups": SectorGroup.objects.filter(term=term).order_by("order", "name"),
        "stations": Station.objects.order_by("name"),
    }


def _report(request: HttpRequest) -> StudyReport:
    return study_report(
        request.committee, year_of(request), only=visible_ids(request.access), flt=study_filter(request)
    )


@require_GET
@requires(C.VIEW_ASSESSMENT)
def study(request: HttpRequest) -> HttpResponse:
    year, flt = year_of(request), study_filter(request)
    report = _report(request)
    short_only = request.GET.get("short") == "1"
    return render(
        request,
        "assessment/targets/study.html",
        {
            "year": year,
            "report": report,
            "members": report.short if short_only else report.members,
            "short_only": short_only,
            "flt": flt,
            "sessions_target": SESSIONS_TARGET,
            "rate_target": round(RATE_TARGET * 100),
            "query": request.GET.urlencode(),
            **filter_choices(term_for(request.committee, year)),
        },
    )


@require_GET
@requires(C.VIEW_ASSESSMENT)
def study_export(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    yes, no = _("是"), _("否")
    unit_header = [_("名称"), _("委员数"), _("举办学习（次）"), _("应参加"), _("实参加"), _("参学率"), _("未达标委员")]

    def units(found):
        return [
            [u.name, u.members, u.sessions, u.total_invited, u.total_attended, percent(u.rate), u.short] for u in found
        ]

    member_header = [_("委员"), _("界别"), _("活动组"), _("工作室"), _("应参加"), _("实参加（含补学）")]
    member_header += [_("其中补学"), _("参学率"), _("达到 4 次"), _("达到 90%")]
    members = [
        [
            m.name,
            m.sector,
            "、".join(m.groups),
            m.station,
            m.total_invited,
            m.total_attended,
            m.made_up,
            percent(m.rate),
            yes if m.meets_sessions else no,
            yes if m.meets_rate else no,
        ]
        for m in report.members
    ]
    return xlsx_response(
        _("%(y)s年学习目标完成情况.xlsx") % {"y": report.year},
        [
            Sheet(_("委员"), member_header, members, _("%(y)s年委员学习情况") % {"y": report.year}),
            Sheet(_("界别活动组"), unit_header, units(report.groups)),
            Sheet(_("委员工作室"), unit_header, units(report.stations)),
        ],
    )


@require_GET
@requires(C.VIEW_ASSESSMENT)
def training(request: HttpRequest) -> HttpResponse:
    terms = terms_of(request.committee)
    chosen = query_id(request, "term")
    term = get_object_or_404(Term, pk=chosen) if chosen is not None else term_for(request.committee, year_of(request))
    report = training_report(term, only=visible_ids(request.access))
    return render(request, "assessment/targets/training.html", {"report": report, "terms": terms, "term": term})


urlpatterns = [
    path("study/", study, name="study"),
    path("study.xlsx", study_export, name="study_export"),
    path("training/", training, name="training"),
]
