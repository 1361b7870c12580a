"""The public mailbox page: no account, floods and junk refused with a clear message, no valid letter lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lvzhi.liaison import services
from lvzhi.liaison.models import Letter
from lvzhi.liaison.tests.factories import member_letter, public_post

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


@pytest.fixture
def mailbox(world):
    return services.mailbox_for(world.member)


def _url(mailbox) -> str:
    return reverse("liaison:public_mailbox", kwargs={"key": mailbox.key})


def _letters(mailbox) -> int:
    return Letter.objects.filter(mailbox=mailbox).count()


def test_the_page_opens_without_an_account(mailbox):
    response = Client().get(_url(mailbox))
    assert response.status_code == 200
    assert "李明" in response.content.decode()
    assert response.context["form"].initial["challenge"]


def test_an_unknown_mailbox_is_404(db):
    assert Client().get(reverse("liaison:public_mailbox", kwargs={"key": "nope"})).status_code == 404


def test_a_letter_is_stored_and_the_writer_lands_on_its_private_link(mailbox):
    response = Client().post(_url(mailbox), public_post(mailbox))
    letter = Letter.objects.get(mailbox=mailbox)
    assert response.status_code == 302
    assert response["Location"] == reverse("liaison:public_letter", kwargs={"token": letter.token})
    assert (letter.status, letter.assignee_id) == (Letter.Status.ASSIGNED, mailbox.member_id)


def test_without_the_proof_of_work_nothing_is_stored_and_the_text_stays(mailbox):
    response = Client().post(_url(mailbox), public_post(mailbox, solution="1"))
    assert response.status_code == 400
    assert "页面验证未通过" in response.content.decode()
    assert response.context["form"].data["title"] == "公交站台缺少遮雨棚"
    assert _letters(mailbox) == 0


def test_a_used_challenge_cannot_be_replayed_for_another_letter(mailbox):
    data = public_post(mailbox)
    assert Client().post(_url(mailbox), data).status_code == 302
    again = Client().post(_url(mailbox), {**data, "title": "另一封", "content": "另一件事情需要反映一下。"})
    assert again.status_code == 400
    assert _letters(mailbox) == 1


def test_a_double_tap_stores_one_letter_and_shows_it(mailbox):
    client = Client()
    first = client.post(_url(mailbox), public_post(mailbox))
    second = client.post(_url(mailbox), public_post(mailbox))
    assert first["Location"] == second["Location"]
    assert _letters(mailbox) == 1


def test_a_flood_from_one_address_is_refused_after_the_limit(mailbox, settings):
    settings.MAILBOX_LETTERS_PER_10_MIN = 2
    client = Client(REMOTE_ADDR="10.0.0.7")
    statuses = [
        client.post(
            _url(mailbox), public_post(mailbox, title=f"第{i}封", content=f"第{i}件事情的详细情况。")
        ).status_code
        for i in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    refused = client.post(_url(mailbox), public_post(mailbox, title="第9封", content="第9件事情的详细情况。"))
    assert "已达上限" in refused.content.decode()
    assert _letters(mailbox) == 2
    # Another address is not held back by the flood.
    other = Client(REMOTE_ADDR="10.0.0.8").post(_url(mailbox), public_post(mailbox, title="邻居的信"))
    assert other.status_code == 302
    assert _letters(mailbox) == 3


def test_hammering_the_form_is_refused_before_any_work(mailbox, settings):
    settings.MAILBOX_ATTEMPTS_PER_10_MIN = 3
    client = Client(REMOTE_ADDR="10.0.0.9")
    statuses = [client.post(_url(mailbox), {"title": "x"}).status_code for _ in range(5)]
    assert statuses[-1] == 429
    assert "提交过于频繁" in client.post(_url(mailbox), {}).content.decode()


def test_the_proxy_header_names_the_address_when_configured(mailbox, settings):
    settings.MAILBOX_LETTERS_PER_10_MIN = 1
    settings.MAILBOX_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client = Client()
    one = client.post(_url(mailbox), public_post(mailbox, title="甲"), HTTP_X_REAL_IP="1.1.1.1")
    two = client.post(_url(mailbox), public_post(mailbox, title="乙"), HTTP_X_REAL_IP="2.2.2.2")
    three = client.post(_url(mailbox), public_post(mailbox, title="丙"), HTTP_X_REAL_IP="2.2.2.2")
    assert [one.status_code, two.status_code, three.status_code] == [302, 302, 429]


def test_an_oversized_attachment_is_refused_with_its_limit(mailbox, settings):
    settings.MAILBOX_ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("photo.png", PNG + b"\x00" * (1024 * 1024 + 10), content_type="image/png")
    response = Client().post(_url(mailbox), {**public_post(mailbox), "attachment": big})
    assert response.status_code == 400
    assert "附件不能超过 1 MB" in response.content.decode()
    assert _letters(mailbox) == 0


def test_a_body_far_beyond_the_limit_is_refused_before_it_is_read(mailbox, settings):
    settings.MAILBOX_ATTACHMENT_MAX_MB = 1
    huge = SimpleUploadedFile("video.png", PNG + b"\x00" * (3 * 1024 * 1024), content_type="image/png")
    response = Client().post(_url(mailbox), {**public_post(mailbox), "attachment": huge})
    assert response.status_code == 400
    assert "附件过大" in response.content.decode()


def test_a_program_named_like_a_photo_is_refused_by_its_content(mailbox):
    fake = SimpleUploadedFile("photo.jpg", EXE, content_type="image/jpeg")
    response = Client().post(_url(mailbox), {**public_post(mailbox), "attachment": fake})
    assert response.status_code == 400
    assert "附件只能是图片" in response.content.decode()
    assert _letters(mailbox) == 0


def test_a_real_picture_is_kept_under_its_true_type(mailbox):
    picture = SimpleUploadedFile("现场.jpeg", PNG, content_type="image/jpeg")
    Client().post(_url(mailbox), {**public_post(mailbox), "attachment": picture})
    letter = Letter.objects.get(mailbox=mailbox)
    assert letter.attachment.name.endswith(".png")
    assert letter.attachment_name == "现场.jpeg"


def test_robots_filling_the_hidden_field_are_refused(mailbox):
    response = Client().post(_url(mailbox), public_post(mailbox, website="http://spam.example"))
    assert response.status_code == 400
    assert _letters(mailbox) == 0


def test_a_letter_full_of_links_is_refused(mailbox):
    spam = "买 http://a.cn 买 http://b.cn 买 http://c.cn 买 http://d.cn"
    response = Client().post(_url(mailbox), public_post(mailbox, content=spam))
    assert "链接过多" in response.content.decode()
    assert _letters(mailbox) == 0


def test_missing_fields_are_named_in_chinese(mailbox):
    response = Client().post(_url(mailbox), public_post(mailbox, phone="", title=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["phone"] == ["此项必填。"]
    assert "请检查填写的内容" in response.content.decode()


def test_a_closed_mailbox_takes_no_letters(mailbox):
    mailbox.is_open = False
    mailbox.save()
    response = Client().post(_url(mailbox), public_post(mailbox))
    assert response.status_code == 409
    assert _letters(mailbox) == 0


def test_the_private_link_shows_only_that_letter(world):
    mine = member_letter(world, title="我的来信标题")
    member_letter(world, title="别人的来信标题")
    page = Client().get(reverse("liaison:public_letter", kwargs={"token": mine.token})).content.decode()
    assert "我的来信标题" in page
    assert "别人的来信标题" not in page
    assert "13900001111" not in page  # not even the writer's own phone is echoed back
    assert Client().get(reverse("liaison:public_letter", kwargs={"token": mine.token[:-1]})).status_code == 404


def test_the_writer_reads_the_answer_and_rates_it(world):
    letter = member_letter(world)
    services.answer_letter(letter, answer="已协调修复", actor=world.member.user, member=world.member)
    url = reverse("liaison:public_letter", kwargs={"token": letter.token})
    client = Client()
    assert "已协调修复" in client.get(url).content.decode()
    assert client.post(url, {"rating": "3", "comment": "谢谢"}).status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.rating) == (Letter.Status.RATED, 3)
    assert "满意" in client.get(url).content.decode()


def test_the_page_loads_its_script_from_our_own_static_files(mailbox):
    page = Client().get(_url(mailbox)).content.decode()
    assert "/static/vendor/js-sha256/sha256.min.js" in page
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]
