"""What the assessment contributes: navigation, home tiles and each ledger row's points."""

from lvzhi.assessment.points import ledger_points
from lvzhi.core.registry import registry

registry.points_source = ledger_points
