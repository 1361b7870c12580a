from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires


@requires(C.VIEW_MEMBERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@requires(C.VIEW_DIRECTORY)
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("members/", directory, name="directory"),
]
