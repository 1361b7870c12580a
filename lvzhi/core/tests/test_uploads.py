"""The upload kit: types by content, size caps, picture dimensions from the header, downloads that never run."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.activities.models import ActivityFile
from lvzhi.core.capabilities import Role
from lvzhi.core.tests.sweep_objects import published_activity
from lvzhi.core.uploads import EVIDENCE, MATERIAL, PHOTO, UploadRefused, accept, sniff
from lvzhi.ledger.services import self_report_duty
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.org.models import Member
from lvzhi.org.services.members import set_member_photo
from lvzhi.testing import PDF, make_activity, picture, today

MB = 1024 * 1024


def png_declaring(width: int, height: int) -> bytes:
    """A small, valid-looking PNG whose header claims width × height pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def upload(content: bytes, name: str = "file.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refused(content: bytes, policy, name: str = "a.jpg") -> UploadRefused:
    with pytest.raises(UploadRefused) as exc:
        accept(upload(content, name), policy)
    assert exc.value.status == 422 and exc.value.fields
    return exc.value


def test_types_come_from_the_bytes_not_the_name():
    assert sniff(picture("PNG")) == "png" and sniff(picture("JPEG")) == "jpg" and sniff(PDF) == "pdf"
    assert refused(b"<html><script>alert(1)</script></html>", MATERIAL, "纪要.pdf").code == "upload.bad_type"
    assert refused(b"MZ\x90\x00" + b"\x00" * 200, MATERIAL, "照片.jpg").code == "upload.bad_type"
    assert refused(PDF, PHOTO, "照片.png").message == "只能上传JPEG 或 PNG 图片"
    assert refused(b"", EVIDENCE).code == "upload.empty"


def test_the_stored_name_takes_the_extension_of_what_the_bytes_are():
    file = upload(PDF, "会议纪要.html")
    assert accept(file, MATERIAL) == "pdf" and file.name == "会议纪要.pdf"


def test_size_caps_are_checked_before_reading():
    assert refused(PDF + b"\x00" * (MATERIAL.max_bytes), MATERIAL, "a.pdf").message == "文件不能超过 20 MB"
    assert refused(picture() + b"\x00" * PHOTO.max_bytes, PHOTO).code == "upload.too_large"


def test_a_picture_declaring_40000_by_40000_pixels_is_refused_from_its_header():
    bomb = png_declaring(40_000, 40_000)
    assert len(bomb) < 2000
    error = refused(bomb, PHOTO, "a.png")
    assert (error.code, error.message) == ("upload.image_too_large", "图片尺寸过大，请缩小到 8000×8000 像素以内")
    assert refused(png_declaring(9000, 10), PHOTO, "a.png").message == (
        "图片尺寸过大（9000×10 像素），请缩小到 8000×8000 像素以内"
    )
    assert refused(png_declaring(7000, 7000), PHOTO, "a.png").code == "upload.image_too_large"
    assert accept(upload(picture("PNG", (1200, 1600)), "ok.png"), PHOTO) == "png"


def test_a_broken_picture_is_refused():
    assert refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, PHOTO, "a.png").code == "upload.broken_image"


def test_member_photo_service_and_api_refuse_the_bomb(world):
    with pytest.raises(UploadRefused):
        set_member_photo(world.member, photo=upload(png_declaring(40_000, 40_000), "p.png"), actor=None)
    response = world.client(Role.MEMBER).post(
        f"/api/v1/members/{world.member.pk}/photo", {"file": upload(png_declaring(40_000, 40_000), "p.png")}
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "upload.image_too_large"
    assert not Member.objects.get(pk=world.member.pk).photo


def test_the_profile_screen_explains_a_bomb_in_chinese(world):
    response = world.client(Role.MEMBER).post(
        reverse("org:my_photo"), {"photo-photo": upload(png_declaring(40_000, 40_000), "p.png")}, follow=True
    )
    assert "图片尺寸过大，请缩小到 8000×8000 像素以内" in response.content.decode()


def test_activity_materials_refuse_pages_programs_and_oversized_files(world):
    activity = published_activity(world)
    staff = world.client(Role.MEMBER_AFFAIRS)
    url = f"/api/v1/activities/{activity.pk}/files"
    for content, name in (
        (b"<html>hi</html>", "a.html"),
        (b"MZ" + b"\x00" * 100, "a.exe"),
        (b"\x00" * 11 * MB, "a.pdf"),
    ):
        response = staff.post(url, {"file": upload(content, name), "title": "x", "kind": "other"})
        assert response.status_code == 422, name
    assert not ActivityFile.objects.exists()
    page = staff.post(
        reverse("activities:manage_attach_file", args=[activity.pk]),
        {"kind": "other", "title": "x", "file": upload(b"<html>hi</html>", "a.html")},
        follow=True,
    )
    assert "只能上传照片、PDF、Word、Excel 或 PowerPoint 文件" in page.content.decode()


def assert_safe_download(response, body: bytes) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == body


def test_activity_material_links_answer_with_the_file_as_a_download(world, outsider):
    activity = make_activity(world)
    ActivityFile.objects.create(
        committee=world.committee, activity=activity, title="纪要", file=upload(PDF, "纪要.pdf")
    )
    staff = world.client(Role.MEMBER_AFFAIRS)
    attached = activity.files.get()
    link = reverse("activities:manage_file", args=[activity.pk, attached.pk])
    assert link in staff.get(reverse("activities:manage_detail", args=[activity.pk])).content.decode()
    response = staff.get(link)
    assert_safe_download(response, PDF)
    assert response["Content-Type"] == "application/pdf"
    assert outsider.client(Role.ADMIN).get(link).status_code == 404
    assert world.client(Role.MEMBER).get(link).status_code == 403


def test_activity_material_api_url_downloads_for_those_who_see_the_activity(world, outsider):
    activity = published_activity(world)
    staff = world.client(Role.MEMBER_AFFAIRS)
    ActivityFile.objects.create(committee=world.committee, activity=activity, title="纪要", file=upload(PDF, "x.pdf"))
    detail = staff.get(f"/api/v1/activities/{activity.pk}").json()
    url = detail["files"][0]["url"]
    assert url.startswith("/api/v1/activities/")
    assert_safe_download(staff.get(url), PDF)
    assert outsider.client(Role.ADMIN).get(url).status_code == 404


def test_evidence_is_a_download_with_nosniff_and_its_api_url_works(world):
    row = self_report_duty(
        member=world.member,
        kind=DutyKind.PUBLIC_SERVICE,
        title="义诊",
        event_date=today(),
        evidence="",
        evidence_file=upload(picture(), "证明.png"),
        actor=world.member.user,
    )
    member = world.client(Role.MEMBER)
    assert_safe_download(member.get(reverse("ledger:my_evidence", args=[row.pk])), picture())
    url = member.get(f"/api/v1/members/{world.member.pk}/duty-records").json()["items"][0]["evidence_file"]
    assert_safe_download(member.get(url), picture())
    assert world.client(Role.HANDLING_UNIT).get(url).status_code == 403


def test_evidence_refuses_a_program_named_as_a_picture(world):
    with pytest.raises(UploadRefused):
        self_report_duty(
            member=world.member,
            kind=DutyKind.PUBLIC_SERVICE,
            title="义诊",
            event_date=today(),
            evidence="",
            evidence_file=upload(b"MZ" + b"\x00" * 100, "证明.jpg"),
            actor=world.member.user,
        )
