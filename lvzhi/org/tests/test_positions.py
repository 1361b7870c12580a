"""Positions (职务): staff appoint a member to a dated position and end it (免职) on the member's page;
the services refuse an end before the start and a second open position with the same title."""

import datetime

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Position
from lvzhi.org.services.members import add_position, end_position

START = datetime.date(2023, 1, 12)


@pytest.fixture
def membership(world):
    return world.member.memberships.get()


@pytest.fixture
def convenor(world, membership):
    """The world's member as 界别召集人 since January 2023."""
    return add_position(
        membership,
        title=Position.Title.CONVENOR,
        started_on=START,
        decided_by="一届二次常委会议",
        note="兼职",
        actor=world.users[Role.MEMBER_AFFAIRS],
    )


def add_url(world):
    return reverse("org:position_add", args=[world.member.pk])


def end_url(position):
    return reverse("org:position_end", args=[position.pk])


# Services -----------------------------------------------------------------------------------------


def test_add_position_stores_it_and_audits_on_the_member(world, convenor):
    assert (convenor.title, convenor.started_on, convenor.ended_on) == ("convenor", START, None)
    assert (convenor.decided_by, convenor.note, convenor.committee) == ("一届二次常委会议", "兼职", world.committee)
    event = AuditEvent.objects.get(action="member.position_added")
    assert event.object_id == str(world.member.pk)
    assert event.data["title"] == "convenor" and event.data["started_on"] == "2023-01-12"


def test_a_second_open_position_with_the_same_title_is_refused(world, membership, convenor):
    with pytest.raises(Conflict) as exc:
        add_position(membership, title="convenor", started_on=START, actor=None)
    assert exc.value.code == "position.duplicate" and "界别召集人" in exc.value.message
    assert Position.objects.count() == 1


def test_the_same_title_again_after_the_first_ended_is_allowed(world, membership, convenor):
    end_position(convenor, ended_on=datetime.date(2024, 1, 1), actor=None)
    again = add_position(membership, title="convenor", started_on=datetime.date(2025, 1, 1), actor=None)
    assert Position.objects.filter(membership=membership, title="convenor").count() == 2
    assert again.ended_on is None


def test_end_position_dates_it_and_audits_the_deciding_meeting(world, convenor):
    end_position(convenor, ended_on=datetime.date(2024, 6, 30), decided_by="一届十次常委会议", actor=None)
    convenor.refresh_from_db()
    assert convenor.ended_on == datetime.date(2024, 6, 30)
    event = AuditEvent.objects.get(action="member.position_ended")
    assert event.data["ended_by"] == "一届十次常委会议" and event.data["ended_on"] == "2024-06-30"


def test_an_end_before_the_start_is_refused_in_chinese(world, convenor):
    with pytest.raises(DomainError) as exc:
        end_position(convenor, ended_on=START - datetime.timedelta(days=1), actor=None)
    assert exc.value.code == "position.end_before_start" and "不能早于任职日期" in exc.value.message
    convenor.refresh_from_db()
    assert convenor.ended_on is None


def test_ending_twice_is_a_conflict(world, convenor):
    end_position(convenor, ended_on=START, actor=None)
    with pytest.raises(Conflict) as exc:
        end_position(convenor, ended_on=START, actor=None)
    assert exc.value.code == "position.already_ended"


def test_an_unknown_title_is_refused(world, membership):
    with pytest.raises(DomainError) as exc:
        add_position(membership, title="emperor", started_on=START, actor=None)
    assert exc.value.code == "position.bad_title"


# Screens ------------------------------------------------------------------------------------------


def test_the_member_page_offers_staff_the_add_and_end_forms(world, convenor):
    html = world.client(Role.MEMBER_AFFAIRS).get(reverse("org:member_detail", args=[world.member.pk])).content.decode()
    assert add_url(world) in html and end_url(convenor) in html
    assert "职务任免" in html and "界别召集人" in html


def test_staff_without_manage_members_see_positions_but_no_forms(world, convenor):
    html = world.client(Role.LEADER).get(reverse("org:member_detail", args=[world.member.pk])).content.decode()
    assert "界别召集人" in html
    assert add_url(world) not in html and end_url(convenor) not in html


def test_staff_appoint_a_member_from_the_form(world):
    data = {"position-title": "liaison", "position-started_on": "2024-03-01", "position-decided_by": "主席会议"}
    response = world.client(Role.MEMBER_AFFAIRS).post(add_url(world), data)
    assert response.status_code == 302
    assert response.url == reverse("org:member_detail", args=[world.member.pk])
    position = Position.objects.get()
    assert (position.title, position.started_on, position.decided_by) == (
        "liaison",
        datetime.date(2024, 3, 1),
        "主席会议",
    )
    history = world.client(Role.MEMBER_AFFAIRS).get(response.url).context["history"]
    assert history[0].action == "任命职务" and any("联络员" in line for line in history[0].details)


def test_a_duplicate_from_the_form_shows_why_and_keeps_what_was_typed(world, convenor):
    data = {"position-title": "convenor", "position-started_on": "2024-03-01", "position-decided_by": "主席会议"}
    response = world.client(Role.MEMBER_AFFAIRS).post(add_url(world), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "不能重复任命" in html and 'value="主席会议"' in html and 'value="2024-03-01"' in html
    assert Position.objects.count() == 1


def test_a_missing_date_is_refused_in_chinese(world):
    response = world.client(Role.MEMBER_AFFAIRS).post(add_url(world), {"position-title": "liaison"})
    assert response.status_code == 200
    assert "此项必填" in response.content.decode()
    assert not Position.objects.exists()


def test_staff_end_a_position_from_the_member_page(world, convenor):
    data = {"end-ended_on": "2024-12-31", "end-decided_by": "一届十五次常委会议"}
    response = world.client(Role.ADMIN).post(end_url(convenor), data)
    assert response.status_code == 302
    convenor.refresh_from_db()
    assert convenor.ended_on == datetime.date(2024, 12, 31)


def test_an_end_before_the_start_on_the_form_keeps_the_typed_values(world, convenor):
    data = {"end-ended_on": "2022-12-31", "end-decided_by": "一届十五次常委会议"}
    response = world.client(Role.MEMBER_AFFAIRS).post(end_url(convenor), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "免职日期不能早于任职日期" in html and 'value="一届十五次常委会议"' in html
    convenor.refresh_from_db()
    assert convenor.ended_on is None


def test_the_forms_are_also_pages_of_their_own(world, convenor):
    client = world.client(Role.MEMBER_AFFAIRS)
    assert "任命职务" in client.get(add_url(world)).content.decode()
    assert "免去职务" in client.get(end_url(convenor)).content.decode()


@pytest.mark.parametrize("role", [Role.LEADER, Role.COMMITTEE_STAFF, Role.MEMBER])
def test_roles_without_manage_members_get_403(world, convenor, role):
    client = world.client(role)
    assert (
        client.post(add_url(world), {"position-title": "liaison", "position-started_on": "2024-03-01"}).status_code
        == 403
    )
    assert client.post(end_url(convenor), {"end-ended_on": "2024-12-31"}).status_code == 403
    assert Position.objects.count() == 1


def test_outsiders_get_404(world, outsider, convenor):
    client = outsider.client(Role.ADMIN)
    assert (
        client.post(add_url(world), {"position-title": "liaison", "position-started_on": "2024-03-01"}).status_code
        == 404
    )
    assert client.post(end_url(convenor), {"end-ended_on": "2024-12-31"}).status_code == 404
    convenor.refresh_from_db()
    assert convenor.ended_on is None and Position.objects.count() == 1


def test_other_methods_are_refused(world, convenor):
    assert world.client(Role.ADMIN).delete(end_url(convenor)).status_code == 405
