"""Plenary speeches (大会发言): the member's submissions, and the office's selection for oral or written delivery."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.models import Member, Session
from lvzhi.org.portal import member_required
from lvzhi.proposals.models import Speech
from lvzhi.proposals.services import speeches

PAGE = 200


def _sessions():
    return Session.objects.select_related("term").order_by("-year", "-number")[:10]


@requires(C.PARTICIPATE)
@member_required
def my_speeches(request: HttpRequest, member: Member) -> HttpResponse:
    posted = {}
    if request.method == "POST":
        raw = request.POST.get("session", "")
        session = Session.objects.filter(pk=raw).first() if raw.isdigit() else None
        try:
            speeches.submit_speech(
                member=member,
                session=session,
                title=request.POST.get("title", ""),
                content=request.POST.get("content", ""),
                actor=request.user,
            )
            messages.success(request, _("大会发言已提交，提案委员会办公室遴选后会通知您"))
            return redirect("proposals:speeches")
        except DomainError as exc:
            messages.error(request, exc.message)
            posted = request.POST
    rows = Speech.objects.filter(member=member).select_related("session", "session__term")
    return render(request, "proposals/speeches.html", {"speeches": rows, "sessions": _sessions(), "posted": posted})


@requires(C.PARTICIPATE)
@member_required
@require_POST
def withdraw(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    speech = get_or_404(Speech.objects.filter(member=member).select_related("member"), pk=pk)
    try:
        speeches.withdraw_speech(speech, actor=request.user)
        messages.success(request, _("已撤回"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:speeches")


@requires(C.MANAGE_PROPOSALS)
def manage_speeches(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = Speech.objects.exclude(status=Speech.Status.WITHDRAWN).select_related("member", "session", "session__term")
    if status in Speech.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "proposals/manage_speeches.html",
        {"speeches": rows.order_by("-created_at", "-id")[:PAGE], "status": status, "statuses": Speech.Status.choices},
    )


@requires(C.MANAGE_PROPOSALS)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    speech = get_or_404(Speech.objects.select_related("member", "session"), pk=pk)
    try:
        speeches.decide_speech(
            speech, decision=request.POST.get("decision", ""), note=request.POST.get("note", ""), actor=request.user
        )
        messages.success(request, _("已记录遴选结果"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:manage_speeches")


urlpatterns = [
    path("speeches/", my_speeches, name="speeches"),
    path("speeches/<int:pk>/withdraw/", withdraw, name="speech_withdraw"),
    path("manage/speeches/", manage_speeches, name="manage_speeches"),
    path("manage/speeches/<int:pk>/", decide, name="speech_decide"),
]
