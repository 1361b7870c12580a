"""Drop cached directory filter choices when what they list changes."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from lvzhi.core.cache import invalidate
from lvzhi.org.models import Sector, SectorGroup, SpecialCommittee, Station
from lvzhi.org.queries.members import FILTER_CACHE


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    invalidate(FILTER_CACHE, instance.committee_id)


def connect() -> None:
    for model in (Sector, SectorGroup, SpecialCommittee, Station):
        post_save.connect(_changed, sender=model, dispatch_uid=f"org-filters-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"org-filters-delete-{model.__name__}")
