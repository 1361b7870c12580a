"""docs/api-additions.md stays in step with the routers: every assessment, archive, duty-report, cycle and
statistics operation is either in API.md's core (the three below) or documented there, and nothing else is."""

import re
from pathlib import Path

from django.conf import settings

from lvzhi.api.api import api

TAGS = {"assessment", "assessment cycle", "archive and duty reports", "statistics"}
EXTRA = {("GET", "/proposals/stats"), ("GET", "/stats/opinions")}  # the statistics of the proposals and 社情民意 apps
IN_API_MD = {
    ("GET", "/assessment/{year}/scores"),
    ("GET", "/members/{member_id}/archive"),
    ("GET", "/members/{member_id}/archive.xlsx"),
    ("GET", "/members/{member_id}/archive.pdf"),
    ("GET", "/stats/activities"),
}


def test_every_operation_is_documented_once():
    schema = api.get_openapi_schema()
    served = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if TAGS & set(op.get("tags", []))
    } | EXTRA
    text = (Path(settings.BASE_DIR) / "docs" / "api-additions.md").read_text()
    section = text.split("## Assessment, archive and statistics", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(GET|POST|PATCH|PUT|DELETE) ([^`?]+)`", section, flags=re.M)
    assert len(documented) == len(set(documented))
    rows = set(documented) - {("GET", "/members/{id}/archive"), ("GET", "/assessment/{year}/scores")}
    assert rows == served - IN_API_MD
