"""What a station shows: members in residence, officers, rota, mailbox, visitors, events, and its standards checklist
ticked from the data where the data shows it (the rest stays as staff ticked it, on their word, in the organisation
screens).

The officers and events belong to apps liaison may not import; they arrive as counts (core.registry.station_facts).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.registry import registry
from lvzhi.core.years import year_bounds
from lvzhi.liaison.models import Letter, Mailbox, Reception, StationArea
from lvzhi.org.models import SERVING_STATUSES, Member, RegionalGroup, Station, StationDuty

# 合山: each station studies together at least four times a year; "经常性活动" asks for that many, "有活动" for one.
REGULAR_ACTIVITIES = 4

# Which fact proves a checklist item, by what its wording mentions (八有/五有 wording varies by office). First match
# wins, so the narrower words come first: "有值班人员" is the rota, "有活动场所" the premises, not activities.
EVIDENCE = (
    (("信息员",), "officers"),
    (("值班",), "rota"),
    (("信箱", "征集箱", "征集点", "意见箱", "e联网"), "mailbox"),
    (("接待", "来访"), "intake"),
    (("场所", "阵地", "办公", "地址"), "address"),
    (("社情民意", "民意"), "opinions"),
    (("人员", "负责", "站长"), "people"),
    (("活动",), "activities"),
    (("台账", "档案", "足迹", "记录"), "records"),
)


@dataclass
class ChecklistItem:
    text: str
    done: bool
    from_data: bool
    # What the data shows for this item ("" when no data speaks to it: 经费, 标识, 制度 are ticked by staff).
    shows: str = ""


def station_facts(station: Station, year: int | None = None) -> dict[str, object]:
    """The station's people, rota and mailbox, and its counts for the year (this year unless given)."""
    year = year or timezone.localdate().year
    start, end = year_bounds(year)
    mailbox = Mailbox.objects.filter(station=station).first()
    return {
        "year": year,
        "residents": list(
            Member.objects.filter(memberships__station=station, memberships__status__in=SERVING_STATUSES)
            .distinct()
            .order_by("name_pinyin")
        ),
        "rota": list(StationDuty.objects.filter(station=station).select_related("member").order_by("weekday")),
        "mailbox": mailbox,
        "letters": Letter.objects.filter(mailbox=mailbox, submitted_at__gte=start, submitted_at__lt=end).count()
        if mailbox
        else 0,
        "receptions": Reception.objects.filter(station=station, date__year=year).count(),
        "area": StationArea.objects.filter(station=station).values_list("area", flat=True).first() or "",
        # From the apps above: activities (organised by, aimed at or held at the station), officers, reports.
        "activities": 0,
        "officers": 0,
        "opinions": 0,
        **registry.station_facts_for(station, year),
    }


def _evidence(station: Station, facts: dict) -> dict[str, tuple[bool, str]]:
    """Each kind of evidence: whether the data proves it, and what it shows, in the station page's words."""
    residents, officers, activities = len(facts["residents"]), facts["officers"], facts["activities"]
    mailbox = facts["mailbox"]
    year = facts["year"]
    return {
        "officers": (officers > 0, _("在任信息员 %(n)d 名") % {"n": officers}),
        "rota": (bool(facts["rota"]), _("值班表 %(n)d 人次/周") % {"n": len(facts["rota"])}),
        "mailbox": (
            mailbox is not None and mailbox.is_open,
            (_("信箱已开通，%(y)d 年来信 %(n)d 封") % {"y": year, "n": facts["letters"]})
            if mailbox is not None and mailbox.is_open
            else _("信箱未开通"),
        ),
        "intake": (facts["receptions"] > 0, _("%(y)d 年接待来访 %(n)d 次") % {"y": year, "n": facts["receptions"]}),
        "address": (bool(station.address.strip()), station.address.strip() or _("未填写地址")),
        "opinions": (facts["opinions"] > 0, _("%(y)d 年报送社情民意 %(n)d 篇") % {"y": year, "n": facts["opinions"]}),
        "people": (
            residents + officers > 0,
            _("驻站委员 %(r)d 名、信息员 %(o)d 名") % {"r": residents, "o": officers},
        ),
        "activities": (activities > 0, _("%(y)d 年举办活动 %(n)d 次") % {"y": year, "n": activities}),
        "records": (
            facts["receptions"] + facts["letters"] + activities > 0,
            _("%(y)d 年接待 %(r)d 次、来信 %(l)d 封、活动 %(a)d 次")
            % {"y": year, "r": facts["receptions"], "l": facts["letters"], "a": activities},
        ),
    }


def checklist(station: Station, facts: dict) -> list[ChecklistItem]:
    """Each item of the station's standard: ticked by the data when it shows it, else as staff ticked it."""
    if station.checklist is None:
        return []
    evidence = _evidence(station, facts)
    ticked = station.checklist_done or []
    items = []
    for text in station.checklist.items:
        kind = next((key for words, key in EVIDENCE if any(w in text for w in words)), None)
        if kind is None:
            items.append(ChecklistItem(text, text in ticked, False))
            continue
        proven, shows = evidence[kind]
        if kind == "activities" and "经常" in text:
            proven = facts["activities"] >= REGULAR_ACTIVITIES
        items.append(ChecklistItem(text, proven or text in ticked, proven, shows))
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
