"""活动菜单 and the activity page for members: sign up, cancel, ask for leave and withdraw it (phone first)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.activities import services
from lvzhi.activities.models import Activity, LeaveRequest, Registration
from lvzhi.activities.views.portal_common import (
    LIVE_LEAVE,
    back,
    build_cards,
    card_for,
    cards_html,
    portal_activities,
    post_only,
    reaching_up,
)
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import BootstrapForm, show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.models import Member
from lvzhi.org.portal import member_required

A = Activity.Status
R = Registration.Status
PAGE_SIZE = 20


class LeaveForm(BootstrapForm, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("请假类型"), choices=LeaveRequest.Kind.choices)
    reason = forms.CharField(label=gettext_lazy("请假事由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


@requires(C.PARTICIPATE)
@member_required
@reaching_up
def menu(request: HttpRequest, member: Member) -> HttpResponse:
    """Upcoming activities open to me, soonest first; `?show=open` keeps only those taking sign-ups."""
    now = timezone.now()
    activities = portal_activities(member).exclude(status__in=(A.DRAFT, A.CANCELLED)).filter(ends_at__gte=now)
    only_open = request.GET.get("show") == "open"
    if only_open:
        activities = activities.filter(mode=Activity.Mode.MENU, status=A.PUBLISHED).filter(
            Q(registration_closes_at__gt=now) | Q(registration_closes_at__isnull=True, starts_at__gt=now)
        )
    page = Paginator(activities.order_by("starts_at", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    cards = build_cards(page, member, now=now)
    context = {"page": page, "cards": cards, "cards_html": cards_html(request, cards), "only_open": only_open}
    return render(request, "activities/portal_menu.html", context)


def _detail_page(
    request: HttpRequest, member: Member, pk: int, form: LeaveForm | None = None, status: int = 200
) -> HttpResponse:
    card = build_cards([get_or_404(portal_activities(member), pk=pk)], member)[0]
    leaves = LeaveRequest.objects.filter(activity_id=pk, member=member).order_by("-created_at", "-id")
    return render(
        request,
        "activities/portal_detail.html",
        {"card": card, "activity": card.activity, "leaves": leaves, "form": form or LeaveForm()},
        status=status,
    )


@requires(C.PARTICIPATE)
@member_required
@reaching_up
def detail(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    return _detail_page(request, member, pk)


def _card_or_back(request: HttpRequest, member: Member, pk: int, level: str, text: str) -> HttpResponse:
    """htmx swaps the activity's card with the outcome on it; a plain form post goes back with a message."""
    if request.headers.get("HX-Request"):
        return HttpResponse(cards_html(request, [card_for(pk, member)], notice={"level": level, "text": text}))
    messages.add_message(request, messages.SUCCESS if level == "success" else messages.ERROR, text)
    return back(request, reverse("activities:detail", args=[pk]))


@requires(C.PARTICIPATE)
@member_required
@reaching_up
@post_only
def sign_up(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.open_to(member), pk=pk)
    try:
        registration = services.register_for_activity(activity, member=member, actor=request.user)
    except DomainError as exc:
        return _card_or_back(request, member, pk, "danger", exc.message)
    if registration.status == R.WAITLISTED:
        position = Registration.objects.filter(
            activity=activity, status=R.WAITLISTED, position__lte=registration.position
        ).count()
        text = _("名额已满，您已进入候补名单（第 %(n)s 位），有空位时将自动递补并通知您") % {"n": position}
    else:
        text = _("报名成功，您已确认参加“%(t)s”") % {"t": activity.title}
    return _card_or_back(request, member, pk, "success", text)


@requires(C.PARTICIPATE)
@member_required
@reaching_up
@post_only
def cancel(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.open_to(member), pk=pk)
    registration = Registration.objects.filter(activity=activity, member=member).first()
    if registration is None:
        return _card_or_back(request, member, pk, "danger", _("您没有报名本活动"))
    try:
        services.cancel_registration(registration, actor=request.user)
    except DomainError as exc:
        return _card_or_back(request, member, pk, "danger", exc.message)
    return _card_or_back(request, member, pk, "success", _("已取消报名"))


@requires(C.PARTICIPATE)
@member_required
@reaching_up
@post_only
def request_leave(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.open_to(member), pk=pk)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, member, pk, form)
    try:
        services.request_leave(
            activity,
            member=member,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except DomainError as exc:
        show_domain_error([form], exc)
        return _detail_page(request, member, pk, form)
    messages.success(request, _("请假申请已提交，等待审批"))
    return redirect("activities:detail", pk=pk)


@requires(C.PARTICIPATE)
@member_required
@reaching_up
@post_only
def withdraw_leave(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.open_to(member), pk=pk)
    leave = LeaveRequest.objects.filter(activity=activity, member=member, status__in=LIVE_LEAVE).first()
    if leave is None:
        messages.error(request, _("没有可撤回的请假申请"))
        return redirect("activities:detail", pk=pk)
    try:
        services.withdraw_leave(leave, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("请假已撤回，请按时参加"))
    return redirect("activities:detail", pk=pk)


urlpatterns = [
    path("menu/", menu, name="menu"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/signup/", sign_up, name="signup"),
    path("<int:pk>/cancel/", cancel, name="cancel"),
    path("<int:pk>/leave/", request_leave, name="leave"),
    path("<int:pk>/leave/withdraw/", withdraw_leave, name="leave_withdraw"),
]
