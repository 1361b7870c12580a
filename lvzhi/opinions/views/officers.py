"""信息员 roster: the office appoints officers, members or not, each optionally at a station."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.opinions import services
from lvzhi.opinions.forms import OfficerForm
from lvzhi.opinions.models import InformationOfficer
from lvzhi.opinions.queries import officer_report_counts, stations_with_officers
from lvzhi.org.models import Station


@requires(C.MANAGE_OPINIONS)
def officers(request: HttpRequest) -> HttpResponse:
    """The roster with this year's reports per officer, and every station with its officers (or none yet)."""
    committee = request.committee
    year = timezone.localdate().year
    rows = list(InformationOfficer.objects.filter(committee=committee).select_related("station", "member"))
    stations = list(Station.objects.filter(committee=committee).order_by("name"))
    station_id = _int(request.GET.get("station"))
    if station_id is not None:
        rows = [o for o in rows if o.station_id == station_id]
    counts = officer_report_counts(committee, year)
    for officer in rows:
        officer.sent, officer.adopted = counts.get(officer.pk, (0, 0))
    context = {
        "officers": rows,
        "year": year,
        "stations": stations_with_officers(committee, stations),
        "station_id": station_id,
    }
    return render(request, "opinions/officers.html", context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


@requires(C.MANAGE_OPINIONS)
def officer_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    officer = get_or_404(InformationOfficer.objects.filter(committee=request.committee), pk=pk) if pk else None
    form = OfficerForm(request.POST or None, instance=officer, committee=request.committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_officer(
                committee=request.committee, data=form.cleaned_data, actor=request.user, officer=officer
            )
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("opinions:officers")
    return render(request, "opinions/officer_form.html", {"form": form, "officer": officer})


urlpatterns = [
    path("officers/", officers, name="officers"),
    path("officers/new/", officer_form, name="officer_create"),
    path("officers/<int:pk>/", officer_form, name="officer_edit"),
]
