"""The office's supervision screens: key and excellent candidates, follow-ups (回头看), the overdue list, 催办,
attachments, and the printable proposal with its replies."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.uploads import serve
from lvzhi.proposals import queries
from lvzhi.proposals.models import Assignment, FollowUp, Honour, Reply
from lvzhi.proposals.services import follow_up, honours
from lvzhi.proposals.services.handling import feedback_dues
from lvzhi.proposals.services.rules import reply_classes


def _date(raw: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@requires(C.MANAGE_PROPOSALS)
@require_POST
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_or_404(queries.office_list(), pk=pk)
    try:
        honour = honours.mark(
            proposal,
            kind=request.POST.get("kind", ""),
            reason=request.POST.get("reason", ""),
            source=request.POST.get("source") or Honour.Source.OFFICE,
            actor=request.user,
        )
        done = _("已列入重点提案候选") if honour.kind == Honour.Kind.KEY else _("已推荐为优秀提案候选")
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:manage_detail", pk=proposal.pk)


@requires(C.MANAGE_PROPOSALS)
@require_POST
def unmark(request: HttpRequest, pk: int, honour: int) -> HttpResponse:
    proposal = get_or_404(queries.office_list(), pk=pk)
    found = get_or_404(Honour.objects.filter(proposal=proposal).select_related("proposal"), pk=honour)
    try:
        honours.unmark(found, reason=request.POST.get("reason", ""), actor=request.user)
        messages.success(request, _("已取消%(k)s") % {"k": found.get_kind_display()})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:manage_detail", pk=proposal.pk)


@requires(C.MANAGE_PROPOSALS)
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_or_404(queries.office_list(), pk=pk)
    raw = request.POST.get("reply", "")
    reply = proposal.replies.select_related("proposal", "assignment").filter(pk=raw).first() if raw.isdigit() else None
    try:
        if reply is None:
            raise DomainError("validation.invalid", _("请选择答复"))
        follow_up.add_follow_up(
            reply,
            commitment=request.POST.get("commitment", ""),
            due_date=_date(request.POST.get("due_date", "")),
            actor=request.user,
        )
        messages.success(request, _("已列入跟踪落实"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:manage_detail", pk=proposal.pk)


@requires(C.MANAGE_PROPOSALS)
@require_POST
def follow_up_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(FollowUp.objects.select_related("proposal"), pk=pk)
    try:
        follow_up.review_follow_up(
            item, verified=request.POST.get("verified") == "yes", note=request.POST.get("note", ""), actor=request.user
        )
        messages.success(request, _("回头看已记录"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:manage_detail", pk=item.proposal_id)


@requires(C.MANAGE_PROPOSALS)
def overdue(request: HttpRequest) -> HttpResponse:
    """Everything late: replies past their due date, evaluations past 15 working days, follow-ups past theirs."""
    today = timezone.localdate()
    replies = queries.overdue_assignments(today=today).select_related("proposal", "proposal__lead", "unit")
    waiting = feedback_dues(list(queries.awaiting_evaluation().select_related("committee")))
    return render(
        request,
        "proposals/overdue.html",
        {
            "today": today,
            "replies": replies[:300],
            "evaluations": [(p, due) for p, due in waiting if due < today],
            "follow_ups": queries.overdue_follow_ups(today=today).select_related("proposal", "unit")[:300],
        },
    )


@requires(C.MANAGE_PROPOSALS)
@require_POST
def chase(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_or_404(Assignment.objects.select_related("proposal", "unit"), pk=pk)
    try:
        follow_up.chase(assignment, actor=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("已催办 %(u)s") % {"u": assignment.unit})
    except DomainError as exc:
        messages.error(request, exc.message)
    if request.POST.get("next") == "detail":
        return redirect("proposals:manage_detail", pk=assignment.proposal_id)
    return redirect("proposals:overdue")


@requires(C.MANAGE_PROPOSALS)
def manage_attachment(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    proposal = get_or_404(queries.office_list(), pk=pk)
    found = get_or_404(proposal.attachments.all(), pk=attachment)
    return serve(found.file, filename=found.name)


@requires(C.MANAGE_PROPOSALS)
def print_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal as offices print it (A4, 公文 layout): title, number, proposers, body, then each reply."""
    proposal = get_or_404(queries.office_list().select_related("lead", "committee"), pk=pk)
    return render(
        request,
        "proposals/print.html",
        {
            "proposal": proposal,
            "cosigners": queries.proposers_named(proposal),
            "drafters": proposal.drafters.select_related("member"),
            "replies": reply_classes(proposal.committee_id).labelled(
                proposal.replies.filter(status=Reply.Status.PUBLISHED).select_related("assignment__unit")
            ),
            "assignments": proposal.assignments.select_related("unit"),
        },
    )


urlpatterns = [
    path("manage/<int:pk>/honours/", mark, name="mark"),
    path("manage/<int:pk>/honours/<int:honour>/unmark/", unmark, name="unmark"),
    path("manage/<int:pk>/follow-ups/", follow_up_add, name="follow_up_add"),
    path("manage/follow-ups/<int:pk>/review/", follow_up_review, name="follow_up_review"),
    path("manage/overdue/", overdue, name="overdue"),
    path("manage/assignments/<int:pk>/chase/", chase, name="chase"),
    path("manage/<int:pk>/attachments/<int:attachment>/", manage_attachment, name="manage_attachment"),
    path("manage/<int:pk>/print/", print_proposal, name="print"),
]
