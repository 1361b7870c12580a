"""Sweeps over every route: outsiders get 404 for another committee's objects; capabilities allow and deny.

New routes with URL parameters must be added to OBJECT_ARGS, so no route escapes the sweep.
"""

from collections.abc import Callable, Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lvzhi.activities import services as activity_services
from lvzhi.activities.models import Activity
from lvzhi.activities.tests.factories import make_activity
from lvzhi.core.capabilities import Role, capabilities_of
from lvzhi.core.tests import sweep_objects as objects
from lvzhi.ledger.services import self_report_duty
from lvzhi.ledger.taxonomy import DutyKind
from lvzhi.opinions.tests import factories as opinion_factories
from lvzhi.planning import services as plan_services
from lvzhi.testing import World, today
from lvzhi.testing import make_activity as draft_activity

# Routes that are not committee-scoped pages (public, auth, admin, API mounted separately).
UNSCOPED_PREFIXES = ("api:", "admin:")
UNSCOPED_NAMES = {
    "login",
    "logout",
    "account",
    "account_revoke_token",
    "manifest",
    "service_worker",
    "toggle_large_font",
    "switch_committee",
    "home",
}
# Token-authenticated feeds (calendar apps send no session); their own tests cover tenancy.
UNSCOPED_NAMES |= {"activities:ical"}
# The public mailbox (no account; the key or the letter's token is the address): lvzhi/liaison/tests cover them.
UNSCOPED_NAMES |= {"liaison:public_mailbox", "liaison:public_letter"}
# One's own account (any signed-in user, with or without a committee); its own tests cover it.
UNSCOPED_NAMES |= {"account", "account_revoke_token"}
# The public 委员风采 page shows only stories published with consent and marked public; its own tests cover it.
UNSCOPED_NAMES |= {"notices:public_showcase"}


# This module's many small tests share one world and outsider, built once for the module (see conftest.shared_worlds).
@pytest.fixture
def world(shared_world) -> World:
    return shared_world


@pytest.fixture
def outsider(shared_outsider) -> World:
    return shared_outsider


# url name → kwargs built from the world whose objects the route shows.
OBJECT_ARGS: dict[str, Callable[[World], dict[str, object]]] = {}


def _portal_activity(world: World) -> dict[str, object]:
    """A published meeting with the world's member on its roster."""
    return {"pk": make_activity(world, mode=Activity.Mode.INVITE).pk}


def _self_report(world: World) -> dict[str, object]:
    """A self-reported ledger row of the world's member, with an evidence file, waiting for staff."""
    row = self_report_duty(
        member=world.member,
        kind=DutyKind.PUBLIC_SERVICE,
        title="社区义诊",
        event_date=today(),
        evidence="义诊",
        evidence_file=SimpleUploadedFile("证明.pdf", b"%PDF"),
        actor=world.member.user,
    )
    return {"pk": row.pk}


PORTAL_ROUTES = ("detail", "signup", "cancel", "leave", "leave_withdraw", "checkin")
OBJECT_ARGS |= {f"activities:{name}": _portal_activity for name in PORTAL_ROUTES}
OBJECT_ARGS |= {f"ledger:{name}": _self_report for name in ("confirm", "reject", "evidence", "my_evidence", "void")}
OBJECT_ARGS["org:committee_edit"] = lambda world: {"pk": objects.child_committee(world).pk}
OBJECT_ARGS["ledger:member"] = OBJECT_ARGS["ledger:add"] = lambda world: {"pk": world.member.pk}


def _organised_activity(world: World) -> dict[str, object]:
    """A draft meeting organised by member affairs, inviting the world's member."""
    return {"pk": draft_activity(world).pk}


def _roster_entry(world: World) -> dict[str, object]:
    activity = draft_activity(world)
    activity_services.invite_members(activity, members=[world.member], actor=world.users[Role.MEMBER_AFFAIRS])
    return {"pk": activity.pk, "registration": activity.registrations.get().pk}


def _leave_request(world: World) -> dict[str, object]:
    activity = draft_activity(world)
    activity_services.publish_activity(activity, actor=world.users[Role.MEMBER_AFFAIRS])
    member = world.member
    leave = activity_services.request_leave(activity, member=member, kind="personal", reason="事假", actor=member.user)
    return {"pk": leave.pk}


ORGANISER_ROUTES = (
    *("detail", "edit", "reschedule", "extend", "outcome", "attach_file"),
    *("roster", "invite", "invite_preview", "mark_unmarked", "roster_export", "signin_sheet"),
    *("board", "board_counts", "venue_code", "venue_qr", "scan"),
)
OBJECT_ARGS |= {f"activities:manage_{name}": _organised_activity for name in ORGANISER_ROUTES}
OBJECT_ARGS |= {f"activities:manage_{name}": _roster_entry for name in ("adjust", "reassign", "attendance", "check_in")}
OBJECT_ARGS["activities:manage_action"] = lambda world: {**_organised_activity(world), "action": "publish"}
OBJECT_ARGS["activities:leave_decide"] = _leave_request
OBJECT_ARGS["activities:manage_filing"] = lambda world: {**_organised_activity(world), "action": "submit"}
OBJECT_ARGS["activities:audience_delete"] = lambda world: {"pk": objects.saved_audience(world).pk}
OBJECT_ARGS["activities:manage_file"] = lambda w: {"pk": (f := objects.activity_file(w)).activity_id, "file_id": f.pk}


def _plan_item(world: World) -> dict[str, object]:
    """A plan item with a sub-item (so a bare POST cannot delete it) and a linked activity."""
    top = plan_services.create_plan_item(
        committee=world.committee, data={"year": today().year, "level": "committee", "title": "年度任务"}, actor=None
    )
    plan_services.create_plan_item(
        committee=world.committee,
        data={"year": today().year, "level": "member", "parent": top, "title": "委员任务", "member": world.member},
        actor=None,
    )
    activity = draft_activity(world)
    top.activities.add(activity)
    return {"pk": top.pk, "activity_pk": activity.pk}


OBJECT_ARGS |= {
    f"planning:plan_{name}": lambda w: {"pk": _plan_item(w)["pk"]} for name in ("edit", "delete", "activities")
}
OBJECT_ARGS["planning:plan_unlink"] = _plan_item
OBJECT_ARGS["planning:plan_filing"] = lambda w: {"pk": _plan_item(w)["pk"], "action": "approve"}


def _pk(build: Callable[[World], object]) -> Callable[[World], dict[str, object]]:
    return lambda world: {"pk": build(world).pk}


OBJECT_ARGS |= {f"org:member_{n}": _pk(lambda w: w.member) for n in ("detail", "edit", "status")}
OBJECT_ARGS |= {f"org:{n}_create": lambda w: {"term_pk": w.term.pk} for n in ("session", "sector", "sector_group")}
OBJECT_ARGS |= {"org:regional_group_create": lambda w: {"term_pk": w.term.pk}}
OBJECT_ARGS |= {"org:sector_preset": lambda w: {"term_pk": w.term.pk}, "org:term_edit": _pk(lambda w: w.term)}
OBJECT_ARGS["org:term_make_current"] = _pk(lambda w: w.term)
OBJECT_ARGS |= {f"org:session_{n}": _pk(objects.session) for n in ("edit", "delete")}
OBJECT_ARGS |= {f"org:sector_{n}": _pk(lambda w: w.sectors[0]) for n in ("edit", "delete")}
OBJECT_ARGS |= {f"org:special_committee_{n}": _pk(lambda w: w.special_committee) for n in ("edit", "delete")}
OBJECT_ARGS |= {f"org:sector_group_{n}": _pk(lambda w: w.group) for n in ("edit", "delete")}
OBJECT_ARGS |= {f"org:regional_group_{n}": _pk(objects.regional_group) for n in ("edit", "delete")}
OBJECT_ARGS |= {
    f"org:station_{n}": _pk(lambda w: w.station) for n in ("detail", "edit", "delete", "checklist", "duty_add")
}
OBJECT_ARGS["org:station_duty_remove"] = _pk(objects.station_duty)
OBJECT_ARGS |= {f"org:checklist_{n}": _pk(objects.checklist) for n in ("edit", "delete")}
OBJECT_ARGS |= {
    f"accounts:user_{n}": _pk(lambda w: w.users[Role.LEADER])
    for n in ("detail", "role_add", "update", "password", "active")
}
OBJECT_ARGS["accounts:user_role_remove"] = lambda w: {
    "pk": w.users[Role.LEADER].pk,
    "role_pk": objects.leader_role(w).pk,
}
OBJECT_ARGS["org:position_add"] = _pk(lambda w: w.member)
OBJECT_ARGS["org:position_end"] = _pk(objects.position)
OBJECT_ARGS["org:member_photo"] = _pk(objects.member_with_photo)
OBJECT_ARGS["org:member_print"] = _pk(lambda w: w.member)
OBJECT_ARGS |= {
    "liaison:office_detail": _pk(objects.station_letter),
    "liaison:office_action": lambda w: {"pk": objects.station_letter(w).pk, "action": "close"},
    "liaison:my_detail": _pk(objects.member_letter),
    "liaison:my_action": lambda w: {"pk": objects.member_letter(w).pk, "action": "answer"},
    "liaison:unit_detail": _pk(objects.forwarded_letter),
    "liaison:mailbox_poster": _pk(lambda w: objects.mailbox(w.station)),
    "liaison:contact_toggle": _pk(objects.standing_contact),
    "liaison:contact_log_delete": _pk(objects.contact_log),
    "liaison:visit_follow_up": _pk(objects.visit),
    "liaison:link_remove": _pk(objects.link),
    "liaison:campaign_detail": lambda w: {"pk": objects.campaign_issue(w).household.campaign_id},
    "liaison:issue_action": _pk(objects.campaign_issue),
    **{f"liaison:{name}": _pk(lambda w: w.station) for name in ("station", "reception_add", "station_area")},
}
OBJECT_ARGS |= {f"org:directory_export_{n}": _pk(objects.directory_export) for n in ("status", "download")}
# Routes to one user's own object (the export they asked for): another role with the capability gets 404 there.
OWNER_ONLY = {f"org:directory_export_{n}": Role.MEMBER_AFFAIRS for n in ("status", "download")}
OBJECT_ARGS["org:import_job"] = _pk(objects.member_import)
OWNER_ONLY["org:import_job"] = Role.MEMBER_AFFAIRS
OBJECT_ARGS |= {
    f"notices:{n}": _pk(objects.notice) for n in ("detail", "manage_detail", "manage_edit", "manage_attach")
}
OBJECT_ARGS |= {"notices:manage_receipts_export": _pk(objects.notice)}
OBJECT_ARGS |= {f"notices:{n}": lambda w: {"pk": objects.notice(w).files.get().pk} for n in ("file", "manage_file")}
STUDY_ROUTES = ("study_detail", "study_edit", "study_export", "study", "study_studied")
OBJECT_ARGS |= {f"notices:{n}": _pk(objects.study_assignment) for n in STUDY_ROUTES}
OBJECT_ARGS["notices:study_action"] = lambda w: {"pk": objects.study_assignment(w).pk, "action": "close"}
OBJECT_ARGS |= {
    f"notices:{n}": _pk(objects.study_material)
    for n in ("study_material", "study_material_file", "study_material_edit")
}
OBJECT_ARGS |= {f"notices:{n}": _pk(objects.topic_file) for n in ("topic_file", "topic_file_manage")}
OBJECT_ARGS["notices:topic_attach"] = _pk(objects.topic)
OBJECT_ARGS["notices:call_export"] = _pk(objects.essay_call)
OBJECT_ARGS |= {f"notices:{n}": _pk(objects.topic) for n in ("topic", "topic_manage", "topic_edit", "topic_export")}
OBJECT_ARGS["notices:topic_action"] = lambda w: {"pk": objects.topic(w).pk, "action": "close"}
OBJECT_ARGS["notices:contribution_action"] = lambda w: {"pk": objects.contribution(w).pk, "action": "hide"}
OBJECT_ARGS["notices:story_action"] = lambda w: {"pk": objects.story(w).pk, "action": "ask_consent"}
OBJECT_ARGS["notices:story_consent"] = lambda w: {"pk": objects.story(w).pk, "action": "consent"}
OBJECT_ARGS |= {f"notices:{n}": _pk(objects.essay_call) for n in ("call", "call_manage")}
OBJECT_ARGS["notices:essay_action"] = lambda w: {"pk": objects.essay(w).pk, "action": "select"}
OBJECT_ARGS["notices:manage_action"] = lambda w: {"pk": objects.notice(w).pk, "action": "remind"}

OBJECT_ARGS |= {
    f"proposals:{n}": _pk(objects.proposal_draft)
    for n in ("detail", "edit", "autosave", "member_search", "add_cosigner")
}
OBJECT_ARGS["proposals:answer"] = _pk(objects.proposal_invitation)
OBJECT_ARGS["proposals:remove_cosigner"] = lambda w: {
    "pk": (p := objects.proposal_draft(w)).pk,
    "cosigner": p.cosigners.get().pk,
}
OBJECT_ARGS["proposals:manage_detail"] = _pk(objects.proposal_submitted)
OBJECT_ARGS |= {f"proposals:{n}": _pk(objects.proposal_assigned) for n in ("unit_detail", "assign", "evaluate")}
OBJECT_ARGS["proposals:review_reply"] = lambda w: {
    "pk": (p := objects.proposal_assigned(w)).pk,
    "reply": p.replies.get().pk,
}
OBJECT_ARGS |= {f"proposals:{n}": _pk(objects.proposal_draft) for n in ("collective", "attach")}
OBJECT_ARGS |= {
    f"proposals:{n}": lambda w: {"pk": (a := objects.proposal_attachment(w)).proposal_id, "attachment": a.pk}
    for n in ("attachment", "detach")
}
OBJECT_ARGS["proposals:manage_attachment"] = lambda w: {
    "pk": (a := objects.proposal_attachment(w, objects.proposal_submitted(w))).proposal_id,
    "attachment": a.pk,
}
OBJECT_ARGS["proposals:unit_attachment"] = lambda w: {
    "pk": (a := objects.proposal_attachment(w, objects.proposal_assigned(w))).proposal_id,
    "attachment": a.pk,
}
OBJECT_ARGS |= {f"proposals:{n}": _pk(objects.proposal_assigned) for n in ("mark", "follow_up_add", "print")}
OBJECT_ARGS["proposals:unmark"] = lambda w: {"pk": (h := objects.proposal_honour(w)).proposal_id, "honour": h.pk}
OBJECT_ARGS["proposals:follow_up_review"] = _pk(objects.proposal_follow_up)
OBJECT_ARGS |= {f"proposals:{n}": _pk(objects.proposal_key) for n in ("key_detail", "key_supervisors", "key_record")}
OBJECT_ARGS["proposals:key_record_file"] = _pk(lambda w: objects.proposal_key(w).records.get())
OBJECT_ARGS["proposals:excellent_score"] = _pk(objects.proposal_nomination)
OBJECT_ARGS["proposals:chase"] = _pk(lambda w: objects.proposal_assigned(w).assignments.get())
OBJECT_ARGS |= {f"proposals:{n}": _pk(objects.speech) for n in ("speech_withdraw", "speech_decide")}
# 社情民意: the author's pages show the world member's own report; another submitter must get 404 there.
for _name in ("mine_detail", "withdraw"):
    OBJECT_ARGS[f"opinions:{_name}"] = _pk(opinion_factories.submitted)
    OWNER_ONLY[f"opinions:{_name}"] = Role.MEMBER
OBJECT_ARGS["opinions:my_attachment"] = _pk(objects.opinion_attachment)
OWNER_ONLY["opinions:my_attachment"] = Role.MEMBER
OBJECT_ARGS |= {
    f"opinions:{n}": _pk(opinion_factories.submitted)
    for n in ("desk_detail", "edit", "return", "decline", "forward", "adopt", "instruct")
}
OBJECT_ARGS["opinions:desk_attachment"] = _pk(objects.opinion_attachment)
OBJECT_ARGS["opinions:void"] = lambda w: {
    "pk": (a := objects.adopted_opinion(w)).opinion_id,
    "kind": "adoption",
    "outcome_pk": a.pk,
}
OBJECT_ARGS["opinions:recall"] = _pk(opinion_factories.referral)
OBJECT_ARGS["opinions:referral_detail"] = _pk(opinion_factories.referral)
OBJECT_ARGS["opinions:referral_attachment"] = objects.referral_attachment
OBJECT_ARGS |= {
    f"opinions:bulletin_{n}": _pk(lambda w: opinion_factories.bulletin_in(w, "draft"))
    for n in ("detail", "update", "print", "export")
}
OBJECT_ARGS["opinions:bulletin_action"] = lambda w: {
    "pk": opinion_factories.bulletin_in(w, "draft").pk,
    "action": "approve",
}
OBJECT_ARGS["opinions:bulletin_signoff"] = lambda w: {
    "pk": opinion_factories.bulletin_in(w, "approved").pk,
    "action": "sign",
}
OBJECT_ARGS["opinions:officer_edit"] = _pk(objects.officer)
OBJECT_ARGS |= {f"assessment:{n}": _pk(objects.scheme) for n in ("scheme", "scheme_simulate")}
# The archive (一人一档) and duty reports: staff pages for the world's member, the member's own report.
OBJECT_ARGS |= {f"archive:{n}": _pk(lambda w: w.member) for n in ("member", "member_xlsx", "member_pdf")}
OBJECT_ARGS["archive:my_report"] = _pk(objects.duty_report)
OWNER_ONLY["archive:my_report"] = Role.MEMBER
OBJECT_ARGS["archive:desk_report"] = _pk(objects.duty_report)
OBJECT_ARGS["archive:meeting"] = _pk(objects.duty_report_meeting)

# The yearly assessment cycle: a frozen year in its members' check (and a dispute of the world's member).
OBJECT_ARGS |= {
    f"assessment_cycle:{n}": lambda w: {"year": objects.checking_year(w).year}
    for n in ("year", "disputes", "results", "nominate", "letters", "reminders", "letters_pdf", "me", "confirm_all")
}
OBJECT_ARGS["assessment_cycle:move"] = lambda w: {"year": objects.checking_year(w).year, "action": "close_check"}
OBJECT_ARGS["assessment_cycle:decide"] = lambda w: {"year": objects.checking_year(w).year, "action": "approve"}
OBJECT_ARGS["assessment_cycle:talk"] = lambda w: {"year": objects.checking_year(w).year, "member_id": w.member.pk}
OBJECT_ARGS |= {f"assessment_cycle:{n}": objects.member_line for n in ("confirm_line", "dispute_line")}
OBJECT_ARGS |= {f"assessment_cycle:{n}": _pk(objects.dispute) for n in ("dispute", "dispute_evidence")}
OBJECT_ARGS |= {f"assessment_groups:{n}": _pk(lambda w: w.group) for n in ("detail", "tick", "untick")}
OBJECT_ARGS["assessment_groups:evidence_file"] = _pk(objects.group_evidence)


def iter_named_routes(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_named_routes(entry, ns)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


def scoped_routes() -> list[tuple[str, URLPattern]]:
    return sorted(
        (name, p)
        for name, p in iter_named_routes()
        if not name.startswith(UNSCOPED_PREFIXES) and name not in UNSCOPED_NAMES
    )


def route_url(name: str, pattern: URLPattern, world: World) -> str:
    if pattern.pattern.regex.groupindex:
        return reverse(name, kwargs=OBJECT_ARGS[name](world))
    return reverse(name)


def test_every_parametrised_route_is_in_the_sweep():
    missing = [n for n, p in scoped_routes() if p.pattern.regex.groupindex and n not in OBJECT_ARGS]
    assert missing == []


# One test per route, so xdist spreads them and a failure names its route.
ROUTES = scoped_routes()
OBJECT_ROUTES = [(name, pattern) for name, pattern in ROUTES if pattern.pattern.regex.groupindex]


@pytest.mark.parametrize(("name", "pattern"), OBJECT_ROUTES, ids=[name for name, _ in OBJECT_ROUTES])
def test_outsiders_get_404_for_every_object_route(world, outsider, name, pattern):
    url = route_url(name, pattern, world)
    # The outsider holds the route's capabilities, so the request reaches the lookup (a 403 would hide a leak).
    needed = set(getattr(pattern.callback, "required_capabilities", ()))
    role = next((r for r in (Role.ADMIN, *Role.values) if needed <= capabilities_of({r})), Role.ADMIN)
    client = outsider.client(role)
    leaks = []
    for method in ("get", "post"):
        status = getattr(client, method)(url).status_code
        if status not in (404, 405):
            leaks.append((method, status))
    assert leaks == []


@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[name for name, _ in ROUTES])
def test_capabilities_allow_and_deny_every_page(world, name, pattern):
    needed = getattr(pattern.callback, "required_capabilities", None)
    assert needed is not None, f"{name} declares no capability"
    url = route_url(name, pattern, world)
    wrong = []
    for role in Role.values:
        # Every role meets the route's object as built: what one role's request changed (a deletion, a decision)
        # rolls back before the next role asks.
        with transaction.atomic():
            client = world.client(role)
            status = client.get(url).status_code
            if status == 405:  # POST-only route: ask with an empty form instead
                status = client.post(url).status_code
            transaction.set_rollback(True)
        allowed = all(c in capabilities_of({role}) for c in needed)
        if allowed and name in OWNER_ONLY and role != OWNER_ONLY[name] and status == 404:
            continue
        if allowed and status in (403, 404):
            wrong.append((role, "denied", status))
        if not allowed and status != 403:
            wrong.append((role, "allowed", status))
    assert wrong == []
