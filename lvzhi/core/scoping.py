"""Every tenant-owned model's manager: a query outside a committee scope raises instead of leaking."""

from django.db import models
from django_scopes import ScopedManager


def scoped(queryset_class: type[models.QuerySet] | None = None) -> models.Manager:
    manager_class = models.Manager.from_queryset(queryset_class) if queryset_class else models.Manager
    return ScopedManager(_manager_class=manager_class, committee="committee")
