"""学习园地: materials, study assignments with an optional quiz, and completion written to the duty ledger."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.changes import apply_changes
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Committee, User
from lvzhi.core.notify import notify
from lvzhi.core.uploads import MATERIAL, accept
from lvzhi.core.workflow import Workflow
from lvzhi.ledger.services import record_duty
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.notices.models import (
    AssignmentEvent,
    Choice,
    MaterialEvent,
    Question,
    QuizAttempt,
    StudyAssignment,
    StudyCompletion,
    StudyMaterial,
)
from lvzhi.notices.queries import audience_members
from lvzhi.notices.services.audience import AudienceSpec, set_audience
from lvzhi.notices.transitions import STUDY_MOVES, StudyAction
from lvzhi.org.models import Member
from lvzhi.org.services.members import current_term

SA = StudyAction
MATERIAL_FIELDS = ("topic", "kind", "title", "body", "url", "file")
ASSIGNMENT_FIELDS = ("title", "description", "deadline", "makeup", "makeup_for", "pass_mark", "max_attempts")
STUDY_DEPT = "学习园地"


def add_event(assignment: StudyAssignment, **kwargs: Any) -> AssignmentEvent:
    kwargs["note"] = kwargs.get("note", "")[:300]
    kwargs["data"] = kwargs.get("data") or {}
    return AssignmentEvent.objects.create(committee_id=assignment.committee_id, assignment=assignment, **kwargs)


STUDY = Workflow(STUDY_MOVES, StudyAssignment.Status, "study.bad_status", event=add_event)


def _invalid(code: str, exc: ValidationError) -> DomainError:
    return DomainError(
        code, "；".join(exc.messages), fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    )


@transaction.atomic
def create_material(*, committee: Committee, data: dict[str, Any], actor: User) -> StudyMaterial:
    unknown = set(data).difference(MATERIAL_FIELDS)
    if unknown:
        raise DomainError("study.bad_field", _("不可设置的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    material = StudyMaterial(committee=committee, created_by=actor, **data)
    _check_material(material, data)
    material.save()
    add_material_event(material, action="create", actor=actor)
    return material


def _check_material(material: StudyMaterial, data: dict[str, Any]) -> None:
    if data.get("file"):
        accept(data["file"], MATERIAL)
    try:
        material.full_clean(exclude=["committee", "created_by"])
    except ValidationError as exc:
        raise _invalid("study.invalid", exc) from None
    if not (material.body.strip() or material.url or material.file):
        raise DomainError("study.empty_material", _("请填写内容、内网链接或上传文件"), fields={"body": [_("必填")]})


def add_material_event(material: StudyMaterial, **kwargs: Any) -> MaterialEvent:
    kwargs["data"] = kwargs.get("data") or {}
    return MaterialEvent.objects.create(committee_id=material.committee_id, material=material, **kwargs)


@transaction.atomic
def update_material(material: StudyMaterial, *, data: dict[str, Any], actor: User) -> StudyMaterial:
    """Correct a material already in the library (and in published assignments, which show it as it now is).

    The timeline keeps each edit with the fields' old and new values, so what members read before stays known;
    a replaced file's old copy stays stored, named in the timeline."""
    material = StudyMaterial.objects.select_for_update().get(pk=material.pk)
    fields = dict(data)
    upload = fields.pop("file", None)
    changes = apply_changes(material, fields, MATERIAL_FIELDS)
    if upload:
        # By name, as stored (a file compares equal to an upload of the same name, whatever its bytes).
        changes["file"] = [material.file.name or "", upload.name]
        material.file = upload
    if not changes:
        return material
    _check_material(material, {"file": upload} if upload else {})
    material.save()
    if upload:
        changes["file"][1] = material.file.name  # as stored, under the type its bytes have
    add_material_event(material, action="update", actor=actor, data={"changes": changes})
    return material


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    choices: Sequence[tuple[str, bool]]  # (text, correct)


def _validate_assignment(assignment: StudyAssignment) -> None:
    try:
        assignment.full_clean(exclude=["committee", "term", "created_by", "materials"], validate_constraints=False)
    except ValidationError as exc:
        raise _invalid("study.invalid", exc) from None
    if assignment.pass_mark is not None and not 0 < assignment.pass_mark <= 100:
        raise DomainError("study.invalid", _("及格分应在 1 到 100 之间"), fields={"pass_mark": [_("取值无效")]})
    if assignment.makeup and not assignment.makeup_for.strip():
        raise DomainError("study.invalid", _("补学请注明对应的学习活动"), fields={"makeup_for": [_("必填")]})


@transaction.atomic
def create_assignment(
    *,
    committee: Committee,
    data: dict[str, Any],
    audience: AudienceSpec,
    materials: Sequence[StudyMaterial] = (),
    actor: User,
) -> StudyAssignment:
    unknown = set(data).difference(ASSIGNMENT_FIELDS)
    if unknown:
        raise DomainError("study.bad_field", _("不可设置的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    assignment = StudyAssignment(committee=committee, term=current_term(committee), created_by=actor, **data)
    _validate_assignment(assignment)
    assignment.save()
    set_audience(assignment, audience, code="study.bad_audience")
    assignment.materials.set([m for m in materials if m.committee_id == committee.pk])
    add_event(assignment, action="create", actor=actor, to_status=assignment.status)
    return assignment


@transaction.atomic
def update_assignment(
    assignment: StudyAssignment,
    *,
    data: dict[str, Any],
    audience: AudienceSpec | None,
    materials: Sequence[StudyMaterial] | None,
    actor: User,
) -> StudyAssignment:
    assignment = STUDY.lock(assignment)
    STUDY.check(SA.UPDATE, assignment.status, code="study.not_editable")
    for field in set(data) & set(ASSIGNMENT_FIELDS):
        setattr(assignment, field, data[field])
    _validate_assignment(assignment)
    assignment.save()
    if audience is not None:
        set_audience(assignment, audience, code="study.bad_audience")
    if materials is not None:
        assignment.materials.set(materials)
    add_event(assignment, action=SA.UPDATE, actor=actor, from_status=assignment.status, to_status=assignment.status)
    return assignment


@transaction.atomic
def add_question(assignment: StudyAssignment, spec: QuestionSpec, *, actor: User) -> Question:
    assignment = STUDY.lock(assignment)
    STUDY.check(SA.UPDATE, assignment.status, code="study.not_editable")
    choices = [(text.strip(), correct) for text, correct in spec.choices if text.strip()]
    if not spec.text.strip():
        raise DomainError("study.bad_question", _("请填写题目"), fields={"text": [_("必填")]})
    if len(choices) < 2:
        raise DomainError("study.bad_question", _("每道题至少两个选项"), fields={"choices": [_("至少两个选项")]})
    if not any(correct for _text, correct in choices):
        raise DomainError("study.bad_question", _("请标出正确选项"), fields={"choices": [_("没有正确选项")]})
    question = Question.objects.create(
        committee_id=assignment.committee_id,
        assignment=assignment,
        text=spec.text.strip()[:300],
        order=assignment.questions.count() + 1,
    )
    Choice.objects.bulk_create(
        Choice(committee_id=assignment.committee_id, question=question, text=text[:200], correct=correct)
        for text, correct in choices
    )
    return question


@transaction.atomic
def publish_assignment(assignment: StudyAssignment, *, actor: User) -> StudyAssignment:
    """The audience becomes the invited list (the denominator of the study rate) and is told."""
    assignment = STUDY.lock(assignment)
    STUDY.check(SA.PUBLISH, assignment.status)
    if assignment.deadline <= timezone.now():
        raise DomainError("study.deadline_passed", _("截止时间已过"), fields={"deadline": [_("须晚于现在")]})
    if assignment.has_quiz and not assignment.questions.exists():
        raise DomainError("study.no_questions", _("设置了及格分，但还没有测验题目"))
    members = list(audience_members(assignment).select_related("user"))
    if not members:
        raise DomainError("study.empty_audience", _("面向范围内没有委员"), fields={"audience": [_("无人可学")]})
    StudyCompletion.objects.bulk_create(
        StudyCompletion(committee_id=assignment.committee_id, assignment=assignment, member=m) for m in members
    )
    STUDY.transition(assignment, SA.PUBLISH, actor=actor, locked=True, data={"invited": len(members)})
    notify(
        committee=assignment.committee,
        recipients=members,
        kind="notices.study",
        title=_("学习任务：%(t)s") % {"t": assignment.title},
        body=_("请于 %(d)s 前完成") % {"d": timezone.localtime(assignment.deadline).strftime("%Y-%m-%d %H:%M")},
        source=assignment,
    )
    return assignment


@transaction.atomic
def close_assignment(assignment: StudyAssignment, *, actor: User) -> StudyAssignment:
    return STUDY.transition(assignment, SA.CLOSE, actor=actor)


def _completion(assignment: StudyAssignment, member: Member, action: str) -> StudyCompletion:
    STUDY.check(action, assignment.status)
    if assignment.deadline <= timezone.now():
        raise Conflict("study.deadline_passed", _("已过学习截止时间"))
    try:
        return StudyCompletion.objects.select_for_update().get(assignment=assignment, member=member)
    except StudyCompletion.DoesNotExist:
        raise DomainError("not_found", _("对象不存在"), status=404) from None


def _complete_if_done(completion: StudyCompletion, assignment: StudyAssignment, member: Member) -> None:
    """Read, and passed where there is a quiz: completed, and a study row in the ledger (补学 says so)."""
    if completion.completed_at or completion.read_at is None:
        return
    if assignment.has_quiz and completion.passed_at is None:
        return
    completion.completed_at = timezone.now()
    prefix = _("补学") if assignment.makeup else _("在线学习")
    record_duty(
        committee=assignment.committee,
        member=member,
        kind=DutyKind.STUDY,
        role=DutyRole.PARTICIPANT,
        event_date=timezone.localdate(completion.completed_at),
        title=f"{prefix}：{assignment.title}",
        source=assignment,
        recorded_by=None,
        recorded_by_dept=STUDY_DEPT,
        note=assignment.makeup_for if assignment.makeup else "",
    )


@transaction.atomic
def mark_studied(assignment: StudyAssignment, *, member: Member) -> StudyCompletion:
    completion = _completion(assignment, member, SA.READ)
    if completion.read_at is None:
        completion.read_at = timezone.now()
    _complete_if_done(completion, assignment, member)
    completion.save()
    return completion


def score(assignment: StudyAssignment, answers: dict[int, set[int]]) -> int:
    """Percent of questions answered exactly right (every correct choice, no wrong one)."""
    questions = list(assignment.questions.prefetch_related("choices"))
    if not questions:
        return 0
    right = sum(1 for q in questions if answers.get(q.pk, set()) == {c.pk for c in q.choices.all() if c.correct})
    return round(100 * right / len(questions))


@transaction.atomic
def answer_quiz(assignment: StudyAssignment, *, member: Member, answers: dict[int, set[int]]) -> QuizAttempt:
    completion = _completion(assignment, member, SA.ANSWER)
    if not assignment.has_quiz:
        raise DomainError("study.no_quiz", _("此学习任务没有测验"))
    if completion.passed_at is not None:
        raise Conflict("study.already_passed", _("您已通过测验，无需再答"))
    if assignment.max_attempts and completion.attempts >= assignment.max_attempts:
        raise Conflict("study.no_attempts_left", _("答题次数已用完（共 %(n)s 次）") % {"n": assignment.max_attempts})
    unanswered = set(assignment.questions.values_list("pk", flat=True)) - {q for q, c in answers.items() if c}
    if unanswered:
        raise DomainError(
            "study.unanswered",
            _("还有 %(n)s 道题未作答") % {"n": len(unanswered)},
            fields={f"q{q}": [_("请作答")] for q in sorted(unanswered)},
        )
    result = score(assignment, answers)
    passed = result >= (assignment.pass_mark or 0)
    completion.attempts += 1
    completion.best_score = max(completion.best_score or 0, result)
    if passed:
        completion.passed_at = timezone.now()
        # Passing the quiz shows the member studied the materials.
        completion.read_at = completion.read_at or completion.passed_at
    _complete_if_done(completion, assignment, member)
    completion.save()
    return QuizAttempt.objects.create(
        committee_id=assignment.committee_id,
        completion=completion,
        score=result,
        passed=passed,
        answers={str(q): sorted(c) for q, c in answers.items()},
    )
