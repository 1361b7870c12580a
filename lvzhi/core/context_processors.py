import re
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.help import section_for
from lvzhi.core.notify import unread_count
from lvzhi.core.registry import registry
from lvzhi.core.tenancy import Access, committees_of


def navigation(access: Access, path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The navbar entries the user may open, and the same links flat; only the best-matching link is active."""
    groups: list[dict[str, Any]] = []
    for link in registry.links:
        if link.capability is not None and not access.can(link.capability):
            continue
        group = registry.groups[link.group]
        if not groups or groups[-1]["key"] != group.key:
            groups.append({"key": group.key, "label": group.label, "links": []})
        groups[-1]["links"].append({"label": link.label, "url": reverse(link.url_name)})
    flat = [item for group in groups for item in group["links"]]
    matches = [i for i in flat if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    menu = []
    for group in groups:
        if access.is_staff_user and group["label"] and len(group["links"]) > 1:
            menu.append({**group, "active": any(i.get("active") for i in group["links"])})
        else:
            menu.extend(group["links"])
    return menu, flat


# The member portal's bottom tab bar (phones), on every page a member opens.
MEMBER_TABS: list[tuple[Any, str]] = [
    (_("活动"), "activities:menu"),
    (_("我的活动"), "activities:mine"),
    (_("日历"), "activities:calendar"),
    (_("签到码"), "activities:my_code"),
    (_("履职"), "ledger:mine"),
]


ACTIVITY_PAGE = re.compile(r"^/activities/\d+/")


def member_tabs(path: str) -> list[dict[str, Any]]:
    tabs = [{"label": label, "url": reverse(name)} for label, name in MEMBER_TABS]
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
        return {"nav_menu": [], "nav_items": [], "committee": None}
    menu, flat = navigation(access, request.path)
    member_portal = request.committee is not None and access.can(C.PARTICIPATE) and not access.is_staff_user
    return {
        "nav_menu": menu,
        "nav_items": flat,
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
        "my_committees": committees_of(request.user) if request.user.is_superuser or len(access.roles) else [],
    }
