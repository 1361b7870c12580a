"""委员风采 and 征文 through the API (the screens' operations), and the essay results workbook from screen and API."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.ledger.models import DutyRecord
from lvzhi.notices import services
from lvzhi.notices.models import EssayCall, Story
from lvzhi.notices.tests.factories import staff
from lvzhi.notices.tests.test_notices import client_of
from lvzhi.testing import make_member

API = "/api/v1"
JSON = "application/json"


@pytest.fixture
def other(world):
    return make_member(world, "王芳", user=True)


def post(client, url, body=None):
    return client.post(url, body or {}, content_type=JSON)


def a_call(world, **data) -> EssayCall:
    return services.create_call(
        committee=world.committee,
        data={"title": "我与政协", "deadline": timezone.now() + datetime.timedelta(days=7), **data},
        actor=staff(world),
    )


def test_a_story_goes_from_draft_to_the_showcase_only_with_consent(world, other):
    office = world.client(Role.MEMBER_AFFAIRS)
    created = post(
        office,
        f"{API}/stories",
        {"member_id": world.member.pk, "title": "扎根基层的履职人", "body": "十年如一日。", "public": True},
    )
    assert created.status_code == 201 and created.json()["status"] == "draft"
    story_id = created.json()["id"]
    member = world.client(Role.MEMBER)
    # A draft is the office's own: not the member's to see or answer yet.
    assert member.get(f"{API}/stories/{story_id}").status_code == 404
    assert post(member, f"{API}/stories/{story_id}/consent").status_code == 404
    assert post(office, f"{API}/stories/{story_id}/publish").status_code == 409

    assert post(office, f"{API}/stories/{story_id}/ask-consent").json()["status"] == "awaiting_consent"
    assert [s["id"] for s in member.get(f"{API}/me/stories").json()] == [story_id]
    assert post(client_of(other), f"{API}/stories/{story_id}/consent").status_code == 404
    assert post(member, f"{API}/stories/{story_id}/consent").json()["status"] == "consented"
    assert post(office, f"{API}/stories/{story_id}/publish").json()["status"] == "published"
    assert [s["title"] for s in client_of(other).get(f"{API}/showcase").json()] == ["扎根基层的履职人"]
    assert client_of(other).get(f"{API}/stories/{story_id}").status_code == 200

    # Withdrawing consent takes it down at once.
    assert post(member, f"{API}/stories/{story_id}/decline").json()["status"] == "declined"
    assert client_of(other).get(f"{API}/showcase").json() == []
    assert [s["status"] for s in office.get(f"{API}/stories", {"status": "declined"}).json()] == ["declined"]


def test_story_input_and_permissions(world, outsider):
    office = world.client(Role.MEMBER_AFFAIRS)
    blank = post(office, f"{API}/stories", {"member_id": world.member.pk, "title": "  ", "body": "正文"})
    assert blank.status_code == 400 and "不能为空" in blank.json()["error"]["fields"]["title"][0]
    missing = post(office, f"{API}/stories", {"member_id": world.member.pk, "title": "标题"})
    assert missing.status_code == 400 and missing.json()["error"]["fields"]["body"]
    theirs = post(office, f"{API}/stories", {"member_id": outsider.member.pk, "title": "标题", "body": "正文"})
    assert theirs.status_code == 404
    huge = post(office, f"{API}/stories", {"member_id": 2**63, "title": "标题", "body": "正文"})
    assert huge.status_code == 400
    member = world.client(Role.MEMBER)
    assert (
        post(member, f"{API}/stories", {"member_id": world.member.pk, "title": "自夸", "body": "x"}).status_code == 403
    )
    assert member.get(f"{API}/stories").status_code == 403
    assert Story.objects.count() == 0


def test_another_committee_cannot_reach_a_story_or_a_call(world, outsider):
    story = services.ask_consent(
        services.create_story(
            committee=world.committee, member=world.member, data={"title": "故事", "body": "正文"}, actor=staff(world)
        ),
        actor=staff(world),
    )
    call = a_call(world)
    essay = services.submit_essay(call, member=world.member, title="题", body="文")
    office = outsider.client(Role.MEMBER_AFFAIRS)
    assert office.get(f"{API}/stories/{story.pk}").status_code == 404
    assert post(office, f"{API}/stories/{story.pk}/publish").status_code == 404
    assert post(outsider.client(Role.MEMBER), f"{API}/stories/{story.pk}/consent").status_code == 404
    assert office.get(f"{API}/essay-calls/{call.pk}/results.xlsx").status_code == 404
    assert office.get(reverse("notices:call_export", args=[call.pk])).status_code == 404
    assert post(office, f"{API}/essays/{essay.pk}/decision", {"action": "select"}).status_code == 404
    assert (
        post(
            outsider.client(Role.MEMBER), f"{API}/essay-calls/{call.pk}/essays", {"title": "t", "body": "b"}
        ).status_code
        == 404
    )
    assert office.get(f"{API}/stories").json() == [] and office.get(f"{API}/essay-calls").json() == []


def test_an_essay_is_submitted_selected_and_published_through_the_api(world, other):
    office = world.client(Role.MEMBER_AFFAIRS)
    deadline = (timezone.localtime() + datetime.timedelta(days=7)).replace(microsecond=0).isoformat()
    created = post(office, f"{API}/essay-calls", {"title": "我与政协七十五年", "deadline": deadline})
    assert created.status_code == 201 and created.json()["open"] is True
    call_id = created.json()["id"]

    member = world.client(Role.MEMBER)
    assert [c["id"] for c in member.get(f"{API}/essay-calls").json()] == [call_id]
    submitted = post(member, f"{API}/essay-calls/{call_id}/essays", {"title": "我的履职路", "body": "正文……"})
    assert submitted.status_code == 201 and submitted.json()["status"] == "submitted"
    essay_id = submitted.json()["id"]
    assert client_of(other).get(f"{API}/essays/{essay_id}").status_code == 404
    assert member.get(f"{API}/essays/{essay_id}").json()["title"] == "我的履职路"
    assert post(member, f"{API}/essays/{essay_id}/decision", {"action": "select"}).status_code == 403

    listed = office.get(f"{API}/essay-calls/{call_id}/essays", {"q": "履职"}).json()
    assert [e["id"] for e in listed] == [essay_id]
    assert post(office, f"{API}/essays/{essay_id}/decision", {"action": "select"}).json()["status"] == "selected"
    unnamed = post(office, f"{API}/essays/{essay_id}/decision", {"action": "publish"})
    assert unnamed.status_code == 400 and "请填写刊发载体" in unnamed.json()["error"]["message"]
    published = post(office, f"{API}/essays/{essay_id}/decision", {"action": "publish", "published_in": "《政协之声》"})
    assert published.json()["status"] == "published"
    assert (
        DutyRecord.objects.filter(source_type="notices.essay", source_id=essay_id).exclude(status="voided").count() == 1
    )
    assert [e["status"] for e in member.get(f"{API}/me/essays").json()] == ["published"]
    again = post(office, f"{API}/essays/{essay_id}/decision", {"action": "publish", "published_in": "再刊"})
    assert again.status_code == 409


def test_essay_input_is_refused_in_chinese(world):
    office = world.client(Role.MEMBER_AFFAIRS)
    past = post(office, f"{API}/essay-calls", {"title": "征文", "deadline": "2020-01-01T10:00:00+08:00"})
    assert past.status_code == 400 and "截止时间须晚于现在" in past.json()["error"]["message"]
    stamp = post(office, f"{API}/essay-calls", {"title": "征文", "deadline": 1893456000})
    assert stamp.status_code == 400 and "ISO 8601" in stamp.json()["error"]["fields"]["deadline"][0]
    call = a_call(world)
    member = world.client(Role.MEMBER)
    empty = post(member, f"{API}/essay-calls/{call.pk}/essays", {"title": "题目", "body": ""})
    assert empty.status_code == 400
    nul = post(member, f"{API}/essay-calls/{call.pk}/essays", {"title": "题目", "body": "a\x00b"})
    assert nul.status_code == 400 and "空字符" in nul.json()["error"]["fields"]["body"][0]
    bad_action = post(office, f"{API}/essays/1/decision", {"action": "burn"})
    assert bad_action.status_code == 400
    EssayCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    late = post(member, f"{API}/essay-calls/{call.pk}/essays", {"title": "迟到", "body": "正文"})
    assert late.status_code == 409 and "征文已截止" in late.json()["error"]["message"]
    assert member.get(f"{API}/essay-calls").json() == []  # a closed call is no longer offered to members


def rows_of(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_essay_results_are_a_workbook_from_screen_and_api_with_formulas_kept_as_text(world, other):
    call = a_call(world)
    chosen = services.submit_essay(call, member=world.member, title="我的履职路", body="正文")
    services.decide_essay(chosen, "select", actor=staff(world))
    services.decide_essay(chosen, "publish", actor=staff(world), published_in="《政协之声》第3期")
    services.submit_essay(call, member=other, title='=HYPERLINK("http://x","点我")', body="正文")
    office = world.client(Role.MEMBER_AFFAIRS)
    from_screen = rows_of(office.get(reverse("notices:call_export", args=[call.pk])))
    from_api = office.get(f"{API}/essay-calls/{call.pk}/results.xlsx")
    assert rows_of(from_api) == from_screen
    assert from_screen[0] == ("题目", "作者", "投稿时间", "状态", "刊发载体", "字数")
    assert ("我的履职路", world.member.name, "已刊发", "《政协之声》第3期") in [
        (r[0], r[1], r[3], r[4]) for r in from_screen
    ]
    sheet = load_workbook(BytesIO(from_api.content)).active
    cell = next(c for c in sheet["A"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix  # text, not a live formula
    member = world.client(Role.MEMBER)
    assert member.get(reverse("notices:call_export", args=[call.pk])).status_code == 403
    assert member.get(f"{API}/essay-calls/{call.pk}/results.xlsx").status_code == 403


def test_the_lists_stay_within_their_query_budget(world, django_assert_max_num_queries):
    call = a_call(world)
    for n in range(8):
        author = make_member(world, f"委员{n}")
        services.submit_essay(call, member=author, title=f"征文{n}", body="正文")
        services.create_story(
            committee=world.committee, member=author, data={"title": f"故事{n}", "body": "x"}, actor=None
        )
    office = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(10):
        assert len(office.get(f"{API}/essay-calls/{call.pk}/essays").json()) == 8
    with django_assert_max_num_queries(10):
        assert len(office.get(f"{API}/stories").json()) == 8
    with django_assert_max_num_queries(10):
        assert len(rows_of(office.get(f"{API}/essay-calls/{call.pk}/results.xlsx"))) == 9
