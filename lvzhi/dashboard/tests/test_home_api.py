"""GET /api/v1/me/todos and /api/v1/search: the home's work and the global search for other systems and apps."""

from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import Activity, LeaveRequest
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role
from lvzhi.testing import make_member


def test_todos_count_what_waits_for_the_caller(world):
    coming = make_activity(world, title="下周座谈", mode=Activity.Mode.INVITE)
    services.request_leave(
        coming, member=world.member, kind=LeaveRequest.Kind.OFFICIAL, reason="外出", actor=world.member.user
    )
    body = world.client(Role.MEMBER_AFFAIRS).get("/api/v1/me/todos").json()
    counts = {t["key"]: t["count"] for t in body["todos"]}
    assert counts["todo-leave"] == 1 and counts["todo-close"] == 0
    leave = next(t for t in body["todos"] if t["key"] == "todo-leave")
    assert leave["label"] == "待审批请假" and leave["url"] == reverse("activities:leave_queue")
    assert [u["title"] for u in body["upcoming"]] == ["下周座谈"]


def test_a_member_has_no_staff_todos(world):
    assert world.client(Role.MEMBER).get("/api/v1/me/todos").json()["todos"] == []


def test_search_finds_within_the_callers_committee(world, outsider):
    make_member(world, "张伟")
    make_activity(world, title="常委会议")
    ours = world.client(Role.MEMBER_AFFAIRS).get("/api/v1/search", {"q": "zw"}).json()
    assert [m["name"] for m in ours["members"]] == ["张伟"]
    assert [
        a["title"] for a in world.client(Role.MEMBER).get("/api/v1/search", {"q": "cwhy"}).json()["activities"]
    ] == ["常委会议"]
    theirs = outsider.client(Role.MEMBER_AFFAIRS).get("/api/v1/search", {"q": "zw"}).json()
    assert theirs == {"members": [], "activities": []}


def test_an_empty_search_is_refused_in_chinese(world):
    response = world.client(Role.MEMBER).get("/api/v1/search", {"q": ""})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["q"] == ["内容过短"]


def test_anonymous_callers_are_refused(client):
    assert client.get("/api/v1/me/todos").status_code == 401
