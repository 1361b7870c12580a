"""The office's study screens: the materials library, assignments with quizzes, results and the study rate."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.years import year_of
from lvzhi.notices import services
from lvzhi.notices.export import workbook_response, yes_no
from lvzhi.notices.forms import AssignmentForm, MaterialForm, QuestionForm, SearchForm, show_error
from lvzhi.notices.models import StudyAssignment, StudyMaterial
from lvzhi.notices.queries import assignment_results, group_results, study_participation
from lvzhi.notices.views.common import page_of
from lvzhi.org.services.members import current_term


@requires(C.MANAGE_NOTICES)
def materials(request: HttpRequest) -> HttpResponse:
    topics = sorted(set(StudyMaterial.objects.values_list("topic", flat=True)))
    filters = SearchForm(
        request.GET,
        choices={
            "topic": [("", _("全部专题")), *((t, t) for t in topics)],
            "kind": [("", _("全部类型")), *StudyMaterial.Kind.choices],
        },
    )
    found = StudyMaterial.objects.order_by("topic", "-created_at", "-id")
    if q := filters.value("q"):
        found = found.filter(title__icontains=q)
    if topic := filters.value("topic"):
        found = found.filter(topic=topic)
    if kind := filters.value("kind"):
        found = found.filter(kind=kind)
    form = MaterialForm(request.POST if request.method == "POST" else None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.create_material(
                    committee=request.committee,
                    data={k: v for k, v in form.cleaned_data.items() if v not in (None, "")},
                    actor=request.user,
                )
            except DomainError as exc:
                show_error([form], exc)
            else:
                messages.success(request, _("已添加学习资料"))
                return redirect("notices:study_materials")
        status = 400
    return render(
        request,
        "notices/manage_materials.html",
        {"filters": filters, "page": page_of(request, found), "form": form},
        status=status,
    )


@requires(C.MANAGE_NOTICES)
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a material after it is in the library (and in published assignments), with its timeline."""
    found = get_or_404(StudyMaterial.objects.all(), pk=pk)
    form = MaterialForm(request.POST if request.method == "POST" else None, request.FILES or None, instance=found)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_material(
                    get_or_404(StudyMaterial.objects.all(), pk=pk), data=form.changes(), actor=request.user
                )
            except DomainError as exc:
                show_error([form], exc)
            else:
                messages.success(request, _("已保存修改，学习任务中的委员看到的是修改后的内容"))
                return redirect("notices:study_material_edit", pk=pk)
        status = 400
    labels = {f.name: f.verbose_name for f in StudyMaterial._meta.fields}
    timeline = [
        (event, [(labels.get(name, name), old, new) for name, (old, new) in event.data.get("changes", {}).items()])
        for event in found.events.select_related("actor").order_by("-at", "-id")[:50]
    ]
    context = {"material": found, "form": form, "timeline": timeline}
    return render(request, "notices/manage_material.html", context, status=status)


@requires(C.MANAGE_NOTICES)
def assignments(request: HttpRequest) -> HttpResponse:
    filters = SearchForm(request.GET, choices={"status": [("", _("全部状态")), *StudyAssignment.Status.choices]})
    found = StudyAssignment.objects.order_by("-deadline", "-id")
    if q := filters.value("q"):
        found = found.filter(title__icontains=q)
    if status := filters.value("status"):
        found = found.filter(status=status)
    return render(request, "notices/manage_assignments.html", {"filters": filters, "page": page_of(request, found)})


def _save(request: HttpRequest, assignment: StudyAssignment | None) -> HttpResponse:
    term = assignment.term if assignment else current_term(request.committee)
    form = AssignmentForm(request.POST if request.method == "POST" else None, instance=assignment, term=term)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service(services.ASSIGNMENT_FIELDS)
        try:
            with transaction.atomic():
                if assignment is None:
                    assignment = services.create_assignment(
                        committee=request.committee,
                        data=data,
                        audience=form.audience(),
                        materials=list(form.cleaned_data["materials"]),
                        actor=request.user,
                    )
                else:
                    services.update_assignment(
                        assignment,
                        data=data,
                        audience=form.audience(),
                        materials=list(form.cleaned_data["materials"]),
                        actor=request.user,
                    )
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("notices:study_detail", pk=assignment.pk)
    status = 400 if form.errors else 200
    return render(
        request, "notices/manage_assignment_form.html", {"form": form, "assignment": assignment}, status=status
    )


@requires(C.MANAGE_NOTICES)
def assignment_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@requires(C.MANAGE_NOTICES)
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_or_404(StudyAssignment.objects.all(), pk=pk)
    if assignment.status != StudyAssignment.Status.DRAFT:
        messages.error(request, _("已发布的学习任务不能修改"))
        return redirect("notices:study_detail", pk=pk)
    return _save(request, assignment)


@requires(C.MANAGE_NOTICES)
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_or_404(StudyAssignment.objects.all(), pk=pk)
    question_form = QuestionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if question_form.is_valid():
            try:
                services.add_question(assignment, question_form.spec(), actor=request.user)
            except DomainError as exc:
                show_error([question_form], exc)
            else:
                messages.success(request, _("已添加题目"))
                return redirect("notices:study_detail", pk=pk)
        status = 400
    return render(
        request,
        "notices/manage_assignment.html",
        {
            "assignment": assignment,
            "materials": assignment.materials.all(),
            "questions": assignment.questions.prefetch_related("choices"),
            "results": assignment_results(assignment),
            "groups": group_results(assignment),
            "question_form": question_form,
        },
        status=status,
    )


ACTIONS = {
    "publish": (services.publish_assignment, _("已发布，面向范围内的委员将收到学习通知")),
    "close": (services.close_assignment, _("已截止")),
}


@require_POST
@requires(C.MANAGE_NOTICES)
def assignment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    assignment = get_or_404(StudyAssignment.objects.all(), pk=pk)
    if action not in ACTIONS:
        messages.error(request, _("未知的操作"))
        return redirect("notices:study_detail", pk=pk)
    service, done = ACTIONS[action]
    try:
        service(assignment, actor=request.user)
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notices:study_detail", pk=pk)


@requires(C.MANAGE_NOTICES)
def assignment_export(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_or_404(StudyAssignment.objects.all(), pk=pk)
    rows = [
        (
            r.member.name,
            yes_no(r.read_at is not None),
            r.attempts,
            r.best_score,
            yes_no(r.passed_at is not None),
            r.completed_at,
        )
        for r in assignment_results(assignment)
    ]
    header = [_("委员"), _("已学习"), _("答题次数"), _("最高分"), _("测验通过"), _("完成时间")]
    return workbook_response(f"{_('学习结果')}-{assignment.pk}.xlsx", _("学习结果"), header, rows)


@requires(C.MANAGE_NOTICES)
def participation(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    by_member, by_group = study_participation(current_term(request.committee), year)
    if request.GET.get("format") == "xlsx":
        header = [_("委员"), _("应参加"), _("实参加（含补学）"), _("参学率"), _("达到 4 次"), _("达到 90%")]
        rows = [
            (
                r.name,
                r.total_invited,
                r.total_attended,
                round((r.rate or 0) * 100),
                yes_no(r.meets_sessions),
                yes_no(r.meets_rate),
            )
            for r in by_member
        ]
        return workbook_response(f"{_('学习参学率')}-{year}.xlsx", _("参学率"), header, rows)
    return render(
        request,
        "notices/manage_participation.html",
        {"year": year, "members": by_member, "groups": by_group},
    )


urlpatterns = [
    path("study/materials/", materials, name="study_materials"),
    path("study/materials/<int:pk>/edit/", material_edit, name="study_material_edit"),
    path("study/manage/", assignments, name="study_manage"),
    path("study/manage/new/", assignment_create, name="study_create"),
    path("study/manage/participation/", participation, name="study_participation"),
    path("study/manage/<int:pk>/", assignment_detail, name="study_detail"),
    path("study/manage/<int:pk>/edit/", assignment_edit, name="study_edit"),
    path("study/manage/<int:pk>/results.xlsx", assignment_export, name="study_export"),
    path("study/manage/<int:pk>/<slug:action>/", assignment_action, name="study_action"),
]
