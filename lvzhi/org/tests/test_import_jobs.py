"""A confirmed member import runs in the background: its page and GET /members/import/jobs/{id} show how far it has
got and then what it wrote; a run that meets a problem writes nothing; only its starter, in its committee, sees it."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent
from lvzhi.org import import_check, importer, tasks
from lvzhi.org.models import Member, MemberImport, Sector
from lvzhi.org.tests.test_import import URL, good_rows, xlsx
from lvzhi.org.views.importing import SESSION_KEY
from lvzhi.testing import World


def start(world: World, rows: list[list[object]], *, run: bool = True):
    """Upload and confirm on the screen as staff do; the worker runs the job once the request commits (if `run`)."""
    client = world.client(Role.MEMBER_AFFAIRS)
    file = SimpleUploadedFile("名单.xlsx", xlsx(rows))
    client.post(reverse("org:import"), {"file": file})
    token = client.session[SESSION_KEY]["token"]
    with TestCase.captureOnCommitCallbacks(execute=run):
        response = client.post(reverse("org:import_confirm"), {"token": token}, headers={"HX-Request": "true"})
    assert response.status_code == 302
    return client, response.url


def imports_recorded() -> bool:
    """Whether an import wrote its history (the world's own member was created by a service, without an actor)."""
    return AuditEvent.objects.filter(action__in=["member.imported", "member.created"], actor__isnull=False).exists()


def members_of(world: World) -> int:
    return Member.objects.filter(committee=world.committee).count()


def test_confirming_queues_the_import_and_its_page_polls_for_progress(world):
    client, url = start(world, good_rows(3), run=False)
    job = MemberImport.objects.get()
    assert (job.status, job.total, job.requested_by) == ("queued", 3, world.users[Role.MEMBER_AFFAIRS])
    assert members_of(world) == 1  # nothing written in the request
    panel = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in panel  # htmx swaps the panel into the import page
    assert 'hx-trigger="every 1s"' in panel and "排队中" in panel
    page = client.get(url).content.decode()
    assert "<html" in page and 'data-testid="import-progress"' in page


def test_the_worker_reports_its_progress_row_by_row_then_the_write_then_the_outcome(world, monkeypatch):
    monkeypatch.setattr(import_check, "PROGRESS_EVERY", 2)
    reports: list[dict] = []
    report = tasks._report
    monkeypatch.setattr(tasks, "_report", lambda pk, **fields: (reports.append(fields), report(pk, **fields))[1])
    client, url = start(world, good_rows(5))
    steps = [r.get("status", r.get("done")) for r in reports if "status" in r or set(r) == {"done"}]
    assert steps == ["checking", 2, 4, "writing", "done"]
    job = MemberImport.objects.get()
    assert (job.status, job.done, job.total, job.created, job.updated, job.percent) == ("done", 5, 5, 5, 0, 100)
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "导入完成" in page and "新增 5 人" in page and "hx-trigger" not in page
    assert members_of(world) == 6


def test_the_bar_shows_rows_checked_then_waits_for_the_write_whole(world):
    job = MemberImport(status="checking", total=1000, done=250)
    assert job.percent == 22
    job.status = "writing"
    assert job.percent == 90


def test_the_kept_file_is_deleted_once_the_import_has_run(world):
    start(world, good_rows(2))
    job = MemberImport.objects.get()
    assert job.file.name == ""
    assert not default_storage.listdir("member-imports")[1]


def test_a_registry_changed_after_the_check_ends_invalid_and_writes_nothing(world):
    client, url = start(world, good_rows(3), run=False)
    Sector.objects.filter(term=world.term, name="教育界").update(name="教育科技界")  # renamed meanwhile
    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.run_member_import.enqueue(MemberImport.objects.get().pk)
    job = MemberImport.objects.get()
    assert job.status == "invalid" and job.created == 0
    assert job.errors[0]["message"] == "第2行「界别」：“教育界”不是本届界别"
    assert members_of(world) == 1
    assert not imports_recorded()
    page = client.get(url).content.decode()
    assert "未导入任何数据" in page and "“教育界”不是本届界别" in page


def test_a_failure_in_the_middle_of_the_write_leaves_nothing_behind(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_create_memberships", broken)  # after the members were inserted
    start(world, good_rows(3))  # the worker logs the error (the test backend, like the real one, goes on)
    job = MemberImport.objects.get()
    assert job.status == "failed" and job.finished_at is not None
    assert members_of(world) == 1
    assert not imports_recorded()


def test_a_clash_with_a_concurrent_write_fails_with_a_chinese_message(world, monkeypatch):
    from lvzhi.core.errors import Conflict

    def clash(*args, **kwargs):
        raise Conflict("import.conflict", "导入时数据被他人同时修改，请重新检查后再导入")

    monkeypatch.setattr(importer, "_write", clash)
    client, url = start(world, good_rows(2))
    job = MemberImport.objects.get()
    assert (job.status, job.message) == ("failed", "导入时数据被他人同时修改，请重新检查后再导入")
    assert "导入时数据被他人同时修改" in client.get(url).content.decode()


# API ----------------------------------------------------------------------------------------------------------------


def api_start(world: World, data: bytes, role: str = Role.MEMBER_AFFAIRS):
    client = world.client(role)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"{URL}?dry_run=false", {"file": SimpleUploadedFile("委员.xlsx", data)})
    return client, response


def test_the_api_starts_a_job_and_shows_its_progress_and_outcome(world):
    client, response = api_start(world, xlsx(good_rows(4)))
    assert response.status_code == 202
    started = response.json()
    assert (started["status"], started["total"], started["done"], started["percent"]) == ("queued", 4, 0, 0)
    job = client.get(f"{URL}/jobs/{started['id']}").json()
    assert (job["status"], job["done"], job["percent"], job["created"], job["updated"]) == ("done", 4, 100, 4, 0)
    assert job["errors"] == [] and job["finished_at"]
    again = client.get(f"{URL}/jobs/{api_start(world, xlsx(good_rows(4)))[1].json()['id']}").json()
    assert (again["status"], again["created"], again["updated"]) == ("done", 0, 0)  # re-import creates nothing
    assert members_of(world) == 5


def test_the_api_refuses_a_file_with_problems_at_once_and_starts_nothing(world):
    rows = good_rows(2)
    rows[1][2] = "未知"
    _, response = api_start(world, xlsx(rows))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "import.invalid"
    assert response.json()["error"]["errors"][0]["column"] == "性别"
    assert not MemberImport.objects.exists()
    assert members_of(world) == 1


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER, Role.COMMITTEE_STAFF, Role.HANDLING_UNIT])
def test_only_member_affairs_staff_follow_an_import(world, role):
    _, response = api_start(world, xlsx(good_rows(1)))
    job_id = response.json()["id"]
    client = world.client(role)
    assert client.get(f"{URL}/jobs/{job_id}").status_code == 403
    assert client.get(reverse("org:import_job", args=[job_id])).status_code == 403


def test_another_staff_member_does_not_see_someone_elses_import(world):
    _, response = api_start(world, xlsx(good_rows(1)))
    job_id = response.json()["id"]
    admin = world.client(Role.ADMIN)
    assert admin.get(f"{URL}/jobs/{job_id}").status_code == 404
    assert admin.get(reverse("org:import_job", args=[job_id])).status_code == 404


def test_another_committee_gets_404_for_an_import(world, outsider):
    _, response = api_start(world, xlsx(good_rows(1)))
    job_id = response.json()["id"]
    client = outsider.client(Role.MEMBER_AFFAIRS)
    assert client.get(f"{URL}/jobs/{job_id}").status_code == 404
    assert client.get(reverse("org:import_job", args=[job_id])).status_code == 404
    assert Member.objects.filter(committee=outsider.committee).count() == 1
