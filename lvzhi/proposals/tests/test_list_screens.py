"""The list screens cost the same few queries however many proposals there are, and show what a row needs."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.proposals.models import Cosigner, Proposal
from lvzhi.proposals.tests.factories import PARKING, assigned, colleague, proposal

S = Proposal.Status


def test_the_office_list_counts_confirmed_cosigners_per_row_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    people = [colleague(world) for _ in range(3)]
    rows = [proposal(world) for _ in range(30)]
    for n, person in enumerate(people):
        Cosigner.objects.create(committee=world.committee, proposal=rows[0], member=person, status="confirmed")
        Cosigner.objects.create(committee=world.committee, proposal=rows[1], member=person, status="invited")
        if n:
            Cosigner.objects.create(committee=world.committee, proposal=rows[2], member=person, status="confirmed")
    desk = world.client(Role.PROPOSAL_OFFICE)
    with django_assert_max_num_queries(12):
        page = desk.get(reverse("proposals:manage_list"), {"status": "all"}).content.decode()
    assert "共 30 件" in page
    cells = {p.pk: page.split(f'href="{reverse("proposals:manage_detail", args=[p.pk])}"')[1] for p in rows[:4]}
    confirmed = {pk: cell.split("<td>")[2].split("</td>")[0] for pk, cell in cells.items()}
    assert [confirmed[p.pk] for p in rows[:4]] == ["3", "0", "2", "0"]


def test_a_member_sees_own_and_cosigned_proposals_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    other = colleague(world)
    for _ in range(10):
        proposal(world)
    theirs = proposal(world, lead=other, text=PARKING)
    Cosigner.objects.create(committee=world.committee, proposal=theirs, member=world.member, status="invited")
    proposal(world, lead=other, text=("关于发展夜间经济的建议", "夜市"))  # neither led nor co-signed
    client = world.client(Role.MEMBER)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("proposals:mine")).content.decode()
    assert page.count(PARKING[0]) == 2  # the invitation and the row
    assert "夜间经济" not in page


def test_the_unit_list_puts_the_open_assignments_first_and_only_the_latest_earlier_ones(
    world, django_assert_max_num_queries
):
    open_item, _assignment = assigned(world, S.ASSIGNED)
    Proposal.objects.filter(pk=open_item.pk).update(title="正在办理的提案")
    closed = [assigned(world, S.CLOSED)[0] for _ in range(52)]
    clerk = world.client(Role.HANDLING_UNIT)
    with django_assert_max_num_queries(10):
        page = clerk.get(reverse("proposals:unit_list")).content.decode()
    now, earlier = page.split("已答复和办结的提案")
    assert "正在办理的提案" in now and "共 52 件" in earlier and "显示最近交办的 50 件" in earlier
    shown = [p.pk for p in closed if reverse("proposals:unit_detail", args=[p.pk]) in earlier]
    assert shown == [p.pk for p in closed[2:]]  # the newest fifty


def test_a_members_list_is_latest_changed_first_and_opens_own_drafts_for_editing(world):
    now = timezone.now()
    old = proposal(world, text=("关于甲事的建议", "甲"))
    draft = proposal(world, S.DRAFT, text=("关于乙事的建议", "乙"))
    newest = proposal(world, text=("关于丙事的建议", "丙"))
    Proposal.objects.filter(pk=old.pk).update(updated_at=now - datetime.timedelta(days=1))
    Proposal.objects.filter(pk=draft.pk).update(updated_at=now - datetime.timedelta(hours=1))
    Proposal.objects.filter(pk=newest.pk).update(updated_at=now)
    page = world.client(Role.MEMBER).get(reverse("proposals:mine")).content.decode()
    assert page.index("丙事") < page.index("乙事") < page.index("甲事")
    assert f'href="{reverse("proposals:edit", args=[draft.pk])}"' in page
    assert f'href="{reverse("proposals:detail", args=[old.pk])}"' in page


def test_the_office_list_pages_through_every_proposal(world):
    rows = [proposal(world) for _ in range(53)]
    desk = world.client(Role.PROPOSAL_OFFICE)
    first = desk.get(reverse("proposals:manage_list"), {"status": "all"}).content.decode()
    second = desk.get(reverse("proposals:manage_list"), {"status": "all", "page": 2}).content.decode()
    assert "共 53 件" in first and "第 1 / 2 页" in first and "page=2" in first and "status=all" in first

    def shown(page: str) -> set[int]:
        return {p.pk for p in rows if f'href="{reverse("proposals:manage_detail", args=[p.pk])}"' in page}

    assert len(shown(first)) == 50 and len(shown(second)) == 3 and not shown(first) & shown(second)
    # A page number past the end (an old bookmark) shows the last page, not an error.
    assert shown(desk.get(reverse("proposals:manage_list"), {"status": "all", "page": 9}).content.decode()) == shown(
        second
    )
