"""What the assessment contributes: navigation, the member's score tile, shortcuts and each ledger row's points."""

from django.utils.translation import gettext_lazy as _

from lvzhi.assessment.points import ledger_points
from lvzhi.assessment.views import tiles
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.registry import NavLink, Shortcut, Tile, registry

registry.points_source = ledger_points
registry.nav_group("assessment", _("履职考核"), 60)
registry.nav(
    NavLink("assessment", _("考核得分"), "assessment:ranking", C.VIEW_ASSESSMENT, 10),
    NavLink("assessment", _("考核办法"), "assessment:schemes", C.VIEW_ASSESSMENT, 20),
    NavLink("mine", _("我的考核得分"), "assessment:me", C.PARTICIPATE, 15),
)
registry.tile(Tile("assessment.mine", "member", "assessment/_tile_mine.html", tiles.my_score, C.PARTICIPATE, 15))
registry.shortcut(Shortcut(_("考核得分"), "assessment:me", C.PARTICIPATE, 15))

# The yearly cycle (§3.7): its own screens under /assessment/cycle/, the members' check tile, waiting work.
from lvzhi.assessment.views import cycle_tiles  # noqa: E402
from lvzhi.core import todo  # noqa: E402

registry.nav(NavLink("assessment", _("年度考核"), "assessment_cycle:years", C.VIEW_ASSESSMENT, 30))
registry.tile(
    Tile("assessment.check", "member", "assessment/cycle/_tile_check.html", cycle_tiles.check_tile, C.PARTICIPATE, 14)
)
todo.register_todos(cycle_tiles.home_todos)
from lvzhi.assessment import hooks_archive  # noqa: E402,F401  the archive and duty reports (issue 14)
