"""The handling unit's screens (承办单位): only the proposals assigned to the unit; reply, countersign, opinion."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.uploads import serve
from lvzhi.proposals import queries
from lvzhi.proposals import rows as proposal_rows
from lvzhi.proposals.models import Assignment, Proposal, Reply
from lvzhi.proposals.services import follow_up, handling
from lvzhi.proposals.services.rules import reply_classes
from lvzhi.proposals.transitions import IN_HANDLING

R = Reply.Status
EARLIER = 50


@requires(C.HANDLE_PROPOSALS)
def unit_list(request: HttpRequest) -> HttpResponse:
    """What the unit is handling now, by due date; then its answered and closed ones, newest first, only the
    latest few: a unit's assignments pile up year after year, and the open ones are its work."""
    mine = Assignment.objects.filter(unit_id__in=request.access.handling_unit_ids)
    fields = ("proposal_id", "role", "due_date", "proposal__year", "proposal__number", "proposal__title")
    # The committee's proposals in handling as an id list: filtering on the joined status read the proposal row
    # of every assignment the unit ever had.
    in_handling = Proposal.objects.filter(status__in=IN_HANDLING).values("pk")
    handling_now = list(
        mine.filter(proposal__in=in_handling).order_by("due_date", "id").values(*fields, "proposal__status")
    )
    earlier = mine.exclude(proposal__in=in_handling).order_by("-assigned_at", "-id")
    shown = list(earlier.values(*fields, "proposal__status")[:EARLIER])
    return render(
        request,
        "proposals/unit_list.html",
        {
            "assignments": proposal_rows.render("_unit_rows.jinja", "proposals:unit_detail", assignments=handling_now),
            "earlier": proposal_rows.render("_unit_rows.jinja", "proposals:unit_detail", assignments=shown),
            "earlier_shown": len(shown),
            # Every assignment of the unit is either being handled or earlier: a count over the unit's index
            # instead of a second walk joining every one of its proposals.
            "earlier_total": mine.count() - len(handling_now),
        },
    )


@requires(C.HANDLE_PROPOSALS)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    units = request.access.handling_unit_ids
    proposal = get_or_404(queries.assigned_to(units).select_related("lead"), pk=pk)
    assignment = proposal.assignments.filter(unit_id__in=units).select_related("unit").first()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "reply":
                day = request.POST.get("contacted_on", "")
                handling.draft_reply(
                    assignment,
                    grade=request.POST.get("grade", ""),
                    content=request.POST.get("content", ""),
                    contact_mode=request.POST.get("contact_mode", ""),
                    contacted_on=datetime.date.fromisoformat(day) if _is_date(day) else None,
                    unit_ids=units,
                    actor=request.user,
                )
            elif action == "countersign":
                reply = get_or_404(proposal.replies.all(), pk=request.POST.get("reply") or 0)
                handling.countersign(reply, assignment=assignment, unit_ids=units, actor=request.user)
            elif action == "follow_up":
                item = get_or_404(proposal.follow_ups.filter(unit_id__in=units), pk=request.POST.get("item") or 0)
                follow_up.report_follow_up(
                    item, progress=request.POST.get("progress", ""), unit_ids=units, actor=request.user
                )
            elif action == "opinion":
                handling.give_opinion(
                    assignment, opinion=request.POST.get("opinion", ""), unit_ids=units, actor=request.user
                )
            else:
                handling.request_reassignment(
                    assignment, reason=request.POST.get("reason", ""), unit_ids=units, actor=request.user
                )
            messages.success(request, _("已提交"))
            return redirect("proposals:unit_detail", pk=proposal.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    classes = reply_classes(request.committee)
    return render(
        request,
        "proposals/unit_detail.html",
        {
            "proposal": proposal,
            "assignment": assignment,
            "assignments": proposal.assignments.select_related("unit"),
            "replies": classes.labelled(proposal.replies.select_related("assignment__unit")),
            "grades": classes.choices,
            "contacts": Reply.Contact.choices,
            "events": proposal.events.select_related("actor"),
            "posted": request.POST,
            "follow_ups": proposal.follow_ups.filter(unit_id__in=units),
            "attachments": proposal.attachments.all(),
        },
    )


@requires(C.HANDLE_PROPOSALS)
def unit_attachment(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    proposal = get_or_404(queries.assigned_to(request.access.handling_unit_ids), pk=pk)
    found = get_or_404(proposal.attachments.all(), pk=attachment)
    return serve(found.file, filename=found.name)


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


urlpatterns = [
    path("unit/", unit_list, name="unit_list"),
    path("unit/<int:pk>/", unit_detail, name="unit_detail"),
    path("unit/<int:pk>/attachments/<int:attachment>/", unit_attachment, name="unit_attachment"),
]
