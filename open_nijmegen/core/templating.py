"""Filters and globals for every template."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_login import current_user
from markupsafe import Markup

from open_nijmegen.core import dates
from open_nijmegen.core.audit import audit_label
from open_nijmegen.core.objects import object_type_label
from open_nijmegen.core.registry import registry
from open_nijmegen.core.text import excerpt, plain_to_html
from open_nijmegen.taal.web import taal_report_for, taal_was_checked


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        datum=dates.datum,
        datum_lang=dates.datum_lang,
        datumtijd=dates.datumtijd,
        tijd=dates.tijd,
        iso=dates.iso,
        tekst=plain_to_html,
        excerpt=excerpt,
        actie=audit_label,  # an audit action code -> B1 label
        soort=object_type_label,  # an object type code -> B1 name
    )
    from open_nijmegen.core.forms import errors_answer_400

    app.after_request(errors_answer_400)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    # Macros imported without context (forms, reactions) need the user too.
    app.jinja_env.globals.update(
        current_user=current_user,
        can_change=_can_change_reaction,
        taal_report_for=taal_report_for,
        taal_was_checked=taal_was_checked,
        cached_fragment=cached_fragment,
        nav_state=nav_state,
        object_panels=registry.panels_for,
        foto_img=foto_img,
    )

    @app.context_processor
    def inject_globals() -> dict[str, Any]:
        return {
            "theme_class": current_app.config["THEME_CLASS"],
            "theme_css": current_app.config["THEME_CSS"],
            "logo_file": current_app.config["LOGO"],
            "nav_items": registry.nav_items,
            "staff_nav_items": registry.staff_nav_items,
            "is_active_path": _is_active_path,
            "map_tile_url": current_app.config["MAP_TILE_URL"],
        }


MAX_FRAGMENTS = 4096


def remembered(key: tuple[Any, ...], render: Callable[[], str]) -> Markup:
    """HTML rendered once per application and key, kept in a bounded LRU store.

    Only for HTML that is a function of the key alone: the same for every reader (no user,
    no CSRF token) and made from values that are all in the key. Any change to what the HTML
    shows must change the key, so a stale fragment can never be served.
    """
    store: OrderedDict[tuple[Any, ...], Markup] = current_app.extensions.setdefault(
        "fragments", OrderedDict()
    )
    full = (request.script_root, *key)
    html = store.get(full)
    if html is not None:
        store.move_to_end(full)
        return html
    html = store[full] = Markup(render())  # noqa: S704 - rendered by autoescaping Jinja
    if len(store) > MAX_FRAGMENTS:
        store.popitem(last=False)
    return html


def forget_fragments() -> None:
    current_app.extensions.pop("fragments", None)


def cached_fragment(*key: Any, caller: Callable[[], str]) -> Markup:
    """``{% call cached_fragment(key...) %}...{% endcall %}``: the enclosed part of a template,
    ``remembered`` under the key. The layout uses it for the header of visitors who are not
    logged in (keyed on which menu link is current) and the footer; the reactions macro for
    the reactions section they see (keyed on the reactions themselves)."""
    return remembered(key, caller)


def nav_state() -> tuple[bool, ...]:
    """Which links of the main menu mark the current page (``aria-current``)."""
    hrefs: dict[str, tuple[str, ...]] = current_app.extensions.setdefault("nav_hrefs", {})
    links = hrefs.get(request.script_root)
    if links is None:
        endpoints = ["core.home", *(item.endpoint for item in registry.nav_items), "core.over"]
        links = hrefs[request.script_root] = tuple(url_for(e) for e in endpoints)
    return tuple(_is_active_path(href) for href in links)


def _is_active_path(prefix: str) -> bool:
    if prefix == "/":
        return request.path == "/"
    return request.path == prefix or request.path.startswith(prefix.rstrip("/") + "/")


def _can_change_reaction(reaction: Any) -> bool:
    from flask_login import current_user

    from open_nijmegen.core.interactions.services import can_change_reaction

    return can_change_reaction(current_user, reaction)


def foto_img(
    foto: Any,
    alt: str = "",
    cls: str = "",
    sizes: str = "100vw",
    lazy: bool = False,
    box: tuple[int, int] | None = None,
) -> Markup:
    """An <img> for a stored photo (``uploads.Foto``) with ``srcset`` and ``sizes``, so the
    browser picks the smallest copy that is sharp enough; width and height keep the page from
    jumping while it loads (``box`` for a fixed frame such as a card)."""
    from markupsafe import escape

    from open_nijmegen.core.uploads import Foto

    if foto is None:
        return Markup("")
    if not isinstance(foto, Foto):
        foto = Foto.of(foto)
    attrs = [f'src="{escape(foto.src)}"', f'alt="{escape(alt)}"']
    if cls:
        attrs.insert(0, f'class="{escape(cls)}"')
    if foto.srcset:
        attrs += [f'srcset="{escape(foto.srcset)}"', f'sizes="{escape(sizes)}"']
    width, height = box or (foto.width, foto.height)
    if width and height:
        attrs += [f'width="{int(width)}"', f'height="{int(height)}"']
    if lazy:
        attrs += ['loading="lazy"', 'decoding="async"']
    return Markup(f"<img {' '.join(attrs)}>")  # noqa: S704 - every value escaped above
