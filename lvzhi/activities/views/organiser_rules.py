"""What the office sets once and reuses: saved audiences (常用范围), the activity rules, and the prior filing
(事前报备) of a sector group's activity with its supervising special committee."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.activities import services
from lvzhi.activities.forms import SavedAudienceForm, show_error
from lvzhi.activities.models import SavedAudience
from lvzhi.activities.views.organiser_common import activity_or_404, managed_activity, refuse
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.forms import BootstrapForm
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.services.members import current_term


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_ACTIVITIES)
def audiences(request: HttpRequest) -> HttpResponse:
    """常用范围: the list and the form to add one."""
    try:
        term = current_term(request.committee)
    except NotFound as exc:
        refuse(request, exc)
        return redirect("activities:manage_list")
    form = SavedAudienceForm(request.POST if request.method == "POST" else None, committee=request.committee, term=term)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_audience(
                committee=request.committee,
                name=form.cleaned_data["name"],
                audience=form.audience(),
                actor=request.user,
            )
        except DomainError as exc:
            show_error([form], exc)
        else:
            messages.success(request, _("已保存常用范围：%(n)s") % {"n": saved.name})
            return redirect("activities:audiences")
    saved = list(SavedAudience.objects.select_related("created_by"))
    status = 422 if request.method == "POST" else 200
    return render(request, "activities/audiences.html", {"form": form, "saved": saved}, status=status)


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def audience_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_or_404(SavedAudience.objects.all(), pk=pk)
    services.delete_audience(saved, actor=request.user)
    messages.success(request, _("已删除常用范围：%(n)s") % {"n": saved.name})
    return redirect("activities:audiences")


class ActivitySettingsForm(BootstrapForm, forms.Form):
    group_filing_required = forms.BooleanField(
        label=gettext_lazy("界别活动组的活动和年度清单任务须经所属专委会审核备案"),
        required=False,
        help_text=gettext_lazy(
            "开启后，界别活动组承办的活动在发布前、界别活动组的年度清单任务在关联活动前，须由其对口专委会审核通过"
        ),
    )


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_ORG)
def activity_settings(request: HttpRequest) -> HttpResponse:
    current = services.settings_for(request.committee)
    form = ActivitySettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"group_filing_required": current.group_filing_required},
    )
    if request.method == "POST" and form.is_valid():
        services.save_settings(
            request.committee, group_filing_required=form.cleaned_data["group_filing_required"], actor=request.user
        )
        messages.success(request, _("已保存活动规则"))
        return redirect("activities:settings")
    return render(request, "activities/settings.html", {"form": form})


FILING = {"submit", "approve", "return"}


@require_POST
@requires(C.MANAGE_ACTIVITIES)
def manage_filing(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FILING:
        raise Http404
    note = request.POST.get("note", "").strip()[:300]
    try:
        if action == "submit":
            services.submit_filing(managed_activity(request, pk), actor=request.user)
        else:
            activity = activity_or_404(pk)
            if not services.may_decide_filing(request.access, activity):
                raise PermissionDenied
            decide = services.approve_filing if action == "approve" else services.return_filing
            decide(activity, actor=request.user, access=request.access, note=note)
    except DomainError as exc:
        refuse(request, exc)
    else:
        done = {"submit": _("已报专委会审核备案"), "approve": _("已审核通过"), "return": _("已退回修改")}
        messages.success(request, done[action])
    return redirect("activities:manage_detail", pk=pk)


urlpatterns = [
    path("manage/audiences/", audiences, name="audiences"),
    path("manage/audiences/<int:pk>/delete/", audience_delete, name="audience_delete"),
    path("manage/settings/", activity_settings, name="settings"),
    path("manage/<int:pk>/filing/<slug:action>/", manage_filing, name="manage_filing"),
]
