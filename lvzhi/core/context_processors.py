import re
from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.help import section_for
from lvzhi.core.notify import unread_count
from lvzhi.core.registry import registry
from lvzhi.core.tenancy import Access

Groups = tuple[tuple[Any, tuple[tuple[Any, str], ...]], ...]


@lru_cache(maxsize=256)
def _allowed(capabilities: frozenset[C], registered: int) -> Groups:
    """The navbar groups (label, links as (label, url)) a set of capabilities opens. It depends only on the
    capabilities and the registered links (`registered`: how many, so a late registration is seen), so it is
    worked out once per process for each set instead of on every page."""
    groups: list[tuple[str, Any, list[tuple[Any, str]]]] = []
    for link in registry.links:
        if link.capability is not None and link.capability not in capabilities:
            continue
        group = registry.groups[link.group]
        if not groups or groups[-1][0] != group.key:
            groups.append((group.key, group.label, []))
        groups[-1][2].append((link.label, reverse(link.url_name)))
    return tuple((label, tuple(links)) for _key, label, links in groups)


def _active_url(groups: Groups, path: str) -> str | None:
    """The link the page belongs to: the longest link URL the path starts with ("/" only for the home page)."""
    return max(
        (url for _label, links in groups for _l, url in links if path == url or (url != "/" and path.startswith(url))),
        key=len,
        default=None,
    )


def _menu(groups: Groups, staff: bool, active: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    menu: list[dict[str, Any]] = []
    flat: list[dict[str, Any]] = []
    for label, links in groups:
        items = [{"label": text, "url": url, "active": url == active} for text, url in links]
        flat.extend(items)
        if staff and label and len(items) > 1:
            menu.append({"label": label, "links": items, "active": any(i["active"] for i in items)})
        else:
            menu.extend(items)
    return menu, flat


def navigation(access: Access, path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The navbar entries the user may open, and the same links flat; only the best-matching link is active."""
    groups = _allowed(frozenset(access.capabilities), len(registry.links))
    return _menu(groups, access.is_staff_user, _active_url(groups, path))


@lru_cache(maxsize=1024)
def _nav_html(capabilities: frozenset[C], registered: int, staff: bool, active: str | None, language: str) -> str:
    menu, _flat = _menu(_allowed(capabilities, registered), staff, active)
    return render_to_string("core/_nav.html", {"nav_menu": menu})


def nav_html(access: Access, path: str) -> SafeString:
    """The navbar's links as HTML. They depend only on the capabilities, the active link and the language, so
    each combination is rendered once per process: on every page the loop over them cost more than a page's
    own rows."""
    capabilities = frozenset(access.capabilities)
    registered = len(registry.links)
    active = _active_url(_allowed(capabilities, registered), path)
    # Rendered by the template engine, which escaped it.
    return mark_safe(_nav_html(capabilities, registered, access.is_staff_user, active, get_language()))


# The member portal's bottom tab bar (phones), on every page a member opens.
MEMBER_TABS: list[tuple[Any, str]] = [
    (_("活动"), "activities:menu"),
    (_("我的活动"), "activities:mine"),
    (_("日历"), "activities:calendar"),
    (_("签到码"), "activities:my_code"),
    (_("履职"), "ledger:mine"),
]


ACTIVITY_PAGE = re.compile(r"^/activities/\d+/")


@lru_cache(maxsize=1)
def _member_tab_urls() -> tuple[tuple[Any, str], ...]:
    return tuple((label, reverse(name)) for label, name in MEMBER_TABS)


def member_tabs(path: str) -> list[dict[str, Any]]:
    tabs = [{"label": label, "url": url} for label, url in _member_tab_urls()]
    matches = [t for t in tabs if path.startswith(t["url"])]
    if not matches and ACTIVITY_PAGE.match(path):
        matches = tabs[:1]  # an activity's own pages belong to 活动
    if matches:
        max(matches, key=lambda t: len(t["url"]))["active"] = True
    return tabs


def breadcrumbs(flat: list[dict[str, Any]], path: str) -> list[dict[str, Any]]:
    """首页 › the menu entry the page belongs to; the page's own title is added by base.html."""
    crumbs = [{"label": _("首页"), "url": reverse("home")}]
    entry = next((item for item in flat if item.get("active")), None)
    if entry is not None and entry["url"] != reverse("home"):
        crumbs.append({"label": entry["label"], "url": entry["url"], "current": entry["url"] == path})
    return crumbs


def help_url(request: HttpRequest, access: Access) -> str:
    match = getattr(request, "resolver_match", None)
    section = section_for(match.view_name if match else None, staff=access.is_staff_user)
    return f"{reverse('help')}#{section}"


def lvzhi(request: HttpRequest) -> dict[str, Any]:
    access = getattr(request, "access", None)
    if access is None:
        return {"nav_menu": [], "nav_items": [], "nav_html": "", "committee": None}
    menu, flat = navigation(access, request.path)
    member_portal = request.committee is not None and access.can(C.PARTICIPATE) and not access.is_staff_user
    return {
        "nav_menu": menu,
        "nav_items": flat,
        "nav_html": nav_html(access, request.path),
        "help_url": SimpleLazyObject(lambda: help_url(request, access)),
        "breadcrumbs": breadcrumbs(flat, request.path) if access.is_staff_user else [],
        "member_tabs": member_tabs(request.path) if member_portal else [],
        "can_search": access.can(C.VIEW_DIRECTORY) or access.can(C.MANAGE_ACTIVITIES) or access.can(C.PARTICIPATE),
        "committee": request.committee,
        "access": access,
        # Lazy: one COUNT query, and only when a page shows the badge (htmx fragments do not).
        "unread_count": SimpleLazyObject(lambda: unread_count(request.user, request.committee))
        if request.committee is not None
        else 0,
        # Read by the committee middleware with the user's roles: no query here.
        "my_committees": request.my_committees if request.user.is_superuser or len(access.roles) else [],
    }
