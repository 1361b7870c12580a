from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

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


def lvzhi(request: HttpRequest) -> dict[str, Any]:
    access = getattr(request, "access", None)
    if access is None:
        return {"nav_menu": [], "nav_items": [], "committee": None}
    menu, flat = navigation(access, request.path)
    return {
        "nav_menu": menu,
        "nav_items": flat,
        "committee": request.committee,
        "access": access,
        # Lazy: one COUNT query, and only when a page shows the badge (htmx fragments do not).
        "unread_count": SimpleLazyObject(lambda: unread_count(request.user, request.committee))
        if request.committee is not None
        else 0,
        "my_committees": committees_of(request.user) if request.user.is_superuser or len(access.roles) else [],
    }
