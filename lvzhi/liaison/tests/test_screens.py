"""The screens inside: the office's queue and actions, the member's letters and answer, the unit's reply, posters."""

from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.liaison import services
from lvzhi.liaison.models import Letter, Mailbox
from lvzhi.liaison.tests.factories import forwarded_letter, member_letter, station_letter, unit_of
from lvzhi.testing import tile


def test_the_office_queue_lists_letters_within_a_query_budget(world, django_assert_max_num_queries):
    for _ in range(5):
        station_letter(world)
        member_letter(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("liaison:office_list"))
    assert len(response.context["page"].object_list) == 10
    assert "城东委员工作室" in response.content.decode()


def test_the_office_sorts_a_station_letter_to_a_member(world):
    letter = station_letter(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    url = reverse("liaison:office_action", kwargs={"pk": letter.pk, "action": "assign"})
    response = client.post(url, {"assign-member": world.member.pk, "assign-note": "请李明委员阅处"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.assignee) == (Letter.Status.ASSIGNED, world.member)


def test_the_office_forwards_and_sees_a_refusal_on_the_form(world):
    letter = station_letter(world)
    unit = unit_of(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    forward = reverse("liaison:office_action", kwargs={"pk": letter.pk, "action": "forward"})
    assert client.post(forward, {"forward-unit": unit.pk}).status_code == 302
    close = reverse("liaison:office_action", kwargs={"pk": letter.pk, "action": "close"})
    response = client.post(close, {"close-note": "不属受理范围"})
    assert response.status_code == 200
    assert "当前状态为“转办中”，不能执行此操作" in response.content.decode()


def test_the_member_answers_from_their_screen(world):
    letter = member_letter(world)
    client = world.client(Role.MEMBER)
    page = client.get(reverse("liaison:my_detail", kwargs={"pk": letter.pk}))
    assert "东门到菜场" in page.content.decode()
    url = reverse("liaison:my_action", kwargs={"pk": letter.pk, "action": "answer"})
    assert client.post(url, {"answer-answer": ""}).status_code == 200
    assert client.post(url, {"answer-answer": "已联系社区"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ANSWERED


def test_a_member_cannot_open_a_letter_sorted_to_someone_else(world):
    letter = station_letter(world)
    assert world.client(Role.MEMBER).get(reverse("liaison:my_detail", kwargs={"pk": letter.pk})).status_code == 404


def test_the_unit_replies_from_its_screen_and_sees_no_other_letter(world):
    letter = forwarded_letter(world)
    other = station_letter(world)
    client = world.client(Role.HANDLING_UNIT)
    listed = client.get(reverse("liaison:unit_list") + "?status=all")
    assert [row.pk for row in listed.context["page"].object_list] == [letter.pk]
    assert "13900001111" not in client.get(reverse("liaison:unit_detail", kwargs={"pk": letter.pk})).content.decode()
    assert client.get(reverse("liaison:unit_detail", kwargs={"pk": other.pk})).status_code == 404
    response = client.post(reverse("liaison:unit_detail", kwargs={"pk": letter.pk}), {"reply": "已修复"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.HANDLED


def test_opening_every_mailbox_and_printing_a_station_poster(world):
    client = world.client(Role.MEMBER_AFFAIRS)
    client.post(reverse("liaison:mailboxes_open_all"))
    client.post(reverse("liaison:mailboxes_open_all"))  # twice: nothing opened twice
    kinds = sorted(Mailbox.objects.filter(committee=world.committee).values_list("kind", flat=True))
    assert kinds == ["group", "member", "station"]
    station_box = Mailbox.objects.get(station=world.station)
    poster = client.get(reverse("liaison:mailbox_poster", kwargs={"pk": station_box.pk})).content.decode()
    assert "<svg" in poster and "社情民意征集箱" in poster
    assert f"/liaison/box/{station_box.key}/" in poster


def test_a_member_opens_their_mailbox_and_gets_its_qr_code(world):
    client = world.client(Role.MEMBER)
    assert client.post(reverse("liaison:my_mailbox")).status_code == 302
    page = client.get(reverse("liaison:my_mailbox")).content.decode()
    assert "<svg" in page and services.mailbox_for(world.member).key in page


def test_home_tiles_show_letters_to_answer_and_letters_overdue(world):
    letter = member_letter(world)
    member_home = world.client(Role.MEMBER).get(reverse("portal:member_home"))
    assert tile(member_home, "liaison.letters")["letters"] == [letter]
    Letter.objects.filter(pk=letter.pk).update(first_response_due="2020-01-01")
    station_letter(world)
    staff_home = world.client(Role.MEMBER_AFFAIRS).get(reverse("portal:staff_home"))
    assert tile(staff_home, "liaison.office") == {"overdue": 1, "waiting": 1}


def test_a_message_about_a_letter_leads_to_it(world):
    letter = member_letter(world)
    inbox = world.client(Role.MEMBER).get(reverse("inbox")).content.decode()
    assert reverse("liaison:my_detail", kwargs={"pk": letter.pk}) in inbox


def test_a_handling_units_home_lists_the_letters_it_must_reply_to(world, outsider, django_assert_max_num_queries):
    letter = forwarded_letter(world)
    forwarded_letter(world)
    station_letter(world)  # not passed to the unit
    client = world.client(Role.HANDLING_UNIT)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("home"))
    shown = tile(response, "liaison.unit")
    assert shown["count"] == 2 and letter in shown["letters"]
    assert reverse("liaison:unit_detail", kwargs={"pk": letter.pk}) in response.content.decode()
    # A unit user tied to no unit, and another committee's unit, see no such tile.
    assert all(
        t["key"] != "liaison.unit" for t in outsider.client(Role.HANDLING_UNIT).get(reverse("home")).context["tiles"]
    )
