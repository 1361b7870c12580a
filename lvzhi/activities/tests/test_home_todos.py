"""Homes with work: each role's home counts what waits for it (leave to decide, activities to close, imports) and
lists the next activities; every count follows the role's scope and the committee, in a bounded number of queries."""

import pytest
from django.urls import reverse
from django_scopes import scope

from lvzhi.activities import queries, services
from lvzhi.activities.models import Activity, LeaveRequest
from lvzhi.activities.tests.factories import make_activity, move_start
from lvzhi.core import todo
from lvzhi.core.capabilities import Role
from lvzhi.core.models import RoleAssignment
from lvzhi.core.tenancy import access_for
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.testing import make_user

HOME = reverse("portal:staff_home")


def counts(world, user) -> dict[str, int]:
    with scope(committee=world.committee):
        return {item.key: item.count for item in todo.todos(access_for(user, world.committee))}


def ask_leave(activity, member):
    return services.request_leave(
        activity, member=member, kind=LeaveRequest.Kind.OFFICIAL, reason="外出公务", actor=member.user
    )


@pytest.fixture
def economy_staff(world):
    user = make_user(world.committee, Role.COMMITTEE_STAFF)
    RoleAssignment.objects.filter(user=user).update(special_committee=world.special_committee)
    return user


def test_leave_waits_for_the_approver_it_was_routed_to(world):
    ask_leave(make_activity(world, mode=Activity.Mode.INVITE, kind=ActivityKind.PLENARY), world.member)
    ask_leave(make_activity(world, mode=Activity.Mode.INVITE), world.member)
    assert counts(world, world.users[Role.LEADER])["todo-leave"] == 1  # the plenary goes to the chair
    assert counts(world, world.users[Role.MEMBER_AFFAIRS])["todo-leave"] == 1  # the research to the office


def test_an_activity_over_but_not_closed_waits_for_its_organiser(world, economy_staff):
    over = move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=-240)
    move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=60)  # not over yet
    theirs = make_activity(world, by=Role.MEMBER_AFFAIRS, organiser_special_committee=world.special_committee)
    move_start(theirs, starts_in_minutes=-240)
    assert counts(world, world.users[Role.MEMBER_AFFAIRS])["todo-close"] == 2
    assert counts(world, economy_staff)["todo-close"] == 1  # only what its committee organises
    assert "todo-close" not in counts(world, world.users[Role.LEADER])  # leaders organise nothing
    with scope(committee=world.committee):
        assert list(queries.to_close(access_for(economy_staff, world.committee))) == [
            Activity.objects.get(pk=theirs.pk)
        ]
    services.close_activity(over, actor=world.users[Role.MEMBER_AFFAIRS])
    assert counts(world, world.users[Role.MEMBER_AFFAIRS])["todo-close"] == 1


def test_the_home_links_each_item_to_where_it_is_done(world):
    move_start(make_activity(world, mode=Activity.Mode.INVITE, title="已结束的调研"), starts_in_minutes=-240)
    ask_leave(make_activity(world, mode=Activity.Mode.INVITE, title="下周调研"), world.member)
    client = world.client(Role.MEMBER_AFFAIRS)
    html = client.get(HOME).content.decode()
    assert 'data-testid="todo-leave-count">1<' in html
    assert 'data-testid="todo-close-count">1<' in html
    assert 'data-testid="todo-self-reports-count">0<' in html
    assert "下周调研" in html  # the next activities
    listed = client.get(reverse("activities:manage_list") + "?to_close=1")
    assert [a.title for a in listed.context["page"].object_list] == ["已结束的调研"]
    assert client.get(reverse("activities:leave_queue")).context["page"].paginator.count == 1


def test_next_activities_are_the_published_ones_to_come_soonest_first(world, economy_staff):
    later = make_activity(world, title="后开的会", starts_in_hours=72)
    sooner = make_activity(world, title="先开的会", starts_in_hours=24)
    make_activity(world, title="草稿", publish=False)
    move_start(make_activity(world, title="开过的会"), starts_in_minutes=-240)
    with scope(committee=world.committee):
        leader = [u.title for u in todo.upcoming(access_for(world.users[Role.LEADER], world.committee))]
        staff = [u.title for u in todo.upcoming(access_for(economy_staff, world.committee))]
    assert leader == [sooner.title, later.title]
    assert staff == []  # economy staff organise none of them


def test_a_committees_home_counts_only_its_own_work(world, outsider):
    ask_leave(make_activity(world, mode=Activity.Mode.INVITE), world.member)
    move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=-240)
    theirs = counts(outsider, outsider.users[Role.MEMBER_AFFAIRS])
    assert theirs["todo-leave"] == theirs["todo-close"] == 0
    html = outsider.client(Role.MEMBER_AFFAIRS).get(HOME).content.decode()
    assert "近期没有已发布的活动" in html


@pytest.mark.parametrize("role", [Role.MEMBER_AFFAIRS, Role.COMMITTEE_STAFF, Role.GROUP_CONVENOR, Role.LEADER])
def test_the_to_do_items_cost_a_query_each(world, role, django_assert_max_num_queries):
    for _ in range(3):
        ask_leave(make_activity(world, mode=Activity.Mode.INVITE), world.member)
        move_start(make_activity(world, mode=Activity.Mode.INVITE), starts_in_minutes=-240)
    access = access_for(world.users[role], world.committee)
    with scope(committee=world.committee):
        # At most: self-reports, leave, activities to close, member imports, activity imports, duty reports to
        # review, open disputes and years awaiting approval; rows do not add any.
        with django_assert_max_num_queries(8):
            todo.todos(access)
        with django_assert_max_num_queries(1):
            todo.upcoming(access)
