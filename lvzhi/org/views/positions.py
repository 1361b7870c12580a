"""Positions (职务, DOMAIN.md §2.4): staff appoint a member to a dated position and later end it (免职)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.forms.positions import PositionEndForm, PositionForm
from lvzhi.org.models import Position
from lvzhi.org.queries import members as queries
from lvzhi.org.services.members import add_position, current_membership, end_position


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_MEMBERS)
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(queries.visible_members(request.access), pk=pk)
    membership = current_membership(member)
    if membership is None:
        messages.error(request, _("该委员在本届无任职记录，不能任命职务"))
        return redirect("org:member_detail", pk=member.pk)
    data = request.POST if request.method == "POST" else None
    form = PositionForm(data, initial={"started_on": timezone.localdate()})
    if data is not None and form.is_valid():
        try:
            position = add_position(membership, **form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已任命：%(t)s") % {"t": position.get_title_display()})
            return redirect("org:member_detail", pk=member.pk)
    context = {"member": member, "form": form, "heading": _("任命职务"), "position": None}
    return render(request, "org/position_form.html", context)


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_MEMBERS)
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    visible = Position.objects.filter(membership__member__in=queries.visible_members(request.access))
    position = get_or_404(visible.select_related("membership__member", "membership__term"), pk=pk)
    member = position.membership.member
    data = request.POST if request.method == "POST" else None
    form = PositionEndForm(data, initial={"ended_on": timezone.localdate()})
    if data is not None and form.is_valid():
        try:
            end_position(position, **form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已免去职务：%(t)s") % {"t": position.get_title_display()})
            return redirect("org:member_detail", pk=member.pk)
    context = {"member": member, "form": form, "heading": _("免去职务"), "position": position}
    return render(request, "org/position_form.html", context)


urlpatterns = [
    path("members/<int:pk>/positions/add/", position_add, name="position_add"),
    path("members/positions/<int:pk>/end/", position_end, name="position_end"),
]
