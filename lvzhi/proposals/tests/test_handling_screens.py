"""Handling in the browser's pages: the office assigns, the unit replies, the office approves, the member rates;
a handling unit's pages show nothing that was not assigned to it."""

from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.org.models import HandlingUnit
from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal, Reply
from lvzhi.proposals.services import handling
from lvzhi.proposals.tests.factories import PARKING, office, proposal, unit_of
from lvzhi.testing import today

P = Proposal.Status


def test_assign_reply_approve_and_rate_on_the_screens(world):
    item = services.accept(proposal(world), actor=office(world))
    unit = unit_of(world)
    desk = world.client(Role.PROPOSAL_OFFICE)
    desk.post(reverse("proposals:assign", args=[item.pk]), {"lead": unit.pk, "mode": "co", "due_date": ""})
    item.refresh_from_db()
    assert item.status == P.ASSIGNED

    clerk = world.client(Role.HANDLING_UNIT)
    page = clerk.get(reverse("proposals:unit_list")).content.decode()
    assert item.title in page
    url = reverse("proposals:unit_detail", args=[item.pk])
    empty = clerk.post(url, {"action": "reply", "grade": "", "content": "", "contact_mode": "", "contacted_on": ""})
    assert "请选择答复类别" in empty.content.decode()
    assert not Reply.objects.exists()
    clerk.post(
        url,
        {
            "action": "reply",
            "grade": "B",
            "content": "已列入计划",
            "contact_mode": "meeting",
            "contacted_on": today().isoformat(),
        },
    )
    reply = Reply.objects.get()
    desk.post(reverse("proposals:review_reply", args=[item.pk, reply.pk]), {"decision": "approve", "grade": "A"})
    item.refresh_from_db()
    assert item.status == P.REPLIED and Reply.objects.get().grade == "A"

    me = world.client(Role.MEMBER)
    assert "已列入计划" in me.get(reverse("proposals:detail", args=[item.pk])).content.decode()
    me.post(reverse("proposals:evaluate", args=[item.pk]), {"satisfaction": "basically_satisfied"})
    item.refresh_from_db()
    assert (item.status, item.satisfaction) == (P.CLOSED, "basically_satisfied")


def test_unit_pages_show_only_assigned_proposals(world, django_assert_max_num_queries):
    mine = services.accept(proposal(world), actor=office(world))
    handling.assign(mine, units=[(unit_of(world), "lead")], due_date=None, actor=office(world))
    other = HandlingUnit.objects.create(committee=world.committee, name="市交通局")
    theirs = services.accept(proposal(world, text=PARKING), actor=office(world))
    handling.assign(theirs, units=[(other, "lead")], due_date=None, actor=office(world))
    clerk = world.client(Role.HANDLING_UNIT)
    with django_assert_max_num_queries(10):
        page = clerk.get(reverse("proposals:unit_list")).content.decode()
    assert mine.title in page and theirs.title not in page
    assert clerk.get(reverse("proposals:unit_detail", args=[theirs.pk])).status_code == 404
    assert clerk.get(reverse("proposals:manage_list")).status_code == 403
    home = clerk.get(reverse("portal:staff_home"))
    assert theirs.title not in home.content.decode()
