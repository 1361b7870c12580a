"""学习园地 for members: my study assignments, the materials library, studying and the quiz."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.notices import services
from lvzhi.notices.forms import QuizForm, SearchForm
from lvzhi.notices.models import StudyCompletion, StudyMaterial
from lvzhi.notices.queries import member_assignments
from lvzhi.notices.views.common import attachment, page_of
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required


@requires(C.PARTICIPATE)
@member_required
def corner(request: HttpRequest, member: Member) -> HttpResponse:
    topics = sorted(set(StudyMaterial.objects.values_list("topic", flat=True)))
    filters = SearchForm(request.GET, choices={"topic": [("", _("全部专题")), *((t, t) for t in topics)]})
    library = StudyMaterial.objects.order_by("topic", "-created_at", "-id")
    if q := filters.value("q"):
        library = library.filter(title__icontains=q)
    if topic := filters.value("topic"):
        library = library.filter(topic=topic)
    return render(
        request,
        "notices/my_study.html",
        {"assignments": list(member_assignments(member)[:50]), "filters": filters, "page": page_of(request, library)},
    )


def _mine(member: Member, pk: int):
    assignment = member_assignments(member).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


@requires(C.PARTICIPATE)
@member_required
def assignment(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    found = _mine(member, pk)
    completion = StudyCompletion.objects.get(assignment=found, member=member)
    form = QuizForm(request.POST if request.method == "POST" else None, assignment=found)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.answer_quiz(found, member=member, answers=form.answers())
        except DomainError as exc:
            form.add_error(None, exc.message)
            for name, problems in (exc.fields or {}).items():
                if name in form.fields:
                    form.add_error(name, problems)
            status = 400
        else:
            if attempt.passed:
                messages.success(request, _("测验通过，得分 %(s)s。学习任务已完成") % {"s": attempt.score})
            else:
                messages.error(
                    request,
                    _("得分 %(s)s，未达到及格分 %(p)s，请再学习后重答") % {"s": attempt.score, "p": found.pass_mark},
                )
            return redirect("notices:study", pk=pk)
    return render(
        request,
        "notices/my_assignment.html",
        {
            "assignment": found,
            "completion": completion,
            "materials": found.materials.all(),
            "form": form,
            "attempts_left": (found.max_attempts - completion.attempts) if found.max_attempts else None,
        },
        status=status,
    )


@require_POST
@requires(C.PARTICIPATE)
@member_required
def studied(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    found = _mine(member, pk)
    try:
        completion = services.mark_studied(found, member=member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if completion.completed_at:
            messages.success(request, _("已完成学习任务，已记入履职档案"))
        else:
            messages.info(request, _("已记录学习，请完成下方测验"))
    return redirect("notices:study", pk=pk)


@requires(C.PARTICIPATE)
def material(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "notices/my_material.html", {"material": get_or_404(StudyMaterial.objects.all(), pk=pk)})


@requires(C.PARTICIPATE)
def material_file(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_or_404(StudyMaterial.objects.exclude(file=""), pk=pk)
    return attachment(found.file, found.title)


urlpatterns = [
    path("study/", corner, name="study_corner"),
    path("study/<int:pk>/", assignment, name="study"),
    path("study/<int:pk>/studied/", studied, name="study_studied"),
    path("study/materials/<int:pk>/", material, name="study_material"),
    path("study/materials/<int:pk>/file/", material_file, name="study_material_file"),
]
