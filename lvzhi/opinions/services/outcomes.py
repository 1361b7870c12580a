"""Outcomes that arrive later (DOMAIN.md §3.3): adoptions and leader instructions, each a separate event that
tells the author and writes the duty ledger; undoing one voids it and its ledger rows."""

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import User
from lvzhi.ledger.services import DutyEntry, record_duties, void_duties_for_source
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.opinions.models import Adoption, Bulletin, Instruction, LeaderLevel, Level, Opinion, Outcome
from lvzhi.opinions.services.common import INFO_DEPT, OPINION, add_event, credited_members, says, tell_authors
from lvzhi.opinions.transitions import OA
from lvzhi.opinions.uploads import checked_attachments

ADOPTION_ROLES = {
    Level.OWN: DutyRole.ADOPTED_OWN,
    Level.CITY: DutyRole.ADOPTED_CITY,
    Level.PROVINCE: DutyRole.ADOPTED_PROVINCE,
    Level.NATIONAL: DutyRole.ADOPTED_NATIONAL,
}
INSTRUCTION_ROLES = {
    LeaderLevel.CITY: DutyRole.INSTRUCTED_CITY,
    LeaderLevel.PROVINCE: DutyRole.INSTRUCTED_PROVINCE,
    LeaderLevel.NATIONAL: DutyRole.INSTRUCTED_NATIONAL,
}


def _choice(value: str, choices: type, field: str) -> str:
    if value not in choices.values:
        raise DomainError("validation.invalid", _("取值不正确"), fields={field: [_("取值不正确")]})
    return value


def _ledger(opinion: Opinion, outcome: Outcome, *, role: str, on: datetime.date, title: str, actor: User | None):
    entries = [
        DutyEntry(member, DutyKind.OPINION, role, on, title[:200], outcome) for member in credited_members(opinion)
    ]
    if entries:
        record_duties(committee=opinion.committee, entries=entries, recorded_by=actor, recorded_by_dept=INFO_DEPT)


@transaction.atomic
def adopt_opinion(
    opinion: Opinion,
    *,
    level: str,
    mode: str = Adoption.Mode.SINGLE,
    body: str = Adoption.Body.CPPCC,
    issue: str = "",
    bulletin: Bulletin | None = None,
    adopted_on: datetime.date,
    note: str = "",
    actor: User | None,
) -> Adoption:
    """采用 by a level: counts for each credited member (ledger role by level) and tells the authors."""
    _choice(level, Level, "level")
    _choice(mode, Adoption.Mode, "mode")
    _choice(body, Adoption.Body, "body")
    opinion = OPINION.lock(opinion)
    OPINION.check(OA.ADOPT, opinion.status)
    if Adoption.objects.filter(
        opinion=opinion, level=level, body=body, status=Adoption.Status.RECORDED, issue=issue.strip()
    ).exists():
        raise Conflict("opinion.already_adopted", _("该采用已登记过"))
    adoption = Adoption.objects.create(
        committee_id=opinion.committee_id,
        opinion=opinion,
        level=level,
        mode=mode,
        body=body,
        issue=(issue.strip() or (str(bulletin) if bulletin else ""))[:100],
        bulletin=bulletin,
        adopted_on=adopted_on,
        note=note.strip()[:300],
        recorded_by=actor,
    )
    label = f"{adoption.get_level_display()}{adoption.get_body_display()}{adoption.get_mode_display()}"
    add_event(opinion, action="adopt", actor=actor, note=label, data={"adoption": adoption.pk, "level": level})
    _ledger(
        opinion,
        adoption,
        role=ADOPTION_ROLES[level],
        on=adopted_on,
        actor=actor,
        title=_("社情民意被采用（%(l)s）：%(t)s") % {"l": label, "t": opinion.title},
    )
    tell_authors(
        opinion, kind="opinions.adopted", title=says(opinion) + _("被%(l)s") % {"l": label}, body=adoption.issue
    )
    return adoption


@transaction.atomic
def record_instruction(
    opinion: Opinion,
    *,
    leader_level: str,
    instructed_on: datetime.date,
    summary: str,
    leader: str = "",
    scan: UploadedFile | None = None,
    actor: User | None,
) -> Instruction:
    """批示: a leader's instruction on the report; counts for each credited member and tells the authors."""
    _choice(leader_level, LeaderLevel, "leader_level")
    summary = summary.strip()
    if not summary:
        raise DomainError("validation.invalid", _("请填写批示内容摘要"), fields={"summary": [_("请填写批示内容摘要")]})
    checked = checked_attachments([scan]) if scan is not None else []
    opinion = OPINION.lock(opinion)
    OPINION.check(OA.INSTRUCT, opinion.status)
    instruction = Instruction(
        committee_id=opinion.committee_id,
        opinion=opinion,
        leader_level=leader_level,
        leader=leader.strip()[:60],
        instructed_on=instructed_on,
        summary=summary,
        recorded_by=actor,
    )
    for file, _kind, stored in checked:
        instruction.scan.save(stored, file, save=False)
    instruction.save()
    label = instruction.get_leader_level_display()
    add_event(opinion, action="instruct", actor=actor, note=label, data={"instruction": instruction.pk})
    _ledger(
        opinion,
        instruction,
        role=INSTRUCTION_ROLES[leader_level],
        on=instructed_on,
        actor=actor,
        title=_("社情民意获%(l)s批示：%(t)s") % {"l": label, "t": opinion.title},
    )
    tell_authors(
        opinion, kind="opinions.instructed", title=says(opinion) + _("获%(l)s批示") % {"l": label}, body=summary
    )
    return instruction


@transaction.atomic
def attach_scan(instruction: Instruction, *, scan: UploadedFile, actor: User) -> Instruction:
    """The scan of the instruction, added when it arrives after the instruction was recorded."""
    ((file, _kind, stored),) = checked_attachments([scan])
    instruction = Instruction.objects.select_for_update().get(pk=instruction.pk)
    instruction.scan.save(stored, file, save=False)
    instruction.save(update_fields=["scan"])
    add_event(instruction.opinion, action="instruction_scan", actor=actor, data={"instruction": instruction.pk})
    return instruction


@transaction.atomic
def void_outcome(outcome: Adoption | Instruction, *, actor: User, reason: str) -> Adoption | Instruction:
    """Undo a wrongly recorded outcome: it stays on record as 已撤销 and its ledger rows are voided."""
    reason = reason.strip()
    if not reason:
        raise DomainError("validation.invalid", _("请填写撤销原因"), fields={"reason": [_("请填写撤销原因")]})
    outcome = type(outcome).objects.select_for_update().get(pk=outcome.pk)
    if outcome.status == Outcome.Status.VOIDED:
        raise Conflict("opinion.outcome_voided", _("该结果已撤销"))
    outcome.status, outcome.void_reason = Outcome.Status.VOIDED, reason[:200]
    outcome.save(update_fields=["status", "void_reason"])
    void_duties_for_source(outcome, actor=actor, reason=reason)
    kind = "adoption" if isinstance(outcome, Adoption) else "instruction"
    add_event(outcome.opinion, action=f"void_{kind}", actor=actor, note=reason, data={kind: outcome.pk})
    tell_authors(
        outcome.opinion,
        kind="opinions.outcome_voided",
        title=says(outcome.opinion) + _("的采用/批示登记已撤销"),
        body=reason,
    )
    return outcome
