"""Views declare the capability they need; one helper fetches an object or raises 404."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from lvzhi.core.capabilities import Capability

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


def requires(*capabilities: Capability) -> Callable[[View], View]:
    """Signed in, acting in a committee, and holding every named capability (403 otherwise)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.committee is None:
                raise Http404
            if not all(request.access.can(c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_capabilities = capabilities  # type: ignore[attr-defined]
        return wrapper

    return decorator


def get_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """One answer for "doesn't exist" and "not yours": the queryset is already committee-scoped."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
