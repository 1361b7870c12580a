"""Member photos: staff upload on the edit form, members on their profile; JPEG/PNG by magic bytes, ≤ 5 MB;
served only through a checked view (the committee's own, visible by the directory's rules), also by API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Unprocessable
from lvzhi.core.models import AuditEvent
from lvzhi.core.uploads import PHOTO
from lvzhi.org.models import Member, MembershipStatus
from lvzhi.org.services.members import change_member_status, set_member_photo
from lvzhi.testing import make_member, picture, today

JPEG = picture("JPEG")
PNG = picture("PNG")
API = "/api/v1"


def upload(content: bytes = JPEG, name: str = "照片.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def zhou(world):
    """Another serving member of the world's committee, with a photo."""
    member = make_member(world, "周杰")
    return set_member_photo(member, photo=upload(PNG, "zj.png", "image/png"), actor=None)


def photo_url(member: Member) -> str:
    return reverse("org:member_photo", args=[member.pk])


def edit_data(world) -> dict:
    membership = world.member.memberships.get()
    return {
        "name": "李明",
        "gender": "male",
        "political_affiliation": "13",
        "sector": membership.sector_id,
        "appointment": "new",
        "joined_on": membership.joined_on.isoformat(),
        "mobile": world.member.mobile,
    }


# The service --------------------------------------------------------------------------------------


def test_a_jpeg_is_stored_under_a_random_name_and_audited(world):
    member = set_member_photo(world.member, photo=upload(), actor=world.users[Role.MEMBER_AFFAIRS])
    assert member.photo.name.startswith("members/") and member.photo.name.endswith(".jpg")
    assert "照片" not in member.photo.name
    assert member.photo.read() == JPEG
    assert AuditEvent.objects.get(action="member.photo_changed").data == {"type": "jpg", "bytes": len(JPEG)}


def test_a_file_that_only_claims_to_be_a_picture_is_refused(world):
    with pytest.raises(Unprocessable) as exc:
        set_member_photo(world.member, photo=upload(b"<html>not a picture</html>", "a.jpg"), actor=None)
    assert exc.value.code == "upload.bad_type" and exc.value.status == 422
    assert not Member.objects.get(pk=world.member.pk).photo


def test_a_photo_over_5_mb_is_refused(world):
    with pytest.raises(Unprocessable) as exc:
        set_member_photo(world.member, photo=upload(JPEG + b"\x00" * PHOTO.max_bytes), actor=None)
    assert exc.value.code == "upload.too_large"


def test_replacing_a_photo_deletes_the_old_file_and_none_removes_it(world, django_capture_on_commit_callbacks):
    first = set_member_photo(world.member, photo=upload(), actor=None).photo.name
    storage = Member.objects.get(pk=world.member.pk).photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = set_member_photo(world.member, photo=upload(PNG, "b.png"), actor=None).photo.name
    assert second.endswith(".png") and not storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        set_member_photo(world.member, photo=None, actor=None)
    assert not Member.objects.get(pk=world.member.pk).photo and not storage.exists(second)


# Staff: the edit form -----------------------------------------------------------------------------


def test_staff_upload_a_photo_with_the_record(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(
        reverse("org:member_edit", args=[world.member.pk]), {**edit_data(world), "photo-photo": upload()}
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=world.member.pk).photo.name.endswith(".jpg")
    detail = client.get(reverse("org:member_detail", args=[world.member.pk])).content.decode()
    assert photo_url(world.member) in detail


def test_a_bad_photo_on_the_edit_form_saves_nothing_and_keeps_the_typed_record(world):
    data = {**edit_data(world), "employer": "示范医院", "photo-photo": upload(b"GIF89a....", "a.gif")}
    response = world.client(Role.MEMBER_AFFAIRS).post(reverse("org:member_edit", args=[world.member.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "只能上传JPEG 或 PNG 图片" in html and 'value="示范医院"' in html
    member = Member.objects.get(pk=world.member.pk)
    assert not member.photo and member.employer == ""


def test_staff_remove_a_photo_on_the_edit_form(world):
    set_member_photo(world.member, photo=upload(), actor=None)
    data = {**edit_data(world), "photo-remove_photo": "on"}
    world.client(Role.ADMIN).post(reverse("org:member_edit", args=[world.member.pk]), data)
    assert not Member.objects.get(pk=world.member.pk).photo


# Members: my profile ------------------------------------------------------------------------------


def test_a_member_uploads_their_own_photo_on_the_profile(world):
    client = world.client(Role.MEMBER)
    response = client.post(reverse("org:my_photo"), {"photo-photo": upload(PNG, "me.png", "image/png")})
    assert response.status_code == 302 and response.url == reverse("org:my_profile")
    assert Member.objects.get(pk=world.member.pk).photo.name.endswith(".png")
    profile = client.get(reverse("org:my_profile")).content.decode()
    assert photo_url(world.member) in profile and "照片已更新" in profile


def test_a_member_gets_a_chinese_message_for_a_bad_file(world):
    client = world.client(Role.MEMBER)
    response = client.post(reverse("org:my_photo"), {"photo-photo": upload(b"%PDF-1.4", "a.pdf")}, follow=True)
    assert "只能上传JPEG 或 PNG 图片" in response.content.decode()
    response = client.post(reverse("org:my_photo"), {}, follow=True)
    assert "请选择要上传的照片" in response.content.decode()
    assert not Member.objects.get(pk=world.member.pk).photo


def test_my_photo_is_post_only_and_for_members(world):
    assert world.client(Role.MEMBER).get(reverse("org:my_photo")).status_code == 405
    assert world.client(Role.MEMBER_AFFAIRS).post(reverse("org:my_photo"), {"photo-photo": upload()}).status_code == 403


# Serving the photo --------------------------------------------------------------------------------


def test_staff_and_fellow_members_see_a_serving_members_photo(world, zhou):
    for role in (Role.MEMBER_AFFAIRS, Role.LEADER, Role.MEMBER):
        response = world.client(role).get(photo_url(zhou))
        assert response.status_code == 200, role
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == PNG
        assert "private" in response["Cache-Control"]


def test_members_do_not_see_the_photo_of_a_member_who_left(world, zhou):
    change_member_status(
        zhou.memberships.get(),
        to_status=MembershipStatus.RESIGNED,
        effective_on=today(),
        decided_by="常委会议",
        actor=None,
    )
    assert world.client(Role.MEMBER).get(photo_url(zhou)).status_code == 404
    assert world.client(Role.MEMBER_AFFAIRS).get(photo_url(zhou)).status_code == 200


def test_no_photo_is_404_and_other_roles_403(world):
    assert world.client(Role.MEMBER_AFFAIRS).get(photo_url(world.member)).status_code == 404
    set_member_photo(world.member, photo=upload(), actor=None)
    assert world.client(Role.HANDLING_UNIT).get(photo_url(world.member)).status_code == 403


def test_outsiders_get_404(world, outsider, zhou):
    assert outsider.client(Role.ADMIN).get(photo_url(zhou)).status_code == 404
    assert outsider.client(Role.MEMBER).get(photo_url(zhou)).status_code == 404
    assert outsider.client(Role.ADMIN).get(f"{API}/members/{zhou.pk}/photo").status_code == 404


# API ----------------------------------------------------------------------------------------------


def test_api_upload_read_and_remove(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    url = f"{API}/members/{world.member.pk}/photo"
    response = client.post(url, {"file": upload()})
    assert response.status_code == 200 and response.json() == {"member_id": world.member.pk, "has_photo": True}
    assert b"".join(client.get(url).streaming_content) == JPEG
    assert client.delete(url).status_code == 204
    assert not Member.objects.get(pk=world.member.pk).photo
    assert client.get(url).status_code == 404


def test_api_refuses_a_bad_file_with_422(world):
    response = world.client(Role.ADMIN).post(
        f"{API}/members/{world.member.pk}/photo", {"file": upload(b"MZ..", "a.exe")}
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "upload.bad_type"


def test_api_a_member_changes_only_their_own_photo(world, zhou):
    client = world.client(Role.MEMBER)
    assert client.post(f"{API}/members/{world.member.pk}/photo", {"file": upload()}).status_code == 200
    assert client.post(f"{API}/members/{zhou.pk}/photo", {"file": upload()}).status_code == 403
    assert client.delete(f"{API}/members/{zhou.pk}/photo").status_code == 403
    assert Member.objects.get(pk=zhou.pk).photo.name.endswith(".png")
