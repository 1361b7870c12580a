"""Key (重点) and excellent (优秀) proposals, and the 办复满意 ledger row (DOMAIN.md §3.2, §4).

Key proposals: the office shortlists candidates, the leaders' meeting (主席会议) decides which of them become key
proposals; each decided one gets supervising leaders and a supervision record. Excellent proposals: the office
nominates (for itself, a special committee or a handling unit's feedback), reviewers score each nomination, and the
award takes the best by mean score within the year's quota, which closes that year's round.

An honour is its own row and the source of the ledger rows it writes, only once decided or awarded, so withdrawing
it voids exactly those rows and nothing else that the proposal earned."""

import datetime
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, RoleAssignment, User
from lvzhi.core.notify import notify
from lvzhi.core.uploads import EVIDENCE, accept
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties, source_key, void_duties_for_source, void_duty
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.proposals import queries
from lvzhi.proposals.models import (
    Honour,
    HonourDecision,
    HonourScore,
    Proposal,
    ProposalSettings,
    Reply,
    SupervisionRecord,
    Supervisor,
)
from lvzhi.proposals.services.common import OFFICE, PROPOSAL, add_event, credited, proposers, tell
from lvzhi.proposals.services.rules import settings_for
from lvzhi.proposals.transitions import ACCEPTED_OR_LATER

P = Proposal.Status
H = Honour.Status
HONOUR_KINDS = {Honour.Kind.KEY: DutyKind.KEY_PROPOSAL, Honour.Kind.EXCELLENT: DutyKind.EXCELLENT_PROPOSAL}
MAX_SUPERVISORS = 10
SUPERVISION_FILES = EVIDENCE


def _invalid(field: str, message: str) -> DomainError:
    return DomainError("validation.invalid", message, fields={field: [message]})


def _text(value: str, field: str, message: str, limit: int = 300) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise _invalid(field, message)
    return value


def mark(proposal: Proposal, *, kind: str, reason: str, actor: User, source: str = Honour.Source.OFFICE) -> Honour:
    """The office shortlists an accepted proposal as a key-proposal candidate, or nominates it for excellent (with
    who put it forward). A candidate writes no ledger row: only the meeting's decision or the award does."""
    if kind not in Honour.Kind.values:
        raise _invalid("kind", _("请选择重点提案或优秀提案"))
    reason = _text(reason, "reason", _("请写明理由（不超过 300 字）"))
    if kind == Honour.Kind.KEY:
        source = Honour.Source.OFFICE
    elif source not in Honour.Source.values:
        raise _invalid("source", _("请选择提名来源"))
    label = Honour.Kind(kind).label
    with transaction.atomic():
        proposal = PROPOSAL.lock(proposal)
        if proposal.status not in ACCEPTED_OR_LATER:
            raise Conflict("proposal.not_accepted", _("只有已立案的提案可以列为%(k)s候选") % {"k": label})
        if Honour.objects.filter(proposal=proposal, kind=kind, unmarked_at=None).exists():
            raise Conflict("proposal.already_marked", _("该提案已列入%(k)s") % {"k": label})
        if kind == Honour.Kind.EXCELLENT:
            _round_open(proposal.committee_id, proposal.year)
        honour = Honour.objects.create(
            committee_id=proposal.committee_id,
            proposal=proposal,
            kind=kind,
            reason=reason,
            source=source,
            marked_by=actor,
        )
        if kind == Honour.Kind.KEY:
            note = _("列入重点提案候选：%(r)s") % {"r": reason}
        else:
            note = _("推荐为优秀提案候选（%(s)s）：%(r)s") % {"s": honour.get_source_display(), "r": reason}
        add_event(proposal, action=f"nominate_{kind}", actor=actor, from_status=proposal.status, note=note)
    return honour


def _round_open(committee_id: int, year: int) -> None:
    if HonourDecision.objects.filter(committee_id=committee_id, kind=Honour.Kind.EXCELLENT, year=year).exists():
        raise Conflict("proposal.excellent_closed", _("%(y)s年优秀提案已评定，评选已结束") % {"y": year})


def _meeting(meeting: str, held_on: datetime.date | None) -> str:
    meeting = _text(meeting, "meeting", _("请填写会议名称（如：十三届政协第 5 次主席会议，不超过 100 字）"), 100)
    if held_on is None or held_on > timezone.localdate():
        raise _invalid("held_on", _("请填写会议日期（不晚于今天）"))
    return meeting


def _approve(honour: Honour, decision: HonourDecision, *, actor: User, now: datetime.datetime) -> None:
    """The honour is decided: its ledger rows, the timeline and the proposers told."""
    proposal = PROPOSAL.lock(honour.proposal)
    honour.status, honour.decision, honour.decided_at = H.APPROVED, decision, now
    honour.save(update_fields=["status", "decision", "decided_at"])
    label = honour.get_kind_display()
    add_event(
        proposal,
        action=f"decide_{honour.kind}",
        actor=actor,
        from_status=proposal.status,
        note=_("%(m)s确定为%(k)s") % {"m": decision.meeting, "k": label},
    )
    entries = [
        DutyEntry(m, HONOUR_KINDS[honour.kind], role, decision.held_on, proposal.title, honour)
        for m, role in credited(proposal)
    ]
    record_duties(committee=proposal.committee, entries=entries, recorded_by=actor, recorded_by_dept=str(OFFICE))
    tell(
        proposal,
        proposers(proposal),
        kind=f"proposal.{honour.kind}",
        title=_("您的提案被确定为%(k)s：%(t)s") % {"k": label, "t": proposal.title},
        body=_("%(m)s（%(d)s）") % {"m": decision.meeting, "d": decision.held_on},
    )


def _decline(honour: Honour, decision: HonourDecision, *, actor: User, now: datetime.datetime) -> None:
    proposal = honour.proposal
    honour.status, honour.decision, honour.decided_at = H.DECLINED, decision, now
    honour.save(update_fields=["status", "decision", "decided_at"])
    add_event(
        proposal,
        action=f"decline_{honour.kind}",
        actor=actor,
        from_status=proposal.status,
        note=_("%(m)s未列为%(k)s") % {"m": decision.meeting, "k": honour.get_kind_display()},
    )


def _candidates(committee: Committee, kind: str, year: int, ids: Sequence[int], field: str) -> list[Honour]:
    """The given live candidates of the year, locked; any other id is refused by name."""
    ids = list(dict.fromkeys(ids))
    found = list(
        Honour.objects.select_for_update(of=("self",))
        .filter(committee=committee, kind=kind, proposal__year=year, pk__in=ids, unmarked_at=None, status=H.CANDIDATE)
        .select_related("proposal", "proposal__committee", "proposal__lead")
        .order_by("pk")
    )
    if len(found) != len(ids):
        raise _invalid(field, _("所选提案须是本年度尚未确定的候选"))
    return found


def decide_key(
    committee: Committee,
    *,
    year: int,
    meeting: str,
    held_on: datetime.date | None,
    approved: Sequence[int],
    declined: Sequence[int],
    actor: User,
) -> HonourDecision:
    """The leaders' meeting decides on shortlisted candidates: approved ones become key proposals (ledger rows,
    proposers told), declined ones leave the shortlist. Candidates it does not name stay for a later meeting."""
    meeting = _meeting(meeting, held_on)
    if not approved and not declined:
        raise _invalid("approved", _("请至少选择一件候选提案"))
    if set(approved) & set(declined):
        raise _invalid("declined", _("同一提案不能既确定又不确定"))
    with transaction.atomic():
        yes = _candidates(committee, Honour.Kind.KEY, year, approved, "approved")
        no = _candidates(committee, Honour.Kind.KEY, year, declined, "declined")
        decision = HonourDecision.objects.create(
            committee=committee, kind=Honour.Kind.KEY, year=year, meeting=meeting, held_on=held_on, decided_by=actor
        )
        now = timezone.now()
        for honour in yes:
            _approve(honour, decision, actor=actor, now=now)
        for honour in no:
            _decline(honour, decision, actor=actor, now=now)
    return decision


def leaders(committee: Committee) -> list[User]:
    """The committee's leaders (主席、副主席、秘书长), who may be named supervising leaders with their account."""
    return list(
        User.objects.filter(
            pk__in=RoleAssignment.objects.filter(committee=committee, role=Role.LEADER).values("user_id"),
            is_active=True,
        ).order_by("display_name", "username")
    )


def _decided_key(honour: Honour) -> None:
    if honour.kind != Honour.Kind.KEY or honour.status != H.APPROVED or honour.unmarked_at is not None:
        raise Conflict("proposal.not_key", _("只有主席会议确定的重点提案才有督办领导和督办记录"))


def set_supervisors(honour: Honour, *, user_ids: Sequence[int], names: Sequence[str], actor: User) -> list[Supervisor]:
    """The key proposal's supervising leaders: leaders' accounts (who then see it and record supervision) and
    names without an account. Replaces the list; new leaders with an account are told."""
    chosen = {u.pk: u for u in leaders(honour.proposal.committee)}
    unknown = [i for i in user_ids if i not in chosen]
    if unknown:
        raise _invalid("user_ids", _("督办领导须是本会主席、副主席或秘书长的账号"))
    free = [n.strip() for n in names if n and n.strip()]
    if any(len(n) > 50 for n in free):
        raise _invalid("names", _("督办领导姓名不超过 50 字"))
    people: list[tuple[User | None, str]] = []
    for user in (chosen[i] for i in dict.fromkeys(user_ids)):
        name = (user.display_name or user.username)[:50]
        # Two leaders of the same name are told apart by their account.
        if name in {n for _u, n in people}:
            suffix = f"（{user.username[:30]}）"
            name = name[: 50 - len(suffix)] + suffix
        people.append((user, name))
    taken = {name for _user, name in people}
    people += [(None, n) for n in dict.fromkeys(free) if n not in taken]
    if not people:
        raise _invalid("names", _("请至少指定一位督办领导"))
    if len(people) > MAX_SUPERVISORS:
        raise _invalid("names", _("督办领导不超过 %(n)s 位") % {"n": MAX_SUPERVISORS})
    with transaction.atomic():
        honour = Honour.objects.select_for_update().select_related("proposal", "proposal__committee").get(pk=honour.pk)
        _decided_key(honour)
        before = set(honour.supervisors.exclude(user=None).values_list("user_id", flat=True))
        honour.supervisors.all().delete()
        rows = Supervisor.objects.bulk_create(
            Supervisor(committee_id=honour.committee_id, honour=honour, user=u, name=n) for u, n in people
        )
        proposal = honour.proposal
        add_event(
            proposal,
            action="key_supervisors",
            actor=actor,
            from_status=proposal.status,
            note=_("督办领导：%(s)s") % {"s": "、".join(n for _u, n in people)},
        )
        added = [u for u, _n in people if u is not None and u.pk not in before]
        if added:
            notify(
                committee=proposal.committee,
                recipients=added,
                kind="proposal.key_supervisor",
                title=_("请您督办重点提案：%(t)s") % {"t": proposal.title},
                body=honour.reason,
                source=honour,
            )
    return rows


def may_supervise(honour: Honour, user: User, *, office: bool) -> bool:
    """The office, and the leaders named with their account, keep a key proposal's supervision record."""
    return office or honour.supervisors.filter(user=user).exists()


def add_record(
    honour: Honour,
    *,
    kind: str,
    held_on: datetime.date | None,
    place: str,
    participants: str,
    summary: str,
    upload: UploadedFile | None = None,
    actor: User,
) -> SupervisionRecord:
    """One supervision (座谈, 调研, 视察, 督办会) of a decided key proposal; the proposers are told."""
    if kind not in SupervisionRecord.Kind.values:
        raise _invalid("kind", _("请选择督办形式（座谈、调研、视察或督办会）"))
    if held_on is None or held_on > timezone.localdate():
        raise _invalid("held_on", _("请填写督办日期（不晚于今天）"))
    place = _text(place, "place", _("请填写地点（不超过 100 字）"), 100)
    participants = _text(participants, "participants", _("请填写参加人员（不超过 300 字）"), 300)
    summary = _text(summary, "summary", _("请填写督办情况（不超过 3000 字）"), 3000)
    if upload is not None:
        accept(upload, SUPERVISION_FILES)
    with transaction.atomic():
        honour = Honour.objects.select_for_update().select_related("proposal", "proposal__committee").get(pk=honour.pk)
        _decided_key(honour)
        record = SupervisionRecord(
            committee_id=honour.committee_id,
            honour=honour,
            kind=kind,
            held_on=held_on,
            place=place,
            participants=participants,
            summary=summary,
            created_by=actor,
        )
        if upload is not None:
            record.file_name = (upload.name or "")[:100]
            record.file.save(upload.name, upload, save=False)
        record.save()
        proposal = honour.proposal
        label = record.get_kind_display()
        add_event(
            proposal,
            action="key_supervision",
            actor=actor,
            from_status=proposal.status,
            note=_("督办%(k)s（%(d)s，%(p)s）") % {"k": label, "d": held_on, "p": place},
        )
        tell(
            proposal,
            proposers(proposal),
            kind="proposal.key_supervision",
            title=_("您的重点提案有新的督办记录：%(k)s") % {"k": label},
            body=summary[:200],
        )
    return record


def attach_record(record: SupervisionRecord, *, upload: UploadedFile | None, actor: User) -> SupervisionRecord:
    """A file (minutes, photos) added to a supervision record afterwards, replacing any earlier one."""
    if upload is None:
        raise _invalid("file", _("请选择文件"))
    accept(upload, SUPERVISION_FILES)
    with transaction.atomic():
        record = SupervisionRecord.objects.select_for_update().select_related("honour__proposal").get(pk=record.pk)
        _decided_key(record.honour)
        old = record.file.name if record.file else ""
        record.file_name = (upload.name or "")[:100]
        record.file.save(upload.name, upload, save=False)
        record.save(update_fields=["file", "file_name"])
        proposal = record.honour.proposal
        add_event(
            proposal, action="key_supervision_file", actor=actor, from_status=proposal.status, note=record.file_name
        )
        if old:
            storage = record.file.storage
            transaction.on_commit(lambda: storage.delete(old))
    return record


def score(honour: Honour, *, reviewer: User, value: int | None) -> HonourScore:
    """A reviewer's score of an excellent nomination: one per reviewer, changed freely until the award."""
    if value is None or isinstance(value, bool) or not 0 <= value <= 100:
        raise _invalid("score", _("评分为 0–100 的整数"))
    with transaction.atomic():
        honour = Honour.objects.select_for_update().select_related("proposal").get(pk=honour.pk)
        if honour.kind != Honour.Kind.EXCELLENT or honour.unmarked_at is not None:
            raise Conflict("proposal.not_nominated", _("只能为优秀提案候选评分"))
        if honour.status != H.CANDIDATE:
            raise Conflict("proposal.excellent_closed", _("优秀提案已评定，评分已结束"))
        row, _created = HonourScore.objects.update_or_create(
            honour=honour, reviewer=reviewer, defaults={"committee_id": honour.committee_id, "score": value}
        )
    return row


def ranked(committee: Committee, year: int) -> list[Honour]:
    """The year's live excellent nominations with `mean` (None when unscored) and `scored`, best first."""
    rows = (
        Honour.objects.filter(committee=committee, kind=Honour.Kind.EXCELLENT, proposal__year=year, unmarked_at=None)
        .select_related("proposal", "proposal__lead")
        .only(*queries.HONOUR_ROW_FIELDS[:-2])  # no meeting: the nominations are not yet decided
        .annotate(mean=Avg("scores__score"), scored=Count("scores"))
    )
    return sorted(rows, key=lambda h: (h.status != H.APPROVED, h.mean is None, -(h.mean or 0), h.proposal.number or 0))


def excellent_quota(committee_id: int, year: int) -> int:
    """How many excellent proposals a year may have: the committee's share of the year's 立案, at least one."""
    accepted = Proposal.objects.filter(committee_id=committee_id, year=year, status__in=ACCEPTED_OR_LATER).count()
    return max(1, accepted * settings_for(committee_id).excellent_quota_percent // 100)


def award(
    committee: Committee,
    *,
    year: int,
    meeting: str,
    held_on: datetime.date | None,
    honour_ids: Sequence[int],
    actor: User,
) -> HonourDecision:
    """The year's excellent proposals, chosen among the scored nominations within the quota: the chosen ones are
    awarded (ledger rows, proposers told), the others not; the round closes and scores can no longer change."""
    meeting = _meeting(meeting, held_on)
    if not honour_ids:
        raise _invalid("honour_ids", _("请至少选择一件获评提案"))
    with transaction.atomic():
        # Two clerks awarding at once: the committee's settings row (created if need be) serialises them.
        settings_row = settings_for(committee)
        if settings_row.pk is None:
            settings_row.save()
        ProposalSettings.objects.select_for_update().get(pk=settings_row.pk)
        _round_open(committee.pk, year)
        chosen = _candidates(committee, Honour.Kind.EXCELLENT, year, honour_ids, "honour_ids")
        unscored = [h for h in chosen if not h.scores.exists()]
        if unscored:
            raise _invalid("honour_ids", _("《%(t)s》尚无评分，不能评为优秀提案") % {"t": unscored[0].proposal.title})
        quota = excellent_quota(committee.pk, year)
        before = Honour.objects.filter(
            committee=committee, kind=Honour.Kind.EXCELLENT, proposal__year=year, status=H.APPROVED, unmarked_at=None
        ).count()
        if before + len(chosen) > quota:
            raise Conflict(
                "proposal.excellent_quota",
                _("%(y)s年优秀提案名额为 %(n)s 件（立案数的 %(p)s%%），已评 %(b)s 件，本次最多 %(m)s 件")
                % {
                    "y": year,
                    "n": quota,
                    "p": settings_row.excellent_quota_percent,
                    "b": before,
                    "m": max(0, quota - before),
                },
            )
        decision = HonourDecision.objects.create(
            committee=committee,
            kind=Honour.Kind.EXCELLENT,
            year=year,
            meeting=meeting,
            held_on=held_on,
            decided_by=actor,
        )
        now = timezone.now()
        for honour in chosen:
            _approve(honour, decision, actor=actor, now=now)
        chosen_ids = {h.pk for h in chosen}
        others = Honour.objects.select_for_update(of=("self",)).filter(
            committee=committee, kind=Honour.Kind.EXCELLENT, proposal__year=year, status=H.CANDIDATE, unmarked_at=None
        )
        for honour in others.exclude(pk__in=chosen_ids).select_related("proposal"):
            _decline(honour, decision, actor=actor, now=now)
    return decision


def unmark(honour: Honour, *, reason: str, actor: User) -> Honour:
    """A candidate is taken off the list, or a decided honour withdrawn, with the reason; the ledger rows it wrote
    are voided."""
    reason = _text(reason, "reason", _("请写明取消的理由（不超过 300 字）"))
    with transaction.atomic():
        proposal = PROPOSAL.lock(honour.proposal)
        honour = Honour.objects.select_for_update().get(pk=honour.pk)
        if honour.unmarked_at is not None:
            raise Conflict("proposal.not_marked", _("该标记已取消"))
        if honour.status == H.DECLINED:
            raise Conflict("proposal.not_marked", _("该提案未被确定，无需取消"))
        decided = honour.status == H.APPROVED
        honour.unmarked_at = timezone.now()
        honour.unmarked_by = actor
        honour.unmark_reason = reason
        honour.save(update_fields=["unmarked_at", "unmarked_by", "unmark_reason"])
        label = honour.get_kind_display()
        void_duties_for_source(honour, actor=actor, reason=_("取消%(k)s：%(r)s") % {"k": label, "r": reason})
        add_event(
            proposal,
            action=f"unmark_{honour.kind}",
            actor=actor,
            from_status=proposal.status,
            note=_("取消%(k)s：%(r)s") % {"k": label, "r": reason},
        )
    if decided:
        tell(
            proposal,
            proposers(proposal),
            kind=f"proposal.un{honour.kind}",
            title=_("提案不再列为%(k)s：%(t)s") % {"k": label, "t": proposal.title},
            body=reason,
        )
    return honour


def _answered_a(proposal: Proposal) -> bool:
    """Every answering unit's latest published reply is class A."""
    latest: dict[int, str] = {}
    for assignment_id, grade in (
        Reply.objects.filter(proposal=proposal, status=Reply.Status.PUBLISHED)
        .order_by("published_at", "id")
        .values_list("assignment_id", "grade")
    ):
        latest[assignment_id] = grade
    return bool(latest) and all(g == Reply.Grade.A for g in latest.values())


def sync_satisfied(proposal: Proposal, *, actor: User) -> None:
    """办复满意: a class-A reply rated 满意 writes the proposer's `proposal_satisfied` row; anything else (a changed
    rating, re-handling) voids it. Called whenever the evaluation changes, inside its transaction."""
    earned = (
        proposal.status == P.CLOSED
        and proposal.satisfaction == Proposal.Satisfaction.SATISFIED
        and _answered_a(proposal)
    )
    source_type, source_id = source_key(proposal)
    live = DutyRecord.objects.filter(
        source_type=source_type, source_id=source_id, kind=DutyKind.PROPOSAL_SATISFIED
    ).exclude(status=DutyRecord.Status.VOIDED)
    if earned:
        people = [(m, r) for m, r in credited(proposal) if r != DutyRole.COSIGNER]
        entries = [
            DutyEntry(m, DutyKind.PROPOSAL_SATISFIED, r, timezone.localdate(), proposal.title, proposal)
            for m, r in people
        ]
        record_duties(committee=proposal.committee, entries=entries, recorded_by=actor, recorded_by_dept=str(OFFICE))
        return
    for row in live:
        void_duty(row, actor=actor, reason=_("办理评价已变更"))
