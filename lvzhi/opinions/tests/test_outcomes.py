"""Step 5: adoptions and instructions arrive later as separate events: the right ledger rows, the author told;
reversing one voids it and its rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError
from lvzhi.core.models import Notification
from lvzhi.ledger.models import DutyRecord
from lvzhi.opinions import services
from lvzhi.opinions.models import Adoption, Instruction
from lvzhi.opinions.tests.factories import draft, edited, office, submitted, today
from lvzhi.testing import make_member


def _rows(outcome):
    return DutyRecord.objects.filter(source_type=outcome._meta.label_lower, source_id=outcome.pk)


@pytest.mark.parametrize(
    ("level", "role"),
    [
        ("own", "adopted_own"),
        ("city", "adopted_city"),
        ("province", "adopted_province"),
        ("national", "adopted_national"),
    ],
)
def test_an_adoption_writes_the_ledger_row_of_its_level_and_tells_the_author(world, level, role):
    opinion = edited(world)
    adoption = services.adopt_opinion(
        opinion, level=level, mode="single", issue="省政协《社情民意》第12期", adopted_on=today(), actor=office(world)
    )
    row = _rows(adoption).get()
    assert (row.member, row.kind, row.role, row.status) == (world.member, "opinion", role, "confirmed")
    told = Notification.objects.get(user=world.member.user, kind="opinions.adopted")
    assert "省政协《社情民意》第12期" in told.body


@pytest.mark.parametrize(
    ("level", "role"),
    [("city", "instructed_city"), ("province", "instructed_province"), ("national", "instructed_national")],
)
def test_an_instruction_writes_the_ledger_row_of_its_level_and_tells_the_author(world, level, role):
    opinion = edited(world)
    scan = SimpleUploadedFile("批示.jpg", b"\xff\xd8\xff\xe0scan")
    instruction = services.record_instruction(
        opinion,
        leader_level=level,
        instructed_on=today(),
        summary="请住建局牵头研究",
        leader="张市长",
        scan=scan,
        actor=office(world),
    )
    assert instruction.scan.name.endswith(".jpg")
    assert _rows(instruction).get().role == role
    assert Notification.objects.get(user=world.member.user, kind="opinions.instructed").body == "请住建局牵头研究"


def test_outcomes_of_a_merged_report_count_for_every_source_author(world):
    other = make_member(world, "赵敏", user=True)
    first = submitted(world)
    second = services.submit_opinion(committee=world.committee, user=other.user, draft=draft())
    merged = services.merge_opinions([first, second], draft=draft("综合"), actor=office(world))
    adoption = services.adopt_opinion(
        merged, level="province", mode="combined", adopted_on=today(), actor=office(world)
    )
    assert set(_rows(adoption).values_list("member__name", flat=True)) == {world.member.name, "赵敏"}
    assert Notification.objects.filter(kind="opinions.adopted").count() == 2


def test_voiding_an_outcome_voids_its_ledger_rows_and_keeps_the_record(world):
    opinion = edited(world)
    adoption = services.adopt_opinion(opinion, level="city", adopted_on=today(), actor=office(world))
    client = world.client(Role.INFORMATION_OFFICE)
    client.post(reverse("opinions:void", args=[opinion.pk, "adoption", adoption.pk]), {"reason": "登记错误"})
    adoption.refresh_from_db()
    assert (adoption.status, adoption.void_reason) == ("voided", "登记错误")
    assert _rows(adoption).get().status == "voided"
    with pytest.raises(Conflict):
        services.void_outcome(adoption, actor=office(world), reason="再撤")


def test_outcomes_need_a_report_the_office_took_on(world):
    opinion = submitted(world)
    with pytest.raises(Conflict):
        services.adopt_opinion(opinion, level="city", adopted_on=today(), actor=office(world))
    assert not Adoption.objects.exists()


def test_bad_outcome_input_changes_nothing(world):
    opinion = edited(world)
    with pytest.raises(DomainError) as raised:
        services.record_instruction(
            opinion, leader_level="city", instructed_on=today(), summary="", actor=office(world)
        )
    assert raised.value.fields == {"summary": ["请填写批示内容摘要"]}
    with pytest.raises(DomainError):
        services.adopt_opinion(opinion, level="planet", adopted_on=today(), actor=office(world))
    response = world.client(Role.INFORMATION_OFFICE).post(
        reverse("opinions:instruct", args=[opinion.pk]),
        {
            "leader_level": "city",
            "instructed_on": "2026-01-01",
            "summary": "阅",
            "scan": SimpleUploadedFile("x.exe", b"MZ"),
        },
        follow=True,
    )
    assert "格式不支持" in response.content.decode()
    assert not Instruction.objects.exists() and not Adoption.objects.exists()
    assert not DutyRecord.objects.filter(role__startswith="instructed").exists()


def test_the_author_sees_outcomes_on_their_report(world):
    opinion = edited(world)
    services.adopt_opinion(opinion, level="national", adopted_on=today(), actor=office(world))
    page = world.client(Role.MEMBER).get(reverse("opinions:mine_detail", args=[opinion.pk])).content.decode()
    assert "全国" in page
