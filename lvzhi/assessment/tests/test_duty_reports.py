"""Duty reports (述职, §3.6): pre-filled from the ledger, written and submitted by the member (a ledger line), reviewed
or returned by staff, linked to a 述职会, shown in the archive; bad input, permissions and tenancy."""

import pytest
from django.utils import timezone

from lvzhi.assessment.models import DutyReport
from lvzhi.assessment.services import reports as services
from lvzhi.assessment.tests.test_archive import YEAR, add
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.models import Membership, SpecialCommitteeSeat
from lvzhi.testing import make_activity, make_member

RS = DutyReport.Status
PROPOSAL = "关于完善城市停车设施的提案"
OPINION = "关于老旧小区加装电梯的建议"


def busy_year(world):
    add(
        world,
        world.member,
        ("proposal", "first_proposer", PROPOSAL),
        ("opinion", "submitter", OPINION, 4),
        ("research", "present", "营商环境调研", 5),
        ("research", "present", "乡村振兴调研", 6),
        ("plenary", "absent", "全体会议", 1),
    )


def start(world, kind=DutyReport.Kind.MEMBER_YEARLY, year=YEAR):
    return services.start_report(world.member, year=year, kind=kind, actor=world.member.user)


def test_the_yearly_report_is_prefilled_from_the_ledger(world):
    busy_year(world)
    report = start(world)
    assert report.status == RS.DRAFT
    text = report.achievements
    assert f"《{PROPOSAL}》" in text and f"《{OPINION}》" in text
    assert "调研2次" in text and "提案1次" in text
    assert "全体会议" not in text  # an absence is not a duty done
    assert report.facts["score"] is not None and "年度履职考核得分" in text
    assert report.events.get().action == "start"


def test_only_standing_members_and_directors_write_those_reports(world):
    assert services.kinds_for(world.member, YEAR) == ["member_yearly"]
    with pytest.raises(DomainError) as refused:
        start(world, DutyReport.Kind.STANDING_WRITTEN)
    assert refused.value.message == "您不需要提交“常委书面述职报告”"
    Membership.objects.filter(member=world.member).update(is_standing_member=True)
    SpecialCommitteeSeat.objects.filter(membership__member=world.member).update(role="director")
    assert services.kinds_for(world.member, YEAR) == ["member_yearly", "standing_written", "director"]
    director = start(world, DutyReport.Kind.DIRECTOR)
    assert director.special_committee == world.special_committee


def test_a_report_is_started_once_for_the_member_themself_and_not_for_a_future_year(world):
    start(world)
    with pytest.raises(Conflict):
        start(world)
    with pytest.raises(DomainError, match="未来年度"):
        start(world, year=timezone.localdate().year + 1)
    other = make_member(world, "王芳", user=True)
    with pytest.raises(NotAllowed):
        services.start_report(other, year=YEAR, kind="member_yearly", actor=world.member.user)


def test_submitting_files_the_report_as_a_ledger_line_and_returning_voids_it(world):
    busy_year(world)
    report = start(world)
    services.update_report(
        report, actor=world.member.user, data={"own_work": "做好本职工作", "problems": "调研不够深入"}
    )
    report = services.submit_report(report, actor=world.member.user)
    assert report.status == RS.SUBMITTED and report.submitted_at is not None
    line = DutyRecord.objects.get(source_type="assessment.dutyreport", source_id=report.pk)
    assert (line.kind, line.role, line.year, line.status) == ("duty_report", "participant", YEAR, "confirmed")
    assert line.event_date.year == YEAR
    staff = world.users[Role.MEMBER_AFFAIRS]
    with pytest.raises(DomainError, match="原因"):
        services.return_report(report, actor=staff, reason="  ")
    report = services.return_report(report, actor=staff, reason="请补充社会责任部分")
    line.refresh_from_db()
    assert report.status == RS.RETURNED and line.status == "voided"
    told = Notification.objects.get(user=world.member.user, source_id=report.pk)
    assert told.title == f"您的{YEAR}年委员年度履职报告被退回，请修改后重新提交" and told.body == "请补充社会责任部分"
    assert f"/assessment/archive/reports/{report.pk}/" in world.client(Role.MEMBER).get("/inbox/").content.decode()
    report = services.submit_report(report, actor=world.member.user, data={"social_responsibility": "参加公益捐助"})
    live = DutyRecord.objects.filter(source_id=report.pk, source_type="assessment.dutyreport").exclude(status="voided")
    assert live.count() == 1
    report = services.review_report(report, actor=staff, note="内容详实")
    assert report.status == RS.REVIEWED
    assert [e.action for e in report.events.order_by("at", "id")] == ["start", "submit", "return", "submit", "review"]


def test_an_empty_report_or_a_submitted_one_cannot_be_submitted(world):
    report = start(world)
    with pytest.raises(DomainError) as empty:
        services.submit_report(report, actor=world.member.user, data={"achievements": "   "})
    assert empty.value.message == "请填写履职成效后再提交" and "achievements" in empty.value.fields
    report = services.submit_report(report, actor=world.member.user, data={"achievements": "认真履职"})
    with pytest.raises(Conflict) as again:
        services.submit_report(report, actor=world.member.user)
    assert "已提交" in again.value.message
    with pytest.raises(Conflict):
        services.update_report(report, actor=world.member.user, data={"problems": "改"})
    with pytest.raises(DomainError) as long:
        services.update_report(start(world, year=YEAR - 1), actor=world.member.user, data={"problems": "长" * 10_001})
    assert long.value.fields == {"problems": ["内容不能超过10000字"]}


def test_a_duty_report_meeting_records_who_reported_and_the_archive_shows_it(world):
    report = services.submit_report(start(world), actor=world.member.user, data={"achievements": "年度履职成效显著"})
    meeting = make_activity(world, kind="duty_report_meeting", title="2025年度委员述职会")
    other = make_activity(world, kind="research")
    staff = world.users[Role.MEMBER_AFFAIRS]
    with pytest.raises(DomainError, match="不是本会的述职会"):
        services.link_meeting(report, actor=staff, meeting=other, oral=True)
    services.link_meeting(report, actor=staff, meeting=meeting, oral=True)
    client = world.client(Role.MEMBER_AFFAIRS)
    page = client.get(f"/assessment/archive/meetings/{meeting.pk}/").content.decode()
    assert "李明" in page and "口头" in page
    archive = client.get(f"/api/v1/members/{world.member.pk}/archive?year={YEAR}").json()
    (filed,) = archive["duty_reports"]
    assert filed["meeting"]["title"] == "2025年度委员述职会" and filed["oral"] is True
    assert filed["achievements"] == "年度履职成效显著"
    source = next(r for r in archive["years"][0]["records"] if r["kind"] == "duty_report")["source"]
    assert source == {"type": "assessment.dutyreport", "id": report.pk, "label": f"履职报告 #{report.pk}"}
    assert client.get(f"/assessment/archive/meetings/{other.pk}/").status_code == 404


def test_a_draft_is_not_in_the_archive(world):
    start(world)
    archive = world.client(Role.MEMBER).get(f"/api/v1/members/{world.member.pk}/archive?year={YEAR}").json()
    assert archive["duty_reports"] == []


def test_the_member_writes_and_submits_on_the_phone_and_staff_review_on_the_desk(world):
    busy_year(world)
    member = world.client(Role.MEMBER)
    this_year = timezone.localdate().year
    assert "撰写" in member.get("/assessment/archive/reports/").content.decode()
    response = member.post("/assessment/archive/reports/start/", {"year": this_year, "kind": "member_yearly"})
    report = DutyReport.objects.get(member=world.member, year=this_year)
    assert response.status_code == 302 and response["Location"] == f"/assessment/archive/reports/{report.pk}/"
    form = member.get(response["Location"]).content.decode()
    assert "履职成效" in form and "本职工作" in form
    fields = {"achievements": "全年履职情况良好", "own_work": "本职工作", "action": "save"}
    member.post(response["Location"], fields)
    report.refresh_from_db()
    assert report.status == RS.DRAFT and report.own_work == "本职工作"
    member.post(response["Location"], {**fields, "action": "submit"})
    report.refresh_from_db()
    assert report.status == RS.SUBMITTED
    staff = world.client(Role.MEMBER_AFFAIRS)
    home = staff.get("/desk/").content.decode()
    assert 'data-testid="todo-duty-reports"' in home and "待审阅的述职报告" in home
    desk = staff.get(f"/assessment/archive/reports/desk/?year={this_year}").content.decode()
    assert "李明" in desk
    staff.post(f"/assessment/archive/reports/desk/{report.pk}/", {"action": "return", "note": ""})
    report.refresh_from_db()
    assert report.status == RS.SUBMITTED  # a return needs a reason
    staff.post(f"/assessment/archive/reports/desk/{report.pk}/", {"action": "review", "note": "好"})
    report.refresh_from_db()
    assert report.status == RS.REVIEWED


def test_page_input_errors_are_shown_in_chinese(world):
    member = world.client(Role.MEMBER)
    response = member.post("/assessment/archive/reports/start/", {"year": "abc", "kind": "x"}, follow=True)
    assert "请选择要撰写的报告" in response.content.decode()
    response = member.post(
        "/assessment/archive/reports/start/", {"year": YEAR, "kind": "standing_written"}, follow=True
    )
    assert "您不需要提交" in response.content.decode()
    report = start(world)
    response = member.post(f"/assessment/archive/reports/{report.pk}/", {"achievements": "", "action": "submit"})
    assert response.status_code == 200 and "请填写履职成效后再提交" in response.content.decode()
    response = member.post(f"/assessment/archive/reports/{report.pk}/", {"achievements": "长" * 10_001})
    assert response.status_code == 200 and "10000" in response.content.decode()


def test_api_start_edit_submit_review(world):
    busy_year(world)
    member = world.client(Role.MEMBER)
    created = member.post("/api/v1/me/duty-reports", {"year": YEAR}, content_type="application/json")
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    assert PROPOSAL in created.json()["achievements"]
    edited = member.patch(f"/api/v1/duty-reports/{report_id}", {"own_work": "本职"}, content_type="application/json")
    assert edited.json()["own_work"] == "本职"
    submitted = member.post(f"/api/v1/duty-reports/{report_id}/submit", {}, content_type="application/json")
    assert submitted.json()["status"] == "submitted"
    assert (
        member.post(f"/api/v1/duty-reports/{report_id}/review", {}, content_type="application/json").status_code == 403
    )
    staff = world.client(Role.MEMBER_AFFAIRS)
    listed = staff.get(f"/api/v1/duty-reports?year={YEAR}&status=submitted").json()
    assert [r["id"] for r in listed["items"]] == [report_id]
    reviewed = staff.post(f"/api/v1/duty-reports/{report_id}/review", {"note": "好"}, content_type="application/json")
    assert reviewed.json()["status"] == "reviewed"
    meeting = make_activity(world, kind="duty_report_meeting")
    linked = staff.post(
        f"/api/v1/duty-reports/{report_id}/meeting",
        {"meeting_id": meeting.pk, "oral": True},
        content_type="application/json",
    )
    assert linked.json()["meeting_id"] == meeting.pk
    assert staff.get(f"/api/v1/duty-reports?meeting={meeting.pk}").json()["count"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [({"year": "abc"}, "year"), ({"year": 2025, "kind": "speech"}, "kind"), ({}, "year"), ({"year": True}, "year")],
)
def test_api_bad_input_is_refused_in_chinese(world, body, field):
    response = world.client(Role.MEMBER).post("/api/v1/me/duty-reports", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_api_refusals_speak_chinese(world):
    member = world.client(Role.MEMBER)
    future = member.post(
        "/api/v1/me/duty-reports", {"year": timezone.localdate().year + 1}, content_type="application/json"
    )
    assert future.status_code == 400 and future.json()["error"]["message"] == "不能为未来年度撰写履职报告"
    report = start(world)
    again = member.post("/api/v1/me/duty-reports", {"year": YEAR}, content_type="application/json")
    assert again.status_code == 409 and "已经存在" in again.json()["error"]["message"]
    returned = world.client(Role.MEMBER_AFFAIRS).post(
        f"/api/v1/duty-reports/{report.pk}/return", {"reason": "x"}, content_type="application/json"
    )
    assert returned.status_code == 409 and "草稿" in returned.json()["error"]["message"]


def test_another_member_may_not_read_or_edit_a_report(world):
    report = start(world)
    other = make_member(world, "王芳", user=True)
    client = world.client(Role.MEMBER)
    client.force_login(other.user)
    assert client.get(f"/api/v1/duty-reports/{report.pk}").status_code == 403
    edit = client.patch(f"/api/v1/duty-reports/{report.pk}", {"problems": "x"}, content_type="application/json")
    assert edit.status_code == 403 and edit.json()["error"]["message"] == "只能编写本人的履职报告"
    assert client.get(f"/assessment/archive/reports/{report.pk}/").status_code == 404


def test_another_committee_gets_404(world, outsider):
    report = services.submit_report(start(world), actor=world.member.user, data={"achievements": "履职"})
    meeting = make_activity(world, kind="duty_report_meeting")
    api = outsider.client(Role.ADMIN)
    assert api.get(f"/api/v1/duty-reports/{report.pk}").status_code == 404
    assert api.post(f"/api/v1/duty-reports/{report.pk}/review", {}, content_type="application/json").status_code == 404
    assert api.get("/api/v1/duty-reports").json()["count"] == 0
    for url in (
        f"/assessment/archive/reports/desk/{report.pk}/",
        f"/assessment/archive/meetings/{meeting.pk}/",
    ):
        assert api.get(url).status_code == 404
    # Nor can another committee's 述职会 be linked to this committee's report.
    foreign = make_activity(outsider, kind="duty_report_meeting")
    linked = world.client(Role.MEMBER_AFFAIRS).post(
        f"/api/v1/duty-reports/{report.pk}/meeting", {"meeting_id": foreign.pk}, content_type="application/json"
    )
    assert linked.status_code == 400


def test_the_desk_lists_within_a_query_budget(world, django_assert_max_num_queries):
    for i in range(30):
        m = make_member(world, f"委员{i}", user=True)
        DutyReport.objects.create(committee=world.committee, member=m, year=YEAR, status=RS.SUBMITTED)
    client = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(14):
        assert client.get(f"/assessment/archive/reports/desk/?year={YEAR}").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/v1/duty-reports?year={YEAR}").json()["count"] == 30
