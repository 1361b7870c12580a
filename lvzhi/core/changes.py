"""What every service that edits fields shares: validate with the model's own messages, diff for the audit row."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError


def checked(obj: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Field-level validation with the model's own (translated) messages, as a DomainError."""
    try:
        obj.full_clean(exclude=["committee", *exclude], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError("validation.invalid", "；".join(exc.messages), fields=exc.message_dict) from None


def apply_changes(obj: models.Model, changes: dict[str, Any], allowed: Iterable[str]) -> dict[str, list[Any]]:
    """Set the allowed fields that changed; return {field: [old, new]} for the audit row."""
    bad = set(changes) - set(allowed)
    if bad:
        raise DomainError("validation.bad_field", _("不可修改的字段：%(f)s") % {"f": "、".join(sorted(bad))})
    diff: dict[str, list[Any]] = {}
    for field, value in changes.items():
        old = getattr(obj, field)
        if old != value:
            diff[field] = [_plain(old), _plain(value)]
            setattr(obj, field, value)
    return diff


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value
