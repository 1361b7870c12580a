"""统计报表 (DOMAIN.md §6 items 1, 2, 3, 7, 10): the member table, the short list, attendance per event, the unit
report, the leaders' dashboard, the roll-up below and the annual summary, each as a screen and a download."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.assessment.export_tables import Sheet, percent, xlsx_response
from lvzhi.assessment.targets import visible_ids
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.forminput import query_id
from lvzhi.core.permissions import requires
from lvzhi.core.years import year_of
from lvzhi.dashboard.reports.events import EventFilter, event_attendance, rate
from lvzhi.dashboard.reports.leaders import ROLLUP_FIGURES, dashboard, rollup, summary_figures, summary_text
from lvzhi.dashboard.reports.members import MemberFilter, member_table, shortfalls
from lvzhi.dashboard.reports.units import FIGURES, ORGANISED, UNIT_KINDS, unit_report
from lvzhi.ledger.services import term_for
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.org.models import Sector, SectorGroup, SpecialCommittee, Term

PAGE_SIZE = 100
MAX_SUMMARY = 20_000


def _term_and_year(request: HttpRequest) -> tuple[Term, int | None]:
    """The 届 chosen (default: the year's) and the year, or None for the whole term (year=all)."""
    whole = request.GET.get("year") == "all"
    chosen = query_id(request, "term")
    term = get_object_or_404(Term, pk=chosen) if chosen else term_for(request.committee, year_of(request))
    if whole:
        return term, None
    year = year_of(request)
    return term, year


def _member_filter(request: HttpRequest) -> MemberFilter:
    return MemberFilter(query_id(request, "sector"), query_id(request, "special_committee"), query_id(request, "group"))


def _table(request: HttpRequest):
    term, year = _term_and_year(request)
    return member_table(request.committee, term, year, only=visible_ids(request.access), flt=_member_filter(request))


@require_GET
@requires(C.VIEW_STATS)
def members(request: HttpRequest) -> HttpResponse:
    table = _table(request)
    page = Paginator(table.lines, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(line, [line.counts.get(c.code, 0) for c in table.columns]) for line in page]
    return render(
        request,
        "dashboard/reports/members.html",
        {
            "table": table,
            "page": page,
            "rows": rows,
            "flt": _member_filter(request),
            "terms": Term.objects.order_by("-number"),
            "sectors": Sector.objects.filter(term=table.term).order_by("order", "id"),
            "special_committees": SpecialCommittee.objects.filter(is_active=True).order_by("order", "id"),
            "groups": SectorGroup.objects.filter(term=table.term).order_by("order", "name"),
            "query": request.GET.urlencode(),
            "year_param": table.year or "all",
        },
    )


@require_GET
@requires(C.VIEW_STATS)
def members_export(request: HttpRequest) -> HttpResponse:
    table = _table(request)
    header = [_("姓名"), _("性别"), _("界别"), _("专委会"), _("活动组"), _("工作单位"), _("职务")]
    header += [c.label for c in table.columns] + [_("履职合计")]
    rows = [
        [line.name, line.gender, line.sector, line.special_committees, line.groups, line.employer, line.job_title]
        + [line.counts.get(c.code, 0) for c in table.columns]
        + [line.total]
        for line in table.lines
    ]
    period = _("%(y)s年") % {"y": table.year} if table.year else _("第%(n)s届") % {"n": table.term.number}
    return xlsx_response(
        _("%(p)s委员履职情况统计表.xlsx") % {"p": period},
        [Sheet(_("委员履职情况"), header, rows, _("%(p)s委员履职情况统计表") % {"p": period})],
    )


def _shortfalls(request: HttpRequest):
    year = year_of(request)
    return year, shortfalls(
        request.committee, term_for(request.committee, year), year, only=visible_ids(request.access)
    )


@require_GET
@requires(C.VIEW_ASSESSMENT)
def inactive(request: HttpRequest) -> HttpResponse:
    year, found = _shortfalls(request)
    return render(request, "dashboard/reports/inactive.html", {"year": year, "rows": found})


@require_GET
@requires(C.VIEW_ASSESSMENT)
def inactive_export(request: HttpRequest) -> HttpResponse:
    year, found = _shortfalls(request)
    header = [_("姓名"), _("界别"), _("履职合计"), _("考核分"), _("等次"), _("未完成的最低要求"), _("原因")]
    rows = [
        [s.name, s.sector, s.total, s.score, s.band_label, "、".join(s.missing), "、".join(s.reasons)] for s in found
    ]
    return xlsx_response(
        _("%(y)s年未履职和履职偏少委员名单.xlsx") % {"y": year},
        [Sheet(_("名单"), header, rows, _("%(y)s年未履职和履职偏少委员名单") % {"y": year})],
    )


def _event_filter(request: HttpRequest) -> EventFilter:
    kind = request.GET.get("kind", "")
    return EventFilter(kind if kind in ActivityKind.values else "", query_id(request, "group"))


@require_GET
@requires(C.VIEW_STATS)
def events(request: HttpRequest) -> HttpResponse:
    year, flt = year_of(request), _event_filter(request)
    page = Paginator(event_attendance(request.committee, year, flt), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/reports/events.html",
        {
            "year": year,
            "flt": flt,
            "page": page,
            "rows": [(a, rate(a)) for a in page],
            "kinds": ActivityKind.choices,
            "groups": SectorGroup.objects.filter(term=term_for(request.committee, year)).order_by("order", "name"),
            "query": request.GET.urlencode(),
        },
    )


def _figures(a) -> list:
    return [a.invited, a.replied, a.on_leave, a.present, a.absent, percent(rate(a))]


@require_GET
@requires(C.VIEW_STATS)
def events_export(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    found = event_attendance(request.committee, year, _event_filter(request))
    header = [_("日期"), _("会议活动"), _("种类"), _("应到"), _("回执"), _("请假"), _("出席"), _("缺席"), _("出席率")]
    rows = [[timezone.localdate(a.starts_at).isoformat(), a.title, a.get_kind_display(), *_figures(a)] for a in found]
    return xlsx_response(
        _("%(y)s年会议活动出席统计.xlsx") % {"y": year},
        [Sheet(_("出席统计"), header, rows, _("%(y)s年会议活动出席统计") % {"y": year})],
    )


def _by(request: HttpRequest) -> str:
    by = request.GET.get("by", "")
    return by if by in UNIT_KINDS else "group"


def _units(request: HttpRequest):
    year, by = year_of(request), _by(request)
    term = term_for(request.committee, year)
    return year, by, unit_report(request.committee, term, year, by, only=visible_ids(request.access))


@require_GET
@requires(C.VIEW_STATS)
def units(request: HttpRequest) -> HttpResponse:
    year, by, lines = _units(request)
    return render(
        request,
        "dashboard/reports/units.html",
        {
            "year": year,
            "by": by,
            "kinds": list(UNIT_KINDS.items()),
            "unit_label": UNIT_KINDS[by],
            "figures": list(FIGURES.values()),
            "organised": list(ORGANISED.values()) if by == "group" else [],
            "rows": [
                (line, list(line.figures.values()), list(line.organised.values()) if by == "group" else [])
                for line in lines
            ],
        },
    )


@require_GET
@requires(C.VIEW_STATS)
def units_export(request: HttpRequest) -> HttpResponse:
    year, by, lines = _units(request)
    group = by == "group"
    header = [UNIT_KINDS[by], _("委员数"), *FIGURES.values()] + (
        [*ORGANISED.values(), _("八个有 · 168")] if group else []
    )
    rows = [
        [line.name, line.members, *line.figures.values()]
        + ([*line.organised.values(), line.checklist] if group else [])
        for line in lines
    ]
    title = _("%(y)s年%(u)s履职情况") % {"y": year, "u": UNIT_KINDS[by]}
    return xlsx_response(f"{title}.xlsx", [Sheet(str(UNIT_KINDS[by]), header, rows, title)])


@require_GET
@requires(C.VIEW_STATS)
def leaders(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    board = dashboard(request.committee, year, only=visible_ids(request.access))
    charts = {
        "bands": {"names": [label for _c, label, _n in board.bands], "values": [n for _c, _l, n in board.bands]},
        "buckets": {"names": [label for label, _n in board.buckets], "values": [n for _l, n in board.buckets]},
        "groups": {
            "names": [name for name, _r, _s in board.group_rates],
            "values": [round((r or 0) * 100, 1) for _n, r, _s in board.group_rates],
        },
    }
    return render(request, "dashboard/reports/leaders.html", {"board": board, "year": year, "charts": charts})


@require_GET
@requires(C.VIEW_STATS)
def committees(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    return render(request, "dashboard/reports/rollup.html", {"year": year, "lines": rollup(request.committee, year)})


ROLLUP_LABELS = {
    "members": gettext_lazy("在任委员"),
    "activities": gettext_lazy("举办活动（场）"),
    "attendances": gettext_lazy("出席（人次）"),
    "duty_records": gettext_lazy("履职记录（条）"),
    "proposals": gettext_lazy("提案（件）"),
    "opinions": gettext_lazy("社情民意（篇）"),
}


@require_GET
@requires(C.VIEW_STATS)
def committees_export(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    header = [_("政协"), _("级别"), *(str(ROLLUP_LABELS[f]) for f in ROLLUP_FIGURES)]
    header += [_("%(f)s（含下级）") % {"f": ROLLUP_LABELS[f]} for f in ROLLUP_FIGURES]
    rows = [
        ["　" * line.depth + line.name, line.level, *(line.own[f] for f in ROLLUP_FIGURES)]
        + [line.total[f] for f in ROLLUP_FIGURES]
        for line in rollup(request.committee, year)
    ]
    title = _("%(y)s年本级及下级政协履职统计") % {"y": year}
    return xlsx_response(f"{title}.xlsx", [Sheet(_("逐级汇总"), header, rows, title)])


@require_http_methods(["GET", "POST"])
@requires(C.VIEW_STATS)
def summary(request: HttpRequest) -> HttpResponse:
    """The paragraph written from the data, in a textarea; posting it back downloads the edited text."""
    year = year_of(request)
    if request.method == "POST":
        text = request.POST.get("text", "").replace("\r\n", "\n").strip()[:MAX_SUMMARY]
        if not text:
            text = summary_text(request.committee, summary_figures(request.committee, year))
        filename = _("%(y)s年履职工作综述.txt") % {"y": year}
        return HttpResponse(
            text + "\n",
            content_type="text/plain; charset=utf-8",
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )
    figures = summary_figures(request.committee, year)
    return render(
        request,
        "dashboard/reports/summary.html",
        {"year": year, "text": summary_text(request.committee, figures), "figures": figures, "max": MAX_SUMMARY},
    )


urlpatterns = [
    path("members/", members, name="members"),
    path("members.xlsx", members_export, name="members_export"),
    path("inactive/", inactive, name="inactive"),
    path("inactive.xlsx", inactive_export, name="inactive_export"),
    path("events/", events, name="events"),
    path("events.xlsx", events_export, name="events_export"),
    path("units/", units, name="units"),
    path("units.xlsx", units_export, name="units_export"),
    path("leaders/", leaders, name="leaders"),
    path("committees/", committees, name="committees"),
    path("committees.xlsx", committees_export, name="committees_export"),
    path("summary/", summary, name="summary"),
]
