"""What activities contribute: navigation and message links."""

from django.utils.translation import gettext_lazy as _

from lvzhi.activities import queries
from lvzhi.activities.models import LeaveRequest
from lvzhi.activities.views import tiles
from lvzhi.core import todo
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import MessageTarget, NavLink, Shortcut, Tile, registry


def _leave_activities(ids: list[int]) -> dict[int, int]:
    return dict(LeaveRequest.objects.filter(pk__in=ids).values_list("pk", "activity_id"))


registry.nav(
    NavLink("activities", _("会议活动管理"), "activities:manage_list", C.MANAGE_ACTIVITIES, 10),
    NavLink("activities", _("请假审批"), "activities:leave_queue", C.APPROVE_LEAVE, 20),
    NavLink("mine", _("活动菜单"), "activities:menu", C.PARTICIPATE, 10),
    NavLink("mine", _("我的活动"), "activities:mine", C.PARTICIPATE, 20),
)
registry.message_target(
    "activities.activity",
    MessageTarget(C.PARTICIPATE, "activities:detail"),
    MessageTarget(C.MANAGE_ACTIVITIES, "activities:manage_detail"),
)
# A message about a leave request opens the activity it is for.
registry.message_target(
    "activities.leaverequest",
    MessageTarget(C.PARTICIPATE, "activities:detail", object_id=_leave_activities),
    MessageTarget(C.APPROVE_LEAVE, "activities:leave_queue", takes_id=False),
)

registry.tile(
    Tile("activities.todo", "member", "activities/_tile_todo.html", tiles.member_todo, C.PARTICIPATE, 20),
    Tile("activities.next", "member", "activities/_tile_next.html", tiles.member_next, C.PARTICIPATE, 30),
)
registry.shortcut(
    Shortcut(_("活动菜单"), "activities:menu", C.PARTICIPATE, 10),
    Shortcut(_("我的活动"), "activities:mine", C.PARTICIPATE, 20),
    Shortcut(_("我的日历"), "activities:calendar", C.PARTICIPATE, 30),
    Shortcut(_("我的签到码"), "activities:my_code", C.PARTICIPATE, 40),
)
# The staff home's to-dos (leave to decide, activities to close, imports) and next activities.
todo.register_todos(queries.home_todos)
todo.register_upcoming(queries.home_upcoming)
