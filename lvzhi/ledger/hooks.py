"""What the ledger contributes: navigation, message links."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core import todo
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import HomeContext, MessageTarget, NavLink, Panel, Shortcut, Tile, registry
from lvzhi.ledger.queries import home_todos, ledger_by_kind, year_counts

registry.nav(
    NavLink("review", _("履职自报审核"), "ledger:review", C.CONFIRM_DUTY, 10),
    NavLink("mine", _("我的履职"), "ledger:mine", C.PARTICIPATE, 40),
)
registry.message_target(
    "ledger.dutyrecord",
    MessageTarget(C.PARTICIPATE, "ledger:mine", takes_id=False),
    MessageTarget(C.CONFIRM_DUTY, "ledger:review", takes_id=False),
)
# Staff opening a member's record see this year's ledger count, linking to the member's ledger.
registry.panel(
    Panel("ledger", "ledger/_member_panel.html", lambda request, member: year_counts(member), C.VIEW_MEMBERS, 10)
)


def _year_tile(home: HomeContext) -> dict[str, Any]:
    year = timezone.localdate().year
    kinds = ledger_by_kind(home.member, year)
    return {
        "year": year,
        "kinds": kinds,
        "total": sum(k.confirmed for k in kinds),
        "pending": sum(k.pending for k in kinds),
    }


registry.tile(Tile("ledger.year", "member", "ledger/_tile_year.html", _year_tile, C.PARTICIPATE, 40))
registry.shortcut(Shortcut(_("我的履职"), "ledger:mine", C.PARTICIPATE, 50))
todo.register_todos(home_todos)  # self-reports to confirm, on the staff home
