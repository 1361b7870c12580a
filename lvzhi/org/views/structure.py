from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires


@requires(C.MANAGE_ORG)
def organisation(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@requires(C.MANAGE_USERS)
def users(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


urlpatterns = [
    path("structure/", organisation, name="organisation"),
    path("users/", users, name="users"),
]
