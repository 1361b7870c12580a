"""Duty reports (述职, DOMAIN.md §3.6): started pre-filled from the ledger, written and submitted by the member,
reviewed or returned by the office, linked to the 述职会 where they were given; a submitted report is a ledger line."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.models import Activity
from lvzhi.assessment.archive import year_score
from lvzhi.assessment.models import DutyReport
from lvzhi.assessment.scoring import COUNTING, Person, people
from lvzhi.assessment.transitions_reports import RA, REPORT
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import User
from lvzhi.core.notify import notify
from lvzhi.core.workflow import NEW
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties, void_duties_for_source
from lvzhi.ledger.taxonomy import ActivityKind, DutyKind, DutyRole
from lvzhi.org.models import Member, SpecialCommitteeSeat

K = DutyReport.Kind
TEXT_FIELDS = ("achievements", "problems", "suggestions", "own_work", "social_responsibility")
MAX_TEXT = 10_000
REPORT_DEPT = "履职报告"
TITLES_SHOWN = 20  # proposal and opinion titles quoted in the pre-filled text


def _person(member: Member, year: int) -> Person | None:
    return next(iter(people(member.committee, year, [member.pk])), None)


def directed_committee(member: Member, year: int) -> SpecialCommitteeSeat | None:
    """The special committee the member directs in the year's term, if any (their report is the director's)."""
    person = _person(member, year)
    if person is None:
        return None
    return (
        SpecialCommitteeSeat.objects.filter(membership_id=person.membership_id, role=SpecialCommitteeSeat.Role.DIRECTOR)
        .select_related("special_committee")
        .first()
    )


def kinds_for(member: Member, year: int) -> list[str]:
    """The reports the member owes for the year: every member's own; a standing member's and a director's too."""
    person = _person(member, year)
    if person is None:
        return []
    kinds = [K.MEMBER_YEARLY]
    if person.standing:
        kinds.append(K.STANDING_WRITTEN)
    if directed_committee(member, year) is not None:
        kinds.append(K.DIRECTOR)
    return kinds


def facts_of(member: Member, year: int) -> dict[str, Any]:
    """What the ledger says about the member's year: counting lines per kind, proposal and opinion titles, score."""
    rows = DutyRecord.objects.filter(member=member, year=year, status__in=COUNTING)
    labels = {value: str(label) for value, label in DutyKind.choices}
    counts = [
        {"kind": r["kind"], "label": labels.get(r["kind"], r["kind"]), "n": r["n"]}
        for r in rows.exclude(kind=DutyKind.DUTY_REPORT)
        .exclude(role__in=(DutyRole.ABSENT, DutyRole.EXCUSED))
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("-n", "kind")
    ]

    def titles(kind: str) -> list[str]:
        found = rows.filter(kind=kind).order_by("event_date", "id").values_list("title", flat=True)
        return list(dict.fromkeys(found[:TITLES_SHOWN]))

    score = year_score(member.committee, member.pk, year, show_rank=False)
    return {
        "year": year,
        "counts": counts,
        "total": sum(c["n"] for c in counts),
        "proposals": titles(DutyKind.PROPOSAL),
        "opinions": titles(DutyKind.OPINION),
        "score": score.score if score else None,
        "band_label": score.band_label if score else "",
        "as_of": timezone.localdate().isoformat(),
    }


def prefilled_text(facts: dict[str, Any]) -> str:
    """The 履职成效 paragraph written from the ledger, for the member to correct and complete."""
    year = facts["year"]
    if not facts["counts"]:
        return _("%(year)s年，本人认真履行政协委员职责。") % {"year": year}
    parts = "，".join(_("%(label)s%(n)s次") % {"label": c["label"], "n": c["n"]} for c in facts["counts"])
    text = _("%(year)s年，本人参加和完成履职事项共%(total)s项：%(parts)s。") % {
        "year": year,
        "total": facts["total"],
        "parts": parts,
    }
    if facts["proposals"]:
        text += _("提交提案%(n)s件：%(titles)s。") % {
            "n": len(facts["proposals"]),
            "titles": "、".join(f"《{t}》" for t in facts["proposals"]),
        }
    if facts["opinions"]:
        text += _("报送社情民意信息%(n)s篇：%(titles)s。") % {
            "n": len(facts["opinions"]),
            "titles": "、".join(f"《{t}》" for t in facts["opinions"]),
        }
    if facts["score"] is not None:
        text += _("截至%(date)s，年度履职考核得分%(score)s分（%(band)s）。") % {
            "date": facts["as_of"],
            "score": f"{facts['score']:g}",
            "band": facts["band_label"],
        }
    return text


def _ensure_owner(report: DutyReport, actor: User) -> None:
    if report.member.user_id is None or report.member.user_id != actor.pk:
        raise NotAllowed("duty_report.not_own", _("只能编写本人的履职报告"))


@transaction.atomic
def start_report(member: Member, *, year: int, kind: str, actor: User) -> DutyReport:
    """A new draft for the member, its first section written from the ledger."""
    if member.user_id is None or member.user_id != actor.pk:
        raise NotAllowed("duty_report.not_own", _("只能编写本人的履职报告"))
    REPORT.check(RA.START, NEW)
    if year > timezone.localdate().year:
        raise DomainError("duty_report.future_year", _("不能为未来年度撰写履职报告"), fields={"year": [_("年度无效")]})
    allowed = kinds_for(member, year)
    if not allowed:
        raise DomainError("duty_report.not_serving", _("您在该年度不是本会委员"), fields={"year": [_("年度无效")]})
    if kind not in allowed:
        raise DomainError(
            "duty_report.kind_not_allowed",
            _("您不需要提交“%(kind)s”") % {"kind": K(kind).label if kind in K.values else kind},
            fields={"kind": [_("不适用")]},
        )
    if DutyReport.objects.filter(member=member, year=year, kind=kind).exists():
        raise Conflict("duty_report.exists", _("该年度的这类履职报告已经存在"))
    facts = facts_of(member, year)
    seat = directed_committee(member, year) if kind == K.DIRECTOR else None
    try:
        with transaction.atomic():
            report = DutyReport.objects.create(
                committee=member.committee,
                member=member,
                year=year,
                kind=kind,
                special_committee=seat.special_committee if seat else None,
                facts=facts,
                achievements=prefilled_text(facts),
            )
    except IntegrityError:  # the same report started twice at once
        raise Conflict("duty_report.exists", _("该年度的这类履职报告已经存在")) from None
    REPORT.event(report, action=RA.START, actor=actor, from_status=NEW, to_status=report.status, note="", data={})
    return report


def _clean_texts(data: dict[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for name in TEXT_FIELDS:
        if name not in data:
            continue
        value = str(data[name] or "").replace("\x00", "").strip()
        if len(value) > MAX_TEXT:
            problems[name] = [_("内容不能超过%(n)s字") % {"n": MAX_TEXT}]
        cleaned[name] = value
    if problems:
        raise DomainError("duty_report.too_long", _("内容过长"), fields=problems)
    return cleaned


@transaction.atomic
def update_report(report: DutyReport, *, actor: User, data: dict[str, Any]) -> DutyReport:
    """The member edits the written parts of a draft or returned report (saving does not submit)."""
    report = REPORT.lock(report)
    _ensure_owner(report, actor)
    REPORT.check(RA.EDIT, report.status, code="duty_report.not_editable")
    cleaned = _clean_texts(data)
    for name, value in cleaned.items():
        setattr(report, name, value)
    report.save(update_fields=[*cleaned, "updated_at"])
    return report


def _ledger_date(year: int) -> datetime.date:
    # The report counts in the year it reports on, even when it is handed in early the next year.
    today = timezone.localdate()
    return today if today.year == year else datetime.date(year, 12, 31)


@transaction.atomic
def submit_report(report: DutyReport, *, actor: User, data: dict[str, Any] | None = None) -> DutyReport:
    """The member hands the report in: it is filed, and it is a line in their duty ledger."""
    report = REPORT.lock(report)
    _ensure_owner(report, actor)
    REPORT.check(RA.SUBMIT, report.status, code="duty_report.not_editable")
    for name, value in _clean_texts(data or {}).items():
        setattr(report, name, value)
    if not report.achievements.strip():
        raise DomainError("duty_report.empty", _("请填写履职成效后再提交"), fields={"achievements": [_("此项为必填")]})
    report.facts = facts_of(report.member, report.year)
    report.submitted_at = timezone.now()
    report = REPORT.transition(
        report, RA.SUBMIT, actor=actor, fields=[*TEXT_FIELDS, "facts", "submitted_at"], locked=True
    )
    record_duties(
        committee=report.committee,
        entries=[
            DutyEntry(
                report.member,
                DutyKind.DUTY_REPORT,
                DutyRole.PARTICIPANT,
                _ledger_date(report.year),
                _("%(year)s年%(kind)s") % {"year": report.year, "kind": report.get_kind_display()},
                source=report,
            )
        ],
        recorded_by=actor,
        recorded_by_dept=REPORT_DEPT,
    )
    return report


def _tell_member(report: DutyReport, title: str, body: str) -> None:
    notify(
        committee=report.committee,
        recipients=[report.member],
        kind="duty_report.reviewed",
        title=title,
        body=body,
        source=report,
        email=False,
    )


@transaction.atomic
def review_report(report: DutyReport, *, actor: User, note: str = "") -> DutyReport:
    report = REPORT.lock(report)
    report.reviewed_by, report.reviewed_at, report.review_note = actor, timezone.now(), note.strip()[:300]
    report = REPORT.transition(
        report, RA.REVIEW, actor=actor, note=note, fields=["reviewed_by", "reviewed_at", "review_note"], locked=True
    )
    _tell_member(report, _("您的%(year)s年%(kind)s已审阅") % _names(report), report.review_note)
    return report


def _names(report: DutyReport) -> dict[str, object]:
    return {"year": report.year, "kind": report.get_kind_display()}


@transaction.atomic
def return_report(report: DutyReport, *, actor: User, reason: str) -> DutyReport:
    """Back to the member with a reason; until it is submitted again it is not a ledger line."""
    if not reason.strip():
        raise DomainError("duty_report.reason_required", _("退回须说明原因"), fields={"reason": [_("请填写原因")]})
    report = REPORT.lock(report)
    report.review_note = reason.strip()[:300]
    report = REPORT.transition(report, RA.RETURN, actor=actor, note=reason, fields=["review_note"], locked=True)
    void_duties_for_source(report, actor=actor, reason=_("履职报告被退回：%(r)s") % {"r": reason.strip()})
    _tell_member(report, _("您的%(year)s年%(kind)s被退回，请修改后重新提交") % _names(report), reason.strip())
    return report


def duty_report_meetings(committee: Any, year: int | None = None):
    meetings = Activity.objects.filter(committee=committee, kind=ActivityKind.DUTY_REPORT_MEETING)
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    return meetings.order_by("-starts_at", "-id")


def meeting_of(report: DutyReport) -> Activity | None:
    if report.meeting_id is None:
        return None
    return duty_report_meetings(report.committee).filter(pk=report.meeting_id).first()


@transaction.atomic
def link_meeting(report: DutyReport, *, actor: User, meeting: Activity | None, oral: bool) -> DutyReport:
    """Record that the member reported at this 述职会 (orally or in writing); None unlinks."""
    if meeting is not None and (
        meeting.committee_id != report.committee_id or meeting.kind != ActivityKind.DUTY_REPORT_MEETING
    ):
        raise DomainError(
            "duty_report.not_a_meeting", _("所选活动不是本会的述职会"), fields={"meeting": [_("请选择述职会")]}
        )
    report = REPORT.lock(report)
    report.meeting_id = meeting.pk if meeting is not None else None
    report.oral = oral if meeting is not None else False
    data = {"meeting": report.meeting_id, "oral": report.oral}
    return REPORT.transition(
        report, RA.LINK_MEETING, actor=actor, data=data, fields=["meeting_id", "oral"], locked=True
    )
