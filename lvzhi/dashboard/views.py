"""统计: activities held in a year by kind, sector group, sector or committee, as a table, a chart and .xlsx."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires
from lvzhi.core.years import year_of
from lvzhi.dashboard.export import stats_workbook
from lvzhi.dashboard.queries import GROUP_BY, GROUP_LABELS, activity_stats

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _group_by(request: HttpRequest) -> str:
    wanted = request.GET.get("group_by", "")
    return wanted if wanted in GROUP_BY else GROUP_BY[0]


@require_GET
@requires(C.VIEW_STATS)
def activities(request: HttpRequest) -> HttpResponse:
    year, group_by = year_of(request), _group_by(request)
    rows = activity_stats(request.committee, year, group_by)
    chart = {
        "names": [r.name for r in rows],
        "series": [
            {"name": _("举办活动（场）"), "data": [r.activities for r in rows]},
            {"name": _("出席（人次）"), "data": [r.attendances for r in rows]},
            {"name": _("出席委员（人）"), "data": [r.members_attending for r in rows]},
        ],
    }
    return render(
        request,
        "dashboard/activities.html",
        {
            "year": year,
            "years": [year - 1, year + 1],
            "group_by": group_by,
            "groupings": [(key, label) for key, label in GROUP_LABELS.items()],
            "grouping": GROUP_LABELS[group_by],
            "rows": rows,
            "chart": chart,
            "can_import": request.access.can(C.MANAGE_ACTIVITIES),
        },
    )


@require_GET
@requires(C.VIEW_STATS)
def activities_export(request: HttpRequest) -> HttpResponse:
    year, group_by = year_of(request), _group_by(request)
    rows = activity_stats(request.committee, year, group_by)
    filename = _("%(y)s年会议活动统计.xlsx") % {"y": year}
    return HttpResponse(
        stats_workbook(rows, year=year, grouping=str(GROUP_LABELS[group_by])),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


urlpatterns = [
    path("activities/", activities, name="activities"),
    path("activities.xlsx", activities_export, name="activities_export"),
]
