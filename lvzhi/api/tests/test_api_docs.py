"""The API docs page works on an intranet: everything it loads comes from this server (ARCHITECTURE.md: no CDN)."""

import json
import re
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.test import Client

DOCS = "/api/v1/docs"
# Anything that names a host: http://, https:// or protocol-relative //host.
ABSOLUTE_URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""", re.IGNORECASE)
LOCAL_ASSET = re.compile(r"""(?:src|href)=["'](/static/[^"']+)["']""")


def test_the_docs_page_names_no_outside_host(db):
    response = Client().get(DOCS)
    assert response.status_code == 200
    page = response.content.decode()
    outside = [url for url in ABSOLUTE_URL.findall(page) if urlsplit(url).hostname not in (None, "testserver")]
    assert outside == []


def test_every_script_and_stylesheet_of_the_docs_page_is_served_from_our_static_files(db):
    page = Client().get(DOCS).content.decode()
    assets = LOCAL_ASSET.findall(page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    missing = [a for a in assets if finders.find(a.removeprefix("/static/")) is None]
    assert missing == []


def test_the_schema_the_docs_page_loads_is_ours_and_names_no_outside_server(db):
    page = Client().get(DOCS).content.decode()
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', page, re.DOTALL).group(1))
    assert settings["url"] == "/api/v1/openapi.json"
    schema = Client().get(settings["url"]).json()
    assert all(urlsplit(server["url"]).hostname in (None, "testserver") for server in schema.get("servers", []))
