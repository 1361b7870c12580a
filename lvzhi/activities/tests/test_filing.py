"""事前报备 (issue 13, 济宁): where the committee requires it, a sector group's activity is published only after the
special committee supervising the group has approved it. The group files it, the special committee approves or
returns it with a reason, and every step is on the activity's timeline."""

import pytest
from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import ActivityEvent, FilingStatus
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import Notification, RoleAssignment
from lvzhi.core.tenancy import access_for
from lvzhi.testing import make_activity

API = "/api/v1/activities"


@pytest.fixture
def scoped(world):
    """The convenor narrowed to the world's sector group; the committee staff to the special committee over it."""
    RoleAssignment.objects.filter(user=world.users[Role.GROUP_CONVENOR]).update(sector_group=world.group)
    RoleAssignment.objects.filter(user=world.users[Role.COMMITTEE_STAFF]).update(
        special_committee=world.special_committee
    )
    services.save_settings(world.committee, group_filing_required=True, actor=world.users[Role.ADMIN])
    return world


def group_activity(world):
    return make_activity(world, organiser_group=world.group, title="经济界别调研")


def access(world, role):
    return access_for(world.users[role], world.committee)


def test_without_the_setting_nothing_changes(world):
    activity = group_activity(world)
    assert not services.filing_required(activity)
    services.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])


def test_only_a_group_activity_needs_filing(scoped):
    assert services.filing_required(group_activity(scoped))
    assert not services.filing_required(make_activity(scoped))


def test_a_group_activity_is_published_only_after_approval(scoped):
    activity = group_activity(scoped)
    convenor, staff = scoped.users[Role.GROUP_CONVENOR], scoped.users[Role.COMMITTEE_STAFF]
    with pytest.raises(Conflict) as refused:
        services.publish_activity(activity, actor=convenor)
    assert refused.value.code == "activity.filing_required"
    services.submit_filing(activity, actor=convenor)
    assert Notification.objects.filter(user=staff, kind="activity.filing_submitted").exists()
    services.approve_filing(activity, actor=staff, access=access(scoped, Role.COMMITTEE_STAFF), note="同意")
    activity.refresh_from_db()
    assert activity.filing_status == FilingStatus.APPROVED
    services.publish_activity(activity, actor=convenor)
    steps = list(ActivityEvent.objects.filter(activity=activity).values_list("action", flat=True))
    assert steps == ["create", "submit_filing", "approve_filing", "publish"]


def test_the_group_cannot_approve_its_own_activity(scoped):
    activity = group_activity(scoped)
    services.submit_filing(activity, actor=scoped.users[Role.GROUP_CONVENOR])
    with pytest.raises(NotAllowed):
        services.approve_filing(
            activity, actor=scoped.users[Role.GROUP_CONVENOR], access=access(scoped, Role.GROUP_CONVENOR)
        )


def test_returning_needs_a_reason_and_the_group_files_again(scoped):
    activity = group_activity(scoped)
    staff_access = access(scoped, Role.COMMITTEE_STAFF)
    services.submit_filing(activity, actor=scoped.users[Role.GROUP_CONVENOR])
    with pytest.raises(DomainError):
        services.return_filing(activity, actor=scoped.users[Role.COMMITTEE_STAFF], access=staff_access, note=" ")
    services.return_filing(activity, actor=scoped.users[Role.COMMITTEE_STAFF], access=staff_access, note="补充方案")
    activity.refresh_from_db()
    assert activity.filing_status == FilingStatus.RETURNED
    with pytest.raises(Conflict):
        services.approve_filing(activity, actor=scoped.users[Role.COMMITTEE_STAFF], access=staff_access)
    services.submit_filing(activity, actor=scoped.users[Role.GROUP_CONVENOR])
    activity.refresh_from_db()
    assert activity.filing_status == FilingStatus.PENDING


def test_filing_is_refused_where_not_required_or_twice(scoped):
    with pytest.raises(Conflict):
        services.submit_filing(make_activity(scoped), actor=scoped.users[Role.MEMBER_AFFAIRS])
    activity = group_activity(scoped)
    services.submit_filing(activity, actor=scoped.users[Role.GROUP_CONVENOR])
    with pytest.raises(Conflict):
        services.submit_filing(activity, actor=scoped.users[Role.GROUP_CONVENOR])


def test_the_screens_file_approve_and_show_the_timeline(scoped):
    activity = group_activity(scoped)
    convenor = scoped.client(Role.GROUP_CONVENOR)
    page = convenor.get(reverse("activities:manage_detail", args=[activity.pk])).content.decode()
    assert "报专委会审核备案" in page
    convenor.post(reverse("activities:manage_filing", args=[activity.pk, "submit"]))
    # The convenor may not decide: 403.
    assert convenor.post(reverse("activities:manage_filing", args=[activity.pk, "approve"])).status_code == 403
    staff = scoped.client(Role.COMMITTEE_STAFF)
    assert "审核通过" in staff.get(reverse("activities:manage_detail", args=[activity.pk])).content.decode()
    response = staff.post(reverse("activities:manage_filing", args=[activity.pk, "return"]), {"note": ""})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.filing_status == FilingStatus.PENDING  # no reason: refused, nothing changed
    staff.post(reverse("activities:manage_filing", args=[activity.pk, "approve"]), {"note": "同意备案"})
    page = staff.get(reverse("activities:manage_detail", args=[activity.pk])).content.decode()
    assert "专委会审核通过" in page and "同意备案" in page
    assert staff.post(reverse("activities:manage_filing", args=[activity.pk, "nonsense"])).status_code == 404


def test_the_api_files_and_decides(scoped, outsider):
    activity = group_activity(scoped)
    convenor = scoped.client(Role.GROUP_CONVENOR)
    publish = convenor.post(f"{API}/{activity.pk}/publish")
    assert publish.status_code == 409
    assert publish.json()["error"]["code"] == "activity.filing_required"
    assert convenor.post(f"{API}/{activity.pk}/filing/submit").json()["filing_status"] == "pending"
    assert convenor.post(f"{API}/{activity.pk}/filing/approve", {}, content_type="application/json").status_code == 403
    other = outsider.client(Role.COMMITTEE_STAFF)
    assert other.post(f"{API}/{activity.pk}/filing/approve", {}, content_type="application/json").status_code == 404
    staff = scoped.client(Role.COMMITTEE_STAFF)
    bad = staff.post(f"{API}/{activity.pk}/filing/return", {"note": 5}, content_type="application/json")
    assert bad.status_code == 400
    approved = staff.post(f"{API}/{activity.pk}/filing/approve", {"note": "同意"}, content_type="application/json")
    assert approved.json()["filing_status"] == "approved"
    assert convenor.post(f"{API}/{activity.pk}/publish").status_code == 200


def test_the_setting_is_the_administrators(world, outsider):
    admin = world.client(Role.ADMIN)
    assert world.client(Role.GROUP_CONVENOR).get(reverse("activities:settings")).status_code == 403
    response = admin.post(reverse("activities:settings"), {"group_filing_required": "on"})
    assert response.status_code == 302
    assert services.settings_for(world.committee).group_filing_required
    assert not services.settings_for(outsider.committee).group_filing_required
    api = admin.put("/api/v1/activity-settings", {"group_filing_required": False}, content_type="application/json")
    assert api.json() == {"group_filing_required": False}
    assert (
        world.client(Role.GROUP_CONVENOR)
        .put("/api/v1/activity-settings", {"group_filing_required": True}, content_type="application/json")
        .status_code
        == 403
    )
    bad = admin.put("/api/v1/activity-settings", {"group_filing_required": "perhaps"}, content_type="application/json")
    assert bad.status_code == 400
