"""The leaders' dashboard (§6 item 10), the roll-up over every committee below, and the annual summary paragraph.

Targets are the customer's calendar rules (DOMAIN.md §5): ≥4 study sessions and ≥90 % participation, one 政协大讲堂
a quarter, every sector group ≥1 界别协商会 and ≥2 界别活动 a year, every member trained in the term, and every
member doing the minimum duties ("三个一").
"""

import datetime
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lvzhi.assessment.scoring import COUNTING
from lvzhi.assessment.services.schemes import load_year, rules_in_force
from lvzhi.assessment.services.scores import committee_scores
from lvzhi.assessment.targets import RATE_TARGET, SESSIONS_TARGET, study_report, training_report
from lvzhi.core.models import Committee
from lvzhi.dashboard.queries import attendances, held_activities
from lvzhi.dashboard.reports.units import STUDY
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import term_for
from lvzhi.ledger.taxonomy import ActivityKind as K
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.org.models import SERVING_STATUSES, Membership, SectorGroup

ADOPTED = (DutyRole.ADOPTED_OWN, DutyRole.ADOPTED_CITY, DutyRole.ADOPTED_PROVINCE, DutyRole.ADOPTED_NATIONAL)
SCORE_BUCKETS = [("<60", 0, 60), ("60–69", 60, 70), ("70–79", 70, 80), ("80–89", 80, 90), ("≥90", 90, float("inf"))]


@dataclass(frozen=True)
class Target:
    code: str
    label: str
    actual: float
    goal: float
    unit: str = ""
    display: str = ""  # the actual as people read it, when it is not a plain number

    @property
    def met(self) -> bool:
        return self.actual >= self.goal

    @property
    def progress(self) -> int:
        return min(100, round(self.actual / self.goal * 100)) if self.goal else 100


@dataclass
class Dashboard:
    year: int
    as_of: datetime.date
    members: int
    targets: list[Target]
    bands: list[tuple[str, str, int]]  # (code, label, members)
    buckets: list[tuple[str, int]]  # ("60–69", members)
    group_rates: list[tuple[str, float | None, int]]  # (group, study participation, members short)


def _quarters(held) -> Counter:
    found: Counter = Counter()
    for starts_at in held.filter(kind=K.LECTURE).values_list("starts_at", flat=True):
        found[(timezone.localtime(starts_at).month - 1) // 3 + 1] += 1
    return found


def _groups_meeting(committee: Committee, year: int) -> tuple[int, int, int]:
    """(sector groups of the year's term, those with ≥1 界别协商会, those with ≥2 界别活动) organised this year."""
    term = term_for(committee, year)
    total = SectorGroup.objects.filter(term=term).count()
    rows = (
        held_activities([committee.pk], year)
        .filter(organiser_group__term=term)
        .values_list("organiser_group")
        .annotate(
            consultations=Count("id", filter=Q(kind=K.SECTOR_CONSULTATION)),
            activities=Count("id", filter=Q(kind=K.SECTOR_ACTIVITY)),
        )
        .order_by()
    )
    rows = list(rows)
    return total, sum(1 for _g, c, _a in rows if c >= 1), sum(1 for _g, _c, a in rows if a >= 2)


def dashboard(committee: Committee, year: int, *, only: Collection[int] | None = None) -> Dashboard:
    today = timezone.localdate()
    as_of = min(today, datetime.date(year, 12, 31))
    held = held_activities([committee.pk], year)
    study = study_report(committee, year, only=only)
    assessment = load_year(committee, year)
    rules, _scheme = rules_in_force(committee, year, assessment)
    scores = [s for s in committee_scores(committee, year, assessment, rules) if only is None or s.member_id in only]
    training = training_report(term_for(committee, year), only=only)
    groups, consulted, active = _groups_meeting(committee, year)
    lectures = _quarters(held)
    quarters_due = 4 if year < today.year else ((as_of.month - 1) // 3 + 1 if year == today.year else 0)
    members = len(study.members)
    doing_minimum = sum(1 for s in scores if not s.missing_duties)
    targets = [
        Target("study_sessions", _("集中学习（次）"), held.filter(kind__in=STUDY).count(), SESSIONS_TARGET, _("次")),
        Target(
            "study_rate",
            _("委员参学率"),
            round((study.rate or 0) * 100, 1),
            RATE_TARGET * 100,
            "%",
        ),
        Target("study_members", _("学习达标委员"), study.meeting_both, members, _("人")),
        Target(
            "lectures",
            _("政协大讲堂（季度）"),
            sum(1 for q in range(1, quarters_due + 1) if lectures[q]),
            quarters_due,
            _("个季度"),
        ),
        Target("sector_consultations", _("开过界别协商会的活动组"), consulted, groups, _("个")),
        Target("sector_activities", _("界别活动达到 2 次的活动组"), active, groups, _("个")),
        Target("training", _("本届已参加培训委员"), training.trained, len(training.members), _("人")),
        Target("minimum_duties", _("完成“三个一”的委员"), doing_minimum, len(scores), _("人")),
    ]
    band_counts = Counter(s.band for s in scores)
    bands = [(b.code, b.label, band_counts[b.code]) for b in rules.bands]
    buckets = [(label, sum(1 for s in scores if low <= s.score < high)) for label, low, high in SCORE_BUCKETS]
    group_rates = [(g.name, g.rate, g.short) for g in study.groups]
    return Dashboard(year, as_of, members, targets, bands, buckets, group_rates)


# Roll-up over every level below


@dataclass
class RollupLine:
    code: str
    name: str
    level: str
    depth: int
    parent: int | None
    own: dict[str, int]
    total: dict[str, int] = field(default_factory=dict)  # this committee and everything below it


ROLLUP_FIGURES = ("members", "activities", "attendances", "duty_records", "proposals", "opinions")


def rollup(committee: Committee, year: int) -> list[RollupLine]:
    """This committee and every committee below it, each with its own figures and the sum over its subtree.

    The one sanctioned cross-committee read (ARCHITECTURE.md "Tenancy"): a higher office sees its descendants'
    counts, never their rows, so scopes are disabled for these aggregates only."""
    ids = [committee.pk, *committee.descendant_ids()]
    with scopes_disabled():
        tree = {c.pk: c for c in Committee.objects.filter(pk__in=ids)}
        held = held_activities(ids, year)
        figures = {pk: dict.fromkeys(ROLLUP_FIGURES, 0) for pk in ids}
        for pk, n in (
            Membership.objects.filter(committee_id__in=ids, term__is_current=True, status__in=SERVING_STATUSES)
            .values_list("committee")
            .annotate(n=Count("id"))
            .order_by()
        ):
            figures[pk]["members"] = n
        for pk, n in held.values_list("committee").annotate(n=Count("id")).order_by():
            figures[pk]["activities"] = n
        for pk, n in attendances(held).values_list("committee").annotate(n=Count("id")).order_by():
            figures[pk]["attendances"] = n
        ledger = (
            DutyRecord.objects.filter(committee_id__in=ids, year=year, status__in=COUNTING)
            .values_list("committee")
            .annotate(
                n=Count("id"),
                proposals=Count("id", filter=Q(kind=DutyKind.PROPOSAL, role=DutyRole.FIRST_PROPOSER)),
                opinions=Count("id", filter=Q(kind=DutyKind.OPINION, role=DutyRole.SUBMITTER)),
            )
            .order_by()
        )
        for pk, n, proposals, opinions in ledger:
            figures[pk].update(duty_records=n, proposals=proposals, opinions=opinions)
    lines: list[RollupLine] = []

    def walk(pk: int, depth: int) -> dict[str, int]:
        c = tree[pk]
        line = RollupLine(
            c.code, c.name, c.get_level_display(), depth, c.parent_id if pk != committee.pk else None, figures[pk]
        )
        lines.append(line)
        total = dict(figures[pk])
        for child in sorted((x for x in tree.values() if x.parent_id == pk), key=lambda x: x.pk):
            for key, n in walk(child.pk, depth + 1).items():
                total[key] += n
        line.total = total
        return total

    walk(committee.pk, 0)
    return lines


# The annual summary paragraph


@dataclass
class SummaryFigures:
    year: int
    members: int = 0
    duty_records: int = 0
    activities: int = 0
    attendances: int = 0
    groups: int = 0
    group_study: int = 0
    group_study_attendances: int = 0
    sector_consultations: int = 0
    sector_activities: int = 0
    proposals: int = 0
    opinions: int = 0
    opinions_adopted: int = 0
    contacts: int = 0
    mailbox: int = 0
    study_rate: float | None = None
    study_members: int = 0
    trained: int = 0


def summary_figures(committee: Committee, year: int) -> SummaryFigures:
    held = held_activities([committee.pk], year)
    by_groups = held.filter(organiser_group__isnull=False)
    study = study_report(committee, year)
    ledger = DutyRecord.objects.filter(committee=committee, year=year, status__in=COUNTING).aggregate(
        n=Count("id"),
        proposals=Count("id", filter=Q(kind=DutyKind.PROPOSAL, role=DutyRole.FIRST_PROPOSER)),
        opinions=Count("id", filter=Q(kind=DutyKind.OPINION, role=DutyRole.SUBMITTER)),
        adopted=Count("id", filter=Q(kind=DutyKind.OPINION, role__in=ADOPTED)),
        contacts=Count("id", filter=Q(kind=DutyKind.CONTACT)),
        mailbox=Count("id", filter=Q(kind=DutyKind.MAILBOX)),
    )
    organised = by_groups.aggregate(
        groups=Count("organiser_group", distinct=True),
        study=Count("id", filter=Q(kind__in=STUDY)),
        consultations=Count("id", filter=Q(kind=K.SECTOR_CONSULTATION)),
        activities=Count("id", filter=Q(kind=K.SECTOR_ACTIVITY)),
    )
    return SummaryFigures(
        year,
        members=len(study.members),
        duty_records=ledger["n"],
        activities=held.count(),
        attendances=attendances(held).count(),
        groups=organised["groups"],
        group_study=organised["study"],
        group_study_attendances=attendances(by_groups.filter(kind__in=STUDY)).count(),
        sector_consultations=organised["consultations"],
        sector_activities=organised["activities"],
        proposals=ledger["proposals"],
        opinions=ledger["opinions"],
        opinions_adopted=ledger["adopted"],
        contacts=ledger["contacts"],
        mailbox=ledger["mailbox"],
        study_rate=study.rate,
        study_members=study.meeting_both,
        trained=training_report(term_for(committee, year)).trained,
    )


def summary_text(committee: Committee, f: SummaryFigures) -> str:
    """The paragraph in the style of the customer's annual reports; the office edits it before exporting."""
    parts = [
        _("%(y)s年，%(c)s%(m)s名委员在平台记录履职%(r)s条。")
        % {"y": f.year, "c": committee.name, "m": f.members, "r": f.duty_records},
        _("全年举办会议活动%(a)s场，委员出席%(n)s人次") % {"a": f.activities, "n": f.attendances}
        + (_("，人均%(p).1f次") % {"p": f.attendances / f.members} if f.members else "")
        + "；",
        _("%(g)s个界别活动组开展学习%(s)s次，参与%(p)s人次；召开界别协商会%(c)s次，开展界别活动%(a)s次。")
        % {
            "g": f.groups,
            "s": f.group_study,
            "p": f.group_study_attendances,
            "c": f.sector_consultations,
            "a": f.sector_activities,
        },
        _(
            "委员以第一提案人提交提案%(p)s件，报送社情民意%(o)s篇，被采用%(a)s篇；联系界别群众%(c)s次，答复委员信箱来信%(m)s件。"
        )
        % {"p": f.proposals, "o": f.opinions, "a": f.opinions_adopted, "c": f.contacts, "m": f.mailbox},
    ]
    if f.study_rate is not None:
        parts.append(
            _(
                "委员集中学习参学率%(r).1f%%，%(n)s名委员达到全年学习%(s)s次以上、参学率%(t)s%%以上的要求；本届已有%(k)s名委员参加集中培训。"
            )
            % {
                "r": f.study_rate * 100,
                "n": f.study_members,
                "s": SESSIONS_TARGET,
                "t": round(RATE_TARGET * 100),
                "k": f.trained,
            }
        )
    return "".join(parts)
