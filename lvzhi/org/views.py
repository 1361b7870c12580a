from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires


@requires(C.VIEW_MEMBERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@requires(C.VIEW_DIRECTORY)
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@requires(C.MANAGE_ORG)
def organisation(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@requires(C.MANAGE_USERS)
def users(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@requires(C.MANAGE_MEMBERS)
def import_members(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@requires(C.PARTICIPATE)
def my_profile(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")
