"""委员风采 with consent, the public page, and 征文 whose publication writes (and unpublishing voids) a media row."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.workflow import workflow_cases
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.notices import services
from lvzhi.notices.models import Essay, EssayCall, Story
from lvzhi.notices.services.showcase import ESSAY, STORY
from lvzhi.notices.tests.factories import staff


def story(world, *, public: bool = True) -> Story:
    return services.create_story(
        committee=world.committee,
        member=world.member,
        data={"title": "扎根基层的履职人", "body": "李明委员十年如一日服务群众。", "public": public},
        actor=staff(world),
    )


def test_a_story_is_published_only_with_the_members_consent(world):
    made = services.ask_consent(story(world), actor=staff(world))
    with pytest.raises(DomainError) as refused:
        services.publish_story(made, actor=staff(world))
    assert refused.value.status == 409
    member = world.client(Role.MEMBER)
    member.post(reverse("notices:story_consent", args=[made.pk, "consent"]))
    made.refresh_from_db()
    assert made.status == Story.Status.CONSENTED
    services.publish_story(made, actor=staff(world))
    assert made.title in member.get(reverse("notices:showcase")).content.decode()
    # Withdrawing consent takes it down.
    member.post(reverse("notices:story_consent", args=[made.pk, "decline"]))
    assert made.title not in member.get(reverse("notices:showcase")).content.decode().split("关于我的内容")[0]
    assert Story.objects.get(pk=made.pk).status == Story.Status.DECLINED


def test_the_public_page_shows_only_published_public_stories_without_sign_in(world, client):
    shown = services.ask_consent(story(world), actor=staff(world))
    services.consent_story(shown, member=world.member)
    services.publish_story(Story.objects.get(pk=shown.pk), actor=staff(world))
    internal = services.ask_consent(story(world, public=False), actor=staff(world))
    services.consent_story(internal, member=world.member)
    internal = services.publish_story(Story.objects.get(pk=internal.pk), actor=staff(world))
    Story.objects.filter(pk=internal.pk).update(title="仅内部可见")
    page = client.get(reverse("notices:public_showcase", args=[world.committee.code]))
    text = page.content.decode()
    assert page.status_code == 200 and "扎根基层的履职人" in text and "仅内部可见" not in text
    assert client.get(reverse("notices:public_showcase", args=["nowhere"])).status_code == 404


def test_another_member_cannot_consent_for_someone(world):
    from lvzhi.testing import make_member

    made = services.ask_consent(story(world), actor=staff(world))
    other = make_member(world, "王芳")
    with pytest.raises(DomainError) as refused:
        services.consent_story(made, member=other)
    assert refused.value.status == 404


def test_an_essay_published_writes_a_media_row_and_unpublishing_voids_it(world):
    call = services.create_call(
        committee=world.committee,
        data={"title": "我与政协", "deadline": timezone.now() + datetime.timedelta(days=7)},
        actor=staff(world),
    )
    member = world.client(Role.MEMBER)
    empty = member.post(reverse("notices:call", args=[call.pk]), {"title": "", "body": ""})
    assert empty.status_code == 400 and "请填写题目" in empty.content.decode()
    member.post(reverse("notices:call", args=[call.pk]), {"title": "我的履职路", "body": "正文"})
    essay = Essay.objects.get()
    office = world.client(Role.MEMBER_AFFAIRS)
    office.post(reverse("notices:essay_action", args=[essay.pk, "select"]))
    with pytest.raises(DomainError, match="请填写刊发载体"):
        services.decide_essay(Essay.objects.get(pk=essay.pk), "publish", actor=staff(world))
    office.post(reverse("notices:essay_action", args=[essay.pk, "publish"]), {"published_in": "《政协之声》第3期"})
    live = DutyRecord.objects.filter(source_type="notices.essay", source_id=essay.pk).exclude(status="voided")
    assert live.get().kind == DutyKind.MEDIA
    office.post(reverse("notices:essay_action", args=[essay.pk, "unpublish"]))
    assert not live.exists()


def test_a_closed_call_takes_no_essays(world):
    call = services.create_call(
        committee=world.committee,
        data={"title": "征文", "deadline": timezone.now() + datetime.timedelta(days=1)},
        actor=staff(world),
    )
    EssayCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(DomainError, match="征文已截止"):
        services.submit_essay(call, member=world.member, title="迟到", body="正文")


@pytest.mark.parametrize(("action", "status", "allowed"), workflow_cases(STORY))
def test_the_story_table(world, action, status, allowed):
    if status == "":
        pytest.skip("a story exists from creation")
    made = story(world)
    Story.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    calls = {
        "ask_consent": lambda: services.ask_consent(made, actor=staff(world)),
        "consent": lambda: services.consent_story(made, member=world.member),
        "decline": lambda: services.decline_story(made, member=world.member),
        "publish": lambda: services.publish_story(made, actor=staff(world)),
        "unpublish": lambda: services.unpublish_story(made, actor=staff(world)),
    }
    if allowed:
        calls[action]()
    else:
        with pytest.raises(DomainError) as refused:
            calls[action]()
        assert refused.value.status == 409


@pytest.mark.parametrize(("action", "status", "allowed"), workflow_cases(ESSAY))
def test_the_essay_table(world, action, status, allowed):
    if status == "":
        pytest.skip("an essay exists from submission")
    call = services.create_call(
        committee=world.committee,
        data={"title": "征文", "deadline": timezone.now() + datetime.timedelta(days=1)},
        actor=staff(world),
    )
    essay = services.submit_essay(call, member=world.member, title="题", body="文")
    Essay.objects.filter(pk=essay.pk).update(status=status)
    essay.refresh_from_db()
    if allowed:
        services.decide_essay(essay, action, actor=staff(world), published_in="刊物")
    else:
        with pytest.raises(DomainError) as refused:
            services.decide_essay(essay, action, actor=staff(world), published_in="刊物")
        assert refused.value.status == 409
