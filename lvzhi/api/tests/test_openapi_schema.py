"""The published OpenAPI schema tells clients the truth: one name per schema (no two enums called `Kind`), every
operation's error responses declared with the envelope, the import problems as they are sent."""

import pytest

from lvzhi.activities.models import CheckIn, LeaveRequest, Registration
from lvzhi.api.api import api
from lvzhi.api.openapi import LvzhiOpenAPISchema, SchemaNameClash
from lvzhi.ledger.models import DutyRecord
from lvzhi.org.models import RegionalGroup, Station

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")
COMPONENTS = SCHEMA["components"]["schemas"]
OPERATIONS = [(method, path, op) for path, ops in SCHEMA["paths"].items() for method, op in ops.items()]


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


@pytest.mark.parametrize(
    ("name", "choices"),
    [
        ("StationKind", Station.Kind),
        ("RegionalGroupKind", RegionalGroup.Kind),
        ("LeaveKind", LeaveRequest.Kind),
        ("RegistrationStatus", Registration.Status),
        ("LeaveStatus", LeaveRequest.Status),
        ("CheckInStatus", CheckIn.Status),
        ("DutyRecordStatus", DutyRecord.Status),
    ],
)
def test_each_enum_is_published_under_its_own_name_with_its_own_values(name, choices):
    assert COMPONENTS[name]["enum"] == list(choices.values)


def test_no_two_operations_share_a_schema_name_with_different_content():
    assert "Kind" not in COMPONENTS and "Status" not in COMPONENTS


def test_two_different_schemas_under_one_name_stop_the_schema_from_being_built():
    openapi = LvzhiOpenAPISchema.__new__(LvzhiOpenAPISchema)
    openapi.schemas = {"Kind": {"enum": ["a"]}}
    openapi.add_schema_definitions({"Kind": {"enum": ["a"]}})
    with pytest.raises(SchemaNameClash):
        openapi.add_schema_definitions({"Kind": {"enum": ["b"]}})


@pytest.mark.parametrize(("method", "path", "op"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p, _ in OPERATIONS])
def test_every_operation_declares_its_error_responses_with_the_envelope(method, path, op):
    for status in (400, 401, 403, 404, 500):
        response = op["responses"].get(status)
        assert response is not None, status
        schema = _resolve(response["content"]["application/json"]["schema"])
        assert schema["required"] == ["error"]
        assert set(_resolve(schema["properties"]["error"])["required"]) >= {"code", "message"}


def test_the_envelope_is_a_published_schema():
    error = _resolve(COMPONENTS["ErrorOut"]["properties"]["error"])
    assert set(error["properties"]) == {"code", "message", "fields"}


def test_the_past_activities_import_problems_include_their_sheet():
    response = SCHEMA["paths"]["/api/v1/activities/import"]["post"]["responses"][200]
    errors = _resolve(response["content"]["application/json"]["schema"])["properties"]["errors"]
    problem = _resolve(errors["items"])
    assert "sheet" in problem["required"]
    member = SCHEMA["paths"]["/api/v1/members/import"]["post"]["responses"][200]
    member_errors = _resolve(member["content"]["application/json"]["schema"])["properties"]["errors"]
    assert _resolve(member_errors["items"]) is not problem


def test_integer_ids_and_pages_are_bounded_in_the_schema():
    parameters = {
        p["name"]: p["schema"] for p in SCHEMA["paths"]["/api/v1/activities/{activity_id}"]["get"]["parameters"]
    }
    assert parameters["activity_id"]["maximum"] == 2**63 - 1
    listing = {p["name"]: p["schema"] for p in SCHEMA["paths"]["/api/v1/members"]["get"]["parameters"]}
    assert listing["page_size"]["maximum"] == 200
    assert listing["q"]["maxLength"] == 100
