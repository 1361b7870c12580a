"""The handling unit's side: what was forwarded to it, and its answer."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.opinions import services
from lvzhi.opinions.forms import AnswerForm
from lvzhi.opinions.models import Attachment
from lvzhi.opinions.queries import unit_referrals
from lvzhi.opinions.views.submitter import send_attachment


@requires(C.HANDLE_OPINIONS)
def referrals(request: HttpRequest) -> HttpResponse:
    rows = unit_referrals(request.access).select_related("opinion", "unit").order_by("status", "-created_at")
    return render(request, "opinions/referrals.html", {"referrals": rows[:200]})


@requires(C.HANDLE_OPINIONS)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_or_404(unit_referrals(request.access).select_related("opinion", "unit"), pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_referral(referral, actor=request.user, answer=form.cleaned_data["answer"])
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已提交办理答复"))
            return redirect("opinions:referral_detail", pk=referral.pk)
    context = {"referral": referral, "form": form, "attachments": list(referral.opinion.attachments.all())}
    return render(request, "opinions/referral_detail.html", context)


@requires(C.HANDLE_OPINIONS)
def referral_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    referral = get_or_404(unit_referrals(request.access), pk=pk)
    return send_attachment(get_or_404(Attachment.objects.filter(opinion_id=referral.opinion_id), pk=attachment_pk))


urlpatterns = [
    path("referrals/", referrals, name="referrals"),
    path("referrals/<int:pk>/", referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/attachments/<int:attachment_pk>/", referral_attachment, name="referral_attachment"),
]
