"""联系界别群众: the member's standing contacts and contact log; coverage for the convenor and the office."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.liaison import export
from lvzhi.liaison.forms import ContactForm, ContactLogForm
from lvzhi.liaison.models import ContactLog, StandingContact
from lvzhi.liaison.queries_contacts import coverage_for_members, coverage_report, quarter_of, quarter_span
from lvzhi.liaison.services import contacts as services
from lvzhi.org.models import Member, SectorGroup, Term
from lvzhi.org.portal import member_required
from lvzhi.org.queries.members import staff_narrowing, visible_members

RECENT_LOGS = 30


def _quarter(request: HttpRequest) -> tuple[int, int]:
    year, quarter = quarter_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", year))
        quarter = int(request.GET.get("quarter", quarter))
    except ValueError:
        pass
    return max(2000, min(year, 2100)), max(1, min(quarter, 4))


def _mine(request: HttpRequest, member, contact_form: ContactForm, log_form: ContactLogForm) -> HttpResponse:
    year, quarter = quarter_of(timezone.localdate())
    context = {
        "contacts": list(StandingContact.objects.filter(member=member)),
        "coverage": coverage_for_members([member], year, quarter)[0],
        "year": year,
        "quarter": quarter,
        "logs": list(ContactLog.objects.filter(member=member).select_related("contact")[:RECENT_LOGS]),
        "contact_form": contact_form,
        "log_form": log_form,
    }
    return render(request, "liaison/my_contacts.html", context)


@requires(C.PARTICIPATE, C.KEEP_CONTACTS)
@member_required
def my_contacts(request: HttpRequest, member) -> HttpResponse:
    """GET: the page; POST: a new standing contact."""
    contact_form = ContactForm(request.POST or None, prefix="contact")
    log_form = ContactLogForm(member=member, prefix="log", initial={"date": timezone.localdate()})
    if request.method == "POST" and contact_form.is_valid():
        try:
            services.add_contact(member, **contact_form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([contact_form], exc)
        else:
            messages.success(request, _("已添加联系对象"))
            return redirect("liaison:my_contacts")
    return _mine(request, member, contact_form, log_form)


@require_POST
@requires(C.PARTICIPATE, C.KEEP_CONTACTS)
@member_required
def contact_log_add(request: HttpRequest, member) -> HttpResponse:
    log_form = ContactLogForm(request.POST, member=member, prefix="log")
    if log_form.is_valid():
        try:
            services.log_contact(member, **log_form.cleaned_data, actor=request.user)
        except DomainError as exc:
            show_domain_error([log_form], exc)
        else:
            messages.success(request, _("联系记录已保存，并计入履职记录"))
            return redirect("liaison:my_contacts")
    return _mine(request, member, ContactForm(prefix="contact"), log_form)


@require_POST
@requires(C.PARTICIPATE, C.KEEP_CONTACTS)
@member_required
def contact_toggle(request: HttpRequest, member, pk: int) -> HttpResponse:
    contact = get_or_404(StandingContact.objects.filter(member=member), pk=pk)
    services.set_contact_active(contact, active=not contact.is_active, actor=request.user)
    return redirect("liaison:my_contacts")


@require_POST
@requires(C.PARTICIPATE, C.KEEP_CONTACTS)
@member_required
def contact_log_delete(request: HttpRequest, member, pk: int) -> HttpResponse:
    log = get_or_404(ContactLog.objects.filter(member=member), pk=pk)
    services.delete_contact_log(log, member=member, actor=request.user)
    messages.success(request, _("联系记录已删除"))
    return redirect("liaison:my_contacts")


def _coverage_scope(request: HttpRequest) -> tuple[Term | None, int, int, int | None, bool]:
    """The term, quarter and group the coverage looks at; a convenor whose only role that is sees their group."""
    term = Term.objects.filter(committee=request.committee).order_by("-is_current", "-number").first()
    year, quarter = _quarter(request)
    narrowed = [a.sector_group_id for a in request.access.scoped(Role.GROUP_CONVENOR) if a.sector_group_id]
    only_own_group = request.access.roles == {Role.GROUP_CONVENOR} and bool(narrowed)
    group_id = narrowed[0] if only_own_group else _int(request.GET.get("group"))
    return term, year, quarter, group_id, only_own_group


def _within(request: HttpRequest) -> QuerySet[Member] | None:
    """Staff narrowed to a unit (a regional group's or a station's organiser too) see its members only."""
    return visible_members(request.access) if staff_narrowing(request.access) is not None else None


@requires(C.VIEW_STATS)
def coverage(request: HttpRequest) -> HttpResponse:
    """Against the rule, per member, sector group and station; a convenor sees their own group's members."""
    term, year, quarter, group_id, only_own_group = _coverage_scope(request)
    groups = SectorGroup.objects.filter(term=term) if term else SectorGroup.objects.none()
    members, by_group, by_station = (
        coverage_report(term, year, quarter, group_id, _within(request)) if term else ([], [], [])
    )
    context = {
        "members": members,
        "by_group": by_group,
        "by_station": by_station,
        "year": year,
        "quarter": quarter,
        "groups": [] if only_own_group else list(groups),
        "group_id": group_id,
        "ok_count": sum(row.ok for row in members),
    }
    return render(request, "liaison/contact_coverage.html", context)


@requires(C.VIEW_STATS)
def coverage_export(request: HttpRequest) -> HttpResponse:
    """The coverage as on the screen, with each member's standing contacts and the quarter's contact log."""
    term, year, quarter, group_id, _own = _coverage_scope(request)
    members = coverage_report(term, year, quarter, group_id, _within(request))[0] if term else []
    member_ids = [row.member.pk for row in members]
    start, end = quarter_span(year, quarter)
    contacts = (
        StandingContact.objects.filter(member_id__in=member_ids)
        .select_related("member")
        .order_by("member__name_pinyin", "member_id", "id")
    )
    logs = ContactLog.objects.filter(member_id__in=member_ids, date__range=(start, end)).select_related(
        "member", "contact"
    )
    filename = _("联系界别群众-%(y)s年第%(q)s季度.xlsx") % {"y": year, "q": quarter}
    return export.response(filename, export.contacts_sheets(members, contacts, logs))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
