"""Key and excellent proposals on screen: the office shortlists, records the leaders' meeting's decision, names
the supervising leaders, nominates and awards; leaders see their key proposals and record supervision, and score
the excellent nominations with the office."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.uploads import serve
from lvzhi.core.years import year_of
from lvzhi.proposals import queries
from lvzhi.proposals.models import Honour, HonourDecision, HonourScore, Reply, SupervisionRecord
from lvzhi.proposals.services import honours, rules

H = Honour.Status


def _date(raw: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _ids(raw: list[str]) -> list[int]:
    return [int(v) for v in raw if v.isdigit() and len(v) < 18]


def _office(request: HttpRequest) -> bool:
    return request.access.can(C.MANAGE_PROPOSALS)


@requires(C.SUPERVISE_PROPOSALS)
def key_list(request: HttpRequest) -> HttpResponse:
    """The office: the year's shortlist with the meeting's decision, then the decided key proposals. A leader:
    the key proposals they supervise."""
    year = year_of(request)
    rows = queries.honour_rows(
        queries.honours_visible(request.access).filter(kind=Honour.Kind.KEY, proposal__year=year, unmarked_at=None)
    )
    rows = list(rows)
    return render(
        request,
        "proposals/key_list.html",
        {
            "year": year,
            "office": _office(request),
            "candidates": [h for h in rows if h.status == H.CANDIDATE],
            "decided": [h for h in rows if h.status == H.APPROVED],
            "declined": [h for h in rows if h.status == H.DECLINED],
            "meetings": HonourDecision.objects.filter(kind=Honour.Kind.KEY, year=year),
            "today": timezone.localdate(),
        },
    )


@requires(C.MANAGE_PROPOSALS)
@require_POST
def key_decide(request: HttpRequest) -> HttpResponse:
    """The leaders' meeting's decision: each candidate approved, declined or left for a later meeting."""
    year = year_of(request)
    candidates = Honour.objects.filter(kind=Honour.Kind.KEY, status=H.CANDIDATE, unmarked_at=None)
    approved, declined = [], []
    for pk in candidates.filter(proposal__year=year).values_list("pk", flat=True):
        choice = request.POST.get(f"decision-{pk}", "")
        (approved if choice == "approve" else declined if choice == "decline" else []).append(pk)
    try:
        decision = honours.decide_key(
            request.committee,
            year=year,
            meeting=request.POST.get("meeting", ""),
            held_on=_date(request.POST.get("held_on", "")),
            approved=approved,
            declined=declined,
            actor=request.user,
        )
        messages.success(
            request, _("已记录%(m)s的决定：确定 %(n)s 件重点提案") % {"m": decision.meeting, "n": len(approved)}
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('proposals:key_list')}?year={year}")


def _key(request: HttpRequest, pk: int) -> Honour:
    visible = queries.honours_visible(request.access).filter(kind=Honour.Kind.KEY, status=H.APPROVED, unmarked_at=None)
    return get_or_404(visible.select_related("proposal", "proposal__lead", "decision"), pk=pk)


@requires(C.SUPERVISE_PROPOSALS)
def key_detail(request: HttpRequest, pk: int) -> HttpResponse:
    honour = _key(request, pk)
    office = _office(request)
    proposal = honour.proposal
    supervisors = list(honour.supervisors.all())
    return render(
        request,
        "proposals/key_detail.html",
        {
            "honour": honour,
            "proposal": proposal,
            "office": office,
            "may_record": honours.may_supervise(honour, request.user, office=office),
            "supervisors": supervisors,
            "leaders": honours.leaders(request.committee) if office else [],
            "chosen": {s.user_id for s in supervisors if s.user_id},
            "free_names": "、".join(s.name for s in supervisors if not s.user_id),
            "records": honour.records.select_related("created_by"),
            "kinds": SupervisionRecord.Kind.choices,
            "replies": rules.reply_classes(proposal.committee_id).labelled(
                proposal.replies.filter(status=Reply.Status.PUBLISHED).select_related("assignment__unit")
            ),
            "assignments": proposal.assignments.select_related("unit"),
            "today": timezone.localdate(),
        },
    )


@requires(C.MANAGE_PROPOSALS)
@require_POST
def key_supervisors(request: HttpRequest, pk: int) -> HttpResponse:
    honour = _key(request, pk)
    names = request.POST.get("names", "").replace("，", "、").replace(",", "、").split("、")
    try:
        honours.set_supervisors(
            honour, user_ids=_ids(request.POST.getlist("user_ids")), names=names, actor=request.user
        )
        messages.success(request, _("已指定督办领导"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:key_detail", pk=honour.pk)


@requires(C.SUPERVISE_PROPOSALS)
@require_POST
def key_record(request: HttpRequest, pk: int) -> HttpResponse:
    honour = _key(request, pk)
    if not honours.may_supervise(honour, request.user, office=_office(request)):
        messages.error(request, _("只有督办领导和提案委员会办公室可以填写督办记录"))
        return redirect("proposals:key_detail", pk=honour.pk)
    try:
        honours.add_record(
            honour,
            kind=request.POST.get("kind", ""),
            held_on=_date(request.POST.get("held_on", "")),
            place=request.POST.get("place", ""),
            participants=request.POST.get("participants", ""),
            summary=request.POST.get("summary", ""),
            upload=request.FILES.get("file"),
            actor=request.user,
        )
        messages.success(request, _("督办记录已保存"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:key_detail", pk=honour.pk)


@requires(C.SUPERVISE_PROPOSALS)
def key_record_file(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_or_404(SupervisionRecord.objects.filter(honour__in=queries.honours_visible(request.access)), pk=pk)
    return serve(record.file, filename=record.file_name)


@requires(C.SUPERVISE_PROPOSALS)
def excellent(request: HttpRequest) -> HttpResponse:
    """The year's nominations ranked by mean score, each reviewer's own score; the office awards within the quota
    (the best-scored ones are ticked in advance)."""
    year = year_of(request)
    rows = honours.ranked(request.committee, year)
    mine = dict(HonourScore.objects.filter(honour__in=rows, reviewer=request.user).values_list("honour_id", "score"))
    quota = honours.excellent_quota(request.committee.pk, year)
    awarded = [h for h in rows if h.status == H.APPROVED]
    candidates = [h for h in rows if h.status == H.CANDIDATE]
    room = max(0, quota - len(awarded))
    ticked = {h.pk for h in [h for h in candidates if h.mean is not None][:room]}
    return render(
        request,
        "proposals/excellent.html",
        {
            "year": year,
            "office": _office(request),
            "rows": [(h, mine.get(h.pk)) for h in rows],
            "candidates": candidates,
            "quota": quota,
            "room": room,
            "ticked": ticked,
            "percent": rules.settings_for(request.committee).excellent_quota_percent,
            "decision": HonourDecision.objects.filter(kind=Honour.Kind.EXCELLENT, year=year).first(),
            "today": timezone.localdate(),
        },
    )


@requires(C.SUPERVISE_PROPOSALS)
@require_POST
def excellent_score(request: HttpRequest, pk: int) -> HttpResponse:
    honour = get_or_404(
        queries.honours_visible(request.access).filter(kind=Honour.Kind.EXCELLENT).select_related("proposal"), pk=pk
    )
    raw = request.POST.get("score", "").strip()
    try:
        value = int(raw) if raw.isdigit() and len(raw) <= 3 else None
        honours.score(honour, reviewer=request.user, value=value)
        messages.success(request, _("已评分：%(t)s") % {"t": honour.proposal.title})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('proposals:excellent')}?year={honour.proposal.year}")


@requires(C.MANAGE_PROPOSALS)
@require_POST
def excellent_award(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    try:
        decision = honours.award(
            request.committee,
            year=year,
            meeting=request.POST.get("meeting", ""),
            held_on=_date(request.POST.get("held_on", "")),
            honour_ids=_ids(request.POST.getlist("honour_ids")),
            actor=request.user,
        )
        messages.success(
            request,
            _("%(y)s年优秀提案已评定（%(n)s 件）")
            % {"y": year, "n": decision.honours.filter(status=H.APPROVED).count()},
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('proposals:excellent')}?year={year}")


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_PROPOSALS)
def proposal_settings(request: HttpRequest) -> HttpResponse:
    current = rules.settings_for(request.committee)
    error = ""
    if request.method == "POST":
        raw = request.POST.get("excellent_quota_percent", "").strip()
        try:
            rules.save_settings(
                request.committee,
                excellent_quota_percent=int(raw) if raw.isdigit() and len(raw) <= 3 else 0,
                four_class_replies=request.POST.get("four_class_replies") == "on",
                actor=request.user,
            )
            messages.success(request, _("已保存提案规则"))
            return redirect("proposals:settings")
        except DomainError as exc:
            error = exc.message
    return render(request, "proposals/settings.html", {"settings": current, "error": error})


urlpatterns = [
    path("key/", key_list, name="key_list"),
    path("key/decide/", key_decide, name="key_decide"),
    path("key/<int:pk>/", key_detail, name="key_detail"),
    path("key/<int:pk>/supervisors/", key_supervisors, name="key_supervisors"),
    path("key/<int:pk>/records/", key_record, name="key_record"),
    path("key/records/<int:pk>/file/", key_record_file, name="key_record_file"),
    path("excellent/", excellent, name="excellent"),
    path("excellent/<int:pk>/score/", excellent_score, name="excellent_score"),
    path("excellent/award/", excellent_award, name="excellent_award"),
    path("manage/settings/", proposal_settings, name="settings"),
]
