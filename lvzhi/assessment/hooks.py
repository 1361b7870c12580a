"""What the assessment contributes: navigation, home tiles and each ledger row's points."""

from lvzhi.assessment.points import ledger_points
from lvzhi.core.registry import registry

registry.points_source = ledger_points
from lvzhi.assessment import hooks_archive  # noqa: E402,F401  the archive and duty reports (issue 14)
