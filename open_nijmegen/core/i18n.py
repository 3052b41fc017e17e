"""Languages: Dutch source strings, catalogs per language, Europe/Amsterdam times.

The language of a page is in its address: ``/ideeen`` is Dutch (the source language),
``/en/ideeen`` English. A WSGI layer moves ``/en`` from the path to the script root, so every
route, ``url_for`` link, cached fragment and redirect on an English page stays English without
any view knowing about it. ``hreflang`` alternates are these addresses.

Which language a visitor *prefers* (the account's ``locale`` for a resident, the ``on_taal``
cookie for a visitor, else ``Accept-Language``) only decides where an address without a
language goes on a visit from outside the site (a search engine, a bookmark): a Dutch address
is sent on to the English one for a visitor who prefers English. The preference is saved only
with a POST (``/taal-kiezen``, CSRF-protected): no GET changes anything.

A third language is a catalog (``translations/<code>/LC_MESSAGES/messages.po``, see the
README) and one line in ``LANGUAGES``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import force_locale, get_locale, get_translations

from open_nijmegen.extensions import babel

# code -> the language's name in that language (for the language choice). The first is the
# source language of the site: its pages have no language part in their address.
LANGUAGES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
}
DEFAULT_LOCALE = next(iter(LANGUAGES))
SUPPORTED_LOCALES = tuple(LANGUAGES)
COOKIE = "on_taal"
COOKIE_MAX_AGE = 365 * 24 * 3600
ENVIRON_KEY = "open_nijmegen.locale"


def N_(message: str) -> str:
    """Marks a string for the catalog (``make i18n-extract``); it is translated where it is
    shown, with ``gettext(value)``."""
    return message


def supported_locales() -> tuple[str, ...]:
    try:
        return tuple(current_app.config.get("SUPPORTED_LOCALES") or SUPPORTED_LOCALES)
    except RuntimeError:  # no application: the shipped list
        return SUPPORTED_LOCALES


def prefixed_locales() -> tuple[str, ...]:
    return tuple(code for code in supported_locales() if code != DEFAULT_LOCALE)


class LocalePrefix:
    """WSGI layer: ``/en/...`` becomes script root ``…/en`` + path ``/...``."""

    def __init__(self, wsgi_app: Callable[..., Any], locales: Iterable[str]) -> None:
        self.wsgi_app = wsgi_app
        self.locales = tuple(locales)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO") or ""
        for code in self.locales:
            part = "/" + code
            if path == part or path.startswith(part + "/"):
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "").rstrip("/") + part
                environ["PATH_INFO"] = path[len(part) :] or "/"
                environ[ENVIRON_KEY] = code
                break
        return self.wsgi_app(environ, start_response)


def locale_of_request() -> str:
    """The language of this page: the language part of its address (also for a request made
    for mail links, whose script root ends in ``/en``)."""
    if not has_request_context():
        return DEFAULT_LOCALE
    code = request.environ.get(ENVIRON_KEY)
    if code:
        return str(code)
    root = request.script_root.rstrip("/")
    for code in prefixed_locales():
        if root.endswith("/" + code):
            return code
    return DEFAULT_LOCALE


def current_locale() -> str:
    """The language strings are shown in now (a request's, or the one forced for a mail)."""
    try:
        return str(get_locale() or DEFAULT_LOCALE)
    except RuntimeError:  # outside an application
        return DEFAULT_LOCALE


def base_script_root() -> str:
    """The script root without the language part: where the Dutch pages live."""
    root = request.script_root.rstrip("/")
    code = locale_of_request()
    if code != DEFAULT_LOCALE and root.endswith("/" + code):
        root = root[: -len(code) - 1]
    return root


def url_in(locale: str, path: str | None = None) -> str:
    """The address of this page (or ``path`` inside the site) in ``locale``."""
    if path is None:
        path = request.full_path if request.query_string else request.path
    prefix = "" if locale == DEFAULT_LOCALE else "/" + locale
    return base_script_root() + prefix + path


def valid_locale(code: str | None) -> str | None:
    code = (code or "").strip().lower()
    return code if code in supported_locales() else None


def preferred_locale() -> str:
    """What this visitor prefers: account, then cookie, then the browser's languages."""
    from flask_login import current_user

    if getattr(current_user, "is_authenticated", False):
        chosen = valid_locale(getattr(current_user, "locale", None))
        if chosen:
            return chosen
    chosen = valid_locale(request.cookies.get(COOKIE))
    if chosen:
        return chosen
    return browser_locale(request.accept_languages) or DEFAULT_LOCALE


def browser_locale(accepted: Iterable[tuple[str, float]]) -> str | None:
    """The first supported language among the browser's, by quality: "nl-NL,en;q=0.8" is nl
    (Werkzeug's best_match would take the exact "en" before the regional "nl-NL")."""
    supported = supported_locales()
    for tag, quality in accepted:  # sorted by quality, highest first
        code = tag.split("-")[0].split("_")[0].lower()
        if quality > 0 and code in supported:
            return code
    return None


def user_locale(user: Any) -> str:
    """The language mail to ``user`` is written in."""
    return valid_locale(getattr(user, "locale", None)) or DEFAULT_LOCALE


def translations() -> Any:
    """Flask-Babel's translations for the current language, looked up once per language.

    Flask-Babel resolves the context, domain and locale on every call (some microseconds);
    a page makes about forty calls. A mail to someone else may force another language.
    """
    code = current_locale()
    try:
        cache = g._on_translations
    except AttributeError:
        cache = g._on_translations = {}
    found = cache.get(code)
    if found is None:
        found = cache[code] = get_translations()
    return found


def in_locale(locale: str) -> Any:
    """``with in_locale("en"):`` strings, dates and numbers in that language."""
    return force_locale(locale)


def _fresh_locale() -> None:
    from flask_babel import refresh

    refresh()
    g.pop("_on_translations", None)


def _select_locale() -> str:
    return locale_of_request()


def _send_to_preferred_language() -> Any:
    """An address without a language, reached from outside the site, goes on to the
    visitor's preferred language (a GET: nothing is changed or saved)."""
    from flask import redirect

    if request.method not in ("GET", "HEAD") or locale_of_request() != DEFAULT_LOCALE:
        return None
    if request.endpoint is None or request.blueprint == "api":
        return None
    if request.endpoint in ("static", "core.healthz", "core.upload", "core.taal_kiezen"):
        return None
    if request.headers.get("Sec-Fetch-Site") in ("same-origin", "same-site"):
        return None  # a link on the site itself (someone chose this language)
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url):
        return None
    wanted = preferred_locale()
    if wanted == DEFAULT_LOCALE:
        return None
    response = redirect(url_in(wanted), code=302)
    response.headers["Vary"] = "Cookie, Accept-Language"
    return response


def _vary_on_language(response: Any) -> Any:
    if (
        locale_of_request() == DEFAULT_LOCALE
        and request.method in ("GET", "HEAD")
        and response.mimetype == "text/html"
    ):
        response.vary.add("Accept-Language")
    return response


def configure_babel(app: Flask) -> None:
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", os.path.join(app.root_path, "translations")
    )
    app.config.setdefault("SUPPORTED_LOCALES", SUPPORTED_LOCALES)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    babel.init_app(
        app, locale_selector=_select_locale, timezone_selector=lambda: "Europe/Amsterdam"
    )
    app.wsgi_app = LocalePrefix(app.wsgi_app, prefixed_locales_of(app))  # type: ignore[method-assign]
    # First of all hooks: the language of the last request in the same application context
    # (tests, a CLI command that renders) must not stick.
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_locale)
    app.before_request(_send_to_preferred_language)
    app.after_request(_vary_on_language)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )


def prefixed_locales_of(app: Flask) -> tuple[str, ...]:
    return tuple(c for c in app.config["SUPPORTED_LOCALES"] if c != DEFAULT_LOCALE)
