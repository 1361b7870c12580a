"""全局搜索 in the navigation: members and activities by name, pinyin initials or number, as the caller may see."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lvzhi.activities import queries as activity_queries
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.core.permissions import requires
from lvzhi.org.portal import member_of
from lvzhi.org.queries import members as org_queries
from lvzhi.org.services.members import current_term

LIMIT = 20


@require_GET
@requires()
def search(request: HttpRequest) -> HttpResponse:
    access = request.access
    text = request.GET.get("q", "").strip()[:50]
    members, activities = [], []
    if text:
        try:
            term = current_term(request.committee)
        except NotFound:
            term = None
        staff = access.can(C.VIEW_MEMBERS)
        if term is not None:
            for membership in org_queries.search_members(access, term, text, LIMIT):
                url = (
                    reverse("org:member_detail", args=[membership.member_id])
                    if staff
                    else reverse("org:directory") + "?q=" + membership.member.name
                )
                members.append({"row": membership, "url": url})
        member = member_of(request.user, request.committee) if access.can(C.PARTICIPATE) else None
        manage = access.can(C.MANAGE_ACTIVITIES)
        for activity in activity_queries.search_activities(access, member, text, LIMIT):
            name = "activities:manage_detail" if manage else "activities:detail"
            activities.append({"row": activity, "url": reverse(name, args=[activity.pk])})
    return render(
        request, "dashboard/search.html", {"q": text, "members": members, "activities": activities, "limit": LIMIT}
    )
