"""Member photos (照片): served only through a view that checks who may see them; members change their own."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404, requires
from lvzhi.core.uploads import serve
from lvzhi.org.forms.positions import PhotoForm
from lvzhi.org.models import Member
from lvzhi.org.photo import members_with_visible_photo
from lvzhi.org.services.members import set_member_photo


@require_GET
@requires(C.VIEW_DIRECTORY)
def member_photo(request: HttpRequest, pk: int) -> FileResponse:
    member = get_or_404(members_with_visible_photo(request.access), pk=pk)
    # Personal data: browsers may keep it for an hour, shared caches may not.
    return serve(member.photo, cache="private, max-age=3600")


@require_POST
@requires(C.PARTICIPATE)
def my_photo(request: HttpRequest) -> HttpResponse:
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        raise Http404
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data["photo"] is not None:
        try:
            set_member_photo(member, photo=form.cleaned_data["photo"], actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("照片已更新"))
    else:
        errors = form.errors.get("photo") or [_("请选择要上传的照片")]
        messages.error(request, errors[0])
    return redirect("org:my_profile")


urlpatterns = [
    path("members/<int:pk>/photo/", member_photo, name="member_photo"),
    path("me/photo/", my_photo, name="my_photo"),
]
