"""Stations (联络站/委员工作室/委员之家/界别工作站), their standards checklists (八有, 五有) and duty rota."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.changes import apply_changes, checked
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.org.models import Member, StandardsChecklist, Station, StationDuty
from lvzhi.org.services.structure import delete_audited, name_conflict, name_taken, refuse_if_used

# Construction standards offices publish for their outposts; each office may edit its own copy. 八有 opens with
# the three items 合山 names (有人员配备、有工作经费、有办公场所; and 各联络站配备社情民意信息员) and completes
# them with what stations are asked for in DOMAIN.md §3.4; 五有 is 澄城/邓州's (§4.4). Items the data shows tick
# themselves on the station's page (liaison.queries_stations), so most are worded as the data speaks.
CHECKLIST_PRESETS: dict[str, list[str]] = {
    "八有": [
        "有人员配备",
        "有工作经费",
        "有办公场所",
        "有工作制度",
        "有社情民意信息员",
        "有值班接待",
        "有经常性活动",
        "有工作台账",
    ],
    "五有": ["有阵地", "有人员", "有特色", "有活动", "有足迹"],
}
MAX_CHECKLIST_ITEMS = 30


# ---- Standards checklists (建设标准: 八有, 五有) ----------------------------------------------------------------


def _clean_items(items: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in cleaned:
            cleaned.append(item)
    if not cleaned:
        raise DomainError("checklist.empty", _("请至少填写一个条目"), fields={"items": [_("请至少填写一个条目")]})
    if len(cleaned) > MAX_CHECKLIST_ITEMS:
        raise DomainError(
            "checklist.too_long",
            _("条目不能超过%(n)s个") % {"n": MAX_CHECKLIST_ITEMS},
            fields={"items": [_("条目过多")]},
        )
    return cleaned


@transaction.atomic
def create_checklist(
    *, committee: Committee, name: str, items: Iterable[str], actor: User | None
) -> StandardsChecklist:
    checklist = StandardsChecklist(committee=committee, name=name.strip(), items=_clean_items(items))
    checked(checklist)
    if name_taken(StandardsChecklist.objects.filter(committee=committee), checklist.name):
        raise name_conflict(_("建设标准"))
    checklist.save()
    log_event("checklist.created", checklist, actor=actor, committee=committee, data={"items": checklist.items})
    return checklist


@transaction.atomic
def add_checklist_preset(*, committee: Committee, preset: str, actor: User | None) -> StandardsChecklist:
    if preset not in CHECKLIST_PRESETS:
        raise DomainError("checklist.bad_preset", _("未知的建设标准预设：%(p)s") % {"p": preset})
    return create_checklist(committee=committee, name=preset, items=CHECKLIST_PRESETS[preset], actor=actor)


@transaction.atomic
def update_checklist(
    checklist: StandardsChecklist, *, name: str, items: Iterable[str], actor: User | None
) -> StandardsChecklist:
    """Rename or re-word a checklist; stations keep the ticks of items that still exist."""
    checklist = StandardsChecklist.objects.select_for_update().get(pk=checklist.pk)
    diff = apply_changes(checklist, {"name": name.strip(), "items": _clean_items(items)}, ["name", "items"])
    if not diff:
        return checklist
    checked(checklist)
    if name_taken(StandardsChecklist.objects.filter(committee=checklist.committee), checklist.name, exclude=checklist):
        raise name_conflict(_("建设标准"))
    checklist.save()
    for station in Station.objects.select_for_update().filter(checklist=checklist):
        kept = [i for i in station.checklist_done if i in checklist.items]
        if kept != station.checklist_done:
            station.checklist_done = kept
            station.save(update_fields=["checklist_done"])
    log_event("checklist.updated", checklist, actor=actor, committee=checklist.committee, data={"changes": diff})
    return checklist


@transaction.atomic
def delete_checklist(checklist: StandardsChecklist, *, actor: User | None) -> None:
    refuse_if_used(
        checklist, [(Station.objects.filter(checklist=checklist).exists(), _("仍有站点采用该建设标准，不能删除"))]
    )
    delete_audited(checklist, action="checklist.deleted", actor=actor)


# ---- Stations (联络站/委员工作室/委员之家/界别工作站) and their duty rota ----------------------------------------


def _check_station(station: Station) -> None:
    checked(station, exclude=["checklist_done"])
    if station.checklist is not None and station.checklist.committee_id != station.committee_id:
        raise DomainError("station.bad_checklist", _("建设标准不存在"), fields={"checklist": [_("建设标准不存在")]})
    if name_taken(Station.objects.filter(committee=station.committee), station.name, exclude=station):
        raise name_conflict(_("站点"))


@transaction.atomic
def create_station(
    *,
    committee: Committee,
    name: str,
    kind: str,
    host_unit: str = "",
    address: str = "",
    checklist: StandardsChecklist | None = None,
    actor: User | None,
) -> Station:
    station = Station(
        committee=committee,
        name=name.strip(),
        kind=kind,
        host_unit=host_unit.strip(),
        address=address.strip(),
        checklist=checklist,
    )
    _check_station(station)
    station.save()
    log_event("station.created", station, actor=actor, committee=committee, data={"kind": kind})
    return station


@transaction.atomic
def update_station(station: Station, *, changes: dict[str, Any], actor: User | None) -> Station:
    """Edit a station; switching to another checklist clears the ticks of the old one."""
    station = Station.objects.select_for_update().get(pk=station.pk)
    diff = apply_changes(station, changes, ["name", "kind", "host_unit", "address", "checklist"])
    if "checklist" in diff:
        station.checklist_done = []
    if diff:
        _check_station(station)
        station.save()
        log_event("station.updated", station, actor=actor, committee=station.committee, data={"changes": diff})
    return station


@transaction.atomic
def record_station_checklist(station: Station, *, done: Iterable[str], actor: User | None) -> Station:
    """Tick the standards a station meets (the rest are unticked)."""
    station = Station.objects.select_for_update(of=("self",)).select_related("checklist").get(pk=station.pk)
    if station.checklist is None:
        raise Conflict("station.no_checklist", _("该站点尚未选择建设标准"))
    done = set(done)
    unknown = done - set(station.checklist.items)
    if unknown:
        raise DomainError(
            "station.bad_checklist_item",
            _("不在建设标准中的条目：%(i)s") % {"i": "、".join(sorted(unknown))},
            fields={"checklist_done": [_("条目不在建设标准中")]},
        )
    ticked = [i for i in station.checklist.items if i in done]
    if ticked != station.checklist_done:
        before = station.checklist_done
        station.checklist_done = ticked
        station.save(update_fields=["checklist_done"])
        log_event(
            "station.checklist_recorded",
            station,
            actor=actor,
            committee=station.committee,
            data={"before": before, "after": ticked},
        )
    return station


@transaction.atomic
def delete_station(station: Station, *, actor: User | None) -> None:
    refuse_if_used(
        station,
        [
            (station.memberships.exists(), _("该站点已有委员，不能删除")),
            (RoleAssignment.objects.filter(station=station).exists(), _("有账号限定在该站点，请先调整其角色")),
        ],
    )
    delete_audited(station, action="station.deleted", actor=actor, owned=(StationDuty,))


@transaction.atomic
def add_station_duty(
    station: Station, *, weekday: int, member: Member, note: str = "", actor: User | None
) -> StationDuty:
    station = Station.objects.select_for_update().get(pk=station.pk)
    if member.committee_id != station.committee_id:
        raise DomainError("station.bad_member", _("委员不存在"), fields={"member": [_("委员不存在")]})
    duty = StationDuty(committee=station.committee, station=station, weekday=weekday, member=member, note=note.strip())
    checked(duty)
    if StationDuty.objects.filter(station=station, weekday=weekday, member=member).exists():
        raise Conflict("station.duty_exists", _("该委员当天已在值班表中"), fields={"member": [_("已在值班表中")]})
    duty.save()
    log_event(
        "station.duty_added",
        station,
        actor=actor,
        committee=station.committee,
        data={"weekday": weekday, "member": member.name, "note": duty.note},
    )
    return duty


@transaction.atomic
def remove_station_duty(duty: StationDuty, *, actor: User | None) -> None:
    station = Station.objects.select_for_update().get(pk=duty.station_id)
    log_event(
        "station.duty_removed",
        station,
        actor=actor,
        committee=station.committee,
        data={"weekday": duty.weekday, "member": str(duty.member)},
    )
    duty.delete()
