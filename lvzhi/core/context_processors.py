from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.notify import unread_count
from lvzhi.core.tenancy import committees_of

# (label, url name, capability or None for anyone signed in, staff console or member portal)
NAV: list[tuple[Any, str, C | None]] = [
    (_("首页"), "home", None),
    (_("委员通讯录"), "org:directory", C.VIEW_DIRECTORY),
    (_("组织管理"), "org:organisation", C.MANAGE_ORG),
    (_("用户与角色"), "org:users", C.MANAGE_USERS),
    (_("委员导入"), "org:import", C.MANAGE_MEMBERS),
    (_("会议活动"), "activities:manage_list", C.MANAGE_ACTIVITIES),
    (_("请假审批"), "activities:leave_queue", C.APPROVE_LEAVE),
    (_("我的资料"), "org:my_profile", C.PARTICIPATE),
    (_("活动菜单"), "activities:menu", C.PARTICIPATE),
    (_("我的活动"), "activities:mine", C.PARTICIPATE),
    (_("我的履职"), "ledger:mine", C.PARTICIPATE),
    (_("履职自报审核"), "ledger:review", C.CONFIRM_DUTY),
    (_("履职日历"), "planning:calendar", C.VIEW_STATS),
    (_("年度清单"), "planning:plans", C.VIEW_STATS),
    (_("我的清单"), "planning:my_plan", C.PARTICIPATE),
    (_("活动统计"), "dashboard:activities", C.VIEW_STATS),
]


def lvzhi(request: HttpRequest) -> dict[str, Any]:
    access = getattr(request, "access", None)
    if access is None:
        return {"nav_items": [], "committee": None}
    items = []
    for label, name, capability in NAV:
        if capability is None or access.can(capability):
            url = reverse(name)
            items.append(
                {
                    "label": label,
                    "url": url,
                    "active": request.path == url or (url != "/" and request.path.startswith(url)),
                }
            )
    return {
        "nav_items": items,
        "committee": request.committee,
        "access": access,
        # Lazy: one COUNT query, and only when a page shows the badge (htmx fragments do not).
        "unread_count": SimpleLazyObject(lambda: unread_count(request.user, request.committee))
        if request.committee is not None
        else 0,
        "my_committees": committees_of(request.user) if request.user.is_superuser or len(access.roles) else [],
    }
