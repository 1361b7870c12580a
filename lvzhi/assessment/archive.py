"""The archive (一人一档): one member's record for a term, every ledger line by year with its source and points,
the year's score and band, the filed duty reports, the awards with the 优秀委员 nominations, and the reminder talks
(约谈) with the member. The page, the .xlsx, the PDF and the API all read this."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity
from lvzhi.assessment.models import AssessmentYear, DutyReport, Nomination, Score, Talk
from lvzhi.assessment.rules import Rules
from lvzhi.assessment.scoring import COUNTING, people, score_member, trace
from lvzhi.assessment.services.schemes import load_year, rules_in_force
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotAllowed
from lvzhi.core.tenancy import Access
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import term_for
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.org.models import Member, Membership, Term
from lvzhi.org.queries.members import visible_members

FILED = (DutyReport.Status.SUBMITTED, DutyReport.Status.REVIEWED)
SHOWN_RANK = (AssessmentYear.Status.PUBLISHED, AssessmentYear.Status.ARCHIVED)


def may_open(access: Access, member: Member) -> bool:
    """Assessment staff within their scope (a convenor: their group's members), or the member themself."""
    if access.can(C.VIEW_ASSESSMENT) and visible_members(access).filter(pk=member.pk).exists():
        return True
    return access.can(C.PARTICIPATE) and member.user_id is not None and member.user_id == access.user.pk


def ensure_may_open(access: Access, member: Member) -> None:
    if not may_open(access, member):
        raise NotAllowed("archive.not_visible", _("只能查看本人或您负责范围内委员的履职档案"))


@dataclass
class YearScore:
    score: float
    base: float
    bonus: float
    penalty: float
    band: str
    band_label: str
    rank: int | None
    months: int
    frozen: bool
    breakdown: list[tuple[str, str, float]]  # (indicator code, label, points)
    missing_duties: list[str]
    capped_by: list[str]


@dataclass
class Line:
    record: DutyRecord
    kind_label: str
    role_label: str
    status_label: str
    source_label: str
    points: float | None  # None: not counting (waiting for confirmation)
    lines: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class YearArchive:
    year: int
    lines: list[Line]
    score: YearScore | None

    @property
    def points(self) -> float:
        return round(sum(line.points or 0 for line in self.lines), 2)


@dataclass
class Archive:
    member: Member
    membership: Membership | None
    term: Term
    basic: list[tuple[str, str]]
    years: list[YearArchive]
    reports: list[DutyReport]
    meetings: dict[int, Activity]
    awards: list[Line]
    nominations: list[Nomination]  # 优秀委员 nominations of the term's published years, with their assessment
    talks: list[Talk]  # reminder talks after a low score, with their assessment
    made_at: datetime.datetime


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def source_label(record: DutyRecord) -> str:
    """Where a line came from, in words: the source object's kind and number, else who entered it."""
    if record.source_type and record.source_id is not None:
        try:
            name = apps.get_model(record.source_type)._meta.verbose_name
        except (LookupError, ValueError):
            name = record.source_type
        return f"{name} #{record.source_id}"
    return record.recorded_by_dept or _("机关录入")


def _breakdown(lines: dict[str, float], rules: Rules) -> list[tuple[str, str, float]]:
    labels = {ind.code: ind.label for ind in rules.indicators}
    return [(code, labels.get(code, code), points) for code, points in lines.items() if points]


def year_score(
    committee: Any,
    member_id: int,
    year: int,
    *,
    show_rank: bool = True,
    rules: Rules | None = None,
    assessment: AssessmentYear | bool | None = False,
) -> YearScore | None:
    """The member's score for the year: the frozen row once the year is frozen, else computed live.

    A caller walking several years passes the year's rules and AssessmentYear (None: there is none) it already has.
    """
    if assessment is False:
        assessment = load_year(committee, year)
    if rules is None:
        rules, _scheme = rules_in_force(committee, year, assessment)
    if assessment is not None and assessment.is_frozen:
        row = Score.objects.filter(assessment=assessment, member_id=member_id).first()
        if row is None:
            return None
        rank_shown = show_rank or (rules.ranking_policy != "internal" and assessment.status in SHOWN_RANK)
        return YearScore(
            float(row.score),
            float(row.base),
            float(row.bonus),
            float(row.penalty),
            row.band,
            rules.band_label(row.band),
            row.rank if rank_shown else None,
            row.months,
            True,
            _breakdown(row.lines, rules),
            list(row.missing_duties),
            list(row.capped_by),
        )
    live = score_member(committee, year, member_id, rules)
    if live is None:
        return None
    return YearScore(
        live.score,
        live.base,
        live.bonus,
        live.penalty,
        live.band,
        live.band_label,
        None,  # a live rank needs the whole committee; it is published with the frozen year
        live.person.months,
        False,
        _breakdown(live.lines, rules),
        live.missing_duties,
        live.capped_by,
    )


def _membership(member: Member, year: int | None) -> Membership | None:
    memberships = Membership.objects.filter(member=member).select_related("term", "sector")
    if year is not None:
        term = term_for(member.committee, year)
        return memberships.filter(term=term).first()
    return memberships.order_by("-term__start_year", "-id").first()


def _basic(member: Member, membership: Membership | None) -> list[tuple[str, str]]:
    rows = [
        (_("姓名"), member.name),
        (_("性别"), member.get_gender_display()),
        (_("民族"), member.ethnicity),
        (_("出生日期"), member.birth_date.isoformat() if member.birth_date else ""),
        (_("党派"), member.get_political_affiliation_display()),
        (_("学历"), member.get_education_display()),
        (_("工作单位"), member.employer),
        (_("职务"), member.job_title),
    ]
    if membership is not None:
        committees = membership.special_committee_seats.select_related("special_committee")
        groups = membership.group_seats.select_related("group")
        rows += [
            (_("届别"), str(membership.term)),
            (_("委员编号"), membership.number),
            (_("界别"), membership.sector.name),
            (_("常委"), _("是") if membership.is_standing_member else _("否")),
            (_("推荐单位"), membership.recommending_unit),
            (_("新任/连任"), membership.get_appointment_display()),
            (_("任职日期"), membership.joined_on.isoformat()),
            (_("状态"), membership.get_status_display()),
            (_("专委会"), "、".join(s.special_committee.name for s in committees)),
            (_("界别活动组"), "、".join(s.group.name for s in groups)),
        ]
    return rows


def build_archive(member: Member, *, year: int | None = None, show_rank: bool = True) -> Archive:
    """The member's archive for the term of `year` (one year), or for their latest term (every year of it so far)."""
    committee = member.committee
    membership = _membership(member, year)
    term = membership.term if membership is not None else term_for(committee, year or timezone.localdate().year)
    if year is not None:
        years = [year]
    else:
        years = list(range(term.start_year, min(term.end_year, timezone.localdate().year) + 1))
    kinds, roles, statuses = _labels(DutyKind), _labels(DutyRole), _labels(DutyRecord.Status)
    rows = list(
        DutyRecord.objects.filter(member=member, year__in=years)
        .exclude(status=DutyRecord.Status.VOIDED)
        .order_by("event_date", "id")
    )
    by_year: dict[int, list[DutyRecord]] = {y: [] for y in years}
    for row in rows:
        by_year[row.year].append(row)
    assessments = {
        a.year: a for a in AssessmentYear.objects.filter(committee=committee, year__in=years).select_related("scheme")
    }
    archived: list[YearArchive] = []
    all_lines: list[Line] = []
    for y in years:
        person = next(iter(people(committee, y, [member.pk])), None)
        traced = {}
        score = None
        if person is not None:
            rules, _scheme = rules_in_force(committee, y, assessments.get(y))
            traced = {t.record.pk: t for t in trace(by_year[y], person, rules)}
            score = year_score(committee, member.pk, y, show_rank=show_rank, rules=rules, assessment=assessments.get(y))
        lines = []
        for r in by_year[y]:
            t = traced.get(r.pk)
            counting = r.status in COUNTING and person is not None
            lines.append(
                Line(
                    r,
                    kinds.get(r.kind, r.kind),
                    roles.get(r.role, r.role),
                    statuses.get(r.status, r.status),
                    source_label(r),
                    (t.points if t else 0.0) if counting else None,
                    list(t.lines) if t else [],
                )
            )
        all_lines += lines
        archived.append(YearArchive(y, lines, score))
    reports = list(
        DutyReport.objects.filter(member=member, year__in=years, status__in=FILED).select_related("special_committee")
    )
    meeting_ids = {r.meeting_id for r in reports if r.meeting_id}
    meetings = {a.pk: a for a in Activity.objects.filter(committee=committee, pk__in=meeting_ids)}
    for report in reports:
        report.meeting = meetings.get(report.meeting_id or 0)
    of_member = {"committee": committee, "member": member, "assessment__year__in": years}
    nominations = Nomination.objects.filter(**of_member).select_related("assessment")
    talks = Talk.objects.filter(**of_member).select_related("assessment")
    return Archive(
        member,
        membership,
        term,
        _basic(member, membership),
        archived,
        reports,
        meetings,
        [line for line in all_lines if line.record.kind == DutyKind.AWARD],
        list(nominations.order_by("assessment__year", "created_at", "id")),
        list(talks.order_by("held_on", "id")),
        timezone.now(),
    )


def as_json(archive: Archive) -> dict[str, Any]:
    """The archive as API.md's JSON (GET /members/{id}/archive)."""
    report_kinds = _labels(DutyReport.Kind)
    report_statuses = _labels(DutyReport.Status)

    def line_json(line: Line) -> dict[str, Any]:
        r = line.record
        return {
            "id": r.pk,
            "year": r.year,
            "date": r.event_date,
            "kind": r.kind,
            "kind_label": line.kind_label,
            "role": r.role,
            "role_label": line.role_label,
            "title": r.title,
            "status": r.status,
            "source": {"type": r.source_type, "id": r.source_id, "label": line.source_label}
            if r.source_id is not None
            else None,
            "recorded_by_dept": r.recorded_by_dept,
            "points": line.points,
            "lines": [{"indicator": code, "points": points} for code, points in line.lines],
        }

    def score_json(s: YearScore | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {
            "score": s.score,
            "base": s.base,
            "bonus": s.bonus,
            "penalty": s.penalty,
            "band": s.band,
            "band_label": s.band_label,
            "rank": s.rank,
            "months": s.months,
            "frozen": s.frozen,
            "breakdown": [{"indicator": c, "label": label, "points": p} for c, label, p in s.breakdown],
            "missing_duties": s.missing_duties,
            "capped_by": s.capped_by,
        }

    def report_json(report: DutyReport) -> dict[str, Any]:
        meeting = archive.meetings.get(report.meeting_id or 0)
        return {
            "id": report.pk,
            "year": report.year,
            "kind": report.kind,
            "kind_label": report_kinds[report.kind],
            "status": report.status,
            "status_label": report_statuses[report.status],
            "oral": report.oral,
            "meeting": {"id": meeting.pk, "title": meeting.title, "starts_at": meeting.starts_at} if meeting else None,
            "achievements": report.achievements,
            "problems": report.problems,
            "suggestions": report.suggestions,
            "own_work": report.own_work,
            "social_responsibility": report.social_responsibility,
            "submitted_at": report.submitted_at,
        }

    member, term = archive.member, archive.term
    return {
        "member": {"id": member.pk, "name": member.name},
        "term": {
            "number": term.number,
            "start_year": term.start_year,
            "end_year": term.end_year,
        },
        "basic": [{"label": label, "value": value} for label, value in archive.basic],
        "years": [
            {"year": y.year, "score": score_json(y.score), "records": [line_json(line) for line in y.lines]}
            for y in archive.years
        ],
        "duty_reports": [report_json(r) for r in archive.reports],
        "awards": [line_json(line) for line in archive.awards],
        "nominations": [
            {"id": n.pk, "year": n.assessment.year, "reason": n.reason, "nominated_at": n.created_at}
            for n in archive.nominations
        ],
        "talks": [
            {"id": t.pk, "year": t.assessment.year, "held_on": t.held_on, "talker": t.talker, "content": t.content}
            for t in archive.talks
        ],
        "generated_at": archive.made_at,
    }
