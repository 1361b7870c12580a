"""Mailbox addresses: the office opens them and prints a station's poster; a member finds their own link."""

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.liaison import queries, services
from lvzhi.liaison.models import Mailbox
from lvzhi.org.models import SERVING_STATUSES, Member, SectorGroup, Station
from lvzhi.org.portal import member_required


def public_url(request: HttpRequest, mailbox: Mailbox) -> str:
    return request.build_absolute_uri(reverse("liaison:public_mailbox", kwargs={"key": mailbox.key}))


def qr_svg(url: str, scale: int = 6) -> str:
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000", light="#fff")


@requires(C.MANAGE_LETTERS)
def mailbox_list(request: HttpRequest) -> HttpResponse:
    mailboxes = list(queries.mailbox_list(request.committee.pk))
    for mailbox in mailboxes:
        mailbox.url = public_url(request, mailbox)
    return render(request, "liaison/mailbox_list.html", {"mailboxes": mailboxes})


@require_POST
@requires(C.MANAGE_LETTERS)
def mailbox_open_all(request: HttpRequest) -> HttpResponse:
    """Open a mailbox for every serving member, every station and every sector group (already open ones stay)."""
    before = Mailbox.objects.filter(committee=request.committee).count()
    owners = [
        *Member.objects.filter(committee=request.committee, memberships__status__in=SERVING_STATUSES).distinct(),
        *Station.objects.filter(committee=request.committee),
        *SectorGroup.objects.filter(committee=request.committee),
    ]
    for owner in owners:
        services.mailbox_for(owner)
    opened = Mailbox.objects.filter(committee=request.committee).count() - before
    messages.success(request, _("新开通信箱 %(n)d 个") % {"n": opened})
    return redirect("liaison:mailboxes")


@requires(C.MANAGE_LETTERS)
def mailbox_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 poster for the physical 征集箱: the mailbox's name, its QR code and what to write."""
    mailbox = get_or_404(queries.mailbox_list(request.committee.pk), pk=pk)
    url = public_url(request, mailbox)
    context = {"mailbox": mailbox, "url": url, "qr": qr_svg(url, scale=10)}
    return render(request, "liaison/mailbox_poster.html", context)


@requires(C.PARTICIPATE, C.ANSWER_LETTERS)
@member_required
def my_mailbox(request: HttpRequest, member: Member) -> HttpResponse:
    if request.method == "POST":
        services.mailbox_for(member)
        return redirect("liaison:my_mailbox")
    mailbox = Mailbox.objects.filter(member=member).first()
    context = {"mailbox": mailbox, "member": member}
    if mailbox is not None:
        context |= {"url": public_url(request, mailbox), "qr": qr_svg(public_url(request, mailbox))}
        context["waiting"] = list(queries.waiting_for_member(member).order_by("first_response_due")[:20])
    return render(request, "liaison/my_mailbox.html", context)
