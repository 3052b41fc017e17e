"""Extension points where modules plug into shared pages as they land.

- home sections: a partial template shown on the home page ("what you can do here");
- navigation items: main menu entries;
- dashboard panels: queues shown on the staff dashboard (``/beheer``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    order: int = 50
    area: str | None = None  # staff menu: the work area the officer needs to see it


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    title: str
    template: str
    context: Callable[[Any], dict[str, Any]]
    area: str | None = None  # work area the officer needs to see it
    order: int = 50


@dataclass
class Registry:
    home_sections: list[tuple[int, str]] = field(default_factory=list)
    nav_items: list[NavItem] = field(default_factory=list)
    staff_nav_items: list[NavItem] = field(default_factory=list)
    dashboard_panels: list[DashboardPanel] = field(default_factory=list)

    def add_home_section(self, template: str, order: int = 50) -> None:
        if (order, template) not in self.home_sections:
            self.home_sections.append((order, template))
            self.home_sections.sort()

    def add_nav_item(self, item: NavItem, staff: bool = False) -> None:
        items = self.staff_nav_items if staff else self.nav_items
        if item not in items:
            items.append(item)
            items.sort(key=lambda i: i.order)

    def add_dashboard_panel(self, panel: DashboardPanel) -> None:
        if all(p.key != panel.key for p in self.dashboard_panels):
            self.dashboard_panels.append(panel)
            self.dashboard_panels.sort(key=lambda p: p.order)


registry = Registry()
