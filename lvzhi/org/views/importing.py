from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires


@requires(C.MANAGE_MEMBERS)
def import_members(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


urlpatterns = [path("members/import/", import_members, name="import")]
