"""Stations that work (DOMAIN.md §3.4; 合山/济宁/常州): the area each serves and its visitor log (委员接待室)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.errors import DomainError
from lvzhi.core.models import User
from lvzhi.liaison.models import Reception, StationArea
from lvzhi.org.models import Member, Station


@transaction.atomic
def set_area(station: Station, *, area: str, actor: User) -> StationArea | None:
    """The township or street the station serves; blank removes it."""
    area = area.strip()
    if not area:
        StationArea.objects.filter(station=station).delete()
        return None
    served, _created = StationArea.objects.update_or_create(
        station=station, defaults={"committee_id": station.committee_id, "area": area[:60]}
    )
    log_event("station.area", station, actor=actor, committee=station.committee, data={"area": area})
    return served


@transaction.atomic
def record_reception(
    station: Station,
    *,
    date: datetime.date,
    visitor: str,
    matter: str,
    outcome: str,
    member: Member | None = None,
    note: str = "",
    actor: User,
) -> Reception:
    errors: dict[str, list[str]] = {}
    for name, value in (("visitor", visitor), ("matter", matter)):
        if not value.strip():
            errors[name] = [_("此项为必填")]
    if outcome not in Reception.Outcome.values:
        errors["outcome"] = [_("取值不在允许范围内")]
    if date > timezone.localdate():
        errors["date"] = [_("日期不能晚于今天")]
    if member is not None and member.committee_id != station.committee_id:
        errors["member"] = [_("委员不存在")]
    if errors:
        raise DomainError("reception.invalid", _("请检查接待记录"), fields=errors)
    reception = Reception.objects.create(
        committee_id=station.committee_id,
        station=station,
        date=date,
        member=member,
        visitor=visitor.strip(),
        matter=matter.strip(),
        outcome=outcome,
        note=note.strip(),
        recorded_by=actor,
    )
    log_event("station.reception", reception, actor=actor, committee=station.committee)
    return reception
