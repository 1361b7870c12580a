from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.permissions import requires


@requires(C.PARTICIPATE)
def my_profile(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


urlpatterns = [path("me/", my_profile, name="my_profile")]
