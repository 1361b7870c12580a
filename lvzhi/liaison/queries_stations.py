"""What a station shows: members in residence, rota, mailbox, visitors, and its standards checklist ticked from
the data where the data shows it (the rest stays as staff ticked it in the organisation screens)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from lvzhi.liaison.models import Letter, Mailbox, Reception, StationArea
from lvzhi.org.models import SERVING_STATUSES, Member, RegionalGroup, Station, StationDuty

RECENT_DAYS = 90

# A checklist item the data can prove, by what its wording mentions (八有/五有 wording varies by office).
EVIDENCE = (
    (("场所", "阵地", "办公"), "address"),
    (("人员", "负责"), "people"),
    (("值班",), "rota"),
    (("信箱", "征集箱", "征集点"), "mailbox"),
    (("活动", "接待"), "active"),
    (("台账", "档案"), "records"),
)


@dataclass
class ChecklistItem:
    text: str
    done: bool
    from_data: bool


def station_facts(station: Station) -> dict[str, object]:
    since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    mailbox = Mailbox.objects.filter(station=station).first()
    return {
        "residents": list(
            Member.objects.filter(memberships__station=station, memberships__status__in=SERVING_STATUSES)
            .distinct()
            .order_by("name_pinyin")
        ),
        "rota": list(StationDuty.objects.filter(station=station).select_related("member").order_by("weekday")),
        "mailbox": mailbox,
        "letters": Letter.objects.filter(mailbox=mailbox).count() if mailbox else 0,
        "receptions_recent": Reception.objects.filter(station=station, date__gte=since).count(),
        "receptions_total": Reception.objects.filter(station=station).count(),
        "area": StationArea.objects.filter(station=station).values_list("area", flat=True).first() or "",
    }


def checklist(station: Station, facts: dict[str, object]) -> list[ChecklistItem]:
    proven = {
        "address": bool(station.address),
        "people": bool(facts["residents"]) or bool(facts["rota"]),
        "rota": bool(facts["rota"]),
        "mailbox": facts["mailbox"] is not None and facts["mailbox"].is_open,
        "active": bool(facts["receptions_recent"]),
        "records": bool(facts["receptions_total"]) or bool(facts["letters"]),
    }
    items = []
    for text in station.checklist.items if station.checklist else []:
        evidence = next((key for words, key in EVIDENCE if any(w in text for w in words)), None)
        if evidence is not None and proven[evidence]:
            items.append(ChecklistItem(text, True, True))
        else:
            items.append(ChecklistItem(text, text in (station.checklist_done or []), False))
    return items


def stations_overview(committee_id: int) -> tuple[list[Station], list[str]]:
    """Every station with its counts, and the areas of the committee's 联络组 that no station serves."""
    stations = list(
        Station.objects.filter(committee_id=committee_id)
        .annotate(
            residents=Count("memberships", filter=Q(memberships__status__in=SERVING_STATUSES), distinct=True),
            receptions_count=Count("receptions", distinct=True),
        )
        .select_related("area_served")
        .order_by("name")
    )
    served = {s.area_served.area for s in stations if hasattr(s, "area_served")}
    areas = set(RegionalGroup.objects.filter(committee_id=committee_id).exclude(area="").values_list("area", flat=True))
    return stations, sorted(areas - served)
