"""The leave approver's queue (请假审批): the requests routed to this user, approved or refused here."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.activities import queries, services
from lvzhi.activities.forms import LeaveDecisionForm
from lvzhi.activities.models import LeaveRequest
from lvzhi.activities.views.organiser_common import refuse, safe_next
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires

PAGE_SIZE = 50


@requires(C.APPROVE_LEAVE)
def leave_queue(request: HttpRequest) -> HttpResponse:
    leaves = queries.leave_requests_to_decide(request.user, request.committee)
    page = Paginator(leaves, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "activities/manage_leave_queue.html", {"page": page})


@requires(C.APPROVE_LEAVE)
@require_POST
def leave_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or refuse; the service checks that this user is the approver the request was routed to."""
    leave = get_or_404(LeaveRequest.objects.select_related("activity", "member"), pk=pk)
    back = redirect(safe_next(request, reverse("activities:leave_queue")))
    form = LeaveDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择同意或不同意"))
        return back
    decide = services.approve_leave if form.cleaned_data["decision"] == "approve" else services.reject_leave
    try:
        decided = decide(leave, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s 的请假：%(s)s") % {"name": leave.member.name, "s": decided.get_status_display()},
        )
    return back


urlpatterns = [
    path("approvals/leave/", leave_queue, name="leave_queue"),
    path("approvals/leave/<int:pk>/decide/", leave_decide, name="leave_decide"),
]
