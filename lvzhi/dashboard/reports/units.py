"""界别/活动组/工作室 activity report (§6 item 7): what each sector, sector group or station's members did, and for
sector groups their "八个有"/"168" checklist status (the sector-group assessment).

Member figures come from the same ledger aggregate as the member table, folded per unit (a member in two groups
counts in both). For sector groups, the activities the group itself organised are counted from the activities.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.assessment.groups import CHECKLIST, TARGETS, group_results
from lvzhi.core.models import Committee
from lvzhi.dashboard.queries import held_activities
from lvzhi.dashboard.reports.members import NOT_THERE, ledger_counts
from lvzhi.ledger.taxonomy import ActivityKind, DutyKind, DutyRole
from lvzhi.org.models import GroupSeat, Membership, Term

K = ActivityKind
STUDY = {K.STUDY, K.LECTURE, K.TRAINING}
CONSULTATIONS = {
    K.CONSULTATION,
    K.BIWEEKLY_CONSULTATION,
    K.COUNTERPART_CONSULTATION,
    K.SECTOR_CONSULTATION,
    K.PROPOSAL_CONSULTATION,
}
ACTIVITY_KINDS = {k.value for k in ActivityKind}

UNIT_KINDS = {"group": _("界别活动组"), "station": _("委员工作室"), "sector": _("界别")}
FIGURES = {
    "attendances": _("参加会议活动（人次）"),
    "study": _("参加学习（人次）"),
    "consultations": _("参加协商（人次）"),
    "proposals": _("提案（第一提案人）"),
    "opinions": _("社情民意"),
    "contacts": _("联系群众"),
    "mailbox": _("信箱答复"),
}
ORGANISED = {
    "organised": _("承办活动（场）"),
    "organised_study": _("组织学习（次）"),
    "sector_consultations": _("界别协商会（次）"),
    "sector_activities": _("界别活动（次）"),
}


@dataclass
class UnitLine:
    key: int
    name: str
    members: int = 0
    figures: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    organised: dict[str, int] = field(default_factory=dict)
    checklist: str = ""  # sector groups: "八个有" and "168" items done, e.g. "6/8 · 5/7"


def _figure(kind: str, role: str) -> str | None:
    if role in NOT_THERE:
        return None
    if kind == DutyKind.PROPOSAL:
        return "proposals" if role != DutyRole.COSIGNER else None
    return {DutyKind.OPINION: "opinions", DutyKind.CONTACT: "contacts", DutyKind.MAILBOX: "mailbox"}.get(kind)


def unit_report(
    committee: Committee, term: Term, year: int, by: str, *, only: Collection[int] | None = None
) -> list[UnitLine]:
    memberships = Membership.objects.filter(term=term)
    if only is not None:
        memberships = memberships.filter(member_id__in=only)
    if by == "group":
        pairs = GroupSeat.objects.filter(membership__in=memberships).values_list(
            "membership__member_id", "group_id", "group__name"
        )
    elif by == "station":
        pairs = memberships.filter(station__isnull=False).values_list("member_id", "station_id", "station__name")
    elif by == "sector":
        pairs = memberships.values_list("member_id", "sector_id", "sector__name")
    else:
        raise ValueError(by)
    units: dict[int, UnitLine] = {}
    of_member: dict[int, list[UnitLine]] = defaultdict(list)
    for member_id, key, name in pairs.order_by():
        unit = units.setdefault(key, UnitLine(key, name))
        unit.members += 1
        of_member[member_id].append(unit)
    for member_id, rows in ledger_counts(committee, term, year).items():
        for unit in of_member.get(member_id, ()):
            for kind, role, n in rows:
                if role in NOT_THERE:
                    continue
                if kind in ACTIVITY_KINDS:
                    unit.figures["attendances"] += n
                if kind in STUDY:
                    unit.figures["study"] += n
                if kind in CONSULTATIONS:
                    unit.figures["consultations"] += n
                if figure := _figure(kind, role):
                    unit.figures[figure] += n
    if by == "group":
        _organised(committee, year, units)
        for result in group_results(committee, year, only=set(units)):
            units[
                result.group.pk
            ].checklist = f"{result.checklist_done}/{len(CHECKLIST)} · {result.targets_done}/{len(TARGETS)}"
    return sorted(units.values(), key=lambda u: (-u.figures["attendances"], u.name))


def _organised(committee: Committee, year: int, units: dict[int, UnitLine]) -> None:
    rows = (
        held_activities([committee.pk], year)
        .filter(organiser_group__isnull=False)
        .values_list("organiser_group")
        .annotate(
            organised=Count("id"),
            organised_study=Count("id", filter=Q(kind__in=STUDY)),
            sector_consultations=Count("id", filter=Q(kind=K.SECTOR_CONSULTATION)),
            sector_activities=Count("id", filter=Q(kind=K.SECTOR_ACTIVITY)),
        )
        .order_by()
    )
    found = {key: dict(zip(ORGANISED, counts, strict=True)) for key, *counts in rows}
    for key, unit in units.items():
        unit.organised = found.get(key, dict.fromkeys(ORGANISED, 0))
