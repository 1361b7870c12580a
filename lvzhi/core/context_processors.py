from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.notify import unread_count
from lvzhi.core.tenancy import Access, committees_of


@dataclass(frozen=True)
class Link:
    label: Any
    url_name: str
    capability: C | None  # None: anyone signed in to a committee


# The navbar: staff see these groups as dropdown menus; members, who have few entries, see them as plain links.
NAV: list[tuple[Any, list[Link]]] = [
    (None, [Link(_("首页"), "home", None)]),
    (
        _("委员"),
        [Link(_("委员通讯录"), "org:directory", C.VIEW_DIRECTORY), Link(_("委员导入"), "org:import", C.MANAGE_MEMBERS)],
    ),
    (
        _("会议活动"),
        [
            Link(_("会议活动管理"), "activities:manage_list", C.MANAGE_ACTIVITIES),
            Link(_("请假审批"), "activities:leave_queue", C.APPROVE_LEAVE),
            Link(_("履职日历"), "planning:calendar", C.VIEW_STATS),
            Link(_("年度清单"), "planning:plans", C.VIEW_STATS),
            Link(_("活动统计"), "dashboard:activities", C.VIEW_STATS),
        ],
    ),
    (_("履职审核"), [Link(_("履职自报审核"), "ledger:review", C.CONFIRM_DUTY)]),
    (
        _("系统管理"),
        [Link(_("组织管理"), "org:organisation", C.MANAGE_ORG), Link(_("用户与角色"), "org:users", C.MANAGE_USERS)],
    ),
    (
        _("我的"),
        [
            Link(_("活动菜单"), "activities:menu", C.PARTICIPATE),
            Link(_("我的活动"), "activities:mine", C.PARTICIPATE),
            Link(_("我的清单"), "planning:my_plan", C.PARTICIPATE),
            Link(_("我的履职"), "ledger:mine", C.PARTICIPATE),
            Link(_("我的资料"), "org:my_profile", C.PARTICIPATE),
        ],
    ),
]


def navigation(access: Access, path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The navbar entries the user may open, and the same links flat; only the best-matching link is active."""
    groups = []
    for label, links in NAV:
        items = [
            {"label": link.label, "url": reverse(link.url_name)}
            for link in links
            if link.capability is None or access.can(link.capability)
        ]
        if items:
            groups.append({"label": label, "links": items})
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
