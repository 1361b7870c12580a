"""Where an upper app shows itself in a lower one: navigation links, home tiles, member-page panels, message links.

Core and org must not import the apps above them, yet the navbar lists every app, the homes show every app's
work, the member page shows the ledger, and a message links to its source. So each app registers what it
contributes here, from its AppConfig.ready() (by convention in its `hooks.py`), and the lower layer renders
whatever has been registered. A new app adds its links and tiles without editing any other app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core.capabilities import Capability

# "account": a login with neither a member record nor a staff role (an information officer who is not a member,
# a handling unit's user); the generic home lists its links and these tiles.
Home = Literal["member", "staff", "account"]


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: Any  # None: its links stand alone in the bar (首页)
    order: int


@dataclass(frozen=True)
class NavLink:
    group: str
    label: Any
    url_name: str
    capability: Capability | None  # None: anyone signed in to a committee
    order: int = 100


@dataclass(frozen=True)
class HomeContext:
    """What a tile may look at: the request, and the member record on the member home (None on the staff home)."""

    request: HttpRequest
    member: Any = None

    @property
    def access(self) -> Any:
        return self.request.access

    @property
    def committee(self) -> Any:
        return self.request.committee


@dataclass(frozen=True)
class Tile:
    """A section of a home page: `context` returns the template's context, or None to show nothing."""

    key: str
    home: Home
    template: str
    context: Callable[[HomeContext], dict[str, Any] | None]
    capability: Capability | None = None
    order: int = 100


@dataclass(frozen=True)
class Shortcut:
    """A large link in the member home's grid of services."""

    label: Any
    url_name: str
    capability: Capability | None = None
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A section of a page about one object (the staff member-detail page, a station's page), given the object."""

    key: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    capability: Capability | None = None
    order: int = 100


@dataclass(frozen=True)
class MessageTarget:
    """Where a message about a source object leads, for a reader holding `capability`.

    `object_id` maps the message's source id to the id the URL takes (a leave request opens its activity);
    it receives every source id of a page at once and returns {source id: url id}, so a page costs one query.
    """

    capability: Capability
    url_name: str
    takes_id: bool = True
    object_id: Callable[[list[int]], dict[int, int]] | None = None


# What an upper app counts about a station for its standards checklist (liaison): {fact: count} for a year.
StationFacts = Callable[[Any, int], dict[str, int]]


@dataclass
class Registry:
    groups: dict[str, NavGroup] = field(default_factory=dict)
    links: list[NavLink] = field(default_factory=list)
    tiles: list[Tile] = field(default_factory=list)
    shortcuts: list[Shortcut] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    station_panels: list[Panel] = field(default_factory=list)
    station_fact_sources: list[StationFacts] = field(default_factory=list)
    targets: dict[str, list[MessageTarget]] = field(default_factory=dict)
    points_source: Callable[[list[Any]], dict[int, float]] | None = None

    def nav_group(self, key: str, label: Any, order: int) -> None:
        self.groups[key] = NavGroup(key, label, order)

    def nav(self, *links: NavLink) -> None:
        self.links.extend(links)
        self.links.sort(key=lambda link: (self.groups[link.group].order, link.order))

    def tile(self, *tiles: Tile) -> None:
        self.tiles.extend(tiles)
        self.tiles.sort(key=lambda t: t.order)

    def shortcut(self, *shortcuts: Shortcut) -> None:
        self.shortcuts.extend(shortcuts)
        self.shortcuts.sort(key=lambda s: s.order)

    def panel(self, *panels: Panel) -> None:
        self.panels.extend(panels)
        self.panels.sort(key=lambda p: p.order)

    def station_panel(self, *panels: Panel) -> None:
        """A section of a station's page (liaison) from an app liaison may not import: its officers, its events."""
        self.station_panels.extend(panels)
        self.station_panels.sort(key=lambda p: p.order)

    def station_facts(self, source: StationFacts) -> None:
        """Counts about a station from an app liaison may not import (its events, its officers), for its checklist."""
        self.station_fact_sources.append(source)

    def station_facts_for(self, station: Any, year: int) -> dict[str, int]:
        facts: dict[str, int] = {}
        for source in self.station_fact_sources:
            facts.update(source(station, year))
        return facts

    def message_target(self, source_type: str, *targets: MessageTarget) -> None:
        """`source_type` is the source model's label_lower, e.g. "activities.activity"; best target first."""
        self.targets.setdefault(source_type, []).extend(targets)

    def duty_points(self, records: list[Any]) -> dict[int, float]:
        """Each ledger row's points under its year's scoring rules, by row id (the assessment app is the source)."""
        return self.points_source(records) if self.points_source and records else {}

    def panels_for(self, request: HttpRequest, member: Any) -> list[dict[str, Any]]:
        """The member-page panels this reader may see, each as {key, template, context}."""
        return _shown(request, self.panels, lambda panel: panel.context(request, member))

    def station_panels_for(self, request: HttpRequest, station: Any) -> list[dict[str, Any]]:
        return _shown(request, self.station_panels, lambda panel: panel.context(request, station))

    def tiles_for(self, request: HttpRequest, home: Home, member: Any = None) -> list[dict[str, Any]]:
        """The tiles of a home this reader may see and that have something to show, each as {key, template, context}."""
        context = HomeContext(request, member)
        return _shown(request, [t for t in self.tiles if t.home == home], lambda tile: tile.context(context))


def _shown(request: HttpRequest, items: list[Any], context_of: Any) -> list[dict[str, Any]]:
    """The items whose capability the reader holds and whose context is not None (nothing to show)."""
    shown = []
    for item in items:
        if item.capability is not None and not request.access.can(item.capability):
            continue
        context = context_of(item)
        if context is not None:
            shown.append({"key": item.key, "template": item.template, "context": context})
    return shown


registry = Registry()

# The navbar's groups; an app may add its own with registry.nav_group.
for _key, _label, _order in (
    ("home", None, 0),
    ("members", _("委员"), 10),
    ("activities", _("会议活动"), 20),
    ("review", _("履职审核"), 70),
    ("admin", _("系统管理"), 80),
    ("mine", _("我的"), 90),
):
    registry.nav_group(_key, _label, _order)
