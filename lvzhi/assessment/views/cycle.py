"""Screens of the yearly cycle (§3.7): the office's year page and moves, the members' check on the phone, the
re-check of disputes, and the use of published results (letters, reminders, talks, nominations)."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.assessment import letters as letters_kit
from lvzhi.assessment.forms_cycle import DisputeForm, NominationForm, OpenYearForm, ResolveForm, TalkForm
from lvzhi.assessment.models import AssessmentYear, LineCheck, Nomination, Score, Talk
from lvzhi.assessment.services import cycle, disputes, results
from lvzhi.assessment.transitions import YA, YEAR_LABELS, YEAR_MOVES
from lvzhi.assessment.views import cycle_tiles
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forminput import query_id
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.uploads import serve
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.models import Member
from lvzhi.org.queries.members import visible_members

app_name = "assessment_cycle"


def _year(request: HttpRequest, year: int) -> AssessmentYear:
    return get_or_404(AssessmentYear.objects.filter(committee=request.committee).select_related("scheme"), year=year)


def _rules_label(assessment: AssessmentYear):
    return disputes.frozen_rules(assessment).band_label


# ---- the office ---------------------------------------------------------------------------------------------


@requires(C.VIEW_ASSESSMENT)
def years(request: HttpRequest) -> HttpResponse:
    rows = AssessmentYear.objects.filter(committee=request.committee).order_by("-year")
    form = OpenYearForm()
    return render(
        request,
        "assessment/cycle/years.html",
        {"years": rows, "form": form, "can_manage": request.access.can(C.MANAGE_ASSESSMENT)},
    )


@require_POST
@requires(C.MANAGE_ASSESSMENT)
def open_year(request: HttpRequest) -> HttpResponse:
    form = OpenYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("年度不正确"))
        return redirect("assessment_cycle:years")
    try:
        assessment = cycle.open_year(request.committee, form.cleaned_data["year"], actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assessment_cycle:years")
    messages.success(request, _("已开启%(y)s年度考核") % {"y": assessment.year})
    return redirect("assessment_cycle:year", year=assessment.year)


@requires(C.VIEW_ASSESSMENT)
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    assessment = _year(request, year)
    checks = dict(
        LineCheck.objects.filter(assessment=assessment).values_list("status").annotate(n=Count("id")).order_by()
    )
    buttons = [(a, YEAR_LABELS[a], YEAR_MOVES[a].capability) for a in cycle.moves_for(assessment, request.user)]
    context = {
        "assessment": assessment,
        "events": assessment.events.select_related("actor"),
        "buttons": buttons,
        "labels": YEAR_LABELS,
        "members": Score.objects.filter(assessment=assessment).count(),
        "checked_members": LineCheck.objects.filter(assessment=assessment).values("member").distinct().count(),
        "checks": {s: checks.get(s, 0) for s in LineCheck.Status.values},
        "approve_cap": C.APPROVE_ASSESSMENT,
        "can_manage": request.access.can(C.MANAGE_ASSESSMENT),
    }
    return render(request, "assessment/cycle/year.html", context)


def _move(request: HttpRequest, year: int, action: str) -> HttpResponse:
    assessment = _year(request, year)
    try:
        cycle.move(assessment, action, actor=request.user, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": YEAR_LABELS[action]})
    return redirect("assessment_cycle:year", year=assessment.year)


@require_POST
@requires(C.MANAGE_ASSESSMENT)
def move(request: HttpRequest, year: int, action: str) -> HttpResponse:
    """The office's moves: freeze, close the check, submit, archive."""
    if action not in (YA.FREEZE, YA.CLOSE_CHECK, YA.SUBMIT, YA.ARCHIVE):
        messages.error(request, _("不能执行此操作"))
        return redirect("assessment_cycle:year", year=_year(request, year).year)
    return _move(request, year, action)


@require_POST
@requires(C.APPROVE_ASSESSMENT)
def decide(request: HttpRequest, year: int, action: str) -> HttpResponse:
    """The leaders' meeting: approve and publish, or return for review."""
    if action not in (YA.APPROVE, YA.RETURN):
        messages.error(request, _("不能执行此操作"))
        return redirect("assessment_cycle:year", year=_year(request, year).year)
    return _move(request, year, action)


@requires(C.MANAGE_ASSESSMENT)
def dispute_queue(request: HttpRequest, year: int) -> HttpResponse:
    assessment = _year(request, year)
    rows = disputes.disputes_of(LineCheck.objects.filter(assessment=assessment)).order_by("-status", "created_at")
    return render(request, "assessment/cycle/disputes.html", {"assessment": assessment, "disputes": rows[:500]})


def _dispute(request: HttpRequest, pk: int) -> LineCheck:
    rows = LineCheck.objects.filter(committee=request.committee).exclude(status=LineCheck.Status.CONFIRMED)
    return get_or_404(rows.select_related("assessment", "record", "member", "decided_by"), pk=pk)


@requires(C.MANAGE_ASSESSMENT)
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = _dispute(request, pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "keep":
                disputes.keep(check, actor=request.user, note=data["note"])
            else:
                replacement = (
                    disputes.Replacement(data["kind"], data["role"], data["title"])
                    if data["decision"] == "replace"
                    else None
                )
                disputes.correct(check, actor=request.user, note=data["note"], replacement=replacement)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已复核"))
            return redirect("assessment_cycle:disputes", year=check.assessment.year)
    context = {
        "check": check,
        "form": form,
        "open": check.status == LineCheck.Status.OPEN and check.assessment.status == AssessmentYear.Status.CHECKING,
        "score": Score.objects.filter(assessment=check.assessment, member=check.member).first(),
    }
    return render(request, "assessment/cycle/dispute.html", context)


@requires(C.MANAGE_ASSESSMENT)
def dispute_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return serve(_dispute(request, pk).evidence_file)


def _visible_scores(request: HttpRequest, assessment: AssessmentYear):
    return Score.objects.filter(assessment=assessment, member__in=visible_members(request.access))


@requires(C.VIEW_ASSESSMENT)
def results_page(request: HttpRequest, year: int) -> HttpResponse:
    assessment = _year(request, year)
    visible = set(visible_members(request.access).values_list("pk", flat=True))
    published = assessment.status in results.PUBLISHED
    bands = dict(_visible_scores(request, assessment).values_list("band").annotate(n=Count("id")).order_by())
    label = _rules_label(assessment)
    context = {
        "assessment": assessment,
        "published": published,
        "bands": [
            (label(code), bands.get(code, 0))
            for code in ("excellent", "competent", "basically_competent", "incompetent")
        ],
        "low": [x for x in results.low_scorers(assessment) if x.score.member_id in visible] if published else [],
        "excellent": [s for s in results.excellent(assessment) if s.member_id in visible] if published else [],
        "nominated": set(Nomination.objects.filter(assessment=assessment).values_list("member_id", flat=True)),
        "talks": Talk.objects.filter(assessment=assessment, member__in=visible).select_related("member"),
        "recipients": results.RECIPIENTS,
        "can_manage": request.access.can(C.MANAGE_ASSESSMENT),
    }
    return render(request, "assessment/cycle/results.html", context)


def _published(request: HttpRequest, year: int) -> AssessmentYear | None:
    assessment = _year(request, year)
    try:
        results.ensure_published(assessment)
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    return assessment


def _member(request: HttpRequest, member_id: int) -> Member:
    return get_or_404(visible_members(request.access), pk=member_id)


@require_POST
@requires(C.MANAGE_ASSESSMENT)
def nominate(request: HttpRequest, year: int) -> HttpResponse:
    assessment = _year(request, year)
    form = NominationForm(request.POST)
    if form.is_valid():
        try:
            member = _member(request, form.cleaned_data["member"])
            results.nominate(assessment, member, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已推荐%(n)s为优秀委员") % {"n": member.name})
    else:
        messages.error(request, _("请选择委员"))
    return redirect("assessment_cycle:results", year=assessment.year)


@requires(C.MANAGE_ASSESSMENT)
def talk(request: HttpRequest, year: int, member_id: int) -> HttpResponse:
    assessment = _year(request, year)
    member = _member(request, member_id)
    form = TalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            results.record_talk(assessment, member, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已记录约谈"))
            return redirect("assessment_cycle:results", year=assessment.year)
    score = Score.objects.filter(assessment=assessment, member=member).first()
    return render(
        request,
        "assessment/cycle/talk.html",
        {"assessment": assessment, "member": member, "score": score, "form": form},
    )


def _letters(request: HttpRequest, assessment: AssessmentYear, kind: str) -> letters_kit.Letters:
    return letters_kit.letters_for(
        request.access,
        assessment,
        kind,
        member=query_id(request, "member"),
        band=request.GET.get("band", "")[:30],
        ref=request.GET.get("ref", "")[:40],
        addressee=request.GET.get("addressee", "")[:60].strip(),
    )


def _print(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    assessment = _published(request, year)
    if assessment is None:
        return redirect("assessment_cycle:results", year=year)
    pdf_query = request.GET.copy()
    pdf_query["to"] = kind
    return render(
        request,
        "assessment/cycle/letters.html",
        {"letters": _letters(request, assessment, kind), "pdf_query": pdf_query.urlencode()},
    )


@requires(C.MANAGE_ASSESSMENT)
def letters(request: HttpRequest, year: int) -> HttpResponse:
    """公文-style result letters, printed from the browser: one page per member to their recommending unit or
    work unit, or one letter with the list to the organisation or united-front department."""
    to = request.GET.get("to", "work_unit")
    return _print(request, year, to if to in results.RECIPIENTS else "work_unit")


@requires(C.MANAGE_ASSESSMENT)
def reminders(request: HttpRequest, year: int) -> HttpResponse:
    """Reminder letters (提醒函) to members under 60, one page each; two consecutive years say so."""
    return _print(request, year, letters_kit.REMINDER)


@requires(C.MANAGE_ASSESSMENT)
def letters_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The same letters as one PDF: ?to= one kind (a recipient, or reminder), else every letter of the year."""
    assessment = _published(request, year)
    if assessment is None:
        return redirect("assessment_cycle:results", year=year)
    kind = request.GET.get("to", letters_kit.ALL)
    kind = kind if kind in letters_kit.LETTER_KINDS else letters_kit.ALL
    content = letters_kit.letters_pdf(_letters(request, assessment, kind))
    filename = letters_kit.filename(assessment, kind)
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(False, filename)},
    )


# ---- the member's check (核对), on the phone ---------------------------------------------------------------------


def _my_year(request: HttpRequest, year: int) -> tuple[AssessmentYear, Member]:
    assessment = _year(request, year)
    member = get_or_404(Member.objects.filter(committee=request.committee), user=request.user)
    return assessment, member


@requires(C.PARTICIPATE)
def me(request: HttpRequest, year: int) -> HttpResponse:
    assessment, member = _my_year(request, year)
    mine = disputes.my_year(assessment, member) if assessment.is_frozen else None
    checking = assessment.status == AssessmentYear.Status.CHECKING
    return render(
        request,
        "assessment/cycle/me.html",
        {
            "assessment": assessment,
            "mine": mine,
            "checking": checking,
            "published": assessment.status in results.PUBLISHED,
        },
    )


def _my_line(request: HttpRequest, assessment: AssessmentYear, member: Member, pk: int) -> DutyRecord:
    return get_or_404(DutyRecord.objects.filter(member=member, year=assessment.year), pk=pk)


@require_POST
@requires(C.PARTICIPATE)
def confirm_line(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    assessment, member = _my_year(request, year)
    try:
        disputes.confirm_line(assessment, _my_line(request, assessment, member, pk), actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认"))
    return redirect("assessment_cycle:me", year=year)


@require_POST
@requires(C.PARTICIPATE)
def confirm_all(request: HttpRequest, year: int) -> HttpResponse:
    assessment, _member = _my_year(request, year)
    try:
        n = disputes.confirm_all(assessment, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认%(n)s条记录无异议") % {"n": n})
    return redirect("assessment_cycle:me", year=year)


@requires(C.PARTICIPATE)
def dispute_line(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    assessment, member = _my_year(request, year)
    record = _my_line(request, assessment, member, pk)
    form = DisputeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            disputes.dispute_line(
                assessment,
                record,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                evidence_file=form.cleaned_data.get("evidence_file"),
            )
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("异议已提交，等待复核"))
            return redirect("assessment_cycle:me", year=year)
    line = next((x for x in disputes.my_year(assessment, member).lines if x.record.pk == record.pk), None)
    return render(request, "assessment/cycle/dispute_form.html", {"assessment": assessment, "line": line, "form": form})


urlpatterns = [
    *cycle_tiles.urlpatterns,
    path("", years, name="years"),
    path("open/", open_year, name="open"),
    path("<int:year>/", year_page, name="year"),
    path("<int:year>/move/<str:action>/", move, name="move"),
    path("<int:year>/decide/<str:action>/", decide, name="decide"),
    path("<int:year>/disputes/", dispute_queue, name="disputes"),
    path("disputes/<int:pk>/", dispute_detail, name="dispute"),
    path("disputes/<int:pk>/evidence/", dispute_evidence, name="dispute_evidence"),
    path("<int:year>/results/", results_page, name="results"),
    path("<int:year>/nominate/", nominate, name="nominate"),
    path("<int:year>/talks/<int:member_id>/", talk, name="talk"),
    path("<int:year>/letters/", letters, name="letters"),
    path("<int:year>/reminders/", reminders, name="reminders"),
    path("<int:year>/letters/pdf/", letters_pdf, name="letters_pdf"),
    path("me/<int:year>/", me, name="me"),
    path("me/<int:year>/confirm-all/", confirm_all, name="confirm_all"),
    path("me/<int:year>/lines/<int:pk>/confirm/", confirm_line, name="confirm_line"),
    path("me/<int:year>/lines/<int:pk>/dispute/", dispute_line, name="dispute_line"),
]
