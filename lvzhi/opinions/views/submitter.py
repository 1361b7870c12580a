"""The member's and the officer's side: my reports and their outcomes, writing one, reworking a returned one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.jinja import UrlFor, render_rows
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.opinions import services
from lvzhi.opinions.forms import SubmitForm
from lvzhi.opinions.models import Attachment, Opinion
from lvzhi.opinions.queries import opinion_rows
from lvzhi.opinions.services.common import GUIDE_CHARS
from lvzhi.opinions.views.common import PAGE_SIZE, refuse, timeline


@requires(C.SUBMIT_OPINIONS)
def mine(request: HttpRequest) -> HttpResponse:
    reports = Opinion.objects.filter(committee=request.committee, author_user=request.user)
    page = Paginator(reports.order_by("-submitted_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"rows": opinion_rows(page.object_list), "detail": UrlFor("opinions:mine_detail")}
    rows = render_rows("opinions/_mine_rows.jinja", context)
    return render(request, "opinions/mine.html", {"page": page, "rows_html": rows})


@requires(C.SUBMIT_OPINIONS)
def submit(request: HttpRequest) -> HttpResponse:
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = services.submit_opinion(
                committee=request.committee,
                user=request.user,
                draft=form.draft(),
                files=form.cleaned_data["attachments"],
            )
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已报送：%(t)s") % {"t": opinion.title})
            return redirect("opinions:mine_detail", pk=opinion.pk)
    return render(request, "opinions/submit.html", {"form": form, "guide": GUIDE_CHARS, "opinion": None})


@requires(C.SUBMIT_OPINIONS)
def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_or_404(Opinion.objects.filter(committee=request.committee, author_user=request.user), pk=pk)
    form = None
    if opinion.status == Opinion.Status.RETURNED:
        initial = {"title": opinion.title, "content": opinion.content, "category": opinion.category}
        form = SubmitForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.resubmit_opinion(
                    opinion, user=request.user, draft=form.draft(), files=form.cleaned_data["attachments"]
                )
            except DomainError as exc:
                show_domain_error([form], exc)
            else:
                messages.success(request, _("已重新报送"))
                return redirect("opinions:mine_detail", pk=opinion.pk)
    context = {
        "opinion": opinion,
        "form": form,
        "guide": GUIDE_CHARS,
        "events": timeline(opinion),
        "adoptions": list(opinion.adoptions.filter(status="recorded")),
        "instructions": list(opinion.instructions.filter(status="recorded")),
        "referrals": list(opinion.referrals.exclude(status="recalled").select_related("unit")),
        "attachments": list(opinion.attachments.all()),
        "can_withdraw": opinion.status in (Opinion.Status.SUBMITTED, Opinion.Status.RETURNED),
    }
    return render(request, "opinions/mine_detail.html", context)


@require_POST
@requires(C.SUBMIT_OPINIONS)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_or_404(Opinion.objects.filter(committee=request.committee, author_user=request.user), pk=pk)
    try:
        services.withdraw_opinion(opinion, user=request.user)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("已撤回"))
    return redirect("opinions:mine_detail", pk=opinion.pk)


def send_attachment(found: Attachment) -> FileResponse:
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@requires(C.SUBMIT_OPINIONS)
def my_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    return send_attachment(get_or_404(Attachment.objects.filter(opinion__author_user=request.user), pk=pk))


urlpatterns = [
    path("mine/", mine, name="mine"),
    path("new/", submit, name="submit"),
    path("mine/<int:pk>/", mine_detail, name="mine_detail"),
    path("mine/<int:pk>/withdraw/", withdraw, name="withdraw"),
    path("mine/attachments/<int:pk>/", my_attachment, name="my_attachment"),
]
