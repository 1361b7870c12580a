"""Every activities endpoint: 403 for a role without the capability, 404 for another committee, 405 for GET on writes.

Refusals happen before any service runs, so each sweep shares one world and reports every endpoint that leaks.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.activities import services
from lvzhi.activities.models import Activity, SavedAudience
from lvzhi.activities.tests.factories import make_activity, move_start
from lvzhi.api.api import api
from lvzhi.core.capabilities import Role
from lvzhi.ledger.taxonomy import ActivityKind
from lvzhi.testing import PDF

MA, MEMBER, LEADER, UNIT = Role.MEMBER_AFFAIRS, Role.MEMBER, Role.LEADER, Role.HANDLING_UNIT
A = "/api/v1/activities/{activity}"

# (method, path, a role allowed, a role refused, body)
ENDPOINTS = [
    ("get", "/api/v1/activities", MEMBER, UNIT, None),
    (
        "post",
        "/api/v1/activities",
        MA,
        MEMBER,
        {"title": "t", "kind": "study", "starts_at": "2030-01-01T09:00+08:00", "ends_at": "2030-01-01T10:00+08:00"},
    ),
    ("get", A, MEMBER, UNIT, None),
    ("patch", A, MA, MEMBER, {"goal": "g"}),
    ("post", A + "/publish", MA, MEMBER, None),
    ("post", A + "/withdraw", MA, MEMBER, {}),
    ("post", A + "/close-registration", MA, LEADER, None),
    ("post", A + "/reopen-registration", MA, LEADER, None),
    ("post", A + "/extend-registration", MA, LEADER, {"closes_at": "2030-01-01T09:00:00+08:00"}),
    ("post", A + "/confirm-list", MA, MEMBER, None),
    ("post", A + "/notice", MA, MEMBER, {}),
    ("post", A + "/start", MA, MEMBER, None),
    ("post", A + "/end", MA, MEMBER, None),
    ("post", A + "/close", MA, LEADER, None),
    ("post", A + "/reopen", MA, MEMBER, {"reason": "r"}),
    ("post", A + "/archive", MA, MEMBER, None),
    ("post", A + "/cancel", MA, LEADER, {"reason": "r"}),
    (
        "post",
        A + "/reschedule",
        MA,
        MEMBER,
        {"starts_at": "2030-01-01T09:00+08:00", "ends_at": "2030-01-01T10:00+08:00", "reason": "r"},
    ),
    ("post", A + "/outcome", MA, MEMBER, {}),
    ("post", A + "/files", MA, MEMBER, "file"),
    ("get", A + "/files/{file}", MA, UNIT, None),
    ("post", A + "/invitations", MA, MEMBER, {"member_ids": [1]}),
    ("post", A + "/invitations/plan", MA, MEMBER, {"member_ids": [1]}),
    ("post", A + "/registrations", MEMBER, MA, None),
    ("delete", A + "/registrations/me", MEMBER, MA, None),
    ("get", A + "/registrations", MA, MEMBER, None),
    ("post", A + "/registrations/{member}/adjust", MA, MEMBER, {"action": "confirm"}),
    ("post", A + "/attendance", MA, MEMBER, {"member_id": 1, "attendance": "present"}),
    ("post", A + "/leave", MEMBER, MA, {"reason": "r"}),
    ("get", "/api/v1/leave-requests", LEADER, MEMBER, None),
    ("post", "/api/v1/leave-requests/{leave}/approve", LEADER, MEMBER, {}),
    ("post", "/api/v1/leave-requests/{leave}/reject", LEADER, MEMBER, {}),
    ("post", "/api/v1/leave-requests/{leave}/withdraw", MEMBER, MA, None),
    ("post", A + "/checkins", MEMBER, MA, {"code": "abcdefgh"}),
    ("post", A + "/checkins", MA, MEMBER, {"member_id": 1}),
    ("get", A + "/board", MA, MEMBER, None),
    ("get", A + "/venue-code", MA, LEADER, None),
    ("get", "/api/v1/me/member-code", MEMBER, MA, None),
    ("get", "/api/v1/activities/import/template.xlsx", MA, MEMBER, None),
    ("post", "/api/v1/activities/import", MA, MEMBER, "file"),
    ("get", "/api/v1/activity-audiences", MA, MEMBER, None),
    ("post", "/api/v1/activity-audiences", MA, MEMBER, {"name": "n", "audience": {"all": True}}),
    ("delete", "/api/v1/activity-audiences/{audience}", MA, MEMBER, None),
    ("get", "/api/v1/activity-settings", MA, MEMBER, None),
    ("put", "/api/v1/activity-settings", MA, Role.COMMITTEE_STAFF, {"group_filing_required": True}),
    ("post", A + "/filing/submit", MA, MEMBER, None),
    ("post", A + "/filing/approve", MA, MEMBER, {}),
    ("post", A + "/filing/return", MA, MEMBER, {"note": "n"}),
]


@pytest.fixture
def plenary(world):
    """A plenary starting in half an hour, the world's member invited and asking for leave."""
    activity = make_activity(world, mode=Activity.Mode.INVITE, kind=ActivityKind.PLENARY)
    leave = services.request_leave(
        activity, member=world.member, kind="official", reason="公务", actor=world.member.user
    )
    return move_start(activity, starts_in_minutes=30), leave


def call(client, method, path, body):
    if method == "get":
        return client.get(path)
    if body == "file":
        return client.post(path, {"file": SimpleUploadedFile("纪要.pdf", PDF)})
    return getattr(client, method)(path, body or {}, content_type="application/json")


def fill(path, world, plenary):
    activity, leave = plenary
    saved = SavedAudience.objects.get_or_create(committee=world.committee, name="常用", definition={"all": True})[0]
    return path.format(activity=activity.pk, leave=leave.pk, member=world.member.pk, file=1, audience=saved.pk)


def test_the_table_covers_every_activities_operation():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    ours = {
        (
            method,
            path.replace("{activity_id}", "{activity}")
            .replace("{leave_id}", "{leave}")
            .replace("{member_id}", "{member}")
            .replace("{file_id}", "{file}")
            .replace("{audience_id}", "{audience}"),
        )
        for path, ops in schema["paths"].items()
        for method in ops
        if "activities" in ops[method]["tags"]
    }
    assert ours == {(m, p) for m, p, *_ in ENDPOINTS}


def test_a_role_without_the_capability_is_refused_with_403(world, plenary):
    wrong = []
    for method, path, _allowed, refused, body in ENDPOINTS:
        response = call(world.client(refused), method, fill(path, world, plenary), body)
        if response.status_code != 403:
            wrong.append((method, path, refused, response.status_code))
    assert wrong == []


def test_another_committees_user_gets_404_for_every_object_of_ours(world, outsider, plenary):
    leaks = []
    for method, path, allowed, _refused, body in ENDPOINTS:
        if "{" in path:
            response = call(outsider.client(allowed), method, fill(path, world, plenary), body)
            if response.status_code != 404:
                leaks.append((method, path, allowed, response.status_code))
    assert leaks == []


def test_another_committees_lists_show_nothing_of_ours(world, outsider, plenary):
    assert outsider.client(MEMBER).get("/api/v1/activities").json()["count"] == 0
    assert outsider.client(LEADER).get("/api/v1/leave-requests").json()["count"] == 0


def test_get_is_refused_on_every_write(world, plenary):
    writes = {p for m, p, *_ in ENDPOINTS if m == "post"} - {
        "/api/v1/activities",
        A + "/registrations",
        "/api/v1/activity-audiences",
    }
    client = world.client(MA)
    assert [p for p in sorted(writes) if client.get(fill(p, world, plenary)).status_code != 405] == []
