"""网络议政 material files: the office uploads them through the upload kit; only the topic's participants download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.tests.test_uploads import png_declaring
from lvzhi.core.uploads import MB
from lvzhi.notices import services
from lvzhi.notices.models import Topic, TopicEvent, TopicFile
from lvzhi.notices.tests.factories import make_topic, staff
from lvzhi.notices.tests.test_notices import client_of
from lvzhi.testing import make_member

API = "/api/v1"
PDF = b"%PDF-1.4 materials"


def upload(name: str = "调研报告.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_the_office_uploads_on_screen_and_invited_members_download(world):
    topic = make_topic(world)
    office = world.client(Role.MEMBER_AFFAIRS)
    response = office.post(reverse("notices:topic_attach", args=[topic.pk]), {"title": "", "file": upload()})
    assert response.status_code == 302
    attached = TopicFile.objects.get()
    assert attached.title == "调研报告" and attached.uploaded_by == staff(world)
    assert TopicEvent.objects.filter(topic=topic, action="attach", note="调研报告").exists()
    assert "调研报告" in office.get(reverse("notices:topic_manage", args=[topic.pk])).content.decode()

    member = world.client(Role.MEMBER)
    page = member.get(reverse("notices:topic", args=[topic.pk])).content.decode()
    assert "材料下载" in page and reverse("notices:topic_file", args=[attached.pk]) in page
    download = member.get(reverse("notices:topic_file", args=[attached.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/pdf"


def test_a_refused_file_is_explained_under_the_field(world):
    topic = make_topic(world)
    office = world.client(Role.MEMBER_AFFAIRS)
    url = reverse("notices:topic_attach", args=[topic.pk])
    disguised = office.post(url, {"file": upload("议程.pdf", b"<html><script>alert(1)</script>")})
    assert disguised.status_code == 400
    assert "只能上传照片、PDF、Word、Excel 或 PowerPoint 文件" in disguised.content.decode()
    empty = office.post(url, {"file": upload("空.pdf", b"")})
    assert empty.status_code == 400
    nothing = office.post(url, {"title": "无文件"})
    assert nothing.status_code == 400 and "请选择文件" in nothing.content.decode()
    assert not TopicFile.objects.exists()


def test_the_service_refuses_a_too_large_file_a_huge_picture_and_a_closed_topic(world):
    topic = make_topic(world)
    big = upload()
    big.size = 21 * MB
    with pytest.raises(DomainError) as too_big:
        services.attach_topic_file(topic, upload=big, title="", actor=staff(world))
    assert too_big.value.status == 422 and "20 MB" in too_big.value.message
    bomb = SimpleUploadedFile("图.png", png_declaring(20000, 20000))
    with pytest.raises(DomainError, match="图片尺寸过大"):
        services.attach_topic_file(topic, upload=bomb, title="", actor=staff(world))
    services.close_topic(topic, actor=staff(world))
    with pytest.raises(DomainError) as closed:
        services.attach_topic_file(Topic.objects.get(pk=topic.pk), upload=upload(), title="", actor=staff(world))
    assert closed.value.status == 409
    assert not TopicFile.objects.exists()


def test_only_participants_download_and_another_committee_gets_404(world, outsider):
    topic = make_topic(world)
    attached = services.attach_topic_file(topic, upload=upload(), title="材料", actor=staff(world))
    uninvited = client_of(make_member(world, "王芳", user=True))
    assert uninvited.get(reverse("notices:topic_file", args=[attached.pk])).status_code == 404
    assert uninvited.get(f"{API}/topics/{topic.pk}/files").status_code == 404
    assert uninvited.get(f"{API}/topics/{topic.pk}/files/{attached.pk}").status_code == 404
    theirs = outsider.client(Role.MEMBER_AFFAIRS)
    assert theirs.get(reverse("notices:topic_file_manage", args=[attached.pk])).status_code == 404
    assert theirs.post(reverse("notices:topic_attach", args=[topic.pk]), {"file": upload()}).status_code == 404
    assert theirs.get(f"{API}/topics/{topic.pk}/files/{attached.pk}").status_code == 404
    assert theirs.post(f"{API}/topics/{topic.pk}/files", {"file": upload()}).status_code == 404
    member = world.client(Role.MEMBER)
    assert member.get(reverse("notices:topic_file_manage", args=[attached.pk])).status_code == 403
    assert member.post(reverse("notices:topic_attach", args=[topic.pk]), {"file": upload()}).status_code == 403
    assert member.post(f"{API}/topics/{topic.pk}/files", {"file": upload()}).status_code == 403
    assert TopicFile.objects.count() == 1


def test_a_draft_topics_files_are_nobodys_but_the_offices(world):
    topic = make_topic(world, publish=False)
    attached = services.attach_topic_file(topic, upload=upload(), title="草稿材料", actor=staff(world))
    assert world.client(Role.MEMBER).get(reverse("notices:topic_file", args=[attached.pk])).status_code == 404
    office = world.client(Role.MEMBER_AFFAIRS)
    assert b"".join(office.get(reverse("notices:topic_file_manage", args=[attached.pk])).streaming_content) == PDF


def test_the_api_uploads_lists_and_serves_files(world):
    topic = make_topic(world)
    office = world.client(Role.MEMBER_AFFAIRS)
    created = office.post(
        f"{API}/topics/{topic.pk}/files", {"file": upload("数据.xlsx", b"PK\x03\x04"), "title": "数据"}
    )
    # An empty zip header is not an Excel workbook: the kit looks at the bytes, not the name.
    assert created.status_code == 422 and "只能上传" in created.json()["error"]["message"]
    created = office.post(f"{API}/topics/{topic.pk}/files", {"file": upload(), "title": "调研报告全文"})
    assert created.status_code == 201 and created.json()["title"] == "调研报告全文"
    file_id = created.json()["id"]
    member = world.client(Role.MEMBER)
    assert [f["id"] for f in member.get(f"{API}/topics/{topic.pk}/files").json()] == [file_id]
    download = member.get(f"{API}/topics/{topic.pk}/files/{file_id}")
    assert b"".join(download.streaming_content) == PDF and download["X-Content-Type-Options"] == "nosniff"
    long_title = office.post(f"{API}/topics/{topic.pk}/files", {"file": upload(), "title": "长" * 201})
    assert long_title.status_code == 400 and "200 字" in long_title.json()["error"]["message"]
    nul = office.post(f"{API}/topics/{topic.pk}/files", {"file": upload(), "title": "a\x00b"})
    assert nul.status_code == 400
    missing = office.post(f"{API}/topics/{topic.pk}/files", {"title": "无文件"})
    assert missing.status_code == 400
