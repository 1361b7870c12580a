"""What the archive and the duty reports contribute: navigation, the staff member page's panel, message links."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.assessment.archive import may_open
from lvzhi.assessment.models import DutyReport
from lvzhi.core import todo
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import MessageTarget, NavLink, Panel, Shortcut, registry
from lvzhi.core.tenancy import Access
from lvzhi.org.queries.members import visible_members

registry.nav(
    NavLink("assessment", _("述职报告"), "archive:report_desk", C.MANAGE_ASSESSMENT, 30),
    NavLink("mine", _("我的述职报告"), "archive:my_reports", C.PARTICIPATE, 45),
    NavLink("mine", _("我的履职档案"), "archive:mine", C.PARTICIPATE, 46),
)
registry.shortcut(Shortcut(_("履职档案"), "archive:mine", C.PARTICIPATE, 55))
registry.message_target(
    "assessment.dutyreport",
    MessageTarget(C.PARTICIPATE, "archive:my_report"),
    MessageTarget(C.MANAGE_ASSESSMENT, "archive:desk_report"),
)


def _panel(request: HttpRequest, member: Any) -> dict[str, Any] | None:
    return {"member": member} if may_open(request.access, member) else None


# Staff opening a member's record find the archive (一人一档) and its files there.
registry.panel(Panel("archive", "assessment/archive/_member_panel.html", _panel, C.VIEW_ASSESSMENT, 15))


def _reports_to_review(access: Access) -> list[todo.Todo]:
    if not access.can(C.MANAGE_ASSESSMENT):
        return []
    waiting = DutyReport.objects.filter(
        committee=access.committee, status=DutyReport.Status.SUBMITTED, member__in=visible_members(access)
    ).count()
    url = f"{reverse('archive:report_desk')}?status={DutyReport.Status.SUBMITTED}"
    return [todo.Todo("todo-duty-reports", _("待审阅的述职报告"), waiting, url)]


todo.register_todos(_reports_to_review)  # submitted duty reports, on the staff home
