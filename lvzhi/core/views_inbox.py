"""消息 (the in-app inbox): unread first, open a message (marks it read), mark one or all read.

Every signed-in user of a committee has an inbox (members, approvers, staff), so these views need no
capability beyond acting in a committee. Marking read is a write, so it is always a POST.
"""

from collections.abc import Callable, Iterable

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import notify
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import Notification
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.tenancy import Access

PAGE_SIZE = 30

# Where a message leads, by its source object and what the reader may do: (capability, URL name, takes the
# object's id), best first. A message whose source has no page for this reader shows without a link.
LINKS: dict[str, list[tuple[C, str, bool]]] = {
    "activities.activity": [
        (C.PARTICIPATE, "activities:detail", True),
        (C.MANAGE_ACTIVITIES, "activities:manage_detail", True),
    ],
    "activities.leaverequest": [
        (C.PARTICIPATE, "activities:detail", True),
        (C.APPROVE_LEAVE, "activities:leave_queue", False),
    ],
    "ledger.dutyrecord": [(C.PARTICIPATE, "ledger:mine", False), (C.CONFIRM_DUTY, "ledger:review", False)],
}


def _leave_activities(ids: Iterable[int]) -> dict[int, int]:
    ids = list(ids)
    if not ids:
        return {}
    leave = apps.get_model("activities", "LeaveRequest")
    return dict(leave.objects.filter(pk__in=ids).values_list("pk", "activity_id"))


def link_builder(access: Access, notifications: list[Notification]) -> Callable[[Notification], str | None]:
    """One query for the whole page: a leave message opens its activity, so look those up together."""
    leave_activity = _leave_activities(
        n.source_id for n in notifications if n.source_type == "activities.leaverequest" and not n.url
    )

    def link(notification: Notification) -> str | None:
        if notification.url:
            return notification.url
        object_id = notification.source_id
        if notification.source_type == "activities.leaverequest":
            object_id = leave_activity.get(object_id)
        for capability, name, takes_id in LINKS.get(notification.source_type, []):
            if access.can(capability) and (object_id is not None or not takes_id):
                return reverse(name, args=[object_id] if takes_id else [])
        return None

    return link


@requires()
def inbox(request: HttpRequest) -> HttpResponse:
    unread_first = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()).desc()
    rows = notify.inbox(request.user, request.committee).order_by(unread_first, "-created_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    link = link_builder(request.access, list(page))
    items = [(n, link(n)) for n in page]
    return render(
        request,
        "core/inbox.html",
        {"page": page, "items": items, "portal": request.access.can(C.PARTICIPATE)},
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else ""


@require_POST
@requires()
def read(request: HttpRequest) -> HttpResponse:
    """Mark one message read (`id`), then open its page (`next`) or come back; htmx gets the row back."""
    raw = request.POST.get("id", "")
    if raw:
        notification = get_or_404(notify.inbox(request.user, request.committee), pk=raw)
        notify.mark_notification_read(notification, user=request.user)
        if request.headers.get("HX-Request"):
            link = link_builder(request.access, [notification])(notification)
            return render(request, "core/inbox_item.html", {"n": notification, "link": link})
    return redirect(_next(request) or "inbox")


@require_POST
@requires()
def read_all(request: HttpRequest) -> HttpResponse:
    count = notify.mark_all_notifications_read(user=request.user, committee=request.committee)
    messages.success(request, _("已将 %(n)s 条消息标为已读") % {"n": count})
    return redirect("inbox")


urlpatterns = [
    path("", inbox, name="inbox"),
    path("read/", read, name="inbox_read"),
    path("read-all/", read_all, name="inbox_read_all"),
]
