"""消息 (the in-app inbox): unread first, open a message (marks it read), mark one or all read.

Every signed-in user of a committee has an inbox (members, approvers, staff), so these views need no
capability beyond acting in a committee. Marking read is a write, so it is always a POST.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import notify
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.jinja import render_rows
from lvzhi.core.models import Notification
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.registry import registry
from lvzhi.core.tenancy import Access

PAGE_SIZE = 30


def link_builder(access: Access, notifications: list[Notification]) -> Callable[[Notification], str | None]:
    """Where each message leads, from the targets its source's app registered (core.registry), best first.
    A message whose source has no page for this reader shows without a link. Ids that need mapping (a leave
    request opens its activity) are looked up once for the whole page."""
    mapped: dict[tuple[str, str], dict[int, int]] = {}
    for source_type, targets in registry.targets.items():
        ids = [n.source_id for n in notifications if n.source_type == source_type and not n.url and n.source_id]
        for target in targets:
            if target.object_id is not None and ids and access.can(target.capability):
                mapped[(source_type, target.url_name)] = target.object_id(ids)

    def link(notification: Notification) -> str | None:
        if notification.url:
            return notification.url
        for target in registry.targets.get(notification.source_type, []):
            if not access.can(target.capability):
                continue
            object_id = notification.source_id
            if target.object_id is not None:
                object_id = mapped.get((notification.source_type, target.url_name), {}).get(object_id)
            if object_id is not None or not target.takes_id:
                return reverse(target.url_name, args=[object_id] if target.takes_id else [])
        return None

    return link


def inbox_rows(request: HttpRequest, items: list[tuple[Notification, str | None]]) -> SafeString:
    """The messages' HTML (a Jinja2 fragment): the page's list, or one row coming back to htmx."""
    return render_rows("core/_inbox_rows.jinja", {"items": items, "read_url": reverse("inbox_read")}, request)


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
        {
            "page": page,
            "items": items,
            "rows_html": inbox_rows(request, items),
            "portal": request.access.can(C.PARTICIPATE),
        },
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
            return HttpResponse(inbox_rows(request, [(notification, link)]))
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
