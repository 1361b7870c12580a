"""学习园地 on screen and through the API: the office builds an assignment with a quiz, a member completes it."""

import datetime
from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.notices.models import StudyAssignment, StudyCompletion, StudyMaterial
from lvzhi.notices.tests.factories import make_assignment, right_answers, wrong_answers
from lvzhi.testing import tile

API = "/api/v1"


def test_staff_add_a_material_build_an_assignment_with_a_question_and_publish(world):
    office = world.client(Role.MEMBER_AFFAIRS)
    office.post(
        reverse("notices:study_materials"), {"topic": "理论学习", "kind": "document", "title": "读本", "body": "第一章"}
    )
    material = StudyMaterial.objects.get()
    deadline = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = office.post(
        reverse("notices:study_create"),
        {
            "title": "读书活动",
            "deadline": deadline,
            "pass_mark": 100,
            "max_attempts": 2,
            "audience_all": "on",
            "materials": [material.pk],
        },
    )
    assignment = StudyAssignment.objects.get()
    assert response.status_code == 302
    office.post(
        reverse("notices:study_detail", args=[assignment.pk]), {"text": "政协是？", "choices": "*协商机构\n权力机关"}
    )
    assert assignment.questions.get().choices.filter(correct=True).get().text == "协商机构"
    office.post(reverse("notices:study_action", args=[assignment.pk, "publish"]))
    assignment.refresh_from_db()
    assert assignment.status == StudyAssignment.Status.PUBLISHED
    assert StudyCompletion.objects.filter(assignment=assignment, member=world.member).exists()


def test_bad_forms_say_what_is_wrong(world):
    office = world.client(Role.MEMBER_AFFAIRS)
    empty = office.post(reverse("notices:study_materials"), {"topic": "理论", "kind": "document", "title": "空"})
    assert empty.status_code == 400 and "请填写内容、内网链接或上传文件" in empty.content.decode()
    draft = make_assignment(world, pass_mark=None, publish=False)
    one = office.post(reverse("notices:study_detail", args=[draft.pk]), {"text": "题", "choices": "*只有一个"})
    assert one.status_code == 400 and "每道题至少两个选项" in one.content.decode()


def test_a_member_studies_and_passes_the_quiz_on_screen(world):
    assignment = make_assignment(world, pass_mark=100)
    member = world.client(Role.MEMBER)
    home = member.get(reverse("portal:member_home"))
    assert tile(home, "notices.study")["assignments"] == [assignment]
    assert assignment.title in member.get(reverse("notices:study_corner")).content.decode()
    member.post(reverse("notices:study_studied", args=[assignment.pk]))
    wrong = {f"q{q}": [str(c) for c in cs] for q, cs in wrong_answers(assignment).items()}
    member.post(reverse("notices:study", args=[assignment.pk]), wrong)
    assert not DutyRecord.objects.filter(member=world.member, kind="study").exists()
    right = {f"q{q}": [str(c) for c in cs] for q, cs in right_answers(assignment).items()}
    member.post(reverse("notices:study", args=[assignment.pk]), right)
    page = member.get(reverse("notices:study", args=[assignment.pk])).content.decode()
    assert "已记入履职档案" in page
    assert DutyRecord.objects.filter(member=world.member, kind="study", source_id=assignment.pk).count() == 1


def test_an_unanswered_quiz_is_refused_in_chinese(world):
    assignment = make_assignment(world, pass_mark=60)
    response = world.client(Role.MEMBER).post(reverse("notices:study", args=[assignment.pk]), {})
    assert response.status_code == 400
    assert "还有 2 道题未作答" in response.content.decode()


def test_results_export_and_participation_page(world):
    assignment = make_assignment(world, pass_mark=None)
    member = world.client(Role.MEMBER)
    member.post(reverse("notices:study_studied", args=[assignment.pk]))
    office = world.client(Role.MEMBER_AFFAIRS)
    book = office.get(reverse("notices:study_export", args=[assignment.pk]))
    rows = list(load_workbook(BytesIO(book.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == (world.member.name, "是")
    page = office.get(reverse("notices:study_participation"), {"year": assignment.deadline.year})
    assert world.member.name in page.content.decode()
    sheet = office.get(reverse("notices:study_participation"), {"year": assignment.deadline.year, "format": "xlsx"})
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")


def test_api_study_journey(world):
    office = world.client(Role.MEMBER_AFFAIRS)
    created = office.post(
        f"{API}/study-assignments",
        {
            "title": "宪法学习",
            "deadline": (timezone.now() + datetime.timedelta(days=2)).isoformat(),
            "audience": {"members": [world.member.pk]},
            "pass_mark": 100,
            "questions": [
                {"text": "宪法日是？", "choices": [{"text": "12月4日", "correct": True}, {"text": "1月1日"}]}
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assignment_id = created.json()["id"]
    assert office.post(f"{API}/study-assignments/{assignment_id}/publish").json()["status"] == "published"
    member = world.client(Role.MEMBER)
    mine = member.get(f"{API}/me/study-assignments").json()
    question = mine[0]["questions"][0]
    right = next(c["id"] for c in question["choices"] if c["text"] == "12月4日")
    wrong = member.post(
        f"{API}/study-assignments/{assignment_id}/quiz",
        {"answers": {str(question["id"]): [right + 1]}},
        content_type="application/json",
    ).json()
    assert (wrong["score"], wrong["passed"]) == (0, False)
    passed = member.post(
        f"{API}/study-assignments/{assignment_id}/quiz",
        {"answers": {str(question["id"]): [right]}},
        content_type="application/json",
    ).json()
    assert passed == {"score": 100, "passed": True, "completed": True}
    results = office.get(f"{API}/study-assignments/{assignment_id}/results").json()
    assert results[0]["completed"] and results[0]["attempts"] == 2
    rates = office.get(f"{API}/study/participation").json()
    assert any(r["name"] == world.member.name and r["attended"] == 1 for r in rates["members"])
    assert member.get(f"{API}/study/participation").status_code == 403


def test_another_committee_gets_404(world, outsider):
    assignment = make_assignment(world)
    assert outsider.client(Role.MEMBER).get(reverse("notices:study", args=[assignment.pk])).status_code == 404
    staff = outsider.client(Role.MEMBER_AFFAIRS)
    assert staff.get(reverse("notices:study_detail", args=[assignment.pk])).status_code == 404
    assert staff.get(f"{API}/study-assignments/{assignment.pk}/results").status_code == 404
