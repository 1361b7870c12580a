"""Step 4: a report forwarded to a handling unit; the unit's users see only what was forwarded to them and answer."""

from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.models import Notification
from lvzhi.opinions.models import Referral
from lvzhi.opinions.tests.factories import edited, referral, unit_of
from lvzhi.org.models import HandlingUnit


def test_the_office_forwards_and_the_unit_answers(world):
    report = edited(world)
    unit = unit_of(world)
    world.client(Role.INFORMATION_OFFICE).post(
        reverse("opinions:forward", args=[report.pk]), {"unit": unit.pk, "note": "请研究办理", "due_on": ""}
    )
    made = Referral.objects.get()
    assert Notification.objects.filter(user=world.users[Role.HANDLING_UNIT], kind="opinions.referred").exists()
    client = world.client(Role.HANDLING_UNIT)
    assert report.title in client.get(reverse("opinions:referrals")).content.decode()
    empty = client.post(reverse("opinions:referral_detail", args=[made.pk]), {"answer": " "})
    assert empty.status_code == 200 and Referral.objects.get().status == "pending"
    client.post(reverse("opinions:referral_detail", args=[made.pk]), {"answer": "已纳入明年改造计划"})
    made.refresh_from_db()
    assert (made.status, made.answer) == ("answered", "已纳入明年改造计划")
    assert Notification.objects.get(user=world.member.user, kind="opinions.answered").body == "已纳入明年改造计划"
    page = world.client(Role.MEMBER).get(reverse("opinions:mine_detail", args=[report.pk])).content.decode()
    assert "已纳入明年改造计划" in page


def test_a_unit_sees_only_what_was_forwarded_to_it(world):
    made = referral(world)
    other = HandlingUnit.objects.create(committee=world.committee, name="示范市交通运输局")
    made.unit = other
    made.save(update_fields=["unit"])
    client = world.client(Role.HANDLING_UNIT)
    assert client.get(reverse("opinions:referral_detail", args=[made.pk])).status_code == 404
    assert made.opinion.title not in client.get(reverse("opinions:referrals")).content.decode()
    assert client.get(reverse("opinions:desk_detail", args=[made.opinion_id])).status_code == 403


def test_a_recalled_referral_disappears_from_the_unit(world):
    made = referral(world)
    world.client(Role.INFORMATION_OFFICE).post(reverse("opinions:recall", args=[made.pk]))
    assert world.client(Role.HANDLING_UNIT).get(reverse("opinions:referral_detail", args=[made.pk])).status_code == 404
