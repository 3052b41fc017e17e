"""Extension points where modules plug into shared pages as they land.

- home sections: a partial template shown on the home page ("what you can do here");
- navigation items: main menu entries;
- dashboard panels: queues shown on the staff dashboard (``/beheer``);
- link targets: kinds of objects another module's object can belong to (an event belongs to a
  project, an idea or a beraad), each with the public ones to choose from;
- object panels: a partial shown on the page of an object of another module (the events that
  belong to an idea), so that module never imports the one that adds the panel.
- home actions: the primary action of the home page ("Deel uw idee") and secondary ones;
- open projects: what residents can take part in now, each with an image, one line and what
  a resident can do until when (a module adds a function that lists its own);
- home figures: a few numbers (ideas, supporters, answered);
- mijn sections: a part of "Mijn Open Nijmegen" (``/mijn``) with the user's own items (my
  ideas, what I follow); a module adds a function that gives the section's context for one
  user, and only ever reads that user's own rows.
A project page (``/projecten/<id>-<slug>``) shows the object panels of ("traject", id).
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
    beheerder_only: bool = False  # only for the beheerder (users, privacy, security)
    order: int = 50


@dataclass(frozen=True)
class LinkTarget:
    object_type: str
    label: str  # B1, e.g. "Project"
    options: Callable[[], list[tuple[int, str]]]  # (id, title) of the public ones
    describe: Callable[[int], tuple[str, str] | None]  # (title, url) when public, else None


@dataclass(frozen=True)
class ObjectPanel:
    key: str
    template: str
    # (object_type, object_id) -> the template's context, or None to show nothing.
    context: Callable[[str, int], dict[str, Any] | None]
    order: int = 50


@dataclass(frozen=True)
class OpenProject:
    """One open project on the home page, as plain values."""

    title: str
    url: str
    line: str  # one line about it
    action: str  # what a resident can do now, and until when ("U kunt steunen tot en met ...")
    kind: str  # the kind of participation ("Ideeën", "Begroting"), shown as a label
    image_url: str | None = None
    foto: Any = None  # an uploads.Foto, for srcset; image_url alone is shown as it is
    sort_key: tuple[Any, ...] = ()  # smaller first (e.g. the date the action ends)


@dataclass(frozen=True)
class HomeFigure:
    number: int
    label: str  # B1, after the number: "ideeën", "mensen steunden een idee"


@dataclass(frozen=True)
class MijnSection:
    key: str
    title: str  # B1 heading, e.g. "Mijn ideeën"
    template: str
    # user -> the template's context, or None to leave the section out (nothing to show).
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 50


@dataclass
class Registry:
    home_sections: list[tuple[int, str]] = field(default_factory=list)
    nav_items: list[NavItem] = field(default_factory=list)
    staff_nav_items: list[NavItem] = field(default_factory=list)
    dashboard_panels: list[DashboardPanel] = field(default_factory=list)
    link_targets: dict[str, LinkTarget] = field(default_factory=dict)
    object_panels: list[ObjectPanel] = field(default_factory=list)
    home_actions: list[NavItem] = field(default_factory=list)
    open_project_sources: list[Callable[[], list[OpenProject]]] = field(default_factory=list)
    home_figure_sources: list[Callable[[], list[HomeFigure]]] = field(default_factory=list)
    mijn_section_list: list[MijnSection] = field(default_factory=list)
    # The officer-edited text of a fixed page (home, over, privacy): set by paginas.
    page_text_source: Callable[[str], dict[str, Any]] | None = None

    def set_page_text(self, source: Callable[[str], dict[str, Any]]) -> None:
        self.page_text_source = source

    def page_text(self, slug: str) -> dict[str, Any]:
        """``{"pagina": ..., "html": ...}`` of a fixed page, from the module that keeps them."""
        if self.page_text_source is None:
            raise RuntimeError("no module keeps the fixed pages (paginas is not loaded)")
        return self.page_text_source(slug)

    def add_mijn_section(self, section: MijnSection) -> None:
        if all(s.key != section.key for s in self.mijn_section_list):
            self.mijn_section_list.append(section)
            self.mijn_section_list.sort(key=lambda s: s.order)

    def mijn_sections(self, user: Any) -> list[tuple[MijnSection, dict[str, Any]]]:
        """(section, context) of every section that has something to show for ``user``."""
        found = []
        for section in self.mijn_section_list:
            context = section.context(user)
            if context is not None:
                found.append((section, context))
        return found

    def add_home_section(self, template: str, order: int = 50) -> None:
        if (order, template) not in self.home_sections:
            self.home_sections.append((order, template))
            self.home_sections.sort()

    def add_nav_item(self, item: NavItem, staff: bool = False) -> None:
        items = self.staff_nav_items if staff else self.nav_items
        if item not in items:
            items.append(item)
            items.sort(key=lambda i: i.order)

    def add_home_action(self, item: NavItem) -> None:
        """The lowest ``order`` is the home page's primary action."""
        if item not in self.home_actions:
            self.home_actions.append(item)
            self.home_actions.sort(key=lambda i: i.order)

    def add_open_projects(self, source: Callable[[], list[OpenProject]]) -> None:
        if source not in self.open_project_sources:
            self.open_project_sources.append(source)

    def add_home_figures(self, source: Callable[[], list[HomeFigure]]) -> None:
        if source not in self.home_figure_sources:
            self.home_figure_sources.append(source)

    def open_projects(self) -> list[OpenProject]:
        found = [p for source in self.open_project_sources for p in source()]
        return sorted(found, key=lambda p: p.sort_key)

    def home_figures(self) -> list[HomeFigure]:
        return [f for source in self.home_figure_sources for f in source()]

    def add_dashboard_panel(self, panel: DashboardPanel) -> None:
        if all(p.key != panel.key for p in self.dashboard_panels):
            self.dashboard_panels.append(panel)
            self.dashboard_panels.sort(key=lambda p: p.order)

    def add_link_target(self, target: LinkTarget) -> None:
        self.link_targets.setdefault(target.object_type, target)

    def add_object_panel(self, panel: ObjectPanel) -> None:
        if all(p.key != panel.key for p in self.object_panels):
            self.object_panels.append(panel)
            self.object_panels.sort(key=lambda p: p.order)

    def panels_for(self, object_type: str, object_id: int) -> list[tuple[str, dict[str, Any]]]:
        """(template, context) of every panel that has something to show for the object."""
        found = []
        for panel in self.object_panels:
            context = panel.context(object_type, object_id)
            if context is not None:
                found.append((panel.template, context))
        return found


registry = Registry()
