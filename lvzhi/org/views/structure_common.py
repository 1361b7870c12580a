"""Steps every organisation screen repeats: a form that hands its input to a service, and POST actions."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.views.decorators.http import require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import View, get_or_404, requires
from lvzhi.org.forms.structure import StyledForm
from lvzhi.org.models import Term


def tab_url(tab: str, term: Term | int | None = None) -> str:
    url = f"{reverse('org:organisation')}?tab={tab}"
    if term is not None:
        url += f"&term={term if isinstance(term, int) else term.pk}"
    return url


def save_form(
    request: HttpRequest,
    form: StyledForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    done: str | Callable[[Any], str],
) -> HttpResponse | None:
    """Hand a valid form to the service, then redirect to `done` (or to `done(saved)`) with `success`.

    None when the form must be shown again: it is invalid, or the service refused and its reason is on the form.
    """
    if not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except DomainError as exc:
        form.add_domain_error(exc)
        return None
    messages.success(request, success)
    return redirect(done(saved) if callable(done) else done)


def form_page(
    request: HttpRequest,
    form: StyledForm,
    *,
    title: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
    success: str,
) -> HttpResponse:
    """Show the form, whose back link leads to `done`; a valid POST goes through `save_form`."""
    if request.method == "POST" and (saved := save_form(request, form, save, success=success, done=done)):
        return saved
    return render(request, "org/structure_form.html", {"form": form, "title": title, "back": done})


def post_action(request: HttpRequest, action: Callable[[], object], *, done: str, success: str) -> HttpResponse:
    """Run a one-click change (delete, apply a preset); a refusal becomes an error message on the next page."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(done)


def tab_delete(
    rows: Callable[[], QuerySet[Any]],
    delete: Callable[..., object],
    *,
    tab: str,
    success: Promise,
    per_term: bool = False,
) -> View:
    """The view behind a delete button on a tab of the organisation page: POST only, back to the tab.

    `rows` is called per request, inside the committee scope, so the lookup only finds this committee's rows.
    """

    @requires(C.MANAGE_ORG)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        row = get_or_404(rows(), pk=pk)
        return post_action(
            request,
            lambda: delete(row, actor=request.user),
            done=tab_url(tab, row.term_id if per_term else None),
            success=str(success),
        )

    return view
