"""活动菜单: a member sees the activities open to them with seats left and their own status, signs up
(a place, or the waiting list with its position) and cancels; errors come back as Chinese messages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Registration
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role
from lvzhi.testing import make_member, make_user

MENU = reverse("activities:menu")


@pytest.fixture
def client(world):
    return world.client(Role.MEMBER)


@pytest.fixture
def research(world):
    """A menu activity for everyone with two places."""
    return make_activity(world, title="城市更新专题调研", capacity=2, organiser_name="城建委")


@pytest.fixture
def rival(world):
    """Another member with a login, to take places first."""
    return make_member(world, "王芳", user=True)


def signup_url(activity):
    return reverse("activities:signup", args=[activity.pk])


def test_menu_shows_open_activities_with_place_organiser_and_seats_left(world, client, research, rival):
    services.register_for_activity(research, member=rival, actor=rival.user)
    make_activity(world, title="尚未发布的活动", publish=False)
    html = client.get(MENU).content.decode()
    assert "城市更新专题调研" in html
    assert "市政协三楼会议室" in html and "城建委" in html
    assert "共 2 人，剩余 1" in html
    assert "尚未发布的活动" not in html
    assert 'data-testid="sign-up"' in html


def test_menu_hides_activities_outside_my_audience_and_other_committees(world, outsider, client):
    make_member(world, "王芳", sector=world.sectors[1])
    make_activity(world, title="只给民革界别", audience=services.Audience(sector_ids=(world.sectors[1].pk,)))
    make_activity(outsider, title="邻市的活动")
    html = client.get(MENU).content.decode()
    assert "只给民革界别" not in html and "邻市的活动" not in html


def test_open_filter_keeps_only_menu_activities_taking_sign_ups(world, client, research):
    make_activity(world, title="全体会议", mode=Activity.Mode.INVITE)
    closed = make_activity(world, title="报名已截止的考察")
    Activity.objects.filter(pk=closed.pk).update(registration_closes_at=timezone.now())
    html = client.get(MENU + "?show=open").content.decode()
    assert "城市更新专题调研" in html and "全体会议" not in html and "报名已截止的考察" not in html


def test_signing_up_takes_a_place(world, client, research):
    response = client.post(signup_url(research), {"next": MENU})
    assert response.status_code == 302 and response["Location"] == MENU
    registration = Registration.objects.get(activity=research, member=world.member)
    assert registration.status == Registration.Status.CONFIRMED
    html = client.get(MENU).content.decode()
    assert "报名成功" in html and "已报名" in html and "剩余 1" in html


def test_a_full_activity_puts_me_on_the_waiting_list_with_my_position(world, client, rival):
    activity = make_activity(world, capacity=1)
    services.register_for_activity(activity, member=rival, actor=rival.user)
    client.post(signup_url(activity))
    registration = Registration.objects.get(activity=activity, member=world.member)
    assert registration.status == Registration.Status.WAITLISTED
    html = client.get(MENU).content.decode()
    assert "您已进入候补名单（第 1 位）" in html
    assert "候补第 1 位" in html


def test_htmx_sign_up_swaps_the_card_with_the_outcome(world, client, research):
    response = client.post(signup_url(research), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'data-testid="activity-card"' in html
    assert "报名成功" in html and 'data-testid="cancel"' in html


def test_signing_up_twice_explains_in_chinese(world, client, research):
    client.post(signup_url(research))
    client.post(signup_url(research))
    assert "您已报名本活动" in client.get(MENU).content.decode()
    assert Registration.objects.filter(activity=research).count() == 1


def test_an_invite_only_meeting_refuses_sign_up(world, client, rival):
    meeting = make_activity(world, mode=Activity.Mode.INVITE, audience=services.Audience(member_ids=(rival.pk,)))
    assert client.post(signup_url(meeting)).status_code == 404  # not invited: not visible at all
    open_meeting = make_activity(world, mode=Activity.Mode.INVITE)
    Registration.objects.filter(activity=open_meeting).delete()
    response = client.post(signup_url(open_meeting), HTTP_HX_REQUEST="true")
    assert "本活动为指定参加，不接受报名" in response.content.decode()
    assert not Registration.objects.filter(activity=open_meeting).exists()


def test_an_invited_member_confirms_they_will_attend(world, client):
    meeting = make_activity(world, mode=Activity.Mode.INVITE)
    assert Registration.objects.get(activity=meeting, member=world.member).status == Registration.Status.INVITED
    assert "确认参加" in client.get(MENU).content.decode()
    client.post(signup_url(meeting))
    assert Registration.objects.get(activity=meeting, member=world.member).status == Registration.Status.CONFIRMED


def test_cancelling_frees_the_place_for_the_first_on_the_waiting_list(world, client, rival):
    activity = make_activity(world, capacity=1)
    client.post(signup_url(activity))
    services.register_for_activity(activity, member=rival, actor=rival.user)
    response = client.post(reverse("activities:cancel", args=[activity.pk]))
    assert response.status_code == 302
    statuses = dict(Registration.objects.filter(activity=activity).values_list("member_id", "status"))
    assert statuses == {world.member.pk: Registration.Status.CANCELLED, rival.pk: Registration.Status.CONFIRMED}
    assert "已取消报名" in client.get(MENU).content.decode()


def test_cancelling_without_a_sign_up_says_so(world, client, research):
    client.post(reverse("activities:cancel", args=[research.pk]))
    assert "您没有报名本活动" in client.get(MENU).content.decode()


def test_a_get_on_a_write_goes_back_to_the_activity_page_and_writes_nothing(world, client, research):
    for name in ("activities:signup", "activities:cancel"):
        response = client.get(reverse(name, args=[research.pk]))
        assert response.status_code == 302
        assert response.url == reverse("activities:detail", args=[research.pk])
    assert not Registration.objects.filter(activity=research, member=world.member).exists()


def test_a_get_on_another_committees_activity_is_still_a_404(world, outsider, research):
    response = outsider.client(Role.MEMBER).get(reverse("activities:signup", args=[research.pk]))
    assert response.status_code == 404


def test_roles_without_participate_get_403(world, research):
    client = world.client(Role.HANDLING_UNIT)
    assert client.get(MENU).status_code == 403
    assert client.post(signup_url(research)).status_code == 403


def test_outsiders_get_404_for_our_activities(world, outsider, research):
    client = outsider.client(Role.MEMBER)
    assert client.post(signup_url(research)).status_code == 404
    assert client.post(reverse("activities:cancel", args=[research.pk])).status_code == 404
    assert not Registration.objects.filter(activity=research).exists()


def test_a_login_without_a_member_record_gets_a_friendly_page(world):
    client = world.client(Role.MEMBER)
    client.force_login(make_user(world.committee, Role.MEMBER))
    response = client.get(MENU)
    assert response.status_code == 200
    assert "尚未关联委员档案" in response.content.decode()


def test_the_menu_costs_the_same_queries_for_one_activity_or_twenty(
    world, client, rival, django_assert_max_num_queries
):
    for i in range(20):
        activity = make_activity(world, capacity=1 if i % 2 else None)
        services.register_for_activity(activity, member=rival, actor=rival.user)
        if i % 3 == 0:
            services.register_for_activity(activity, member=world.member, actor=world.member.user)
    # 17: one of them reads the ids of the activities open to the member, once for the page (open_to_q).
    with django_assert_max_num_queries(17):
        response = client.get(MENU)
    assert response.content.decode().count('data-testid="activity-card"') == 20
