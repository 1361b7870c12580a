"""Steps every organisation screen repeats: a form page that hands its input to a service, and POST actions."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lvzhi.core.errors import DomainError
from lvzhi.org.models import Term
from lvzhi.org.structure_forms import StyledForm


def tab_url(tab: str, term: Term | int | None = None) -> str:
    url = f"{reverse('org:organisation')}?tab={tab}"
    if term is not None:
        url += f"&term={term if isinstance(term, int) else term.pk}"
    return url


def form_page(
    request: HttpRequest,
    form: StyledForm,
    *,
    title: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
    back: str,
    success: str,
) -> HttpResponse:
    """Show the form; on a valid POST call the service, then go back to `done`, or show why it refused."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, success)
            return redirect(done)
    return render(request, "org/structure_form.html", {"form": form, "title": title, "back": back})


def post_action(request: HttpRequest, action: Callable[[], object], *, done: str, success: str) -> HttpResponse:
    """Run a one-click change (delete, apply a preset); a refusal becomes an error message on the next page."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(done)
