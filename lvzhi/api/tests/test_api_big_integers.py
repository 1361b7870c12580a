"""Integers beyond 64 bits in every integer path and query parameter, and every integer body field, of every
operation: refused (4xx), never a 500 from a database that cannot hold them (issue 8)."""

import re

import pytest

from lvzhi.api.api import api
from lvzhi.api.tests.test_api_sweep import PATH_ARGS, PREFIX, op_id
from lvzhi.core.capabilities import Role

HUGE = 2**70
SCHEMA = api.get_openapi_schema(path_prefix=PREFIX)
COMPONENTS = SCHEMA["components"]["schemas"]


@pytest.fixture
def world(shared_world):
    return shared_world


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _is_integer(schema: dict) -> bool:
    schema = _resolve(schema)
    options = [_resolve(s) for s in schema.get("anyOf", [])] or [schema]
    return any(option.get("type") == "integer" for option in options)


def _targets(method: str, path: str) -> list[tuple[str, str]]:
    """(where, name) of every integer the operation takes: path and query parameters, and JSON body fields."""
    op = SCHEMA["paths"][path][method]
    found = [(p["in"], p["name"]) for p in op.get("parameters", []) if _is_integer(p["schema"])]
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    if body:
        found += [("body", n) for n, s in _resolve(body["schema"]).get("properties", {}).items() if _is_integer(s)]
    return found


OPERATIONS = sorted((method, path) for path, ops in SCHEMA["paths"].items() for method in ops if _targets(method, path))


def test_the_sweep_covers_the_operations_that_take_integers():
    assert len(OPERATIONS) >= 60


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=map(op_id, OPERATIONS))
def test_an_integer_beyond_64_bits_is_never_a_server_error(world, method, path):
    client = world.client(Role.ADMIN)
    real = PATH_ARGS[path](world) if "{" in path else {}
    for where, name in _targets(method, path):
        values = {**real, name: HUGE} if where == "path" else real
        url = re.sub(r"\{(\w+)\}", lambda m, values=values: str(values[m.group(1)]), path)
        if where == "query":
            url += f"?{name}={HUGE}"
        body = {name: HUGE} if where == "body" else {}
        response = getattr(client, method)(url, body, content_type="application/json")
        assert 400 <= response.status_code < 500, (where, name, response.status_code)
        assert response.json()["error"]["code"], (where, name)
