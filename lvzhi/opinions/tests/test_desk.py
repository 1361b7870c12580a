"""Step 2: the information office reviews and edits (original and every version kept), merges, returns, declines."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Notification
from lvzhi.opinions import services
from lvzhi.opinions.models import Opinion
from lvzhi.opinions.tests.factories import TEXT, draft, office, submitted


def test_editing_keeps_the_original_and_each_version_and_shows_the_change(world):
    opinion = submitted(world)
    original = opinion.content
    client = world.client(Role.INFORMATION_OFFICE)
    client.post(
        reverse("opinions:edit", args=[opinion.pk]),
        {
            "title": opinion.title,
            "category": "society",
            "content": original.replace("加装电梯", "增设电梯"),
            "note": "润色",
        },
    )
    client.post(
        reverse("opinions:edit", args=[opinion.pk]),
        {
            "title": "关于老旧小区增设电梯的建议",
            "category": "society",
            "content": original + "建议设专项资金。",
            "note": "",
        },
    )
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.EDITED
    versions = list(opinion.revisions.values_list("number", "by_author", "content"))
    assert [(n, a) for n, a, _ in versions] == [(1, True), (2, False), (3, False)]
    assert versions[0][2] == original  # the author's text, untouched
    page = client.get(reverse("opinions:desk_detail", args=[opinion.pk])).content.decode()
    assert "<ins class='text-success'>增设</ins>" in page and "<del class='text-danger'>加装</del>" in page
    assert Notification.objects.filter(user=world.member.user, kind="opinions.edited").count() == 1


def test_the_desk_lists_waiting_reports_within_a_query_budget(world, django_assert_max_num_queries):
    for _ in range(12):
        submitted(world)
    client = world.client(Role.INFORMATION_OFFICE)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("opinions:desk"))
    assert page.status_code == 200 and page.content.decode().count("关于加装电梯的建议") == 12


def test_returning_and_declining_need_a_reason_and_tell_the_author(world):
    opinion = submitted(world)
    with pytest.raises(DomainError) as raised:
        services.return_opinion(opinion, actor=office(world), reason=" ")
    assert raised.value.fields == {"reason": ["请填写理由"]}
    assert Opinion.objects.get(pk=opinion.pk).status == Opinion.Status.SUBMITTED
    client = world.client(Role.INFORMATION_OFFICE)
    client.post(reverse("opinions:decline", args=[opinion.pk]), {"reason": "已有同类信息"})
    opinion.refresh_from_db()
    assert (opinion.status, opinion.reason) == (Opinion.Status.DECLINED, "已有同类信息")
    told = Notification.objects.get(user=world.member.user, kind="opinions.declined")
    assert told.body == "已有同类信息"


def test_merging_several_into_one(world):
    first, second = submitted(world), submitted(world)
    client = world.client(Role.INFORMATION_OFFICE)
    picked = client.post(reverse("opinions:merge"), {"ids": [first.pk, second.pk]})
    assert picked.status_code == 200 and "合并为一篇" in picked.content.decode()
    done = client.post(
        reverse("opinions:merge"),
        {
            "ids": [first.pk, second.pk],
            "title": "关于加快老旧小区加装电梯的综合建议",
            "category": "society",
            "content": TEXT,
        },
    )
    merged = Opinion.objects.get(title="关于加快老旧小区加装电梯的综合建议")
    assert done.url == reverse("opinions:desk_detail", args=[merged.pk])
    assert merged.status == Opinion.Status.EDITED and merged.source == Opinion.Source.OFFICE
    assert set(merged.merged_from.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert set(Opinion.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {"merged"}


def test_merging_refuses_a_report_already_declined(world):
    first, second = submitted(world), submitted(world)
    services.decline_opinion(second, actor=office(world), reason="重复")
    with pytest.raises(Conflict):
        services.merge_opinions([first, second], draft=draft(), actor=office(world))
    assert Opinion.objects.get(pk=first.pk).status == Opinion.Status.SUBMITTED


def test_the_office_records_a_report_a_party_sent_in(world):
    client = world.client(Role.INFORMATION_OFFICE)
    response = client.post(
        reverse("opinions:record"),
        {
            "title": "关于民营企业融资的建议",
            "category": "economy",
            "content": TEXT,
            "source": "party",
            "unit_name": "民建示范市委",
        },
    )
    opinion = Opinion.objects.get()
    assert response.status_code == 302
    assert (opinion.source, opinion.unit_name, opinion.author_name) == ("party", "民建示范市委", "民建示范市委")


def test_members_cannot_reach_the_desk_and_see_only_their_own_reports(world):
    opinion = services.submit_opinion(
        committee=world.committee, user=world.users[Role.INFORMATION_OFFICER], draft=draft()
    )
    member = world.client(Role.MEMBER)
    assert member.get(reverse("opinions:desk")).status_code == 403
    assert member.get(reverse("opinions:mine_detail", args=[opinion.pk])).status_code == 404


def test_another_committee_never_sees_a_report(world, outsider):
    opinion = submitted(world)
    client = outsider.client(Role.INFORMATION_OFFICE)
    assert client.get(reverse("opinions:desk_detail", args=[opinion.pk])).status_code == 404
    assert "关于加装电梯" not in client.get(reverse("opinions:desk") + "?status=all").content.decode()
