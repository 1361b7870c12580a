"""Staff screens of the member registry: directory and export, member record, create/edit, lifecycle."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.forms import show_domain_error
from lvzhi.core.jinja import render_rows
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.registry import registry
from lvzhi.org.forms.members import AccountForm, MemberForm, MembershipForm, StatusChangeForm
from lvzhi.org.forms.positions import PhotoForm, PositionForm
from lvzhi.org.models import (
    SERVING_STATUSES,
    DirectoryExport,
    Member,
    MembershipStatus,
    Term,
)
from lvzhi.org.queries import members as queries
from lvzhi.org.services.members import (
    change_member_status,
    create_member,
    current_membership,
    current_term,
    set_member_photo,
    set_member_seats,
    update_member,
)
from lvzhi.org.tasks import start_directory_export

PAGE_SIZE = 50
TENURE_FIELDS = [
    "number",
    "sector",
    "is_standing_member",
    "appointment",
    "joined_on",
    "recommending_unit",
    "regional_group",
    "regional_group_role",
    "station",
    "concurrent_posts",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _term_or_none(request: HttpRequest) -> Term | None:
    try:
        return current_term(request.committee)
    except NotFound:
        return None


def _directory_filter(request: HttpRequest, staff: bool) -> queries.DirectoryFilter:
    flt = queries.DirectoryFilter.from_params(request.GET)
    if not staff:
        # Members list serving members by name, sector and group; status and the standing flag are staff filters.
        flt = queries.DirectoryFilter(q=flt.q, sector=flt.sector, group=flt.group)
    return flt


@requires(C.VIEW_DIRECTORY)
def directory(request: HttpRequest) -> HttpResponse:
    term = _term_or_none(request)
    staff = request.access.can(C.VIEW_MEMBERS)
    context: dict[str, Any] = {
        "term": term,
        "staff": staff,
        "filters": request.GET,
        # On phones the secondary filters fold away unless one of them is in use.
        "more_filters": any(request.GET.get(k) for k in ("special_committee", "station", "status", "standing")),
    }
    if term is not None:
        flt = _directory_filter(request, staff)
        # Plain rows, not model instances: a page of 50 was ~400 instances and most of the page's time.
        paginator = Paginator(queries.directory_ids(request.access, term, flt), PAGE_SIZE)
        paginator.count = queries.directory_count(request.access, term, flt)  # the same total, without the join
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = queries.directory_rows(list(page.object_list))
        context.update(
            page=page,
            # A record's URL is the directory's plus its id: one reverse() a page, not one a row.
            rows_html=render_rows(
                "org/_directory_rows.jinja",
                {"rows": page.object_list, "staff": staff, "member_url": reverse("org:directory")},
            ),
            can_manage=request.access.can(C.MANAGE_MEMBERS),
            **queries.directory_filter_choices(term, staff=staff),
            statuses=[(queries.SERVING, _("在任（含增补）")), *MembershipStatus.choices],
        )
    # htmx's live filtering asks for the rows only; a history restore needs the whole page.
    partial = (
        term is not None and request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    )
    response = render(request, "org/_member_rows.html" if partial else "org/directory.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# The directory's own parameters; anything else in a posted export form is ignored.
EXPORT_FILTERS = ("q", "sector", "group", "special_committee", "station", "status", "standing")


@requires(C.VIEW_MEMBERS)
@require_POST
def directory_export(request: HttpRequest) -> HttpResponse:
    """Start writing the directory, with the page's filters, in the background; its page shows the progress."""
    if _term_or_none(request) is None:
        messages.error(request, _("尚未设置本届，无法导出"))
        return redirect("org:directory")
    filename = _("%(committee)s委员名单-%(date)s.xlsx") % {
        "committee": request.committee.name,
        "date": timezone.localdate().isoformat(),
    }
    filters = {key: request.POST[key] for key in EXPORT_FILTERS if request.POST.get(key)}
    job = start_directory_export(committee=request.committee, user=request.user, filters=filters, filename=filename)
    return redirect("org:directory_export_status", pk=job.pk)


def _own_export(request: HttpRequest, pk: int) -> DirectoryExport:
    return get_or_404(DirectoryExport.objects.filter(requested_by=request.user), pk=pk)


@requires(C.VIEW_MEMBERS)
def directory_export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The export's progress bar; htmx asks for the bar alone every second until the file is ready."""
    job = _own_export(request, pk)
    template = "org/_export_progress.html" if request.headers.get("HX-Request") else "org/export_status.html"
    return render(request, template, {"job": job, "Status": DirectoryExport.Status})


@requires(C.VIEW_MEMBERS)
def directory_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_export(request, pk)
    if job.status != DirectoryExport.Status.DONE:
        raise Http404
    response = FileResponse(job.file.open("rb"), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=job.filename)
    return response


def mask_id_number(value: str) -> str:
    """330102199001011234 → 3301**********1234: enough to tell two records apart, not enough to use."""
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def _section(obj: Any, names: list[str]) -> list[tuple[str, Any]]:
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("是") if value else _("否")
        elif isinstance(value, datetime.date):
            value = value.isoformat()  # 2022-01-09 on every page, whatever the browser's language
        rows.append((field.verbose_name, value))
    return rows


def _record_sections(member: Member, *, sensitive: bool, own: bool) -> list[tuple[str, list[tuple[str, Any]]]]:
    identity = _section(member, ["name", "gender", "ethnicity", "birth_date", "native_place"])
    if member.id_number:
        identity.append((_("身份证号"), member.id_number if sensitive else mask_id_number(member.id_number)))
    contact = ["mobile", "office_phone", "email", "wechat", "secretary", "mobile_in_directory"]
    if sensitive or own:
        contact.insert(4, "home_address")
    return [
        (_("基本信息"), identity),
        (_("政治面貌"), _section(member, ["political_affiliation", "party_joined_on", "party_position"])),
        (
            _("学历工作"),
            _section(
                member,
                [
                    "education",
                    "degree",
                    "professional_title",
                    "employer",
                    "job_title",
                    "employer_kind",
                    "industry",
                    "employer_address",
                ],
            ),
        ),
        (_("联系方式"), _section(member, contact)),
        (_("履职简介"), _section(member, ["expertise", "focus_areas", "social_positions", "honours"])),
    ]


@requires(C.VIEW_DIRECTORY)
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(queries.visible_members(request.access), pk=pk)
    staff = request.access.can(C.VIEW_MEMBERS)
    membership = queries.tenure_of(member)
    context: dict[str, Any] = {
        "member": member,
        "membership": membership,
        "sections": _record_sections(
            member, sensitive=request.access.can(C.VIEW_SENSITIVE), own=member.user_id == request.user.pk
        ),
        "tenure": _section(membership, TENURE_FIELDS) if membership else [],
        "staff": staff,
        "can_manage": request.access.can(C.MANAGE_MEMBERS),
    }
    if staff:
        context.update(
            steps=queries.status_steps(member),
            history=queries.record_history(member),
            panels=registry.panels_for(request, member),
        )
    if context["can_manage"] and membership is not None:
        context.update(
            position_form=PositionForm(initial={"started_on": timezone.localdate()}),
            today=timezone.localdate(),
        )
    return render(request, "org/member_detail.html", context)


@requires(C.MANAGE_MEMBERS)
def member_create(request: HttpRequest) -> HttpResponse:
    term = _term_or_none(request)
    if term is None:
        messages.error(request, _("尚未设置本届，请先在组织管理中设置届次"))
        return redirect("org:directory")
    sensitive = request.access.can(C.VIEW_SENSITIVE)
    data = request.POST if request.method == "POST" else None
    member_form = MemberForm(data, show_sensitive=sensitive)
    membership_form = MembershipForm(data, term=term, creating=True)
    account_form = AccountForm(data)
    forms = [member_form, membership_form, account_form]
    if data is not None and all([f.is_valid() for f in forms]):
        try:
            with transaction.atomic():  # the record and its seats are saved together or not at all
                member = create_member(
                    committee=request.committee,
                    term=term,
                    member_data={n: member_form.cleaned_data[n] for n in member_form.fields},
                    membership_data=membership_form.membership_data(),
                    actor=request.user,
                    username=account_form.cleaned_data["username"] or None,
                    password=account_form.cleaned_data["password"] or None,
                )
                set_member_seats(
                    member.memberships.get(term=term),
                    special_committees=membership_form.cleaned_data["special_committees"],
                    groups=membership_form.cleaned_data["groups"],
                    **membership_form.seat_roles(),
                    actor=request.user,
                )
        except DomainError as exc:
            show_domain_error(forms, exc)
        else:
            messages.success(request, _("已新增委员：%(name)s") % {"name": member.name})
            return redirect("org:member_detail", pk=member.pk)
    context = {"member_form": member_form, "membership_form": membership_form, "account_form": account_form}
    return render(request, "org/member_form.html", {**context, "term": term, "member": None})


@requires(C.MANAGE_MEMBERS)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(queries.visible_members(request.access), pk=pk)
    membership = queries.tenure_of(member)
    sensitive = request.access.can(C.VIEW_SENSITIVE)
    data = request.POST if request.method == "POST" else None
    member_form = MemberForm(data, instance=member, show_sensitive=sensitive)
    membership_form = (
        MembershipForm(data, instance=membership, term=membership.term) if membership is not None else None
    )
    photo_form = PhotoForm(data, request.FILES if data is not None else None, removable=bool(member.photo))
    forms = [f for f in (member_form, membership_form, photo_form) if f is not None]
    if data is not None and all([f.is_valid() for f in forms]):
        try:
            with transaction.atomic():
                update_member(
                    member,
                    member_data={n: member_form.cleaned_data[n] for n in member_form.fields},
                    membership_data=membership_form.membership_data() if membership_form else None,
                    actor=request.user,
                )
                if membership_form is not None:
                    set_member_seats(
                        membership,
                        special_committees=membership_form.cleaned_data["special_committees"],
                        groups=membership_form.cleaned_data["groups"],
                        **membership_form.seat_roles(),
                        actor=request.user,
                    )
                if photo_form.changes:
                    set_member_photo(member, photo=photo_form.cleaned_data["photo"], actor=request.user)
        except DomainError as exc:
            show_domain_error(forms, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("org:member_detail", pk=member.pk)
    context = {
        "member_form": member_form,
        "membership_form": membership_form,
        "account_form": None,
        "photo_form": photo_form,
    }
    return render(
        request, "org/member_form.html", {**context, "term": membership.term if membership else None, "member": member}
    )


@requires(C.MANAGE_MEMBERS)
def member_status(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(queries.visible_members(request.access), pk=pk)
    membership = current_membership(member)
    if membership is None:
        messages.error(request, _("该委员在本届无任职记录"))
        return redirect("org:member_detail", pk=member.pk)
    data = request.POST if request.method == "POST" else None
    form = StatusChangeForm(data, current=membership.status, initial={"effective_on": timezone.localdate()})
    if data is not None and form.is_valid():
        try:
            change_member_status(membership, **form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已变更状态：%(name)s") % {"name": member.name})
            return redirect("org:member_detail", pk=member.pk)
    return render(
        request,
        "org/member_status.html",
        {
            "member": member,
            "membership": membership,
            "form": form,
            "steps": queries.status_steps(member),
            "serving": membership.status in SERVING_STATUSES,
        },
    )


urlpatterns = [
    path("members/", directory, name="directory"),
    path("members/export/", directory_export, name="directory_export"),
    path("members/export/<int:pk>/", directory_export_status, name="directory_export_status"),
    path("members/export/<int:pk>/download/", directory_export_download, name="directory_export_download"),
    path("members/new/", member_create, name="member_create"),
    path("members/<int:pk>/", member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", member_edit, name="member_edit"),
    path("members/<int:pk>/status/", member_status, name="member_status"),
]
