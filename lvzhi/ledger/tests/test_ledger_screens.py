"""我的履职: the member's ledger as a timeline by year and the self-report form (pending until staff confirm);
staff see a member's ledger and confirm or reject self-reports from the queue."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.models import AuditEvent, Notification
from lvzhi.ledger import services as ledger
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind, DutyRole
from lvzhi.testing import PDF, make_member, picture

PNG = picture()

MINE = reverse("ledger:mine")
REPORT = reverse("ledger:report")
REVIEW = reverse("ledger:review")


@pytest.fixture
def client(world):
    return world.client(Role.MEMBER)


@pytest.fixture
def staff(world):
    return world.client(Role.MEMBER_AFFAIRS)


def record(world, title, *, on=None, member=None, kind=DutyKind.RESEARCH, role=DutyRole.PRESENT):
    return ledger.record_duty(
        committee=world.committee,
        member=member or world.member,
        kind=kind,
        role=role,
        event_date=on or timezone.localdate(),
        title=title,
        recorded_by=world.users[Role.MEMBER_AFFAIRS],
        recorded_by_dept="委员工作室",
    )


def self_report(world, title="社区义诊", *, member=None, with_file=False):
    member = member or world.member
    return ledger.self_report_duty(
        member=member,
        kind=DutyKind.PUBLIC_SERVICE,
        title=title,
        event_date=timezone.localdate(),
        evidence="为80位老人义诊",
        evidence_file=SimpleUploadedFile("照片.png", PNG) if with_file else None,
        actor=member.user,
    )


@pytest.fixture
def form():
    return {
        "kind": DutyKind.PUBLIC_SERVICE,
        "title": "社区义诊",
        "event_date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "evidence": "为80位老人义诊，社区出具证明",
        "note": "",
    }


def test_the_timeline_shows_this_years_records_with_their_status(world, client):
    this_year = timezone.localdate().year
    record(world, "参加专题调研")
    self_report(world, "自报的义诊")
    record(world, "去年的视察", on=datetime.date(this_year - 1, 6, 1))
    html = client.get(MINE).content.decode()
    assert "参加专题调研" in html and "自报的义诊" in html and "去年的视察" not in html
    assert "已确认" in html and "待确认" in html and "委员工作室" in html
    assert f"?year={this_year - 1}" in html
    assert "去年的视察" in client.get(MINE + f"?year={this_year - 1}").content.decode()


def test_a_voided_record_stays_visible_with_its_reason(world, client):
    row = record(world, "被更正的出席")
    ledger.void_duty(row, actor=world.users[Role.MEMBER_AFFAIRS], reason="考勤更正")
    html = client.get(MINE).content.decode()
    assert "被更正的出席" in html and "已作废" in html and "考勤更正" in html


def test_a_member_self_reports_with_evidence_and_it_waits_for_staff(world, client, form):
    upload = SimpleUploadedFile("证明.pdf", PDF, content_type="application/pdf")
    response = client.post(REPORT, {**form, "evidence_file": upload})
    assert response.status_code == 302
    row = DutyRecord.objects.get(member=world.member)
    assert (row.status, row.self_reported, row.kind, row.title) == ("pending", True, "public_service", "社区义诊")
    assert row.evidence_file.name.endswith(".pdf")
    html = client.get(response["Location"]).content.decode()
    assert "已提交，工作人员确认后计入履职记录" in html and "待确认" in html


def test_a_self_report_without_evidence_is_explained_and_keeps_the_input(world, client, form):
    response = client.post(REPORT, {**form, "evidence": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写佐证说明或上传佐证材料" in html and 'value="社区义诊"' in html
    assert not DutyRecord.objects.exists()


def test_a_future_date_or_an_office_kind_is_refused(world, client, form):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "日期不能晚于今天" in client.post(REPORT, {**form, "event_date": tomorrow}).content.decode()
    response = client.post(REPORT, {**form, "kind": DutyKind.PLENARY})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not DutyRecord.objects.exists()


def test_an_oversized_or_executable_file_is_refused(world, client, form):
    page = SimpleUploadedFile("page.html", b"<script>alert(1)</script>", content_type="text/html")
    response = client.post(REPORT, {**form, "evidence_file": page})
    assert response.status_code == 200
    assert "只能上传照片、PDF、Word 或 Excel 文件" in response.content.decode()
    assert not DutyRecord.objects.exists()


def test_the_member_opens_their_own_evidence_but_not_anothers(world, client):
    mine = self_report(world, with_file=True)
    other = self_report(world, member=make_member(world, "王芳", user=True), with_file=True)
    response = client.get(reverse("ledger:my_evidence", args=[mine.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert client.get(reverse("ledger:my_evidence", args=[other.pk])).status_code == 404


def test_staff_see_the_queue_and_confirm_a_self_report(world, staff):
    row = self_report(world, with_file=True)
    html = staff.get(REVIEW).content.decode()
    assert "社区义诊" in html and "李明" in html and reverse("ledger:evidence", args=[row.pk]) in html
    response = staff.post(reverse("ledger:confirm", args=[row.pk]), {"note": "材料齐全"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.review_note, row.confirmed_by) == (
        "confirmed",
        "材料齐全",
        world.users[Role.MEMBER_AFFAIRS],
    )
    assert Notification.objects.filter(user=world.member.user, kind="duty.reviewed").exists()
    assert AuditEvent.objects.filter(action="duty.confirmed", object_id=str(row.pk)).exists()
    assert 'data-testid="duty-record"' not in staff.get(REVIEW).content.decode()


def test_rejecting_needs_a_reason_and_then_marks_it_disputed(world, staff):
    row = self_report(world)
    url = reverse("ledger:reject", args=[row.pk])
    response = staff.post(url, {"reason": ""}, HTTP_HX_REQUEST="true")
    assert "请填写不予确认的原因" in response.content.decode()
    assert DutyRecord.objects.get(pk=row.pk).status == "pending"
    response = staff.post(url, {"reason": "缺少活动证明"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "已退回" in html and "缺少活动证明" in html
    assert DutyRecord.objects.get(pk=row.pk).status == "disputed"


def test_staff_read_a_members_ledger(world, staff):
    record(world, "参加专题调研")
    html = staff.get(reverse("ledger:member", args=[world.member.pk])).content.decode()
    assert "李明的履职记录" in html and "参加专题调研" in html


def test_staff_open_evidence(world, staff):
    row = self_report(world, with_file=True)
    response = staff.get(reverse("ledger:evidence", args=[row.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_writes_reject_get(world, staff):
    row = self_report(world)
    for name in ("ledger:confirm", "ledger:reject"):
        assert staff.get(reverse(name, args=[row.pk])).status_code == 405
    assert DutyRecord.objects.get(pk=row.pk).status == "pending"


def test_roles_without_the_capability_get_403(world):
    row = self_report(world)
    handling = world.client(Role.HANDLING_UNIT)
    assert handling.get(MINE).status_code == 403
    assert handling.get(REPORT).status_code == 403
    member = world.client(Role.MEMBER)
    assert member.get(REVIEW).status_code == 403
    assert member.post(reverse("ledger:confirm", args=[row.pk])).status_code == 403
    assert member.get(reverse("ledger:member", args=[world.member.pk])).status_code == 403
    assert DutyRecord.objects.get(pk=row.pk).status == "pending"


def test_outsiders_get_404(world, outsider):
    row = self_report(world, with_file=True)
    client = outsider.client(Role.ADMIN)
    assert client.get(reverse("ledger:member", args=[world.member.pk])).status_code == 404
    assert client.post(reverse("ledger:confirm", args=[row.pk])).status_code == 404
    assert client.post(reverse("ledger:reject", args=[row.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("ledger:evidence", args=[row.pk])).status_code == 404
    assert outsider.client(Role.MEMBER).get(reverse("ledger:my_evidence", args=[row.pk])).status_code == 404
    assert "社区义诊" not in client.get(REVIEW).content.decode()
    assert DutyRecord.objects.get(pk=row.pk).status == "pending"


def test_list_pages_cost_a_bounded_number_of_queries(world, client, staff, django_assert_max_num_queries):
    for i in range(30):
        record(world, f"活动{i}")
        self_report(world, f"自报{i}")
    with django_assert_max_num_queries(12):
        assert client.get(MINE).status_code == 200
    with django_assert_max_num_queries(12):
        assert staff.get(REVIEW).status_code == 200
