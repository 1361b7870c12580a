"""To-do items and upcoming activities on a staff home, gathered from the apps that own the data.

Each app registers a function returning what waits for the current user (`register_todos`) or what comes next
(`register_upcoming`) in its AppConfig.ready(); the home page asks `todos(access)` and `upcoming(access)`. The
home does not import the apps (they sit above it), so a new app adds its own work here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lvzhi.core.models import AuditEvent
from lvzhi.core.tenancy import Access


@dataclass(frozen=True)
class Todo:
    key: str  # stable name, used as the tile's data-testid
    label: Any
    count: int
    url: str
    hint: Any = ""


@dataclass(frozen=True)
class Upcoming:
    title: str
    starts_at: datetime.datetime
    location: str
    url: str
    status_label: Any = ""


TodoSource = Callable[[Access], list[Todo]]
UpcomingSource = Callable[[Access, int], list[Upcoming]]
_todo_sources: list[TodoSource] = []
_upcoming_sources: list[UpcomingSource] = []


def register_todos(source: TodoSource) -> TodoSource:
    if source not in _todo_sources:
        _todo_sources.append(source)
    return source


def register_upcoming(source: UpcomingSource) -> UpcomingSource:
    if source not in _upcoming_sources:
        _upcoming_sources.append(source)
    return source


def todos(access: Access) -> list[Todo]:
    """Every registered item for this user, those with work first; an item with nothing waiting still shows 0."""
    items = [item for source in _todo_sources for item in source(access)]
    return sorted(items, key=lambda item: item.count == 0)


def upcoming(access: Access, limit: int = 5) -> list[Upcoming]:
    items = [item for source in _upcoming_sources for item in source(access, limit)]
    return sorted(items, key=lambda item: item.starts_at)[:limit]


def recent_imports(access: Access, action: str, days: int = 7) -> int:
    """How many imports (audit `action`) this user finished in the last days: the home links to their result."""
    since = timezone.now() - datetime.timedelta(days=days)
    return AuditEvent.objects.filter(
        committee=access.committee, actor=access.user, action=action, created_at__gte=since
    ).count()
