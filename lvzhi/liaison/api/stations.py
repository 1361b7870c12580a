"""A station's standing over the API: its standards checklist as the station's page shows it (ticked from the year's
data where the data shows an item, else as staff ticked it) and the year's counts behind it."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from lvzhi.core.apiinput import Id, Year
from lvzhi.core.apikit import ErrorOut, get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.liaison.queries_stations import checklist, station_facts
from lvzhi.org.models import Station

router = Router()


class StandingFilter(Schema):
    year: Year | None = None


class ChecklistItemOut(Schema):
    text: str
    done: bool
    from_data: bool = Field(description="ticked by the year's data; false: as staff ticked it (or not met)")
    shows: str = Field(description='what the data shows for this item ("" when no data speaks to it)')


class StationCountsOut(Schema):
    residents: int
    officers: int
    rota: int = Field(description="rota entries (member × weekday)")
    letters: int
    receptions: int
    activities: int = Field(description="activities organised by, aimed at or held at the station, held in the year")
    opinions: int = Field(description="社情民意 reports sent from the station in the year")


class StationStandingOut(Schema):
    station_id: int
    year: int
    checklist: str | None = Field(description="the standard's name (八有, 五有…), null when none is chosen")
    items: list[ChecklistItemOut]
    counts: StationCountsOut


@router.get(
    "/stations/{station_id}/standing",
    response={200: StationStandingOut, 403: ErrorOut, 404: ErrorOut},
    summary="A station's standards checklist and the year's counts behind it",
)
def station_standing(request: HttpRequest, station_id: Id, filters: Query[StandingFilter]) -> dict:
    need(request, C.VIEW_STATS)
    station = get_or_404(Station.objects.filter(committee=request.committee).select_related("checklist"), pk=station_id)
    facts = station_facts(station, filters.year or timezone.localdate().year)
    return {
        "station_id": station.pk,
        "year": facts["year"],
        "checklist": station.checklist.name if station.checklist else None,
        "items": [vars(item) for item in checklist(station, facts)],
        "counts": {
            **{key: facts[key] for key in ("officers", "letters", "receptions", "activities", "opinions")},
            "residents": len(facts["residents"]),
            "rota": len(facts["rota"]),
        },
    }
