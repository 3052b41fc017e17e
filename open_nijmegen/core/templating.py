"""Filters and globals for every template."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_login import current_user
from markupsafe import Markup

from open_nijmegen.core import dates, i18n
from open_nijmegen.core.audit import audit_label
from open_nijmegen.core.i18n import N_
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
        getal=dates.getal,
        tekst=content_html,  # text residents or officers wrote: lang="nl" on other pages
        nl=content_text,
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
        cached_fragment_with_token=cached_fragment_with_token,
        csrf_token_slot=CSRF_TOKEN_SLOT,
        nav_state=nav_state,
        object_panels=registry.panels_for,
        foto_img=foto_img,
        dutch_attr=dutch_attr,
        dutch_note=dutch_note,
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
            "page_locale": i18n.current_locale(),
            "languages": i18n.LANGUAGES,
            "language_alternates": _language_alternates,
            "language_url": i18n.url_in,
            "js_texts": js_texts,
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


# Where a remembered fragment's form gets the CSRF token of the request (never remembered).
CSRF_TOKEN_SLOT = Markup("@@csrf-token@@")


def cached_fragment_with_token(*key: Any, caller: Callable[[], str]) -> Markup:
    """``cached_fragment`` for HTML with a form: the enclosed part writes ``csrf_token_slot``
    where the token goes, and every request gets its own session's token there. The logged-in
    header uses it (its logout form); the rest of it depends on the key alone."""
    from flask_wtf.csrf import generate_csrf

    html = remembered(("met-token", *key), caller)
    if CSRF_TOKEN_SLOT not in html:
        raise RuntimeError(f"remembered fragment {key!r} has no csrf_token_slot")
    return html.replace(CSRF_TOKEN_SLOT, Markup.escape(generate_csrf()))


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


def _language_alternates() -> list[tuple[str, str]]:
    """(hreflang, absolute address) of this page in every language, for ``<link rel=alternate>``:
    on BASE_URL's host (the canonical one; never a Host header a client sent). The path only:
    a query string is the visitor's (it may hold anything, e.g. a hostile ``next``)."""
    from urllib.parse import urlsplit

    base = urlsplit(current_app.config["BASE_URL"])
    host = f"{base.scheme}://{base.netloc}" if base.netloc else request.host_url.rstrip("/")
    path = request.path
    pairs = [(code, host + i18n.url_in(code, path)) for code in i18n.supported_locales()]
    pairs.append(("x-default", host + i18n.url_in(i18n.DEFAULT_LOCALE, path)))
    return pairs


SOURCE_LANGUAGE = "nl"


def dutch_attr(language: str = SOURCE_LANGUAGE) -> Markup:
    """`` lang="nl"`` on an element with text residents or officers wrote (it stays in its own
    language), when the page is in another language; nothing on a Dutch page."""
    if i18n.current_locale() == language:
        return Markup("")
    return Markup(' lang="%s"') % language


def dutch_note(language: str = SOURCE_LANGUAGE) -> Markup:
    """A short note above such a text on a page in another language: "This text is in Dutch"."""
    from flask_babel import gettext

    if i18n.current_locale() == language:
        return Markup("")
    return Markup('<p class="utrecht-paragraph site-muted site-taal-noot">%s</p>') % gettext(
        "Deze tekst is in het Nederlands."
    )


# The texts the scripts in static/js show, by their Dutch text; every page gets them in its own
# language in <script type="application/json" id="site-teksten"> (a data block: CSP allows it).
JS_TEXTS = (
    N_("Punt weghalen"),
    N_("U hebt een punt op de kaart gekozen."),
    N_("Het punt is weggehaald."),
    N_("Kaart"),
    N_("Hoe leesbaar is uw tekst?"),
    N_("Er staat nog geen tekst. Schrijf eerst iets."),
    N_("Lange zinnen"),
    N_("Woorden met een makkelijker alternatief"),
    N_("Moeilijke woorden"),
    N_("Lijdende vorm"),
    N_("Dit is een hulp. U mag uw tekst altijd versturen."),
    N_("Even kijken…"),
    N_("Het controleren lukt nu niet. Probeer het later opnieuw. Uw tekst staat er nog."),
    N_("Nog € %(bedrag)s over."),
    N_("Dat is € %(bedrag)s te veel."),
)


def js_texts() -> dict[str, str]:
    """The scripts' texts in the page's language, the address of the B1 check and how the page's
    language groups thousands ("." in Dutch, "," in English)."""
    from babel.numbers import get_group_symbol
    from flask_babel import gettext

    texts = {text: gettext(text) for text in JS_TEXTS}
    texts["@taal_check"] = url_for("taal.check")
    texts["@duizendtallen"] = get_group_symbol(i18n.current_locale())
    return texts


def content_html(text: str | None) -> Markup:
    """``|tekst``: plain text someone wrote as paragraphs; on a page in another language marked
    ``lang="nl"`` (it stays in its own language, a screen reader must say it in Dutch)."""
    html = plain_to_html(text)
    if not html or i18n.current_locale() == SOURCE_LANGUAGE:
        return html
    return Markup('<div lang="%s">') % SOURCE_LANGUAGE + html + Markup("</div>")


def content_text(text: Any) -> Markup:
    """``|nl``: a short text someone wrote (a title) as inline text, marked ``lang="nl"`` on a
    page in another language."""
    from markupsafe import escape

    if text is None or text == "":
        return Markup("")
    if i18n.current_locale() == SOURCE_LANGUAGE:
        return escape(text)
    return Markup('<span lang="%s">%s</span>') % (SOURCE_LANGUAGE, text)
