"""The member portal's own-record screen (我的资料): a phone-first card view and the fields a member may change."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import requires
from lvzhi.org.forms.members import MyProfileForm
from lvzhi.org.models import Member
from lvzhi.org.queries import members as queries
from lvzhi.org.services.members import update_member


@requires(C.PARTICIPATE)
def my_profile(request: HttpRequest) -> HttpResponse:
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        return render(request, "org/my_no_record.html")
    data = request.POST if request.method == "POST" else None
    form = MyProfileForm(data, instance=member)
    if data is not None and form.is_valid():
        try:
            update_member(member, member_data={n: form.cleaned_data[n] for n in form.fields}, actor=request.user)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("资料已保存"))
            return redirect("org:my_profile")
    return render(
        request,
        "org/my_profile.html",
        # The card shows the saved record: a rejected form has already copied its input onto `member`.
        {"member": Member.objects.get(pk=member.pk), "membership": queries.tenure_of(member), "form": form},
    )


urlpatterns = [path("me/", my_profile, name="my_profile")]
