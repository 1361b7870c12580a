"""A reply's class reads in the committee's wording everywhere it is shown: the four-class set's (DOMAIN.md §3.2)
where the committee uses it, the three-class set's where it does not."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.capabilities import Role
from lvzhi.proposals.models import Reply
from lvzhi.proposals.services import rules
from lvzhi.proposals.tests.factories import assigned, key_proposal, office, replied, reviewing_reply
from lvzhi.testing import today

JSON = "application/json"
THREE_B, FOUR_B = "B类：列入计划拟解决", "B类：正在解决或已启动"
THREE_C, FOUR_C = "C类：因条件所限暂不能解决、留作参考", "C类：列入规划逐步解决"


def _use(world, four: bool) -> None:
    rules.save_settings(world.committee, excellent_quota_percent=10, four_class_replies=four, actor=office(world))


def _pages(world, item) -> dict[str, str]:
    """Every page that shows the published reply's class, as its reader sees it."""
    leader = world.users[Role.LEADER]
    honour = key_proposal(world, item, names=(), user_ids=(leader.pk,))
    desk = world.client(Role.PROPOSAL_OFFICE)
    return {
        "member": world.client(Role.MEMBER).get(reverse("proposals:detail", args=[item.pk])),
        "unit": world.client(Role.HANDLING_UNIT).get(reverse("proposals:unit_detail", args=[item.pk])),
        "office": desk.get(reverse("proposals:manage_detail", args=[item.pk])),
        "print": desk.get(reverse("proposals:print", args=[item.pk])),
        "leader": world.client(Role.LEADER).get(reverse("proposals:key_detail", args=[honour.pk])),
    }


@pytest.mark.parametrize(("four", "shown", "not_shown"), [(False, THREE_B, FOUR_B), (True, FOUR_B, THREE_B)])
def test_every_page_shows_the_class_in_the_committees_wording(world, four, shown, not_shown):
    _use(world, four)
    item = replied(world, "B")
    for name, response in _pages(world, item).items():
        assert response.status_code == 200, name
        body = response.content.decode()
        assert shown in body and not_shown not in body, name


@pytest.mark.parametrize(("four", "label"), [(False, THREE_C), (True, FOUR_C)])
def test_the_api_gives_the_class_label_in_the_committees_wording(world, four, label):
    _use(world, four)
    item = replied(world, "C")
    for role in (Role.MEMBER, Role.PROPOSAL_OFFICE, Role.HANDLING_UNIT):
        (reply,) = world.client(role).get(f"/api/v1/proposals/{item.pk}").json()["replies"]
        assert (reply["grade"], reply["grade_label"]) == ("C", label), role
    fresh, _assignment = assigned(world)
    answered = world.client(Role.HANDLING_UNIT).post(
        f"/api/v1/proposals/{fresh.pk}/replies",
        {"grade": "C", "content": "已列入规划。", "contact_mode": "phone", "contacted_on": str(today())},
        content_type=JSON,
    )
    assert answered.status_code == 201 and answered.json()["grade_label"] == label
    approved = world.client(Role.PROPOSAL_OFFICE).post(
        f"/api/v1/proposals/{fresh.pk}/replies/{answered.json()['id']}/approve", {}, content_type=JSON
    )
    assert approved.status_code == 200 and approved.json()["grade_label"] == label


@pytest.mark.parametrize(("four", "label"), [(False, THREE_B), (True, FOUR_B)])
def test_the_statistics_and_their_workbook_use_the_committees_wording(world, four, label):
    _use(world, four)
    replied(world, "B")
    desk = world.client(Role.PROPOSAL_OFFICE)
    assert label in desk.get(reverse("proposals:stats")).content.decode()
    book = load_workbook(io.BytesIO(desk.get(reverse("proposals:stats_export")).content))
    rows = {row[0]: row[1] for row in book["答复类别"].iter_rows(min_row=2, values_only=True)}
    assert rows[label] == 1
    assert ("D类：因条件限制留作参考（已解释）" in rows) is four


def test_a_d_reply_reads_in_the_four_class_wording_and_follow_ups_are_offered_for_b_and_c_only(world):
    _use(world, True)
    item, assignment = assigned(world)
    reply = reviewing_reply(world, item, assignment)
    Reply.objects.filter(pk=reply.pk).update(grade="D", status=Reply.Status.PUBLISHED)
    page = world.client(Role.PROPOSAL_OFFICE).get(reverse("proposals:manage_detail", args=[item.pk])).content.decode()
    assert "D类：因条件限制留作参考（已解释）" in page
    assert 'data-testid="follow-up-form"' not in page  # D is kept for reference: nothing to follow up
    Reply.objects.filter(pk=reply.pk).update(grade="C")
    page = world.client(Role.PROPOSAL_OFFICE).get(reverse("proposals:manage_detail", args=[item.pk])).content.decode()
    assert 'data-testid="follow-up-form"' in page
