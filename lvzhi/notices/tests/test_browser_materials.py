"""Browser journeys in real Chromium: the office corrects a study material and uploads a topic's material file at
desk width; a member downloads a topic's file on a phone."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from lvzhi.core.capabilities import Role
from lvzhi.notices import services
from lvzhi.notices.models import MaterialEvent, TopicFile
from lvzhi.notices.tests.factories import make_assignment, make_topic, staff
from lvzhi.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.browser

SLOW = 20_000  # ms
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login/"), timeout=SLOW)


def test_the_office_corrects_a_material_and_uploads_a_topic_file(live_server, world, desktop):
    material = make_assignment(world).materials.get()
    topic = make_topic(world)

    sign_in(desktop, live_server.url, world.users[Role.MEMBER_AFFAIRS].username)
    desktop.goto(f"{live_server.url}/notices/study/materials/")
    desktop.get_by_role("link", name="修改").first.click()
    desktop.get_by_label("标题").fill("学习资料（修订版）")
    desktop.get_by_role("button", name="保存修改").click()
    expect(desktop.get_by_test_id("material-timeline")).to_contain_text("学习资料（修订版）", timeout=SLOW)
    assert MaterialEvent.objects.filter(material=material, action="update").count() == 1

    desktop.goto(f"{live_server.url}/notices/topics/manage/{topic.pk}/")
    desktop.get_by_label("材料名称").fill("改造方案全文")
    desktop.locator("input[type=file]").set_input_files(
        files=[{"name": "方案.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    desktop.get_by_role("button", name="上传材料").click()
    expect(desktop.get_by_test_id("topic-files")).to_contain_text("改造方案全文", timeout=SLOW)
    assert TopicFile.objects.get(topic=topic).title == "改造方案全文"


def test_a_member_downloads_a_topics_material_on_a_phone(live_server, world, phone):
    topic = make_topic(world)
    services.attach_topic_file(
        topic, upload=SimpleUploadedFile("方案.pdf", PDF), title="改造方案全文", actor=staff(world)
    )
    sign_in(phone, live_server.url, world.member.user.username)
    phone.goto(f"{live_server.url}/notices/topics/{topic.pk}/")
    with phone.expect_download(timeout=SLOW) as download:
        phone.get_by_test_id("topic-files").get_by_role("link", name="改造方案全文").click()
    assert download.value.suggested_filename == "改造方案全文.pdf"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == PDF
