"""A role's scope as the accounts endpoints take it: one of four `*_id` fields, each naming a body of the
committee the request runs in."""

from django.db.models import Model
from ninja import Schema

from lvzhi.core.apikit import get_or_404
from lvzhi.org.models import RegionalGroup, SectorGroup, SpecialCommittee, Station

SCOPE_MODELS = {
    "special_committee": SpecialCommittee,
    "sector_group": SectorGroup,
    "regional_group": RegionalGroup,
    "station": Station,
}


def scope_bodies(payload: Schema) -> dict[str, Model | None]:
    """The `*_id` scope fields of a payload as the committee's objects (404 for one the committee does not have:
    the request runs in the committee's scope)."""
    return {
        name: get_or_404(model.objects.all(), pk=pk) if (pk := getattr(payload, f"{name}_id")) is not None else None
        for name, model in SCOPE_MODELS.items()
    }
