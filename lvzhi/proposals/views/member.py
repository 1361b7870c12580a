"""The member's proposal screens (phone first): my proposals, the draft that saves itself, co-signing, submitting."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.uploads import serve
from lvzhi.org.models import Member, MembershipStatus
from lvzhi.org.portal import member_required
from lvzhi.proposals import queries, services
from lvzhi.proposals import rows as proposal_rows
from lvzhi.proposals.forms import DraftForm
from lvzhi.proposals.models import CONTENT_GUIDE, CollectiveKind, Cosigner, Honour, Proposal, Reply
from lvzhi.proposals.services import collective as collective_services
from lvzhi.proposals.services import handling
from lvzhi.proposals.services.rules import reply_classes
from lvzhi.proposals.transitions import EDITABLE

SEARCH_LIMIT = 10


@requires(C.PARTICIPATE)
@member_required
def mine(request: HttpRequest, member: Member) -> HttpResponse:
    rows = queries.mine_rows(member)
    return render(
        request,
        "proposals/mine.html",
        {
            "rows_html": proposal_rows.render(
                "_mine_rows.jinja", "proposals:detail", proposals=rows, member_id=member.pk
            ),
            "invitations": queries.invitations(member),
        },
    )


@requires(C.PARTICIPATE)
@member_required
@require_POST
def new(request: HttpRequest, member: Member) -> HttpResponse:
    """Start a draft at once, so the page can save every keystroke under its own id."""
    proposal = services.create_draft(member=member, data={}, actor=request.user)
    return redirect("proposals:edit", pk=proposal.pk)


def _own_draft(member: Member, pk: int) -> Proposal:
    return get_or_404(Proposal.objects.filter(lead=member).select_related("lead"), pk=pk)


@requires(C.PARTICIPATE)
@member_required
def edit(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    proposal = _own_draft(member, pk)
    if proposal.status not in EDITABLE:
        return redirect("proposals:detail", pk=proposal.pk)
    initial = {"title": proposal.title, "content": proposal.content, "category": proposal.category}
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.save_draft(proposal, data=form.cleaned_data, actor=request.user)
            if "submit" in request.POST:
                services.submit_proposal(proposal, actor=request.user)
                messages.success(request, _("提案已提交，提案委员会办公室审查后会通知您"))
                return redirect("proposals:detail", pk=proposal.pk)
            messages.success(request, _("草稿已保存"))
            return redirect("proposals:edit", pk=proposal.pk)
        except DomainError as exc:
            show_domain_error([form], exc)
    return render(
        request,
        "proposals/edit.html",
        {
            "proposal": proposal,
            "form": form,
            "cosigners": proposal.cosigners.select_related("member"),
            "guide": CONTENT_GUIDE,
            "collective_kinds": CollectiveKind.choices,
            "drafters": proposal.drafters.select_related("member"),
            "serving": _serving(proposal),
            "attachments": proposal.attachments.all(),
            "similar": queries.similar(request.committee.pk, of=proposal) if proposal.terms else [],
        },
    )


def _serving(proposal: Proposal) -> list[Member]:
    """Serving members of the proposal's term, for choosing a collective proposal's drafters."""
    return list(
        Member.objects.filter(memberships__term=proposal.term, memberships__status=MembershipStatus.ACTIVE)
        .only("pk", "name", "name_pinyin")
        .order_by("name_pinyin", "pk")
    )


@requires(C.PARTICIPATE)
@member_required
@require_POST
def autosave(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    """Save what the member has typed so far (called as they type); answers JSON, with the error if refused."""
    proposal = _own_draft(member, pk)
    form = DraftForm(request.POST)
    if not form.is_valid():
        errors = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return JsonResponse({"error": {"code": "validation.invalid", "message": first, "fields": errors}}, status=400)
    data = {k: v for k, v in form.cleaned_data.items() if k in request.POST}
    try:
        services.save_draft(proposal, data=data, actor=request.user)
    except DomainError as exc:
        body = {"code": exc.code, "message": exc.message, "fields": exc.fields or {}}
        return JsonResponse({"error": body}, status=exc.status)
    return JsonResponse({"saved_at": timezone.localtime().strftime("%H:%M:%S")})


@requires(C.PARTICIPATE)
@member_required
def detail(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    proposal = get_or_404(queries.mine(member).select_related("lead", "merged_into"), pk=pk)
    invitation = Cosigner.objects.filter(proposal=proposal, member=member).first()
    due = handling.feedback_due(proposal) if proposal.replied_at else None
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "is_lead": proposal.lead_id == member.pk,
            "invitation": invitation,
            "cosigners": proposal.cosigners.select_related("member"),
            "events": proposal.events.select_related("actor"),
            "replies": reply_classes(proposal.committee_id).labelled(
                proposal.replies.filter(status=Reply.Status.PUBLISHED).select_related("assignment__unit")
            ),
            "satisfactions": Proposal.Satisfaction.choices,
            "attachments": proposal.attachments.all(),
            "drafters": proposal.drafters.select_related("member"),
            "honours": proposal.honours.filter(unmarked_at=None, status=Honour.Status.APPROVED).prefetch_related(
                "supervisors"
            ),
            "feedback_due": due,
            # The rating may still change within the feedback window (a changed rating re-checks the ledger row).
            "can_rerate": due is not None and proposal.status == Proposal.Status.CLOSED and timezone.localdate() <= due,
        },
    )


@requires(C.PARTICIPATE)
@member_required
@require_POST
def answer_invitation(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    cosigner = get_or_404(Cosigner.objects.filter(member=member).select_related("proposal", "member"), proposal_id=pk)
    confirm = request.POST.get("answer") == "confirm"
    try:
        services.respond_to_invitation(cosigner, confirm=confirm, actor=request.user)
        messages.success(request, _("已确认联名") if confirm else _("已谢绝联名"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:detail", pk=pk)


@requires(C.PARTICIPATE)
@member_required
def member_search(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    """Serving members matching a name or pinyin, to invite as co-signers (an htmx fragment)."""
    proposal = _own_draft(member, pk)
    q = request.GET.get("q", "").strip()[:30]
    found = []
    if q:
        taken = set(proposal.cosigners.values_list("member_id", flat=True)) | {member.pk}
        found = (
            Member.objects.search(q)
            .filter(memberships__term=proposal.term, memberships__status=MembershipStatus.ACTIVE)
            .exclude(pk__in=taken)
            .order_by("name_pinyin", "id")[:SEARCH_LIMIT]
        )
    return render(request, "proposals/_member_results.html", {"proposal": proposal, "found": found, "q": q})


@requires(C.PARTICIPATE)
@member_required
@require_POST
def add_cosigner(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    proposal = _own_draft(member, pk)
    chosen = request.POST.get("member", "")
    other = Member.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    error = "" if other is not None else _("请先搜索并选择联名委员")
    try:
        if other is not None:
            services.invite_cosigners(proposal, members=[other], actor=request.user)
    except DomainError as exc:
        error = exc.message
    return _cosigner_list(request, proposal, error)


@requires(C.PARTICIPATE)
@member_required
@require_POST
def remove_cosigner(request: HttpRequest, member: Member, pk: int, cosigner: int) -> HttpResponse:
    proposal = _own_draft(member, pk)
    row = get_or_404(proposal.cosigners.select_related("member", "proposal"), pk=cosigner)
    error = ""
    try:
        services.remove_cosigner(row, actor=request.user)
    except DomainError as exc:
        error = exc.message
    return _cosigner_list(request, proposal, error)


def _cosigner_list(request: HttpRequest, proposal: Proposal, error: str) -> HttpResponse:
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("proposals:edit", pk=proposal.pk)
    cosigners = proposal.cosigners.select_related("member")
    return render(request, "proposals/_cosigners.html", {"proposal": proposal, "cosigners": cosigners, "error": error})


@requires(C.PARTICIPATE)
@member_required
@require_POST
def collective(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    """Make the draft a collective proposal (the body's name, up to three named drafters) or the member's own."""
    proposal = _own_draft(member, pk)
    ids = [int(v) for v in request.POST.getlist("drafters") if v.isdigit()][:10]
    drafters = list(Member.objects.filter(pk__in=ids))
    try:
        collective_services.set_collective(
            proposal,
            kind=request.POST.get("collective_kind", ""),
            name=request.POST.get("collective_name", ""),
            drafters=drafters,
            actor=request.user,
        )
        messages.success(request, _("已保存提案者信息"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:edit", pk=proposal.pk)


@requires(C.PARTICIPATE)
@member_required
@require_POST
def attach(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    proposal = _own_draft(member, pk)
    try:
        collective_services.add_attachment(proposal, upload=request.FILES.get("file"), actor=request.user)
        messages.success(request, _("附件已上传"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:edit", pk=proposal.pk)


@requires(C.PARTICIPATE)
@member_required
@require_POST
def detach(request: HttpRequest, member: Member, pk: int, attachment: int) -> HttpResponse:
    proposal = _own_draft(member, pk)
    found = get_or_404(proposal.attachments.select_related("proposal__lead"), pk=attachment)
    try:
        collective_services.remove_attachment(found, actor=request.user)
        messages.success(request, _("附件已删除"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:edit", pk=proposal.pk)


@requires(C.PARTICIPATE)
@member_required
def attachment(request: HttpRequest, member: Member, pk: int, attachment: int) -> HttpResponse:
    proposal = get_or_404(queries.mine(member), pk=pk)
    found = get_or_404(proposal.attachments.all(), pk=attachment)
    return serve(found.file, filename=found.name)


@requires(C.PARTICIPATE)
@member_required
def similar(request: HttpRequest, member: Member) -> HttpResponse:
    """Similar proposals beside the draft, as the member types (an htmx fragment)."""
    text = f"{request.GET.get('title', '')}\n{request.GET.get('content', '')}".strip()
    exclude = request.GET.get("exclude", "")
    of = Proposal(pk=int(exclude)) if exclude.isdigit() else None
    found = queries.similar(request.committee.pk, text=text, of=of) if text else []
    return render(request, "proposals/_similar.html", {"similar": found})


@requires(C.PARTICIPATE)
@member_required
@require_POST
def evaluate(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    proposal = get_or_404(Proposal.objects.filter(lead=member).select_related("lead"), pk=pk)
    try:
        handling.evaluate(
            proposal,
            satisfaction=request.POST.get("satisfaction", ""),
            comment=request.POST.get("comment", ""),
            actor=request.user,
        )
        messages.success(request, _("感谢您的评价"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:detail", pk=proposal.pk)


urlpatterns = [
    path("mine/", mine, name="mine"),
    path("new/", new, name="new"),
    path("similar/", similar, name="similar"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/autosave/", autosave, name="autosave"),
    path("<int:pk>/answer/", answer_invitation, name="answer"),
    path("<int:pk>/evaluate/", evaluate, name="evaluate"),
    path("<int:pk>/members/", member_search, name="member_search"),
    path("<int:pk>/cosigners/", add_cosigner, name="add_cosigner"),
    path("<int:pk>/cosigners/<int:cosigner>/remove/", remove_cosigner, name="remove_cosigner"),
    path("<int:pk>/collective/", collective, name="collective"),
    path("<int:pk>/attachments/", attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment>/", attachment, name="attachment"),
    path("<int:pk>/attachments/<int:attachment>/remove/", detach, name="detach"),
]
