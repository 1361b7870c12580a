from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.tenancy import committees_of

# (label, url name, capability or None for anyone signed in, staff console or member portal)
NAV: list[tuple[Any, str, C | None]] = [
    (_("首页"), "home", None),
    (_("委员通讯录"), "org:directory", C.VIEW_DIRECTORY),
    (_("组织管理"), "org:organisation", C.MANAGE_ORG),
    (_("用户与角色"), "org:users", C.MANAGE_USERS),
    (_("委员导入"), "org:import", C.MANAGE_MEMBERS),
    (_("我的资料"), "org:my_profile", C.PARTICIPATE),
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
        "my_committees": committees_of(request.user) if request.user.is_superuser or len(access.roles) else [],
    }
