"""组织管理: one page with a tab per part of the organisation, and the forms that change it."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.org.forms.structure import (
    RegionalGroupForm,
    SectorForm,
    SectorGroupForm,
    SessionForm,
    SpecialCommitteeForm,
    TermForm,
    TermStartForm,
)
from lvzhi.org.models import Membership, RegionalGroup, Sector, SectorGroup, Session, SpecialCommittee, Term
from lvzhi.org.presets import SECTOR_PRESETS
from lvzhi.org.queries import structure as q
from lvzhi.org.services import structure as svc
from lvzhi.org.services.stations import CHECKLIST_PRESETS
from lvzhi.org.views import structure_stations
from lvzhi.org.views.structure_common import form_page, post_action, tab_delete, tab_url

TABS = [
    ("terms", gettext_lazy("届次与会议")),
    ("sectors", gettext_lazy("界别")),
    ("committees", gettext_lazy("专委会")),
    ("groups", gettext_lazy("界别活动组")),
    ("regions", gettext_lazy("联络组/活动组")),
    ("stations", gettext_lazy("工作室/联络站")),
    ("checklists", gettext_lazy("建设标准")),
]
PER_TERM_TABS = {"sectors", "groups", "regions"}


@requires(C.MANAGE_ORG)
def organisation(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    tab = request.GET.get("tab", "terms")
    if tab not in dict(TABS):
        tab = "terms"
    terms = list(Term.objects.filter(committee=committee).order_by("-number"))
    wanted = request.GET.get("term", "")
    term = next((t for t in terms if str(t.pk) == wanted), None) or next((t for t in terms if t.is_current), None)
    term = term or (terms[0] if terms else None)
    current = next((t for t in terms if t.is_current), None)
    context = {
        "tabs": TABS,
        "tab": tab,
        "terms": terms,
        "term": term,
        "current": current,
        "per_term": tab in PER_TERM_TABS,
    }
    if tab == "terms":
        context["rows"] = q.terms_of(committee)
    elif tab == "committees":
        context["rows"] = q.special_committees_of(committee)
    elif tab == "stations":
        context["rows"] = q.stations_of(committee)
    elif tab == "checklists":
        context["rows"] = q.checklists_of(committee)
        context["presets"] = CHECKLIST_PRESETS
    elif term is not None:
        rows = {"sectors": q.sectors_of, "groups": q.sector_groups_of, "regions": q.regional_groups_of}[tab](term)
        context["rows"] = rows
        context["presets"] = {key: svc.SECTOR_PRESET_LABELS[key] for key in SECTOR_PRESETS}
    return render(request, "org/structure.html", context)


# ---- Terms and sessions -------------------------------------------------------------------------------------


@requires(C.MANAGE_ORG)
def term_create(request: HttpRequest) -> HttpResponse:
    has_previous = Term.objects.filter(committee=request.committee).exists()
    form = TermStartForm(request.POST or None, has_previous=has_previous)

    def save(data: dict) -> Term:
        return svc.prepare_term(
            committee=request.committee,
            number=data["number"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            sectors_from=data["sectors_from"],
            copy_groups=data.get("copy_groups", False),
            carry_members=data.get("carry_members", False),
            actor=request.user,
        )

    return form_page(
        request,
        form,
        title=_("筹备新一届"),
        save=save,
        done=tab_url("terms"),
        success=_("新一届已建好（筹备中）。检查界别和委员后，点“设为本届”完成换届。"),
    )


@requires(C.MANAGE_ORG)
def term_make_current(request: HttpRequest, pk: int) -> HttpResponse:
    """换届 with a confirmation: GET shows what changes, POST makes the term current. The same page makes a
    previous term current again (undoing a 换届 done by mistake)."""
    term = get_or_404(Term.objects.all(), pk=pk)
    current = Term.objects.filter(committee=request.committee, is_current=True).first()
    if request.method == "POST":
        return post_action(
            request,
            lambda: svc.make_term_current(term, actor=request.user),
            done=tab_url("terms"),
            success=_("%(t)s已设为本届") % {"t": term},
        )
    members = dict(
        Membership.objects.filter(term__in=[t for t in (term, current) if t is not None])
        .values("term_id")
        .annotate(n=Count("id"))
        .values_list("term_id", "n")
    )
    context = {
        "term": term,
        "current": current,
        "term_members": members.get(term.pk, 0),
        "current_members": members.get(current.pk, 0) if current else 0,
        "sectors": Sector.objects.filter(term=term).count(),
        "back": tab_url("terms"),
    }
    return render(request, "org/term_make_current.html", context)


@requires(C.MANAGE_ORG)
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_or_404(Term.objects.all(), pk=pk)
    form = TermForm(request.POST or None, initial={"start_year": term.start_year, "end_year": term.end_year})
    return form_page(
        request,
        form,
        title=_("修改%(t)s") % {"t": term},
        save=lambda data: svc.update_term(term, changes=data, actor=request.user),
        done=tab_url("terms"),
        success=_("已保存"),
    )


@requires(C.MANAGE_ORG)
def session_create(request: HttpRequest, term_pk: int) -> HttpResponse:
    term = get_or_404(Term.objects.all(), pk=term_pk)
    form = SessionForm(request.POST or None)

    def save(data: dict) -> Session:
        return svc.create_session(term=term, **data, actor=request.user)

    return form_page(
        request,
        form,
        title=_("%(t)s：新增次会议") % {"t": term},
        save=save,
        done=tab_url("terms"),
        success=_("会议已添加"),
    )


@requires(C.MANAGE_ORG)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_or_404(Session.objects.select_related("term"), pk=pk)
    initial = {f: getattr(session, f) for f in ("number", "year", "opens_on", "closes_on")}
    form = SessionForm(request.POST or None, initial=initial)

    def save(data: dict) -> Session:
        changes = {k: v for k, v in data.items() if not (k == "number" and v is None)}
        return svc.update_session(session, changes=changes, actor=request.user)

    return form_page(
        request,
        form,
        title=_("修改%(s)s") % {"s": session},
        save=save,
        done=tab_url("terms"),
        success=_("已保存"),
    )


session_delete = tab_delete(
    lambda: Session.objects.select_related("term"), svc.delete_session, tab="terms", success=gettext_lazy("会议已删除")
)


# ---- Sectors ------------------------------------------------------------------------------------------------


@requires(C.MANAGE_ORG)
def sector_create(request: HttpRequest, term_pk: int) -> HttpResponse:
    term = get_or_404(Term.objects.all(), pk=term_pk)
    form = SectorForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("%(t)s：新增界别") % {"t": term},
        save=lambda data: svc.create_sector(term=term, **data, actor=request.user),
        done=tab_url("sectors", term),
        success=_("界别已添加"),
    )


@requires(C.MANAGE_ORG)
def sector_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sector = get_or_404(Sector.objects.all(), pk=pk)
    form = SectorForm(request.POST or None, initial={"name": sector.name, "code": sector.code, "order": sector.order})

    def save(data: dict) -> Sector:
        changes = {k: v for k, v in data.items() if v not in (None, "")}
        return svc.update_sector(sector, changes=changes, actor=request.user)

    return form_page(
        request,
        form,
        title=_("修改界别：%(n)s") % {"n": sector.name},
        save=save,
        done=tab_url("sectors", sector.term_id),
        success=_("已保存"),
    )


sector_delete = tab_delete(
    Sector.objects.all, svc.delete_sector, tab="sectors", per_term=True, success=gettext_lazy("界别已删除")
)


@requires(C.MANAGE_ORG)
@require_POST
def sector_preset(request: HttpRequest, term_pk: int) -> HttpResponse:
    term = get_or_404(Term.objects.all(), pk=term_pk)
    return post_action(
        request,
        lambda: svc.apply_sector_preset(term=term, preset=request.POST.get("preset", ""), actor=request.user),
        done=tab_url("sectors", term),
        success=_("已按预设补齐界别"),
    )


# ---- Special committees -------------------------------------------------------------------------------------


@requires(C.MANAGE_ORG)
def special_committee_create(request: HttpRequest) -> HttpResponse:
    form = SpecialCommitteeForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("新增专委会"),
        save=lambda data: svc.create_special_committee(committee=request.committee, **data, actor=request.user),
        done=tab_url("committees"),
        success=_("专委会已添加"),
    )


@requires(C.MANAGE_ORG)
def special_committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_or_404(SpecialCommittee.objects.all(), pk=pk)
    initial = {"name": body.name, "order": body.order, "is_active": body.is_active}
    form = SpecialCommitteeForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=_("修改专委会：%(n)s") % {"n": body.name},
        save=lambda data: svc.update_special_committee(body, changes=data, actor=request.user),
        done=tab_url("committees"),
        success=_("已保存"),
    )


special_committee_delete = tab_delete(
    SpecialCommittee.objects.all, svc.delete_special_committee, tab="committees", success=gettext_lazy("专委会已删除")
)


# ---- Sector groups and regional groups ----------------------------------------------------------------------


@requires(C.MANAGE_ORG)
def sector_group_create(request: HttpRequest, term_pk: int) -> HttpResponse:
    term = get_or_404(Term.objects.all(), pk=term_pk)
    form = SectorGroupForm(request.POST or None, term=term)

    def save(data: dict) -> SectorGroup:
        data = {**data, "sectors": list(data["sectors"])}
        return svc.create_sector_group(term=term, **data, actor=request.user)

    return form_page(
        request,
        form,
        title=_("%(t)s：新增界别活动组") % {"t": term},
        save=save,
        done=tab_url("groups", term),
        success=_("界别活动组已添加"),
    )


@requires(C.MANAGE_ORG)
def sector_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_or_404(SectorGroup.objects.select_related("term"), pk=pk)
    initial = {
        "name": group.name,
        "sectors": list(group.sectors.all()),
        "special_committee": group.special_committee_id,
        "order": group.order,
    }
    form = SectorGroupForm(request.POST or None, initial=initial, term=group.term)

    def save(data: dict) -> SectorGroup:
        sectors = list(data.pop("sectors"))
        return svc.update_sector_group(group, changes=data, sectors=sectors, actor=request.user)

    return form_page(
        request,
        form,
        title=_("修改界别活动组：%(n)s") % {"n": group.name},
        save=save,
        done=tab_url("groups", group.term_id),
        success=_("已保存"),
    )


sector_group_delete = tab_delete(
    SectorGroup.objects.all,
    svc.delete_sector_group,
    tab="groups",
    per_term=True,
    success=gettext_lazy("界别活动组已删除"),
)


@requires(C.MANAGE_ORG)
def regional_group_create(request: HttpRequest, term_pk: int) -> HttpResponse:
    term = get_or_404(Term.objects.all(), pk=term_pk)
    form = RegionalGroupForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("%(t)s：新增联络组/活动组") % {"t": term},
        save=lambda data: svc.create_regional_group(term=term, **data, actor=request.user),
        done=tab_url("regions", term),
        success=_("联络组已添加"),
    )


@requires(C.MANAGE_ORG)
def regional_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_or_404(RegionalGroup.objects.all(), pk=pk)
    form = RegionalGroupForm(request.POST or None, initial={"name": group.name, "kind": group.kind, "area": group.area})
    return form_page(
        request,
        form,
        title=_("修改联络组：%(n)s") % {"n": group.name},
        save=lambda data: svc.update_regional_group(group, changes=data, actor=request.user),
        done=tab_url("regions", group.term_id),
        success=_("已保存"),
    )


regional_group_delete = tab_delete(
    RegionalGroup.objects.all,
    svc.delete_regional_group,
    tab="regions",
    per_term=True,
    success=gettext_lazy("联络组已删除"),
)


urlpatterns = [
    path("structure/", organisation, name="organisation"),
    path("structure/terms/new/", term_create, name="term_create"),
    path("structure/terms/<int:pk>/edit/", term_edit, name="term_edit"),
    path("structure/terms/<int:pk>/make-current/", term_make_current, name="term_make_current"),
    path("structure/terms/<int:term_pk>/sessions/new/", session_create, name="session_create"),
    path("structure/sessions/<int:pk>/edit/", session_edit, name="session_edit"),
    path("structure/sessions/<int:pk>/delete/", session_delete, name="session_delete"),
    path("structure/terms/<int:term_pk>/sectors/new/", sector_create, name="sector_create"),
    path("structure/terms/<int:term_pk>/sectors/preset/", sector_preset, name="sector_preset"),
    path("structure/sectors/<int:pk>/edit/", sector_edit, name="sector_edit"),
    path("structure/sectors/<int:pk>/delete/", sector_delete, name="sector_delete"),
    path("structure/special-committees/new/", special_committee_create, name="special_committee_create"),
    path("structure/special-committees/<int:pk>/edit/", special_committee_edit, name="special_committee_edit"),
    path("structure/special-committees/<int:pk>/delete/", special_committee_delete, name="special_committee_delete"),
    path("structure/terms/<int:term_pk>/sector-groups/new/", sector_group_create, name="sector_group_create"),
    path("structure/sector-groups/<int:pk>/edit/", sector_group_edit, name="sector_group_edit"),
    path("structure/sector-groups/<int:pk>/delete/", sector_group_delete, name="sector_group_delete"),
    path("structure/terms/<int:term_pk>/regional-groups/new/", regional_group_create, name="regional_group_create"),
    path("structure/regional-groups/<int:pk>/edit/", regional_group_edit, name="regional_group_edit"),
    path("structure/regional-groups/<int:pk>/delete/", regional_group_delete, name="regional_group_delete"),
    *structure_stations.urlpatterns,
]
