"""Printed forms: 委员登记表 (one member, the layout offices file and sign) and 通讯录 (the filtered directory)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.models import SpecialCommitteeSeat
from lvzhi.org.queries import members as queries
from lvzhi.org.services.members import current_term
from lvzhi.org.views.members import mask_id_number

PRINT_LIMIT = 3000  # a whole committee's directory; larger ones print per sector


@requires(C.VIEW_MEMBERS)
def member_print(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(queries.visible_members(request.access), pk=pk)
    membership = queries.tenure_of(member)
    seats = (
        SpecialCommitteeSeat.objects.filter(membership=membership).select_related("special_committee")
        if membership
        else []
    )
    sensitive = request.access.can(C.VIEW_SENSITIVE)
    return render(
        request,
        "org/member_print.html",
        {
            "member": member,
            "membership": membership,
            "special_committees": "、".join(s.special_committee.name for s in seats),
            "id_number": member.id_number if sensitive else mask_id_number(member.id_number),
            "home_address": member.home_address if sensitive else "",
            "printed_on": timezone.localdate(),
        },
    )


@requires(C.VIEW_DIRECTORY)
def directory_print(request: HttpRequest) -> HttpResponse:
    try:
        term = current_term(request.committee)
    except NotFound:
        return redirect("org:directory")
    staff = request.access.can(C.VIEW_MEMBERS)
    flt = queries.DirectoryFilter.from_params(request.GET)
    if not staff:
        flt = queries.DirectoryFilter(q=flt.q, sector=flt.sector, group=flt.group)
    rows = list(queries.directory(request.access, term, flt)[:PRINT_LIMIT])
    return render(
        request,
        "org/directory_print.html",
        {
            "rows": rows,
            "staff": staff,
            "term": term,
            "truncated": len(rows) == PRINT_LIMIT,
            "limit": PRINT_LIMIT,
            "printed_on": timezone.localdate(),
            "title": _("%(committee)s委员通讯录") % {"committee": request.committee.name},
        },
    )


urlpatterns = [
    path("members/print/", directory_print, name="directory_print"),
    path("members/<int:pk>/print/", member_print, name="member_print"),
]
