"""Step 1: members and officers submit (one matter each, length guide, safe attachments); bad input changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError, Unprocessable
from lvzhi.ledger.models import DutyRecord
from lvzhi.opinions import services
from lvzhi.opinions.models import Attachment, InformationOfficer, Opinion, Revision
from lvzhi.opinions.tests.factories import TEXT, draft, pdf, submitted


def test_a_member_submits_and_it_counts_in_the_ledger_at_once(world):
    opinion = submitted(world)
    assert opinion.status == Opinion.Status.SUBMITTED
    assert opinion.source == Opinion.Source.MEMBER
    assert opinion.author_member == world.member
    assert opinion.station == world.station  # the member's station, for the statistics
    assert Revision.objects.get(opinion=opinion).by_author
    row = DutyRecord.objects.get(source_type="opinions.opinion", source_id=opinion.pk)
    assert (row.member, row.kind, row.role) == (world.member, "opinion", "submitter")


def test_an_officer_who_is_not_a_member_submits_from_a_station(world):
    user = world.users[Role.INFORMATION_OFFICER]
    InformationOfficer.objects.create(committee=world.committee, name="王信息", user=user, station=world.station)
    opinion = services.submit_opinion(committee=world.committee, user=user, draft=draft())
    assert opinion.source == Opinion.Source.OFFICER
    assert (opinion.author_name, opinion.station, opinion.author_member) == ("王信息", world.station, None)
    assert not DutyRecord.objects.filter(source_id=opinion.pk, source_type="opinions.opinion").exists()


def test_an_officer_without_a_record_gets_one_on_first_submission(world):
    user = world.users[Role.INFORMATION_OFFICER]
    opinion = services.submit_opinion(committee=world.committee, user=user, draft=draft())
    assert opinion.officer.user == user


@pytest.mark.parametrize(
    ("title", "content", "field", "message"),
    [
        ("", TEXT, "title", "请填写标题"),
        ("标题", "太短", "content", "正文至少"),
        ("标题", "很" * 3001, "content", "一事一报"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_writes_nothing(world, title, content, field, message):
    with pytest.raises(DomainError) as raised:
        services.submit_opinion(
            committee=world.committee, user=world.member.user, draft=services.Draft(title, content, "society")
        )
    assert message in raised.value.fields[field][0]
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf"), "opinion.file_type"),
        (SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "opinion.file_too_large"),
    ],
)
def test_wrong_type_or_oversized_attachments_are_refused_and_nothing_is_written(world, upload, code):
    with pytest.raises(Unprocessable) as raised:
        submitted(world, files=[upload])
    assert raised.value.code == code
    assert "附件" in raised.value.message
    assert not Opinion.objects.exists() and not Attachment.objects.exists()


def test_the_submit_screen_with_an_attachment(world):
    client = world.client(Role.MEMBER)
    page = client.get(reverse("opinions:submit"))
    assert "一事一报" in page.content.decode()
    response = client.post(
        reverse("opinions:submit"),
        {"title": "关于路灯的建议", "category": "society", "content": TEXT, "attachments": [pdf(), pdf("照片.pdf")]},
    )
    opinion = Opinion.objects.get()
    assert response.status_code == 302 and response.url == reverse("opinions:mine_detail", args=[opinion.pk])
    assert opinion.attachments.count() == 2
    detail = client.get(response.url)
    assert "关于路灯的建议" in detail.content.decode()
    attachment = opinion.attachments.first()
    assert client.get(reverse("opinions:my_attachment", args=[attachment.pk])).status_code == 200


def test_the_submit_screen_shows_a_bad_file_on_its_field(world):
    response = world.client(Role.MEMBER).post(
        reverse("opinions:submit"),
        {
            "title": "关于路灯的建议",
            "category": "society",
            "content": TEXT,
            "attachments": [SimpleUploadedFile("a.exe", b"MZ")],
        },
    )
    assert response.status_code == 200
    assert "格式不支持" in response.content.decode()
    assert not Opinion.objects.exists()


def test_the_author_reworks_a_returned_report_and_withdraws_another(world):
    opinion = submitted(world)
    services.return_opinion(opinion, actor=world.users[Role.INFORMATION_OFFICE], reason="请补充数据")
    client = world.client(Role.MEMBER)
    page = client.get(reverse("opinions:mine_detail", args=[opinion.pk]))
    assert "请补充数据" in page.content.decode()
    client.post(
        reverse("opinions:mine_detail", args=[opinion.pk]),
        {"title": "关于路灯的建议（补充）", "category": "society", "content": TEXT + "补充数据。"},
    )
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SUBMITTED and opinion.revisions.count() == 2
    other = submitted(world)
    client.post(reverse("opinions:withdraw", args=[other.pk]))
    other.refresh_from_db()
    assert other.status == Opinion.Status.WITHDRAWN
    assert DutyRecord.objects.get(source_id=other.pk, source_type="opinions.opinion").status == "voided"


def test_my_list_shows_only_my_reports(world):
    submitted(world)
    officer = world.users[Role.INFORMATION_OFFICER]
    services.submit_opinion(committee=world.committee, user=officer, draft=draft("信息员的信息"))
    page = world.client(Role.MEMBER).get(reverse("opinions:mine")).content.decode()
    assert "关于加装电梯的建议" in page and "信息员的信息" not in page
