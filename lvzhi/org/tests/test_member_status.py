"""Lifecycle (DOMAIN.md §3.9): 辞去/免去/撤销资格/逝世 with date and deciding meeting; 恢复在任 needs a note."""

import pytest
from django.urls import reverse

from lvzhi.core.capabilities import Role
from lvzhi.core.errors import DomainError
from lvzhi.core.models import AuditEvent
from lvzhi.core.workflow import workflow_cases
from lvzhi.org.models import Membership, MembershipStatus, StatusChange
from lvzhi.org.services.members import change_member_status
from lvzhi.org.transitions import MEMBERSHIP, MEMBERSHIP_MOVES
from lvzhi.testing import today


@pytest.fixture
def membership(world):
    return world.member.memberships.get()


def url(world):
    return reverse("org:member_status", args=[world.member.pk])


def test_form_offers_only_the_moves_allowed_from_the_current_status(world):
    response = world.client(Role.MEMBER_AFFAIRS).get(url(world))
    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["to_status"].choices]
    assert choices == ["", "resigned", "removed", "revoked", "deceased"]
    assert response.context["form"]["to_status"].value() is None


def test_an_untouched_submit_changes_nothing(world, membership):
    response = world.client(Role.MEMBER_AFFAIRS).post(url(world), {"to_status": "", "effective_on": "2025-03-01"})
    assert response.status_code == 200
    assert "请选择要变更的状态" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


@pytest.mark.parametrize("to_status", ["resigned", "removed", "revoked"])
def test_leaving_by_decision_needs_the_deciding_meeting(world, membership, to_status):
    data = {"to_status": to_status, "effective_on": "2025-03-01", "note": "工作调动"}
    response = world.client(Role.MEMBER_AFFAIRS).post(url(world), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写决定会议或文件" in html and "工作调动" in html
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_the_service_refuses_a_resignation_without_a_decision(world, membership):
    with pytest.raises(DomainError) as caught:
        change_member_status(membership, to_status=MembershipStatus.RESIGNED, effective_on=today(), actor=None)
    assert caught.value.code == "member.decision_required"
    assert "decided_by" in caught.value.fields
    assert not StatusChange.objects.filter(membership=membership, to_status=MembershipStatus.RESIGNED).exists()


def test_a_death_needs_no_deciding_meeting(world, membership):
    change_member_status(membership, to_status=MembershipStatus.DECEASED, effective_on=today(), actor=None)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECEASED


def test_removing_a_member_records_the_step_and_shows_it_on_the_record(world, membership):
    client = world.client(Role.MEMBER_AFFAIRS)
    data = {
        "to_status": "removed",
        "effective_on": "2025-03-01",
        "decided_by": "一届十二次常委会议",
        "note": "工作变动",
    }
    response = client.post(url(world), data)
    assert response.status_code == 302
    assert response.url == reverse("org:member_detail", args=[world.member.pk])
    membership.refresh_from_db()
    assert (membership.status, membership.status_effective_on.isoformat(), membership.status_decided_by) == (
        "removed",
        "2025-03-01",
        "一届十二次常委会议",
    )
    step = StatusChange.objects.filter(membership=membership).latest("id")
    assert (step.from_status, step.to_status, step.note) == ("active", "removed", "工作变动")
    assert step.actor == world.users[Role.MEMBER_AFFAIRS]
    assert AuditEvent.objects.filter(object_id=str(world.member.pk), action="member.status_changed").exists()
    detail = client.get(response.url).content.decode()
    assert "一届十二次常委会议" in detail and "免去" in detail


def test_restoring_needs_a_note_and_keeps_what_was_typed(world, membership):
    change_member_status(
        membership, to_status=MembershipStatus.RESIGNED, effective_on=today(), decided_by="常委会议", actor=None
    )
    client = world.client(Role.MEMBER_AFFAIRS)
    response = client.post(url(world), {"to_status": "active", "effective_on": "2025-04-01", "decided_by": "更正"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "恢复在任须填写说明" in html
    assert 'value="更正"' in html and 'value="2025-04-01"' in html
    assert Membership.objects.get(pk=membership.pk).status == "resigned"
    response = client.post(url(world), {"to_status": "active", "effective_on": "2025-04-01", "note": "误录"})
    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).status == "active"


def test_a_move_not_allowed_is_refused_in_chinese(world, membership):
    response = world.client(Role.MEMBER_AFFAIRS).post(url(world), {"to_status": "active", "effective_on": "2025-04-01"})
    assert response.status_code == 200
    assert "请从列表中选择" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).status == "active"


def test_a_missing_date_is_refused(world, membership):
    response = world.client(Role.MEMBER_AFFAIRS).post(url(world), {"to_status": "resigned", "effective_on": ""})
    assert "此项必填" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).status == "active"


def test_a_deceased_member_offers_no_further_move(world, membership):
    change_member_status(membership, to_status=MembershipStatus.DECEASED, effective_on=today(), actor=None)
    response = world.client(Role.MEMBER_AFFAIRS).get(url(world))
    assert "当前状态不能再变更" in response.content.decode()


def test_get_does_not_write(world, membership):
    before = StatusChange.objects.count()
    world.client(Role.MEMBER_AFFAIRS).get(url(world))
    assert StatusChange.objects.count() == before


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER, Role.HANDLING_UNIT])
def test_roles_without_the_capability_get_403(world, membership, role):
    response = world.client(role).post(url(world), {"to_status": "resigned", "effective_on": "2025-01-01"})
    assert response.status_code == 403
    assert Membership.objects.get(pk=membership.pk).status == "active"


def test_outsiders_get_404(world, membership, outsider):
    response = outsider.client(Role.ADMIN).post(url(world), {"to_status": "resigned", "effective_on": "2025-01-01"})
    assert response.status_code == 404
    assert Membership.objects.get(pk=membership.pk).status == "active"


@pytest.mark.parametrize(("action", "status", "allowed"), [c for c in workflow_cases(MEMBERSHIP) if c[1]])
def test_every_lifecycle_move_from_every_status(world, membership, action, status, allowed):
    Membership.objects.filter(pk=membership.pk).update(status=status)
    target = MEMBERSHIP_MOVES[action].target
    move = dict(to_status=target, effective_on=today(), decided_by="第十五届常委会第三次会议", note="核实后恢复")
    steps = StatusChange.objects.filter(membership=membership)
    before = steps.count()
    if allowed:
        assert change_member_status(membership, **move, actor=None).status == target
        assert steps.latest("id").from_status == status
    else:
        with pytest.raises(DomainError):
            change_member_status(membership, **move, actor=None)
        membership.refresh_from_db()
        assert membership.status == status and steps.count() == before
