"""Sweeps over every API operation: outsiders get 404 for another committee's objects (called with a body the
schema accepts, so the lookup really runs), anonymous callers 401, and every operation checks a capability.

Templated paths must be listed in PATH_ARGS, so no operation escapes the sweep.
"""

import re
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.activities import services as activity_services
from lvzhi.api.api import api
from lvzhi.core.capabilities import Role
from lvzhi.core.models import ApiToken
from lvzhi.core.tests import sweep_objects as objects
from lvzhi.opinions import services as opinion_services
from lvzhi.opinions.tests import factories as opinion_factories
from lvzhi.planning import services as plan_services
from lvzhi.testing import World, make_activity, today

PREFIX = "/api/v1"
PUBLIC = {("post", "/api/v1/auth/token")}
# The public mailbox: no account, its key or the letter's private token is the address (lvzhi/liaison/tests).
PUBLIC |= {
    ("get", "/api/v1/mailboxes/{key}"),
    ("post", "/api/v1/mailboxes/{key}/letters"),
    ("get", "/api/v1/letters/private/{token}"),
    ("post", "/api/v1/letters/private/{token}/rating"),
}


# This module's many small tests share one world and outsider, built once for the module (see conftest.shared_worlds).
@pytest.fixture
def world(shared_world) -> World:
    return shared_world


@pytest.fixture
def outsider(shared_outsider) -> World:
    return shared_outsider


# path template → values for its {placeholders}, taken from the world's objects.
PATH_ARGS: dict[str, Callable[[World], dict[str, object]]] = {}


def _plan_item(world: World) -> dict[str, object]:
    """A plan item of the world's committee with a linked activity."""
    item = plan_services.create_plan_item(
        committee=world.committee, data={"year": today().year, "level": "committee", "title": "年度任务"}, actor=None
    )
    activity = make_activity(world)
    item.activities.add(activity)
    return {"plan_id": item.pk, "activity_id": activity.pk}


PATH_ARGS |= {f"{PREFIX}/plans/{{plan_id}}{tail}": _plan_item for tail in ("", "/activities", "/approve", "/return")}
PATH_ARGS[f"{PREFIX}/plans/{{plan_id}}/activities/{{activity_id}}"] = _plan_item


def _activity(world: World) -> dict[str, object]:
    return {"activity_id": objects.published_activity(world).pk, "member_id": world.member.pk}


ACTIVITY_TAILS = (
    *("", "/archive", "/attendance", "/board", "/cancel", "/checkins", "/close", "/close-registration"),
    *("/confirm-list", "/end", "/files", "/invitations", "/invitations/plan", "/leave", "/notice", "/outcome"),
    "/publish",
    *("/registrations", "/registrations/me", "/registrations/{member_id}/adjust", "/reopen"),
    *("/reopen-registration", "/extend-registration", "/reschedule", "/start", "/venue-code", "/withdraw"),
    *("/filing/submit", "/filing/approve", "/filing/return"),
)
PATH_ARGS |= {f"{PREFIX}/activities/{{activity_id}}{tail}": _activity for tail in ACTIVITY_TAILS}
PATH_ARGS[f"{PREFIX}/activities/{{activity_id}}/files/{{file_id}}"] = lambda w: {
    "activity_id": (f := objects.activity_file(w)).activity_id,
    "file_id": f.pk,
}
PATH_ARGS[f"{PREFIX}/activity-audiences/{{audience_id}}"] = lambda w: {"audience_id": objects.saved_audience(w).pk}
PATH_ARGS |= {
    f"{PREFIX}/leave-requests/{{leave_id}}/{action}": lambda w: {"leave_id": objects.leave_request(w).pk}
    for action in ("approve", "reject", "withdraw")
}
PATH_ARGS |= {
    f"{PREFIX}/duty-records/{{record_id}}/{action}": lambda w: {"record_id": objects.self_report(w).pk}
    for action in ("confirm", "reject", "evidence", "void")
}
PATH_ARGS[f"{PREFIX}/me/notifications/{{notification_id}}/read"] = lambda w: {
    "notification_id": objects.notification(w).pk
}
PATH_ARGS |= {
    f"{PREFIX}/members/{{member_id}}{tail}": lambda w: {"member_id": w.member.pk}
    for tail in ("", "/duty-records", "/history", "/status")
}
PATH_ARGS |= {
    f"{PREFIX}/members/{{member_id}}{tail}": lambda w: {"member_id": objects.member_with_photo(w).pk}
    for tail in ("/positions", "/photo")
}
PATH_ARGS[f"{PREFIX}/members/{{member_id}}/positions/{{position_id}}/end"] = lambda w: objects.position_path_args(w)
PATH_ARGS[f"{PREFIX}/auth/tokens/{{token_id}}"] = lambda w: {
    "token_id": ApiToken.issue(w.users[Role.MEMBER_AFFAIRS])[0].pk
}
PATH_ARGS |= {f"{PREFIX}/terms/{{term_id}}{t}": lambda w: {"term_id": w.term.pk} for t in ("", "/make-current")}
PATH_ARGS[f"{PREFIX}/sessions/{{session_id}}"] = lambda w: {"session_id": objects.session(w).pk}
PATH_ARGS[f"{PREFIX}/special-committees/{{body_id}}"] = lambda w: {"body_id": w.special_committee.pk}
PATH_ARGS[f"{PREFIX}/sector-groups/{{group_id}}"] = lambda w: {"group_id": w.group.pk}
PATH_ARGS[f"{PREFIX}/regional-groups/{{group_id}}"] = lambda w: {"group_id": objects.regional_group(w).pk}
PATH_ARGS[f"{PREFIX}/checklists/{{checklist_id}}"] = lambda w: {"checklist_id": objects.checklist(w).pk}
PATH_ARGS |= {
    f"{PREFIX}/stations/{{station_id}}{t}": lambda w: {"station_id": w.station.pk} for t in ("", "/rota", "/standing")
}
PATH_ARGS[f"{PREFIX}/stations/{{station_id}}/rota/{{duty_id}}"] = lambda w: {
    "station_id": w.station.pk,
    "duty_id": objects.station_duty(w).pk,
}
PATH_ARGS |= {
    f"{PREFIX}/users/{{user_id}}{t}": lambda w: {"user_id": w.users[Role.LEADER].pk}
    for t in ("", "/password", "/roles")
}
PATH_ARGS[f"{PREFIX}/committees/{{code}}"] = lambda w: {"code": objects.child_committee(w).code}
PATH_ARGS[f"{PREFIX}/users/{{user_id}}/roles/{{role_id}}"] = lambda w: {
    "user_id": w.users[Role.LEADER].pk,
    "role_id": objects.leader_role(w).pk,
}
# The public letter's own address (its private token), for the sweeps that send bad input to every operation.
PATH_ARGS |= {
    f"{PREFIX}/letters/private/{{token}}{tail}": lambda w: {"token": objects.member_letter(w).token}
    for tail in ("", "/rating")
}
PATH_ARGS[f"{PREFIX}/mailboxes/{{key}}"] = lambda w: {"key": objects.mailbox(w.member).key}
PATH_ARGS |= {
    f"{PREFIX}/letters/{{letter_id}}{tail}": lambda w: {"letter_id": objects.member_letter(w).pk}
    for tail in ("", "/answer", "/acknowledge", "/lead", "/assign", "/forward", "/close", "/archive", "/publish")
}
PATH_ARGS[f"{PREFIX}/me/contacts/{{contact_id}}/active"] = lambda w: {"contact_id": objects.standing_contact(w).pk}
PATH_ARGS[f"{PREFIX}/me/contact-logs/{{log_id}}"] = lambda w: {"log_id": objects.contact_log(w).pk}
PATH_ARGS[f"{PREFIX}/visits/{{visit_id}}/follow-up"] = lambda w: {"visit_id": objects.visit(w).pk}
PATH_ARGS[f"{PREFIX}/members/import/jobs/{{job_id}}"] = lambda w: {"job_id": objects.member_import(w).pk}
PATH_ARGS[f"{PREFIX}/links/{{link_id}}"] = lambda w: {"link_id": objects.link(w).pk}
PATH_ARGS |= {
    f"{PREFIX}/campaigns/{{campaign_id}}/{tail}": lambda w: {
        "campaign_id": objects.campaign_issue(w).household.campaign_id
    }
    for tail in ("households", "issues")
}
PATH_ARGS[f"{PREFIX}/campaign-issues/{{issue_id}}/answer"] = lambda w: {"issue_id": objects.campaign_issue(w).pk}
PATH_ARGS[f"{PREFIX}/letters/{{letter_id}}/unit-reply"] = lambda w: {"letter_id": objects.forwarded_letter(w).pk}
PATH_ARGS |= {
    f"{PREFIX}/proposals/{{proposal_id}}{tail}": lambda w: {"proposal_id": objects.proposal_submitted(w).pk}
    for tail in ("", "/cosigners", "/cosign", "/decline", "/submit", "/review")
}
PATH_ARGS |= {
    f"{PREFIX}/proposals/{{proposal_id}}{tail}": lambda w: {"proposal_id": objects.proposal_assigned(w).pk}
    for tail in ("/assign", "/replies", "/evaluation")
}
PATH_ARGS |= {
    f"{PREFIX}/proposals/{{proposal_id}}/replies/{{reply_id}}/{action}": lambda w: {
        "proposal_id": (p := objects.proposal_assigned(w)).pk,
        "reply_id": p.replies.get().pk,
    }
    for action in ("countersign", "approve", "return")
}

PATH_ARGS |= {
    f"{PREFIX}/proposals/{{proposal_id}}{tail}": lambda w: {"proposal_id": objects.proposal_assigned(w).pk}
    for tail in ("/honours", "/follow-ups")
}
PATH_ARGS[f"{PREFIX}/proposals/{{proposal_id}}/honours/{{honour_id}}/unmark"] = lambda w: {
    "proposal_id": (h := objects.proposal_honour(w)).proposal_id,
    "honour_id": h.pk,
}
PATH_ARGS |= {
    f"{PREFIX}/proposals/honours/{{honour_id}}{tail}": lambda w: {"honour_id": objects.proposal_key(w).pk}
    for tail in ("", "/supervisors", "/records")
}
PATH_ARGS[f"{PREFIX}/proposals/honours/{{honour_id}}/score"] = lambda w: {
    "honour_id": objects.proposal_nomination(w).pk
}
PATH_ARGS[f"{PREFIX}/proposals/supervision-records/{{record_id}}/attachment"] = lambda w: {
    "record_id": objects.proposal_key(w).records.get().pk
}
PATH_ARGS |= {
    f"{PREFIX}/follow-ups/{{follow_up_id}}/{action}": lambda w: {"follow_up_id": objects.proposal_follow_up(w).pk}
    for action in ("report", "review")
}
PATH_ARGS[f"{PREFIX}/proposals/{{proposal_id}}/assignments/{{assignment_id}}/chase"] = lambda w: {
    "proposal_id": (p := objects.proposal_assigned(w)).pk,
    "assignment_id": p.assignments.get().pk,
}
PATH_ARGS |= {
    f"{PREFIX}/proposals/{{proposal_id}}{tail}": lambda w: {"proposal_id": objects.proposal_draft(w).pk}
    for tail in ("/collective", "/attachments")
}
PATH_ARGS[f"{PREFIX}/proposals/{{proposal_id}}/attachments/{{attachment_id}}"] = lambda w: {
    "proposal_id": (a := objects.proposal_attachment(w)).proposal_id,
    "attachment_id": a.pk,
}
PATH_ARGS |= {
    f"{PREFIX}/speeches/{{speech_id}}/{action}": lambda w: {"speech_id": objects.speech(w).pk}
    for action in ("decision", "withdraw")
}


PATH_ARGS |= {f"{PREFIX}/assessment/{{year}}/{tail}": lambda w: {"year": 2026} for tail in ("scores", "my-score")}
PATH_ARGS |= {
    f"{PREFIX}/assessment/schemes/{{scheme_id}}{tail}": lambda w: {"scheme_id": objects.scheme(w).pk}
    for tail in ("", "/adopt", "/withdraw", "/simulate")
}


def _opinion(world: World) -> dict[str, object]:
    return {"opinion_id": opinion_factories.submitted(world).pk}


PATH_ARGS |= {
    f"{PREFIX}/opinions/{{opinion_id}}{tail}": _opinion
    for tail in ("", "/return", "/decline", "/resubmit", "/withdraw", "/attachments", "/forward", "/adopt")
}
PATH_ARGS[f"{PREFIX}/opinions/{{opinion_id}}/instructions"] = _opinion
PATH_ARGS |= {
    f"{PREFIX}/instructions/{{instruction_id}}{tail}": lambda w: {
        "instruction_id": opinion_services.record_instruction(
            opinion_factories.edited(w), leader_level="city", instructed_on=today(), summary="阅", actor=None
        ).pk
    }
    for tail in ("/scan", "/void")
}
PATH_ARGS[f"{PREFIX}/adoptions/{{adoption_id}}/void"] = lambda w: {"adoption_id": objects.adopted_opinion(w).pk}
PATH_ARGS |= {
    f"{PREFIX}/referrals/{{referral_id}}{tail}": lambda w: {"referral_id": opinion_factories.referral(w).pk}
    for tail in ("", "/answer", "/recall")
}
PATH_ARGS |= {
    f"{PREFIX}/bulletins/{{bulletin_id}}{tail}": lambda w: {
        "bulletin_id": opinion_factories.bulletin_in(w, "draft").pk,
        "action": "approve",
    }
    for tail in ("", "/{action}")
}
PATH_ARGS |= {
    f"{PREFIX}/notices/{{notice_id}}{t}": lambda w: {"notice_id": objects.notice(w).pk}
    for t in ("", "/publish", "/withdraw", "/remind", "/receipts", "/read")
}
PATH_ARGS |= {
    f"{PREFIX}{head}/study-assignments/{{assignment_id}}{t}": lambda w: {
        "assignment_id": objects.study_assignment(w).pk
    }
    for head, t in (("", "/publish"), ("", "/close"), ("", "/results"), ("", "/studied"), ("", "/quiz"), ("/me", ""))
}
PATH_ARGS |= {
    f"{PREFIX}/topics/{{topic_id}}{t}": lambda w: {"topic_id": objects.topic(w).pk}
    for t in ("/publish", "/close", "/summary", "/contributions")
}
PATH_ARGS |= {
    f"{PREFIX}/contributions/{{contribution_id}}{t}": lambda w: {"contribution_id": objects.contribution(w).pk}
    for t in ("/hide", "/substantive")
}
PATH_ARGS[f"{PREFIX}/topics/{{topic_id}}/files"] = lambda w: {"topic_id": objects.topic(w).pk}
PATH_ARGS[f"{PREFIX}/topics/{{topic_id}}/files/{{file_id}}"] = lambda w: {
    "topic_id": (f := objects.topic_file(w)).topic_id,
    "file_id": f.pk,
}
PATH_ARGS |= {
    f"{PREFIX}/study-materials/{{material_id}}{t}": lambda w: {"material_id": objects.study_material(w).pk}
    for t in ("", "/file", "/history")
}
PATH_ARGS |= {
    f"{PREFIX}/stories/{{story_id}}{t}": lambda w: {"story_id": objects.story(w).pk}
    for t in ("", "/ask-consent", "/publish", "/unpublish", "/consent", "/decline")
}
PATH_ARGS |= {
    f"{PREFIX}/essay-calls/{{call_id}}{t}": lambda w: {"call_id": objects.essay_call(w).pk}
    for t in ("", "/essays", "/results.xlsx")
}
PATH_ARGS |= {
    f"{PREFIX}/essays/{{essay_id}}{t}": lambda w: {"essay_id": objects.essay(w).pk} for t in ("", "/decision")
}

PATH_ARGS |= {
    f"{PREFIX}/assessment/years/{{year}}{t}": lambda w: {"year": objects.checking_year(w).year}
    for t in ("", "/my-lines", "/my-lines/confirm-all", "/results", "/nominations", "/talks", "/letters.pdf")
}
PATH_ARGS[f"{PREFIX}/assessment/years/{{year}}/moves/{{action}}"] = lambda w: {
    "year": objects.checking_year(w).year,
    "action": "close_check",
}
PATH_ARGS |= {
    f"{PREFIX}/assessment/years/{{year}}/my-lines/{{record_id}}/{a}": lambda w: {
        "year": (line := objects.member_line(w))["year"],
        "record_id": line["pk"],
    }
    for a in ("confirm", "dispute")
}
PATH_ARGS[f"{PREFIX}/assessment/disputes/{{dispute_id}}/resolve"] = lambda w: {"dispute_id": objects.dispute(w).pk}


PATH_ARGS |= {
    f"{PREFIX}/members/{{member_id}}/archive{ext}": lambda w: {"member_id": w.member.pk}
    for ext in ("", ".xlsx", ".pdf")
}
PATH_ARGS |= {
    f"{PREFIX}/duty-reports/{{report_id}}{t}": lambda w: {"report_id": objects.duty_report(w).pk}
    for t in ("", "/submit", "/review", "/return", "/meeting")
}
PATH_ARGS |= {
    f"{PREFIX}/assessment/groups/{{group_id}}{t}": lambda w: {"group_id": w.group.pk, "item": "innovation"}
    for t in ("", "/checks", "/checks/{item}")
}


SCHEMA = api.get_openapi_schema(path_prefix=PREFIX)


def operations() -> list[tuple[str, str]]:
    return sorted((method, path) for path, ops in SCHEMA["paths"].items() for method in ops)


def fill(path: str, world: World) -> str:
    if "{" not in path:
        return path
    values = PATH_ARGS[path](world)
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


# One test per operation, so xdist spreads them and a failure names its operation.
OPERATIONS = operations()
GUARDED = [op for op in OPERATIONS if op not in PUBLIC]
TEMPLATED = [op for op in OPERATIONS if "{" in op[1] and op not in PUBLIC]
# Templated by a year, not by an object: another committee's caller reads their own committee's year there
# (lvzhi/assessment/tests/test_api.py proves they see none of this committee's members).
NOT_OBJECTS = {f"{PREFIX}/assessment/{{year}}/scores", f"{PREFIX}/assessment/{{year}}/my-score"}
OBJECT_OPERATIONS = [op for op in TEMPLATED if op[1] not in NOT_OBJECTS]


def test_every_templated_operation_is_in_the_sweep():
    missing = sorted({path for _, path in TEMPLATED if path not in PATH_ARGS})
    assert missing == []


def op_id(operation: tuple[str, str]) -> str:
    method, path = operation
    return f"{method.upper()} {path.removeprefix(PREFIX)}"


@pytest.mark.parametrize(("method", "path"), GUARDED, ids=map(op_id, GUARDED))
def test_anonymous_callers_get_401_everywhere(world, method, path):
    status = getattr(Client(), method)(fill(path, world), content_type="application/json").status_code
    assert status == 401


def example(schema: dict, components: dict) -> object:
    """A minimal value the schema accepts: required properties only, the first choice of every enum."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return example(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: example(schema["properties"][name], components) for name in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {}), components) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return today().isoformat()
    if schema.get("format") == "date-time":
        return f"{today().isoformat()}T10:00:00+08:00"
    if schema.get("format") == "binary":
        return SimpleUploadedFile("a.xlsx", b"PK\x03\x04")
    return "x" * max(1, schema.get("minLength", 1))


def call(client: Client, method: str, path: str, world: World):
    """Call the operation with a body its schema accepts, so what answers is the operation, not the validator."""
    operation = SCHEMA["paths"][path][method]
    content = operation.get("requestBody", {}).get("content", {})
    url = fill(path, world)
    query = {
        p["name"]: example(p["schema"], SCHEMA["components"]["schemas"])
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    if query:
        url += "?" + urlencode(query)
    if "multipart/form-data" in content:
        body = example(content["multipart/form-data"]["schema"], SCHEMA["components"]["schemas"])
        return getattr(client, method)(url, data=body)
    body = example(content["application/json"]["schema"], SCHEMA["components"]["schemas"]) if content else {}
    return getattr(client, method)(url, data=body, content_type="application/json")


@pytest.mark.parametrize(("method", "path"), OBJECT_OPERATIONS, ids=map(op_id, OBJECT_OPERATIONS))
def test_outsiders_get_404_for_every_object_of_another_committee(world, outsider, method, path):
    response = call(outsider.client(Role.ADMIN), method, path, world)
    assert response.status_code == 404, (response.status_code, response.content[:300])


@pytest.fixture
def below(world, outsider, monkeypatch) -> World:
    """The outsider moved below the world, and the sweep's activities inviting the outsider's members (跨层级邀请)."""
    outsider.committee.parent = world.committee
    outsider.committee.save(update_fields=["parent"])

    def invited_below(w: World):
        audience = activity_services.Audience(member_ids=(w.member.pk,), committee_ids=(outsider.committee.pk,))
        return activity_services.publish_activity(
            make_activity(w, audience=audience), actor=w.users[Role.MEMBER_AFFAIRS]
        )

    monkeypatch.setattr(objects, "published_activity", invited_below)
    return outsider


@pytest.mark.parametrize(("method", "path"), OBJECT_OPERATIONS, ids=map(op_id, OBJECT_OPERATIONS))
def test_a_committee_below_sees_nothing_of_the_one_above_beyond_its_members_invitations(world, below, method, path):
    """Its staff get 404 for every object of the committee above, activities inviting its members included."""
    response = call(below.client(Role.ADMIN), method, path, world)
    assert response.status_code == 404, (response.status_code, response.content[:300])


# Operations any signed-in user may call (about themselves, or reference data every screen needs): no capability.
SELF_SERVICE = {
    ("get", f"{PREFIX}/me"),
    ("get", f"{PREFIX}/sectors"),
    ("get", f"{PREFIX}/me/todos"),
    ("get", f"{PREFIX}/search"),
    ("get", f"{PREFIX}/me/notifications"),
    ("post", f"{PREFIX}/me/notifications/read-all"),
    ("post", f"{PREFIX}/me/notifications/{{notification_id}}/read"),
    ("delete", f"{PREFIX}/auth/token"),
    ("get", f"{PREFIX}/auth/tokens"),
    ("delete", f"{PREFIX}/auth/tokens/{{token_id}}"),
}


# Checked on the user rather than as a committee capability.
SUPERUSER_ONLY: set[tuple[str, str]] = set()


CHECKED = [op for op in GUARDED if op not in SELF_SERVICE]


@pytest.mark.parametrize(("method", "path"), CHECKED, ids=[op_id(op) for op in GUARDED if op not in SELF_SERVICE])
def test_every_operation_checks_a_capability(world, method, path):
    if (method, path) in SUPERUSER_ONLY:
        assert call(world.client(Role.ADMIN), method, path, world).status_code == 403
        return
    response = call(world.client(Role.MEMBER), method, path, world)
    checked = getattr(response.wsgi_request, "checked_capabilities", None)
    # Unchecked: either the operation asks for no capability, or the example body never reached it (a 400 says which).
    assert checked, (response.status_code, response.content[:300])
