"""The roster screen: the list with waiting-list places, leave and check-in; the organiser's moves;
the .xlsx export and the printable sign-in sheet."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.activities import services
from lvzhi.activities.models import Activity, CheckIn, LeaveRequest, Registration
from lvzhi.activities.tests.factories import crowd, make_activity, move_start
from lvzhi.core.capabilities import Role

R = Registration.Status


def roster(activity: Activity) -> str:
    return reverse("activities:manage_roster", args=[activity.pk])


def row_url(name: str, registration: Registration) -> str:
    return reverse(f"activities:manage_{name}", args=[registration.activity_id, registration.pk])


@pytest.fixture
def staff_client(world):
    return world.client(Role.MEMBER_AFFAIRS)


@pytest.fixture
def full(world):
    """A menu activity with two places: two members hold them, a third waits first in line."""
    activity = make_activity(world, capacity=2)
    members = crowd(world, 3)
    registrations = [services.register_for_activity(activity, member=m, actor=m.user) for m in members]
    return activity, registrations


def test_the_roster_lists_places_then_the_waiting_list_with_positions(world, staff_client, full):
    activity, (first, second, waiting) = full
    response = staff_client.get(roster(activity))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.registration for r in rows] == [first, second, waiting]
    assert [r.waitlist_position for r in rows] == [None, None, 1]
    page = response.content.decode()
    assert "第 1 位" in page and waiting.member.name in page
    assert response.context["summary"]["waitlisted"] == 1


def test_tabs_and_search_narrow_the_list(world, staff_client, full):
    activity, (first, __, waiting) = full
    rows = staff_client.get(roster(activity), {"show": "waiting"}).context["rows"]
    assert [r.registration for r in rows] == [waiting]
    rows = staff_client.get(roster(activity), {"q": first.member.name}).context["rows"]
    assert [r.registration for r in rows] == [first]
    tabs = {key: n for key, __, n in staff_client.get(roster(activity)).context["tabs"]}
    assert tabs == {"": 3, "places": 2, "waiting": 1, "leave": 0, "missing": 2, "off": 0}


def test_confirming_when_full_is_refused_and_removing_promotes_the_first_waiting(world, staff_client, full):
    __, (first, ___, waiting) = full
    response = staff_client.post(row_url("adjust", waiting), {"action": "confirm"}, follow=True)
    assert "名额已满" in response.content.decode()
    staff_client.post(row_url("adjust", first), {"action": "remove"})
    assert Registration.objects.get(pk=first.pk).status == R.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == R.CONFIRMED


def test_moving_a_member_to_the_waiting_list_puts_them_at_its_end(world, staff_client, full):
    activity, (first, __, waiting) = full
    response = staff_client.post(row_url("adjust", first), {"action": "waitlist", "next": roster(activity)})
    assert response["Location"] == roster(activity)
    rows = staff_client.get(roster(activity)).context["rows"]
    assert [(r.registration.pk, r.waitlist_position) for r in rows if r.waitlist_position] == [
        (waiting.pk, 1),
        (first.pk, 2),
    ]


def test_reassigning_moves_the_member_to_another_activity(world, staff_client, full):
    __, (first, ___, ____) = full
    target = make_activity(world, title="第二场调研", capacity=5)
    url = row_url("reassign", first)
    assert target in staff_client.get(url).context["form"].fields["to_activity"].queryset
    response = staff_client.post(url, {"to_activity": target.pk, "note": "名额调剂"}, follow=True)
    assert "第二场调研" in response.content.decode()
    assert Registration.objects.get(pk=first.pk).status == R.REASSIGNED
    assert Registration.objects.get(activity=target, member=first.member).status == R.CONFIRMED


def test_reassigning_without_a_target_keeps_the_note(world, staff_client, full):
    __, (first, ___, ____) = full
    response = staff_client.post(row_url("reassign", first), {"note": "名额调剂"})
    assert response.status_code == 200 and "名额调剂" in response.content.decode()
    assert Registration.objects.get(pk=first.pk).status == R.CONFIRMED


def test_inviting_more_members_adds_them_to_the_roster(world, staff_client):
    activity = make_activity(world, mode=Activity.Mode.INVITE, publish=False)
    members = crowd(world, 2)
    form = staff_client.get(roster(activity)).context["invite_form"]
    assert set(members) <= set(form.fields["members"].queryset)
    response = staff_client.post(
        reverse("activities:manage_invite", args=[activity.pk]), {"members": [m.pk for m in members]}, follow=True
    )
    assert "已邀请 2 人" in response.content.decode()
    assert set(activity.registrations.values_list("member_id", "status")) == {(m.pk, R.INVITED) for m in members}


def test_the_invite_preview_says_who_gets_the_last_seat_and_who_waits(world, staff_client):
    activity = make_activity(
        world, mode=Activity.Mode.INVITE, capacity=2, audience=services.Audience(member_ids=(world.member.pk,))
    )
    first, second = crowd(world, 2)
    chosen = {"members": [second.pk, first.pk, world.member.pk]}  # second chosen first: second gets the seat
    preview = staff_client.post(reverse("activities:manage_invite_preview", args=[activity.pk]), chosen)
    page = preview.content.decode()
    assert "现剩 1 个名额" in page
    assert f"获得名额：{second.name}" in page and f"名额不足，进入候补：{first.name}" in page
    assert f"已在名单中，不重复邀请：{world.member.name}" in page
    assert "确认：邀请 1 人，1 人进入候补" in page and 'name="overflow" value="waitlist"' in page
    assert activity.registrations.count() == 1  # a preview writes nothing
    response = staff_client.post(
        reverse("activities:manage_invite", args=[activity.pk]), {**chosen, "overflow": "waitlist"}, follow=True
    )
    assert f"已邀请 1 人；{first.name} 进入候补；{world.member.name} 已在名单中" in response.content.decode()
    statuses = dict(activity.registrations.values_list("member_id", "status"))
    assert statuses == {world.member.pk: R.INVITED, second.pk: R.INVITED, first.pk: R.WAITLISTED}


def test_inviting_beyond_the_seats_without_saying_waitlist_is_refused_and_explained(world, staff_client):
    only_me = services.Audience(member_ids=(world.member.pk,))
    activity = make_activity(world, mode=Activity.Mode.INVITE, capacity=1, audience=only_me)
    others = crowd(world, 2)
    response = staff_client.post(
        reverse("activities:manage_invite", args=[activity.pk]), {"members": [m.pk for m in others]}, follow=True
    )
    assert "只剩 0 个名额，不能邀请 2 人" in response.content.decode()
    assert activity.registrations.count() == 1
    empty = staff_client.post(reverse("activities:manage_invite", args=[activity.pk]), {}, follow=True)
    assert "请至少选择一位委员" in empty.content.decode()


def test_marking_attendance_from_the_row_returns_the_row(world, staff_client, full):
    activity, (first, __, ___) = full
    activity = move_start(activity, starts_in_minutes=-30)
    response = staff_client.post(row_url("attendance", first), {"attendance": "late"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.templates[0].name == "activities/_manage_roster_rows.html"
    assert f'id="reg-{first.pk}"' in response.content.decode()
    first.refresh_from_db()
    assert first.attendance == "late" and first.attendance_by_staff


def test_after_closing_a_correction_needs_a_reason(world, staff_client, full):
    activity, (first, __, ___) = full
    activity = move_start(activity, starts_in_minutes=-30)
    services.close_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    response = staff_client.post(row_url("attendance", first), {"attendance": "present"}, HTTP_HX_REQUEST="true")
    assert "更正已确认的考勤须说明原因" in response.content.decode()
    response = staff_client.post(row_url("attendance", first), {"attendance": "present", "note": ""})
    assert response.status_code == 200 and "更正已确认的考勤须说明原因" in response.content.decode()
    staff_client.post(row_url("attendance", first), {"attendance": "present", "note": "实际出席，漏签"})
    first.refresh_from_db()
    assert first.attendance == "present" and first.attendance_note == "实际出席，漏签"


def test_staff_check_a_member_in_by_hand_once(world, staff_client, full):
    activity, (first, __, ___) = full
    activity = move_start(activity, starts_in_minutes=-5)
    response = staff_client.post(row_url("check_in", first), follow=True)
    assert "已签到" in response.content.decode()
    response = staff_client.post(row_url("check_in", first), follow=True)
    assert "此前已签到" in response.content.decode()
    checkin = CheckIn.objects.get(activity=activity)
    assert checkin.method == CheckIn.Method.MANUAL and checkin.recorded_by == world.users[Role.MEMBER_AFFAIRS]


def test_the_approver_decides_leave_from_the_roster(world, staff_client, full):
    activity, (first, __, ___) = full
    leave = services.request_leave(activity, member=first.member, kind="sick", reason="住院", actor=first.member.user)
    page = staff_client.get(roster(activity))
    (row,) = [r for r in page.context["rows"] if r.leave]
    assert row.may_decide_leave
    response = staff_client.post(
        reverse("activities:leave_decide", args=[leave.pk]), {"decision": "approve", "next": roster(activity)}
    )
    assert response["Location"] == roster(activity)
    assert LeaveRequest.objects.get(pk=leave.pk).status == LeaveRequest.Status.APPROVED


def test_the_export_is_a_real_workbook_of_the_roster_and_attendance(world, staff_client, full):
    activity, (first, __, waiting) = full
    services.request_leave(activity, member=first.member, kind="sick", reason="住院", actor=first.member.user)
    response = staff_client.get(reverse("activities:manage_roster_export", args=[activity.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == activity.title
    assert [c.value for c in sheet[3]][:3] == ["序号", "姓名", "界别"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [r[1] for r in rows] == [first.member.name, full[1][1].member.name, waiting.member.name]
    assert rows[0][7] == "病假" and rows[0][9] == "待审批"
    assert rows[2][5] == "候补" and rows[2][6] == 1


def test_the_export_costs_the_same_queries_however_long(world, staff_client, django_assert_max_num_queries):
    activity = make_activity(world, capacity=40)
    for member in crowd(world, 30):
        services.register_for_activity(activity, member=member, actor=member.user)
    url = reverse("activities:manage_roster_export", args=[activity.pk])
    staff_client.get(url)
    with django_assert_max_num_queries(15):
        response = staff_client.get(url)
    assert len(list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=4))) == 30


def test_the_sign_in_sheet_lists_those_holding_a_place_with_a_signature_column(world, staff_client, full):
    activity, (first, second, waiting) = full
    response = staff_client.get(reverse("activities:manage_signin_sheet", args=[activity.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "本人签名" in page and "@media print" in page
    assert first.member.name in page and second.member.name in page
    assert waiting.member.name not in page


def test_the_roster_costs_the_same_queries_however_long(world, staff_client, django_assert_max_num_queries):
    activity = make_activity(world, capacity=40)
    members = crowd(world, 60)
    for member in members:
        services.register_for_activity(activity, member=member, actor=member.user)
    for member in members[:5]:
        services.request_leave(activity, member=member, kind="official", reason="公务", actor=member.user)
    activity = move_start(activity, starts_in_minutes=-5)
    for member in members[5:15]:
        services.check_in_member(activity, member=member, actor=world.users[Role.MEMBER_AFFAIRS])
    # 20 for the page and its rows, 4 for the invite picker's filter lists (sectors, groups, committees, stations).
    with django_assert_max_num_queries(24):
        response = staff_client.get(roster(activity))
    assert response.context["page"].paginator.count == 60
    assert len(response.context["rows"]) == 50


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HANDLING_UNIT])
def test_roles_without_the_capability_get_403(world, role, full):
    activity, (first, __, ___) = full
    client = world.client(role)
    assert client.get(roster(activity)).status_code == 403
    assert client.post(row_url("adjust", first), {"action": "remove"}).status_code == 403
    assert client.get(reverse("activities:manage_roster_export", args=[activity.pk])).status_code == 403
    assert client.get(reverse("activities:manage_signin_sheet", args=[activity.pk])).status_code == 403
    assert Registration.objects.get(pk=first.pk).status == R.CONFIRMED


def test_mutating_roster_views_reject_get(world, staff_client, full):
    activity, (first, __, ___) = full
    assert staff_client.get(row_url("adjust", first)).status_code == 405
    assert staff_client.get(row_url("check_in", first)).status_code == 405
    assert staff_client.get(reverse("activities:manage_invite", args=[activity.pk])).status_code == 405


def test_outsiders_get_404(world, outsider, full):
    activity, (first, __, ___) = full
    client = outsider.client(Role.ADMIN)
    assert client.get(roster(activity)).status_code == 404
    assert client.post(row_url("adjust", first), {"action": "remove"}).status_code == 404
    assert client.post(row_url("attendance", first), {"attendance": "absent"}).status_code == 404
    assert client.get(reverse("activities:manage_roster_export", args=[activity.pk])).status_code == 404
    assert Registration.objects.get(pk=first.pk).status == R.CONFIRMED
