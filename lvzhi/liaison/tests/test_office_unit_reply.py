"""The office records a unit's result when the unit answers on paper or by phone (a unit without an account)."""

from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.liaison.models import Letter, LetterEvent
from lvzhi.liaison.tests.factories import forwarded_letter, station_letter


def _url(letter: Letter) -> str:
    return reverse("liaison:office_action", kwargs={"pk": letter.pk, "action": "reply"})


def test_the_office_records_the_units_reply_and_may_then_answer(world):
    letter = forwarded_letter(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    page = client.get(reverse("liaison:office_detail", kwargs={"pk": letter.pk})).content.decode()
    assert 'data-testid="form-reply"' in page and "市住建局" in page
    response = client.post(_url(letter), {"reply-reply": "住建局电话答复：路灯已于周三修复。"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.unit_reply) == (Letter.Status.HANDLED, "住建局电话答复：路灯已于周三修复。")
    event = LetterEvent.objects.get(letter=letter, action="unit_reply")
    assert event.actor == world.users[Role.MEMBER_AFFAIRS]
    after = client.get(reverse("liaison:office_detail", kwargs={"pk": letter.pk})).content.decode()
    assert 'data-testid="form-reply"' not in after and 'data-testid="form-answer"' in after


def test_an_empty_reply_is_refused_on_the_form(world):
    letter = forwarded_letter(world)
    response = world.client(Role.MEMBER_AFFAIRS).post(_url(letter), {"reply-reply": "   "})
    assert response.status_code == 200
    assert "此项必填" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.FORWARDED


def test_a_letter_not_forwarded_has_no_result_to_record(world):
    letter = station_letter(world)
    client = world.client(Role.MEMBER_AFFAIRS)
    assert (
        'data-testid="form-reply"'
        not in client.get(reverse("liaison:office_detail", kwargs={"pk": letter.pk})).content.decode()
    )
    response = client.post(_url(letter), {"reply-reply": "已办"})
    assert response.status_code == 200
    assert "不能执行此操作" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SUBMITTED


def test_the_unit_and_a_member_may_not_use_the_office_screen(world):
    letter = forwarded_letter(world)
    for role in (Role.HANDLING_UNIT, Role.MEMBER):
        assert world.client(role).post(_url(letter), {"reply-reply": "已办"}).status_code == 403


def test_another_committees_office_gets_404(world, outsider):
    letter = forwarded_letter(world)
    response = outsider.client(Role.MEMBER_AFFAIRS).post(_url(letter), {"reply-reply": "已办"})
    assert response.status_code == 404
    letter.refresh_from_db()
    assert letter.status == Letter.Status.FORWARDED
