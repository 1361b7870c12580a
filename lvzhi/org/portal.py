"""What every member-portal view shares: the signed-in user's own member record."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lvzhi.core.models import Committee, User
from lvzhi.org.models import Member


def member_of(user: User, committee: Committee) -> Member | None:
    return Member.objects.filter(user=user, committee=committee).first()


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pass the signed-in user's member record to the view; a login without one gets a page that says so.
    Goes under @requires, which has already checked the capability."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = member_of(request.user, request.committee)
        if member is None:
            return render(request, "org/portal_no_record.html")
        return view(request, member, *args, **kwargs)

    return wrapper
