"""学习园地: the office sets assignments and quizzes; members study and answer; results and the study rate."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router, Status
from ninja.files import UploadedFile

from lvzhi.core.apiinput import Id, Text, Year
from lvzhi.core.apikit import get_or_404, need, need_any
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.years import MAX_YEAR, MIN_YEAR
from lvzhi.notices import services
from lvzhi.notices.api.notices import audience_spec, me
from lvzhi.notices.api.schemas import (
    AnswersIn,
    AssignmentIn,
    AssignmentOut,
    AttemptOut,
    MaterialEventOut,
    MaterialKindCode,
    MyAssignmentOut,
    ParticipationOut,
    ResultOut,
    StudyMaterialIn,
    StudyMaterialOut,
    StudyMaterialPatch,
)
from lvzhi.notices.models import StudyAssignment, StudyCompletion, StudyMaterial
from lvzhi.notices.queries import StudyRate, assignment_results, member_assignments, study_participation
from lvzhi.org.models import Member
from lvzhi.org.services.members import current_term

router = Router()


def _managed(request: HttpRequest, assignment_id: Id) -> StudyAssignment:
    need(request, C.MANAGE_NOTICES)
    return get_or_404(StudyAssignment.objects.all(), pk=assignment_id)


def _mine(request: HttpRequest, assignment_id: Id) -> tuple[Member, StudyAssignment]:
    need(request)
    get_or_404(StudyAssignment.objects.all(), pk=assignment_id)  # another committee's: 404 whoever asks
    member = me(request)
    return member, get_or_404(member_assignments(member), pk=assignment_id)


def _mine_out(assignment: StudyAssignment) -> dict:
    questions = [
        {"id": q.pk, "text": q.text, "choices": [{"id": c.pk, "text": c.text} for c in q.choices.all()]}
        for q in assignment.questions.prefetch_related("choices")
    ]
    return {
        **AssignmentOut.from_orm(assignment).dict(),
        "completed": assignment.completed_at is not None,
        "questions": questions,
    }


@router.post("/study-assignments", response={201: AssignmentOut}, summary="Create a study assignment (draft)")
def create_assignment(request: HttpRequest, payload: AssignmentIn) -> Status:
    access = need(request, C.MANAGE_NOTICES)
    materials = list(StudyMaterial.objects.filter(pk__in=payload.materials))
    with transaction.atomic():
        assignment = services.create_assignment(
            committee=access.committee,
            data=payload.dict(exclude={"audience", "materials", "questions"}),
            audience=audience_spec(payload.audience),
            materials=materials,
            actor=request.user,
        )
        for question in payload.questions:
            spec = services.QuestionSpec(question.text, [(c.text, c.correct) for c in question.choices])
            services.add_question(assignment, spec, actor=request.user)
    return Status(201, assignment)


@router.post("/study-assignments/{assignment_id}/publish", response=AssignmentOut, summary="Publish to the audience")
def publish_assignment(request: HttpRequest, assignment_id: Id) -> StudyAssignment:
    return services.publish_assignment(_managed(request, assignment_id), actor=request.user)


@router.post("/study-assignments/{assignment_id}/close", response=AssignmentOut, summary="Close an assignment")
def close_assignment(request: HttpRequest, assignment_id: Id) -> StudyAssignment:
    return services.close_assignment(_managed(request, assignment_id), actor=request.user)


@router.get("/study-assignments/{assignment_id}/results", response=list[ResultOut], summary="Results per member")
def results(request: HttpRequest, assignment_id: Id) -> list[dict]:
    return [
        {
            "member_id": r.member_id,
            "member_name": r.member.name,
            "read": r.read_at is not None,
            "attempts": r.attempts,
            "best_score": r.best_score,
            "passed": r.passed_at is not None,
            "completed": r.completed_at is not None,
        }
        for r in assignment_results(_managed(request, assignment_id))
    ]


@router.get("/me/study-assignments", response=list[MyAssignmentOut], summary="My study assignments")
def my_assignments(request: HttpRequest) -> list[dict]:
    return [_mine_out(a) for a in member_assignments(me(request))[:100]]


@router.get("/me/study-assignments/{assignment_id}", response=MyAssignmentOut, summary="One of my assignments")
def my_assignment(request: HttpRequest, assignment_id: Id) -> dict:
    return _mine_out(_mine(request, assignment_id)[1])


@router.post("/study-assignments/{assignment_id}/studied", response=AttemptOut, summary="I have studied it")
def studied(request: HttpRequest, assignment_id: Id) -> dict:
    member, assignment = _mine(request, assignment_id)
    completion = services.mark_studied(assignment, member=member)
    return {
        "score": completion.best_score or 0,
        "passed": completion.passed_at is not None,
        "completed": completion.completed_at is not None,
    }


@router.post("/study-assignments/{assignment_id}/quiz", response=AttemptOut, summary="Answer the quiz")
def answer(request: HttpRequest, assignment_id: Id, payload: AnswersIn) -> dict:
    member, assignment = _mine(request, assignment_id)
    attempt = services.answer_quiz(assignment, member=member, answers={q: set(c) for q, c in payload.answers.items()})
    completed = StudyCompletion.objects.filter(pk=attempt.completion_id, completed_at__isnull=False).exists()
    return {"score": attempt.score, "passed": attempt.passed, "completed": completed}


def _rate(r: StudyRate) -> dict:
    return {
        "name": r.name,
        "invited": r.total_invited,
        "attended": r.total_attended,
        "rate": r.rate,
        "meets_sessions": r.meets_sessions,
        "meets_rate": r.meets_rate,
    }


@router.get("/study/participation", response=ParticipationOut, summary="Study rate per member and group (§5)")
def participation(request: HttpRequest, year: Year | None = None) -> dict:
    access = need(request, C.MANAGE_NOTICES)
    year = year if year and MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year
    by_member, by_group = study_participation(current_term(access.committee), year)
    return {"year": year, "members": [_rate(r) for r in by_member], "groups": [_rate(r) for r in by_group]}


# 学习资料: the library members read, and the office's corrections after publication (kept in the history).


def _material_out(material: StudyMaterial) -> dict:
    return {
        "id": material.pk,
        "topic": material.topic,
        "kind": material.kind,
        "title": material.title,
        "body": material.body,
        "url": material.url,
        "has_file": bool(material.file),
        "created_at": material.created_at,
        "updated_at": material.updated_at,
    }


def _managed_material(request: HttpRequest, material_id: Id) -> StudyMaterial:
    need(request, C.MANAGE_NOTICES)
    return get_or_404(StudyMaterial.objects.all(), pk=material_id)


@router.get("/study-materials", response=list[StudyMaterialOut], summary="学习园地: the materials library")
def list_materials(
    request: HttpRequest, q: Text(100) = "", topic: Text(60) = "", kind: MaterialKindCode | None = None
) -> list[dict]:
    need_any(request, C.MANAGE_NOTICES, C.PARTICIPATE)
    found = StudyMaterial.objects.order_by("topic", "-created_at", "-id")
    if q:
        found = found.filter(title__icontains=q)
    if topic:
        found = found.filter(topic=topic)
    if kind:
        found = found.filter(kind=kind)
    return [_material_out(m) for m in found[:200]]


@router.post("/study-materials", response={201: StudyMaterialOut}, summary="Add a material to the library")
def create_material(request: HttpRequest, payload: StudyMaterialIn) -> Status:
    access = need(request, C.MANAGE_NOTICES)
    material = services.create_material(committee=access.committee, data=payload.dict(), actor=request.user)
    return Status(201, _material_out(material))


@router.get("/study-materials/{material_id}", response=StudyMaterialOut, summary="One material")
def get_material(request: HttpRequest, material_id: Id) -> dict:
    need(request)
    material = get_or_404(StudyMaterial.objects.all(), pk=material_id)
    need_any(request, C.MANAGE_NOTICES, C.PARTICIPATE)
    return _material_out(material)


@router.patch("/study-materials/{material_id}", response=StudyMaterialOut, summary="Correct a material (history)")
def update_material(request: HttpRequest, material_id: Id, payload: StudyMaterialPatch) -> dict:
    material = _managed_material(request, material_id)
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    return _material_out(services.update_material(material, data=changes, actor=request.user))


@router.post("/study-materials/{material_id}/file", response=StudyMaterialOut, summary="Replace the material's file")
def replace_material_file(request: HttpRequest, material_id: Id, file: File[UploadedFile]) -> dict:
    material = _managed_material(request, material_id)
    return _material_out(services.update_material(material, data={"file": file}, actor=request.user))


@router.get("/study-materials/{material_id}/history", response=list[MaterialEventOut], summary="Who changed what")
def material_history(request: HttpRequest, material_id: Id) -> list[dict]:
    material = _managed_material(request, material_id)
    return [
        {
            "at": e.at,
            "action": e.action,
            "actor": str(e.actor or ""),
            "changes": [{"field": f, "old": old, "new": new} for f, (old, new) in e.data.get("changes", {}).items()],
        }
        for e in material.events.select_related("actor").order_by("at", "id")
    ]
