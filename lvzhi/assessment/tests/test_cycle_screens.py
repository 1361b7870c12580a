"""The cycle's screens: the member's check on the phone, the office's year page, queue and re-check, and the use
of published results (letters, reminders, talks, nominations); permissions, tenancy and query budgets."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.assessment.models import AssessmentYear, LineCheck, Nomination, Score, Talk
from lvzhi.assessment.services import disputes
from lvzhi.assessment.tests.cycle_factories import STAR, THREE_ONES, YEAR, lines, year_in
from lvzhi.core.capabilities import Role
from lvzhi.testing import make_member

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def url(name, *args):
    return reverse(f"assessment_cycle:{name}", args=args)


@pytest.fixture
def checking(world):
    rows = lines(world, world.member, *THREE_ONES, ("plenary", "absent"))
    return year_in(world, "checking"), rows


def test_the_member_checks_their_year_on_the_phone_in_a_fixed_number_of_queries(
    world, checking, django_assert_max_num_queries
):
    _assessment, rows = checking
    lines(world, world.member, *[("research", "present")] * 30)
    client = world.client(Role.MEMBER)
    with django_assert_max_num_queries(20):
        page = client.get(url("me", YEAR))
    body = page.content.decode()
    assert page.status_code == 200
    assert "不称职" in body and 'data-testid="my-score">45.00<' in body
    assert body.count('data-testid="line-') == len(rows) + 30
    assert "-10" in body and "有异议" in body


def test_the_member_disputes_a_line_with_evidence_and_the_office_corrects_it(world, checking):
    assessment, rows = checking
    absent = next(r for r in rows if r.role == "absent")
    member = world.client(Role.MEMBER)
    form = member.get(url("dispute_line", YEAR, absent.pk))
    assert form.status_code == 200 and "提出异议" in form.content.decode()
    sent = member.post(
        url("dispute_line", YEAR, absent.pk),
        {"reason": "我当天出席了", "evidence_file": SimpleUploadedFile("签到.pdf", PDF)},
    )
    assert sent.status_code == 302
    check = LineCheck.objects.get(record=absent)
    assert check.status == "open" and check.evidence_file

    office = world.client(Role.MEMBER_AFFAIRS)
    queue = office.get(url("disputes", YEAR))
    assert f'data-testid="dispute-{check.pk}"' in queue.content.decode()
    assert office.get(url("dispute_evidence", check.pk)).status_code == 200
    refused = office.post(url("dispute", check.pk), {"decision": "replace", "note": "出席"})
    assert refused.status_code == 200 and "请选择类别和角色" in refused.content.decode()
    done = office.post(
        url("dispute", check.pk), {"decision": "replace", "note": "经核签到表", "kind": "plenary", "role": "present"}
    )
    assert done.status_code == 302
    assert Score.objects.get(assessment=assessment, member=world.member).score == 70


def test_an_empty_reason_or_a_bad_file_is_shown_under_the_field(world, checking):
    _assessment, rows = checking
    member = world.client(Role.MEMBER)
    page = member.post(url("dispute_line", YEAR, rows[0].pk), {"reason": ""})
    assert page.status_code == 200 and "invalid-feedback" in page.content.decode()
    page = member.post(
        url("dispute_line", YEAR, rows[0].pk), {"reason": "有误", "evidence_file": SimpleUploadedFile("x.pdf", b"MZ")}
    )
    assert page.status_code == 200 and not LineCheck.objects.exists()


def test_confirm_one_and_all_on_the_phone(world, checking):
    _assessment, rows = checking
    member = world.client(Role.MEMBER)
    assert member.post(url("confirm_line", YEAR, rows[0].pk)).status_code == 302
    assert member.post(url("confirm_all", YEAR)).status_code == 302
    assert LineCheck.objects.filter(status="confirmed").count() == len(rows)


def test_another_members_line_is_not_found(world, checking):
    _assessment, rows = checking
    other = make_member(world, "王芳", user=True)
    client = world.client(Role.MEMBER)
    client.force_login(other.user)
    assert client.get(url("dispute_line", YEAR, rows[0].pk)).status_code == 404


def test_the_office_moves_the_year_and_leaders_approve(world, checking):
    office, leader = world.client(Role.MEMBER_AFFAIRS), world.client(Role.LEADER)
    page = office.get(url("year", YEAR)).content.decode()
    assert 'data-testid="move-close_check"' in page and "冻结并计算" in page  # timeline shows the freeze
    office.post(url("move", YEAR, "close_check"))
    office.post(url("move", YEAR, "submit"))
    assert office.post(url("decide", YEAR, "approve")).status_code == 403
    assert 'data-testid="move-approve"' in leader.get(url("year", YEAR)).content.decode()
    leader.post(url("decide", YEAR, "approve"))
    assert AssessmentYear.objects.get(year=YEAR).status == "published"


def test_a_refused_move_says_why(world, checking):
    assessment, rows = checking
    disputes.dispute_line(assessment, rows[0], actor=world.member.user, reason="有误")
    office = world.client(Role.MEMBER_AFFAIRS)
    page = office.post(url("move", YEAR, "close_check"), follow=True).content.decode()
    assert "尚有1条异议未复核" in page
    assert office.post(url("move", YEAR, "approve")).status_code == 302  # not an office move: refused, no change
    assert AssessmentYear.objects.get(year=YEAR).status == "checking"


@pytest.fixture
def published(world):
    """Last year published: the world's member scored 0 this year and the year before; a star member excels."""
    star = make_member(world, "赵星", employer="市第一人民医院", job_title="院长")
    lines(world, star, *STAR)
    lines(world, star, *STAR, year=YEAR - 1)
    year_in(world, "published", year=YEAR - 1)
    assessment = year_in(world, "published")
    assert Score.objects.get(assessment=assessment, member=star).band == "excellent"
    return assessment, star


def test_results_list_low_scorers_with_the_two_year_flag_and_the_excellent(
    world, published, django_assert_max_num_queries
):
    _assessment, star = published
    office = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(20):
        page = office.get(url("results", YEAR)).content.decode()
    assert 'data-testid="two-years"' in page and world.member.name in page and star.name in page


def test_nominate_and_record_a_talk(world, published):
    _assessment, star = published
    office = world.client(Role.MEMBER_AFFAIRS)
    office.post(url("nominate", YEAR), {"member": star.pk, "reason": "履职突出"})
    office.post(url("nominate", YEAR), {"member": world.member.pk})  # not excellent: refused
    assert list(Nomination.objects.values_list("member_id", flat=True)) == [star.pk]
    assert office.get(url("talk", YEAR, world.member.pk)).status_code == 200
    done = office.post(
        url("talk", YEAR, world.member.pk),
        {"held_on": datetime.date.today().isoformat(), "talker": "秘书长", "content": "提醒按时参加会议"},
    )
    assert done.status_code == 302 and Talk.objects.get().talker == "秘书长"
    refused = office.post(
        url("talk", YEAR, star.pk), {"held_on": datetime.date.today().isoformat(), "talker": "秘书长", "content": "x"}
    )
    assert "低于60分" in refused.content.decode() and Talk.objects.count() == 1


def test_letters_print_per_member_and_to_the_departments(world, published):
    _assessment, _star = published
    office = world.client(Role.MEMBER_AFFAIRS)
    page = office.get(url("letters", YEAR), {"to": "work_unit", "band": "excellent", "ref": "政协函〔2027〕3号"})
    body = page.content.decode()
    assert body.count('data-testid="letter"') == 1
    assert "市第一人民医院：" in body and "赵星同志" in body and "优秀" in body and "政协函〔2027〕3号" in body
    assert "@page" in body and "@media print" in body
    body = office.get(url("letters", YEAR), {"to": "organisation_dept"}).content.decode()
    assert body.count('data-testid="letter"') == 1 and "中共示范市委组织部：" in body
    assert body.count("<tr>") == 3  # the list: head + 2 members
    body = office.get(url("reminders", YEAR)).content.decode()
    assert body.count('data-testid="reminder"') == 1 and "连续两年低于60分" in body


def test_letters_wait_for_publication(world, checking):
    office = world.client(Role.MEMBER_AFFAIRS)
    page = office.get(url("letters", YEAR), follow=True).content.decode()
    assert "审定通报后方可使用" in page


@pytest.mark.parametrize(
    ("name", "role"),
    [("year", Role.MEMBER), ("disputes", Role.LEADER), ("results", Role.MEMBER), ("me", Role.MEMBER_AFFAIRS)],
)
def test_pages_refuse_roles_without_the_capability(world, checking, name, role):
    assert world.client(role).get(url(name, YEAR)).status_code == 403


@pytest.mark.parametrize(("name", "role"), [("year", Role.MEMBER_AFFAIRS), ("me", Role.MEMBER)])
def test_another_committee_sees_nothing(world, outsider, checking, name, role):
    assert outsider.client(role).get(url(name, YEAR)).status_code == 404
    check = disputes.dispute_line(checking[0], checking[1][0], actor=world.member.user, reason="有误")
    assert outsider.client(Role.MEMBER_AFFAIRS).get(url("dispute", check.pk)).status_code == 404


def test_the_dispute_queue_costs_the_same_for_one_dispute_or_twenty(world, checking, django_assert_max_num_queries):
    assessment, _rows = checking
    extra = lines(world, world.member, *[("research", "present")] * 19)
    for record in [checking[1][0], *extra]:
        disputes.dispute_line(assessment, record, actor=world.member.user, reason="有误")
    office = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(12):
        page = office.get(url("disputes", YEAR))
    assert page.content.decode().count('data-testid="dispute-') == 20
    with django_assert_max_num_queries(12):
        assert office.get("/api/v1/assessment/disputes").json()["count"] == 20


def test_the_home_calls_the_member_to_check_only_during_the_check(world):
    member = world.client(Role.MEMBER)
    assert "check-my-year" not in member.get(url("check_tile")).content.decode()
    lines(world, world.member, *THREE_ONES)
    assessment = year_in(world, "checking")
    assert url("check_tile") in member.get("/me/").content.decode()
    assert url("me", YEAR) in member.get(url("check_tile")).content.decode()
    AssessmentYear.objects.filter(pk=assessment.pk).update(status="review")
    assert "check-my-year" not in member.get(url("check_tile")).content.decode()
