"""Sector-group assessment (DOMAIN.md §4.4): 温州's "八个有" checklist and "168" targets per 界别活动组, ticked from
the data where it shows them and by the office's evidence otherwise, and the composite for an internal ranking:
40 % checklist + 30 % the members' mean score + 30 % targets met.

From the data: activities the group organised (承办界别组) and held in the year, and its members' ledger rows.
"""

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.models import Activity
from lvzhi.activities.transitions import HELD
from lvzhi.assessment.models_groups import GroupEvidence
from lvzhi.assessment.scoring import COUNTING
from lvzhi.assessment.services.scores import committee_scores
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Committee
from lvzhi.core.years import year_bounds
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import term_for
from lvzhi.ledger.taxonomy import ActivityKind as K
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.org.models import GroupSeat, SectorGroup

CHECKLIST_WEIGHT, SCORE_WEIGHT, TARGETS_WEIGHT = 40, 30, 30
CONTACTS_PER_MEMBER = 3
ACTIVITIES_PER_YEAR = 2

STUDY_KINDS = {K.STUDY, K.LECTURE, K.TRAINING}
RESEARCH_KINDS = {K.RESEARCH, K.INSPECTION, K.STUDY_TOUR}
CONSULT_KINDS = {
    K.CONSULTATION,
    K.BIWEEKLY_CONSULTATION,
    K.COUNTERPART_CONSULTATION,
    K.SECTOR_CONSULTATION,
    K.PROPOSAL_CONSULTATION,
    K.SUPERVISION,
}
SERVICE_KINDS = {K.SECTOR_ACTIVITY, K.PUBLIC_SERVICE, K.ACTIVITY_DAY, K.SALON, K.STATION_DUTY}


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    part: str  # "checklist" (八个有) or "targets" (168)
    hint: str  # what shows it, or what evidence to give


ITEMS = (
    Item("plan_summary", _("计划与总结"), "checklist", _("上传年度工作计划和总结")),
    Item("study_training", _("学习与培训"), "checklist", _("活动组组织学习、大讲堂或培训至少 1 次")),
    Item("research_inspection", _("调研与视察"), "checklist", _("活动组组织调研、视察或考察至少 1 次")),
    Item("consultation_supervision", _("协商与监督"), "checklist", _("活动组组织协商或民主监督至少 1 次")),
    Item("proposals_information", _("提案与信息"), "checklist", _("组内委员提交提案或社情民意至少 1 件")),
    Item("activities_service", _("活动与服务"), "checklist", _("活动组组织界别活动、公益服务等至少 1 次")),
    Item("fellowship_exchange", _("联谊与交流"), "checklist", _("上传联谊交流活动的佐证")),
    Item("innovation", _("创新与亮点"), "checklist", _("上传特色工作、创新亮点的佐证")),
    Item("study_days", _("每月界别学习日"), "targets", _("每月组织一次学习（截至本月）")),
    Item("workstation", _("界别工作站"), "targets", _("上传界别工作站建设佐证")),
    Item("sector_consultation", _("界别协商会"), "targets", _("每年至少召开 1 次界别协商会")),
    Item("sector_activities", _("界别活动"), "targets", _("每年至少 2 次界别活动，12 月界别活动月有活动")),
    Item("mailbox", _("界别e联网信箱"), "targets", _("组内委员答复信箱来信，或上传信箱运行佐证")),
    Item("contacts", _("每位委员联系群众 3 人以上"), "targets", _("组内每位委员联系群众记录不少于 3 条")),
    Item("duty_report", _("界别述职会"), "targets", _("活动组召开述职会至少 1 次")),
)
ITEM_CODES = {item.code for item in ITEMS}
CHECKLIST = [i for i in ITEMS if i.part == "checklist"]
TARGETS = [i for i in ITEMS if i.part == "targets"]


@dataclass
class Check:
    item: Item
    auto: bool
    detail: str
    evidence: GroupEvidence | None = None

    @property
    def done(self) -> bool:
        return self.auto or self.evidence is not None


@dataclass
class GroupResult:
    group: SectorGroup
    members: int
    checks: list[Check]
    mean_score: float | None
    rank: int | None = None

    @property
    def checklist_done(self) -> int:
        return sum(1 for c in self.checks if c.item.part == "checklist" and c.done)

    @property
    def targets_done(self) -> int:
        return sum(1 for c in self.checks if c.item.part == "targets" and c.done)

    @property
    def composite(self) -> float:
        score = min(self.mean_score or 0, 100) / 100
        return round(
            CHECKLIST_WEIGHT * self.checklist_done / len(CHECKLIST)
            + SCORE_WEIGHT * score
            + TARGETS_WEIGHT * self.targets_done / len(TARGETS),
            1,
        )


@dataclass
class _Facts:
    kinds: Counter = field(default_factory=Counter)
    study_months: set = field(default_factory=set)
    december_activity: bool = False
    ledger: Counter = field(default_factory=Counter)  # proposals_information, mailbox
    contacts: dict = field(default_factory=dict)  # member id → contact rows


def _months_due(year: int) -> int:
    today = timezone.localdate()
    return 12 if year < today.year else (today.month if year == today.year else 0)


def _facts(committee: Committee, year: int, groups: dict[int, SectorGroup], members_of: dict[int, set[int]]):
    facts = {pk: _Facts() for pk in groups}
    start, end = year_bounds(year)
    held = Activity.objects.filter(
        committee=committee, status__in=HELD, starts_at__gte=start, starts_at__lt=end, organiser_group__in=groups
    )
    for group_id, kind, starts_at in held.values_list("organiser_group", "kind", "starts_at").order_by():
        f = facts[group_id]
        f.kinds[kind] += 1
        month = timezone.localtime(starts_at).month
        if kind == K.STUDY:
            f.study_months.add(month)
        if kind == K.SECTOR_ACTIVITY and month == 12:
            f.december_activity = True
    everyone = set().union(*members_of.values()) if members_of else set()
    rows = (
        DutyRecord.objects.filter(
            committee=committee,
            year=year,
            status__in=COUNTING,
            kind__in=(DutyKind.PROPOSAL, DutyKind.OPINION, DutyKind.MAILBOX, DutyKind.CONTACT),
            member_id__in=everyone,
        )
        .exclude(role__in=(DutyRole.EXCUSED, DutyRole.ABSENT))
        .values_list("member_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_member: dict[int, Counter] = defaultdict(Counter)
    for member_id, kind, n in rows:
        by_member[member_id][kind] += n
    for group_id, members in members_of.items():
        f = facts[group_id]
        for member_id in members:
            mine = by_member.get(member_id, Counter())
            f.ledger["proposals_information"] += mine[DutyKind.PROPOSAL] + mine[DutyKind.OPINION]
            f.ledger["mailbox"] += mine[DutyKind.MAILBOX]
            f.contacts[member_id] = mine[DutyKind.CONTACT]
    return facts


def _auto(code: str, f: _Facts, year: int) -> tuple[bool, str]:
    """Whether the data ticks the item, and what it shows (for people)."""
    n = f.kinds
    if code == "study_training":
        done = sum(n[k] for k in STUDY_KINDS)
        return done >= 1, _("组织学习培训 %(n)s 次") % {"n": done}
    if code == "research_inspection":
        done = sum(n[k] for k in RESEARCH_KINDS)
        return done >= 1, _("组织调研视察 %(n)s 次") % {"n": done}
    if code == "consultation_supervision":
        done = sum(n[k] for k in CONSULT_KINDS)
        return done >= 1, _("组织协商监督 %(n)s 次") % {"n": done}
    if code == "proposals_information":
        done = f.ledger["proposals_information"]
        return done >= 1, _("委员提案和社情民意 %(n)s 件") % {"n": done}
    if code == "activities_service":
        done = sum(n[k] for k in SERVICE_KINDS)
        return done >= 1, _("组织活动与服务 %(n)s 次") % {"n": done}
    if code == "study_days":
        due = _months_due(year)
        return due > 0 and len(f.study_months) >= due, _("有学习的月份 %(n)s / %(d)s") % {
            "n": len(f.study_months),
            "d": due,
        }
    if code == "sector_consultation":
        return n[K.SECTOR_CONSULTATION] >= 1, _("界别协商会 %(n)s 次") % {"n": n[K.SECTOR_CONSULTATION]}
    if code == "sector_activities":
        done = n[K.SECTOR_ACTIVITY]
        detail = _("界别活动 %(n)s 次") % {"n": done}
        if f.december_activity:
            detail += _("（含 12 月界别活动月）")
        return done >= ACTIVITIES_PER_YEAR and f.december_activity, detail
    if code == "mailbox":
        return f.ledger["mailbox"] >= 1, _("答复信箱来信 %(n)s 件") % {"n": f.ledger["mailbox"]}
    if code == "contacts":
        short = sum(1 for c in f.contacts.values() if c < CONTACTS_PER_MEMBER)
        return bool(f.contacts) and short == 0, _("不足 3 条的委员 %(n)s 人") % {"n": short}
    if code == "duty_report":
        return n[K.DUTY_REPORT_MEETING] >= 1, _("述职会 %(n)s 次") % {"n": n[K.DUTY_REPORT_MEETING]}
    return False, ""


def group_results(committee: Committee, year: int, *, only: Collection[int] | None = None) -> list[GroupResult]:
    """Every sector group of the year's term (or those in `only`), with its checks and composite, ranked."""
    term = term_for(committee, year)
    groups = {g.pk: g for g in SectorGroup.objects.filter(term=term).order_by("order", "name")}
    if only is not None:
        groups = {pk: g for pk, g in groups.items() if pk in only}
    members_of: dict[int, set[int]] = {pk: set() for pk in groups}
    for group_id, member_id in GroupSeat.objects.filter(group__in=groups).values_list(
        "group_id", "membership__member_id"
    ):
        members_of[group_id].add(member_id)
    facts = _facts(committee, year, groups, members_of)
    evidence = {(e.group_id, e.item): e for e in GroupEvidence.objects.filter(group__in=groups, year=year)}
    scores = {s.member_id: s.score for s in committee_scores(committee, year)}
    results = []
    for pk, group in groups.items():
        checks = []
        for item in ITEMS:
            auto, detail = _auto(item.code, facts[pk], year)
            checks.append(Check(item, auto, str(detail), evidence.get((pk, item.code))))
        mine = [scores[m] for m in members_of[pk] if m in scores]
        mean = sum(mine) / len(mine) if mine else None
        results.append(GroupResult(group, len(members_of[pk]), checks, mean))
    results.sort(key=lambda r: (-r.composite, r.group.order, r.group.name))
    previous, rank = None, 0
    for position, result in enumerate(results, start=1):
        if result.composite != previous:
            rank, previous = position, result.composite
        result.rank = rank
    return results


def check_group_year(committee: Committee, group: SectorGroup, year: int) -> None:
    """A group's seats and members belong to its term: a year of another term has nothing to assess or tick."""
    if term_for(committee, year).pk != group.term_id:
        message = _("%(y)s年不在该界别活动组所属的%(term)s内") % {"y": year, "term": group.term}
        raise DomainError("group_assessment.outside_term", message, fields={"year": [message]})


def group_result(committee: Committee, group: SectorGroup, year: int) -> GroupResult:
    """One group's checks and composite for a year of its term (its rank is 1: it is ranked alone)."""
    check_group_year(committee, group, year)
    return group_results(committee, year, only={group.pk})[0]


def visible_groups(access) -> set[int] | None:
    """The groups a narrowed staff user may look at: their own group, or their special committee's; None: all."""
    if access.user.is_superuser:
        return None
    found: set[int] = set()
    for assignment in access.assignments:
        if assignment.sector_group_id:
            found.add(assignment.sector_group_id)
        elif assignment.special_committee_id:
            found |= set(
                SectorGroup.objects.filter(special_committee_id=assignment.special_committee_id).values_list(
                    "pk", flat=True
                )
            )
        elif assignment.regional_group_id or assignment.station_id:
            continue  # a regional group's or a station's organiser has no sector group to look at
        elif assignment.role != Role.MEMBER:
            return None
    return found
