"""What core contributes: the home link, and unread messages on the member home."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import todo
from lvzhi.core.notify import inbox
from lvzhi.core.registry import HomeContext, NavLink, Tile, registry

LATEST_NOTICES = 3


def _unread(home: HomeContext) -> dict[str, Any] | None:
    notices = list(inbox(home.request.user, home.committee).filter(read_at__isnull=True)[:LATEST_NOTICES])
    return {"notices": notices} if notices else None


registry.nav(NavLink("home", _("首页"), "home", None))


def _todos(home: HomeContext) -> dict[str, Any]:
    """The staff home's to-do counts and next activities, gathered from the apps' sources in core.todo."""
    return {"todos": todo.todos(home.access), "upcoming": todo.upcoming(home.access)}


registry.tile(Tile("core.unread", "member", "core/_tile_unread.html", _unread, None, 10))
registry.tile(Tile("core.todos", "staff", "core/_tile_todos.html", _todos, None, 5))
