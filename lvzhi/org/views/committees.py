"""政协管理: a committee's system administrator creates and edits the committees below their own."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import show_domain_error
from lvzhi.core.models import Committee
from lvzhi.core.permissions import requires
from lvzhi.org.forms.committees import CommitteeCreateForm, CommitteeEditForm
from lvzhi.org.queries.members import child_committee_rollup
from lvzhi.org.services import committees as svc


def _parents(home: Committee, exclude: Committee | None = None) -> list[Committee]:
    """Home and every committee below it, minus the one being edited and its own branch."""
    skip = {exclude.pk, *exclude.descendant_ids()} if exclude else set()
    return [c for c in [home, *svc.below(home)] if c.pk not in skip]


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_COMMITTEES)
def committees(request: HttpRequest) -> HttpResponse:
    home = request.committee
    # The level starts one below the administrator's own (the usual case), not at the top of the list (全国).
    levels = list(Committee.Level.values)
    below = levels[min(levels.index(home.level) + 1, len(levels) - 1)] if home.level in levels else ""
    form = CommitteeCreateForm(
        request.POST or None, parents=_parents(home), initial={"parent_code": home.code, "level": below}
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = svc.create_below(home=home, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已创建：%(n)s") % {"n": created.name})
            return redirect("org:committees")
    context = {"rows": child_committee_rollup(home), "form": form, "home": home}
    return render(request, "org/committees.html", context)


@require_http_methods(["GET", "POST"])
@requires(C.MANAGE_COMMITTEES)
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    home = request.committee
    if pk not in home.descendant_ids():
        raise Http404
    committee = Committee.objects.select_related("parent").get(pk=pk)
    initial = {"name": committee.name, "level": committee.level, "parent_code": committee.parent.code}
    form = CommitteeEditForm(request.POST or None, parents=_parents(home, committee), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.update_below(committee, home=home, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_domain_error([form], exc)
        else:
            messages.success(request, _("已保存：%(n)s") % {"n": committee.name})
            return redirect("org:committees")
    title = _("修改政协：%(n)s") % {"n": committee.name}
    return render(request, "org/structure_form.html", {"form": form, "title": title, "back": reverse("org:committees")})


urlpatterns = [
    path("committees/", committees, name="committees"),
    path("committees/<int:pk>/edit/", committee_edit, name="committee_edit"),
]
