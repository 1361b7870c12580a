"""Run by .ci/fuzz-api inside `manage.py shell`: the fuzzer's account and token, and a Schemathesis config whose
dictionaries hold the demo committee's real ids, so most generated requests reach past the 404 of an unknown
id into the code behind it (random ids still come in the rest of the time)."""

import json
import os
from pathlib import Path

from django_scopes import scopes_disabled

from lvzhi.activities.models import Activity, LeaveRequest
from lvzhi.core.models import ApiToken, Committee, Notification, RoleAssignment, User
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.models import (
    Member,
    Position,
    RegionalGroup,
    Sector,
    SectorGroup,
    Session,
    SpecialCommittee,
    StandardsChecklist,
    Station,
    StationDuty,
    Term,
)
from lvzhi.planning.models import PlanItem

# An id that no generated path parameter is likely to hit: fuzzing "reset this user's password" or
# "deactivate this account" must not revoke the token the fuzzer runs with.
fuzzer = User.objects.create_superuser(pk=987_654_321, username="fuzzer", password="unused-Fuzz-2026")
print(ApiToken.issue(fuzzer)[1])

with scopes_disabled():
    committee = Committee.objects.get(code="demo-city")
    mine = {"committee": committee}

    def ids(model, **lookup):
        return list(model.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True)[:50])

    groups = ids(SectorGroup, term__committee=committee) + ids(RegionalGroup, term__committee=committee)
    values = {
        "activity": ids(Activity, **mine),
        "member": ids(Member, **mine),
        "leave": ids(LeaveRequest, **mine),
        "record": ids(DutyRecord, **mine),
        "notification": ids(Notification, **mine),
        "plan": ids(PlanItem, **mine),
        "position": ids(Position, membership__member__committee=committee),
        "term": ids(Term, **mine),
        "session": ids(Session, term__committee=committee),
        "special_committee": ids(SpecialCommittee, **mine),
        "group": groups,
        "sector_group": ids(SectorGroup, term__committee=committee),
        "sector": ids(Sector, term__committee=committee),
        "checklist": ids(StandardsChecklist, **mine),
        "station": ids(Station, **mine),
        "duty": ids(StationDuty, station__committee=committee),
        "user": sorted({r.user_id for r in RoleAssignment.objects.filter(**mine)})[:50],
        "role": ids(RoleAssignment, **mine),
    }

bindings = {
    "path.activity_id": "activity",
    "path.member_id": "member",
    "path.leave_id": "leave",
    "path.record_id": "record",
    "path.notification_id": "notification",
    "path.plan_id": "plan",
    "path.position_id": "position",
    "path.term_id": "term",
    "path.session_id": "session",
    "path.body_id": "special_committee",
    "path.group_id": "group",
    "path.checklist_id": "checklist",
    "path.station_id": "station",
    "path.duty_id": "duty",
    "path.user_id": "user",
    "path.role_id": "role",
    "query.sector": "sector",
    "query.group": "sector_group",
    "query.special_committee": "special_committee",
    "query.station": "station",
    "query.term": "term",
    "body.member_id": "member",
    "body.member_ids[*]": "member",
    "body.activity_ids[*]": "activity",
    "body.to_activity_id": "activity",
    "body.sector_id": "sector",
    "body.sector_ids[*]": "sector",
    "body.station_id": "station",
    "body.checklist_id": "checklist",
    "body.special_committee_id": "special_committee",
    "body.organiser_special_committee_id": "special_committee",
    "body.organiser_group_id": "sector_group",
    "body.sector_group_id": "sector_group",
    "body.term_id": "term",
    "body.parent_id": "plan",
    "body.owner_id": "member",
}
lines = []
for name, entries in values.items():
    if entries:
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(entries)}", ""]
lines.append("[parameters]")
for key, name in bindings.items():
    if values[name]:
        lines.append(f'"{key}" = {{ dictionary = "{name}", probability = 0.85 }}')
Path(os.environ["FUZZ_CONFIG"]).write_text("\n".join(lines) + "\n")
