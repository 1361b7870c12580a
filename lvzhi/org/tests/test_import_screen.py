"""The member import screen: upload, preview every problem, confirm without uploading again, see the result."""

import os
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Member, MemberImport, Term
from lvzhi.org.views.importing import SESSION_KEY
from lvzhi.testing import PASSWORD, World, build_world

SCREENSHOT_DIR = os.environ.get("LVZHI_SCREENSHOTS", "")  # set to keep a picture of the journey
HEADERS = ["委员编号", "姓名", "性别", "界别", "手机"]
GOOD = [["C001", "陈静", "女", "教育界", "13600000001"], ["C002", "林涛", "男", "经济界", "13600000002"]]
BAD = [["C001", "陈静", "女", "文艺界", "13600000001"], ["C002", "", "男", "经济界", "136"]]


def xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("名单.xlsx", buffer.getvalue())


@pytest.fixture
def staff(world: World):
    return world.client(Role.MEMBER_AFFAIRS)


def created(world: World) -> int:
    return Member.objects.filter(committee=world.committee).count() - 1  # the world's own member


def test_the_page_offers_the_upload_form_and_the_template_link(staff):
    page = staff.get(reverse("org:import")).content.decode()
    assert reverse("org:import_template") in page
    assert 'enctype="multipart/form-data"' in page
    assert "spinner-border" in page  # shown while htmx waits for the check


def test_a_submit_without_a_file_asks_for_one_in_chinese(world, staff):
    response = staff.post(reverse("org:import"), {})
    assert response.status_code == 200
    assert "请选择要上传的 Excel 文件" in response.content.decode()


def test_the_template_downloads_as_a_workbook(staff):
    response = staff.get(reverse("org:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(response.content)).sheetnames[0] == "委员名单"


def test_a_file_with_problems_lists_each_by_row_and_column_and_offers_no_confirm(world, staff):
    page = staff.post(reverse("org:import"), {"file": xlsx(BAD)}).content.decode()
    assert "“文艺界”不是本届界别" in page
    assert "<td>2</td><td>界别</td>" in page and "<td>3</td><td>姓名</td>" in page and "<td>3</td><td>手机</td>" in page
    assert 'data-testid="confirm-form"' not in page
    assert created(world) == 0
    assert SESSION_KEY not in staff.session


def test_a_good_file_previews_counts_then_confirm_imports_without_a_second_upload(world, staff):
    preview = staff.post(reverse("org:import"), {"file": xlsx(GOOD)}, headers={"HX-Request": "true"})
    page = preview.content.decode()
    assert "<html" not in page  # htmx swaps only the panel
    assert 'data-testid="confirm-form"' in page
    assert created(world) == 0
    token = staff.session[SESSION_KEY]["token"]
    assert default_storage.exists(f"member-imports/{token}.xlsx")

    with TestCase.captureOnCommitCallbacks(execute=True):  # the import runs in the background once committed
        started = staff.post(reverse("org:import_confirm"), {"token": token})
    job = MemberImport.objects.get()
    assert started.status_code == 302 and started.url == reverse("org:import_job", args=[job.pk])
    result = staff.get(started.url).content.decode()
    assert "导入完成" in result and "新增 2 人" in result
    assert created(world) == 2
    assert AuditEvent.objects.filter(action="member.imported").count() == 1
    assert SESSION_KEY not in staff.session
    assert not default_storage.exists(f"member-imports/{token}.xlsx")


def test_confirming_twice_imports_once(world, staff):
    staff.post(reverse("org:import"), {"file": xlsx(GOOD)})
    token = staff.session[SESSION_KEY]["token"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        staff.post(reverse("org:import_confirm"), {"token": token})
    again = staff.post(reverse("org:import_confirm"), {"token": token})
    assert again.status_code == 302 and again.url == reverse("org:import")
    assert created(world) == 2


def test_uploading_the_same_file_again_previews_no_change(world, staff):
    staff.post(reverse("org:import"), {"file": xlsx(GOOD)})
    with TestCase.captureOnCommitCallbacks(execute=True):
        staff.post(reverse("org:import_confirm"), {"token": staff.session[SESSION_KEY]["token"]})
    page = staff.post(reverse("org:import"), {"file": xlsx(GOOD)}).content.decode()
    assert "另有 2 行与现有资料一致" in page


def test_submitting_without_a_file_says_so(staff):
    page = staff.post(reverse("org:import"), {}).content.decode()
    assert "alert-danger" in page


def test_without_a_current_term_the_check_says_so_instead_of_failing(world, staff):
    Term.objects.filter(committee=world.committee).update(is_current=False)
    response = staff.post(reverse("org:import"), {"file": xlsx(GOOD)}, follow=True)
    assert response.redirect_chain == [(reverse("org:import"), 302)]
    assert "尚未设置本届" in response.content.decode()
    assert SESSION_KEY not in staff.session


def test_a_token_from_someone_elses_session_is_refused(world, staff):
    staff.post(reverse("org:import"), {"file": xlsx(GOOD)})
    token = staff.session[SESSION_KEY]["token"]
    other = world.client(Role.ADMIN)
    response = other.post(reverse("org:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert created(world) == 0


def test_confirm_rejects_get(staff):
    assert staff.get(reverse("org:import_confirm")).status_code == 405


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER, Role.COMMITTEE_STAFF, Role.HANDLING_UNIT])
@pytest.mark.parametrize("name", ["org:import", "org:import_template", "org:import_confirm"])
def test_only_member_affairs_staff_reach_the_import_screens(world, role, name):
    client = world.client(role)
    response = client.get(reverse(name)) if name == "org:import_template" else client.post(reverse(name), {})
    assert response.status_code == 403


def test_an_outsider_cannot_confirm_anothers_pending_import(world, outsider, staff):
    staff.post(reverse("org:import"), {"file": xlsx(GOOD)})
    token = staff.session[SESSION_KEY]["token"]
    response = outsider.client(Role.MEMBER_AFFAIRS).post(reverse("org:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert created(world) == 0
    assert Member.objects.filter(committee=outsider.committee).count() == 1


@pytest.fixture
def live_world(transactional_db) -> World:
    # The live server answers from another thread, so the data must be committed.
    return build_world()


@pytest.mark.browser
def test_in_a_browser_staff_check_a_file_then_confirm_it(live_server, live_world, desktop, tmp_path):
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    bad.write_bytes(xlsx(BAD).read())
    good.write_bytes(xlsx(GOOD).read())
    desktop.goto(f"{live_server.url}/login/")
    desktop.fill("input[name=username]", live_world.users[Role.MEMBER_AFFAIRS].username)
    desktop.fill("input[name=password]", PASSWORD)
    desktop.click("form button[type=submit]")
    desktop.goto(f"{live_server.url}{reverse('org:import')}")

    desktop.set_input_files("input[type=file]", str(bad))
    desktop.click("[data-testid=upload-form] button")
    errors = desktop.locator("[data-testid=import-errors] tbody tr")
    expect(errors).to_have_count(3)
    expect(desktop.locator("[data-testid=confirm-form]")).to_have_count(0)
    if SCREENSHOT_DIR:
        desktop.screenshot(path=f"{SCREENSHOT_DIR}/import-problems.png", full_page=True)

    desktop.set_input_files("input[type=file]", str(good))
    desktop.click("[data-testid=upload-form] button")
    expect(desktop.locator("[data-testid=confirm-form]")).to_be_visible()
    plan = desktop.locator("[data-testid=import-plan] tbody tr")  # each row the import will write, by name
    expect(plan).to_have_count(2)
    expect(plan.first).to_contain_text("陈静")
    expect(plan.first).to_contain_text("新增委员")
    desktop.click("[data-testid=confirm-form] button")
    progress = desktop.locator("[data-testid=import-progress]")  # the job's panel replaces the preview
    expect(progress).to_have_attribute("data-status", "done")
    expect(progress).to_contain_text("新增 2 人")
    expect(desktop.locator("[data-testid=upload-form]")).to_be_visible()
    if SCREENSHOT_DIR:
        desktop.screenshot(path=f"{SCREENSHOT_DIR}/import-result.png", full_page=True)
    assert Member.objects.filter(committee=live_world.committee).count() == 3
