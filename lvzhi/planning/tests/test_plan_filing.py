"""事前报备 of the annual plan (issue 13, 济宁): with the committee's switch on, a sector group's plan items go to the
special committee supervising the group; activities are linked only once it has approved; a changed item is
filed again; the screens and the API decide, and nobody else may."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.activities import services as activity_services
from lvzhi.activities.models import Activity, FilingStatus
from lvzhi.core.capabilities import Role
from lvzhi.core.errors import Conflict, DomainError, NotAllowed
from lvzhi.core.models import AuditEvent, Notification, RoleAssignment
from lvzhi.core.tenancy import access_for
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.planning import services
from lvzhi.planning.models import PlanItem

L = PlanItem.Level
YEAR = timezone.localdate().year


@pytest.fixture
def filed(world):
    RoleAssignment.objects.filter(user=world.users[Role.GROUP_CONVENOR]).update(sector_group=world.group)
    RoleAssignment.objects.filter(user=world.users[Role.COMMITTEE_STAFF]).update(
        special_committee=world.special_committee
    )
    activity_services.save_settings(world.committee, group_filing_required=True, actor=world.users[Role.ADMIN])
    return world


def group_item(world, **more) -> PlanItem:
    data = {"year": YEAR, "level": L.SECTOR_GROUP, "sector_group": world.group, "title": "界别协商两次", **more}
    return services.create_plan_item(committee=world.committee, data=data, actor=world.users[Role.GROUP_CONVENOR])


def held(world) -> Activity:
    starts = timezone.make_aware(datetime.datetime(YEAR, 6, 1, 9))
    return Activity.objects.create(
        committee=world.committee,
        term=world.term,
        title="界别协商会",
        kind=ActivityKind.SECTOR_ACTIVITY,
        starts_at=starts,
        ends_at=starts,
        status=Activity.Status.ATTENDANCE_CONFIRMED,
    )


def staff_access(world):
    return access_for(world.users[Role.COMMITTEE_STAFF], world.committee)


def test_without_the_switch_group_items_are_not_filed(world):
    assert group_item(world).filing_status == ""


def test_a_group_item_waits_for_its_special_committee_before_linking(filed):
    item = group_item(filed)
    assert item.filing_status == FilingStatus.PENDING
    assert Notification.objects.filter(user=filed.users[Role.COMMITTEE_STAFF], kind="plan_item.filing_submitted")
    with pytest.raises(Conflict) as refused:
        services.link_activities(item, activities=[held(filed)], actor=None)
    assert refused.value.code == "plan_item.not_filed"
    services.approve_plan_item(item, actor=filed.users[Role.COMMITTEE_STAFF], access=staff_access(filed), note="同意")
    assert services.link_activities(item, activities=[held(filed)], actor=None) == 1
    assert AuditEvent.objects.filter(action="plan_item.approve_filing", object_id=str(item.pk)).exists()


def test_other_levels_are_never_filed(filed):
    top = services.create_plan_item(
        committee=filed.committee, data={"year": YEAR, "level": L.COMMITTEE, "title": "全年任务"}, actor=None
    )
    assert top.filing_status == ""


def test_a_change_after_the_decision_files_it_again(filed):
    item = group_item(filed)
    services.approve_plan_item(item, actor=filed.users[Role.COMMITTEE_STAFF], access=staff_access(filed))
    item = services.update_plan_item(item, data={"target_count": 3}, actor=filed.users[Role.GROUP_CONVENOR])
    assert item.filing_status == FilingStatus.PENDING


def test_returning_needs_a_reason_and_only_the_supervisor_decides(filed, outsider):
    item = group_item(filed)
    with pytest.raises(DomainError):
        services.return_plan_item(item, actor=filed.users[Role.COMMITTEE_STAFF], access=staff_access(filed), note="")
    convenor = access_for(filed.users[Role.GROUP_CONVENOR], filed.committee)
    with pytest.raises(NotAllowed):
        services.approve_plan_item(item, actor=filed.users[Role.GROUP_CONVENOR], access=convenor)
    item = services.return_plan_item(
        item, actor=filed.users[Role.COMMITTEE_STAFF], access=staff_access(filed), note="请细化时间安排"
    )
    assert (item.filing_status, item.filing_note) == (FilingStatus.RETURNED, "请细化时间安排")
    with pytest.raises(Conflict):
        services.approve_plan_item(item, actor=filed.users[Role.COMMITTEE_STAFF], access=staff_access(filed))


def test_the_plans_screen_shows_the_status_and_lets_the_supervisor_decide(filed):
    item = group_item(filed)
    url = reverse("planning:plans") + f"?year={YEAR}"
    convenor = filed.client(Role.GROUP_CONVENOR)
    assert "待专委会审核" in convenor.get(url).content.decode()
    assert reverse("planning:plan_filing", args=[item.pk, "approve"]) not in convenor.get(url).content.decode()
    assert convenor.post(reverse("planning:plan_filing", args=[item.pk, "approve"])).status_code == 403
    staff = filed.client(Role.COMMITTEE_STAFF)
    assert reverse("planning:plan_filing", args=[item.pk, "approve"]) in staff.get(url).content.decode()
    staff.post(reverse("planning:plan_filing", args=[item.pk, "return"]), {"note": ""})
    item.refresh_from_db()
    assert item.filing_status == FilingStatus.PENDING  # refused without a reason
    staff.post(reverse("planning:plan_filing", args=[item.pk, "return"]), {"note": "补充安排"})
    assert "专委会退回修改：补充安排" in staff.get(url).content.decode()
    assert staff.post(reverse("planning:plan_filing", args=[item.pk, "nonsense"])).status_code == 404


def test_the_api_decides_with_permissions_and_tenancy(filed, outsider):
    item = group_item(filed)
    body = {"note": "同意"}
    other = outsider.client(Role.COMMITTEE_STAFF).post(
        f"/api/v1/plans/{item.pk}/approve", body, content_type="application/json"
    )
    assert other.status_code == 404
    convenor = filed.client(Role.GROUP_CONVENOR)
    response = convenor.post(f"/api/v1/plans/{item.pk}/approve", body, content_type="application/json")
    assert response.status_code == 403
    member = filed.client(Role.MEMBER)
    assert member.post(f"/api/v1/plans/{item.pk}/approve", body, content_type="application/json").status_code == 403
    staff = filed.client(Role.COMMITTEE_STAFF)
    bad = staff.post(f"/api/v1/plans/{item.pk}/return", {"note": ["x"]}, content_type="application/json")
    assert bad.status_code == 400
    empty = staff.post(f"/api/v1/plans/{item.pk}/return", {}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "plan_item.reason_required"
    done = staff.post(f"/api/v1/plans/{item.pk}/approve", body, content_type="application/json")
    assert (done.status_code, done.json()["filing_status"]) == (200, "approved")
    again = staff.post(f"/api/v1/plans/{item.pk}/approve", body, content_type="application/json")
    assert again.status_code == 409


def test_the_plans_screen_costs_the_same_with_many_pending_items(filed, django_assert_max_num_queries):
    for n in range(8):
        group_item(filed, title=f"任务{n}")
    staff = filed.client(Role.COMMITTEE_STAFF)
    url = reverse("planning:plans") + f"?year={YEAR}"
    staff.get(url)
    with django_assert_max_num_queries(30):
        assert staff.get(url).status_code == 200


def test_an_item_that_needs_no_filing_is_refused_with_a_reason(filed):
    top = services.create_plan_item(
        committee=filed.committee, data={"year": YEAR, "level": L.COMMITTEE, "title": "全年任务"}, actor=None
    )
    staff = filed.client(Role.MEMBER_AFFAIRS)
    response = staff.post(f"/api/v1/plans/{top.pk}/approve", {}, content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (409, "plan_item.filing_not_required")
