"""URLs: the bounded ``int`` converter every route uses, and absolute URLs for mail and feeds.

Ids in a path: ``<int:idee_id>`` means ASCII digits from 0 up to the largest signed 64-bit
integer (the id columns, also on SQLite); anything else matches no route, so the answer is a
404 and never a 500 (OverflowError) from the database. ``init_app`` installs it as the app's
``int`` converter before any blueprint adds a rule.

Absolute URLs are built from ``BASE_URL``.

A link in a mail is a ``mail_url``: it is written out when the mail is rendered, in the
recipient's language (``queue_mail`` renders inside it), so an English mail links to the English
page (``/en/...``) even though the link was made before anyone knew who gets the mail.

``url_for(..., _external=True)`` takes the host from the request's ``Host`` header, so a forged
header would put an attacker's host in a password-reset mail (reset poisoning). Links that leave
the site are therefore built from the configured base URL only; this also works in the worker,
outside a request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from markupsafe import escape
from werkzeug.routing import IntegerConverter

from open_nijmegen.core.forms import MAX_ID


class IdConverter(IntegerConverter):
    """``int`` for every route: ASCII digits (Werkzeug's ``\\d+`` also matches "١٢"), at most
    ``MAX_ID``; a negative, larger or non-ASCII number matches no route (404)."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map: Any, **kwargs: Any) -> None:  # noqa: A002 - Werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        kwargs["max"] = min(kwargs["max"], MAX_ID)
        super().__init__(map, **kwargs)


def init_app(app: Flask) -> None:
    """Before the blueprints: a rule takes its converter when it is added to the map."""
    app.url_map.converters["int"] = IdConverter


def external_url(endpoint: str, _locale: str | None = None, **values: Any) -> str:
    """The absolute address of ``endpoint`` on the configured site, in the source language or
    in ``_locale`` (the language part of the address, ``/en``)."""
    from open_nijmegen.core.i18n import DEFAULT_LOCALE, prefixed_locales

    base = urlsplit(current_app.config["BASE_URL"])
    root = base.path.rstrip("/")
    if _locale and _locale != DEFAULT_LOCALE and _locale in prefixed_locales():
        root += "/" + _locale
    adapter = current_app.url_map.bind(
        base.netloc, script_name=root or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


class MailUrl:
    """An address for a mail, written out (``str``) in the language shown at that moment."""

    __slots__ = ("anchor", "endpoint", "values")

    def __init__(self, endpoint: str, anchor: str = "", **values: Any) -> None:
        self.endpoint, self.anchor, self.values = endpoint, anchor, values

    def __str__(self) -> str:
        from open_nijmegen.core.i18n import current_locale

        url = external_url(self.endpoint, _locale=current_locale(), **self.values)
        return f"{url}#{self.anchor}" if self.anchor else url

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __repr__(self) -> str:
        return f"MailUrl({self.endpoint!r}, {self.values!r})"


def mail_url(endpoint: str, anchor: str = "", **values: Any) -> MailUrl:
    """A link for a mail's context: ``queue_mail(..., link=mail_url("ideeen.detail", ...))``."""
    return MailUrl(endpoint, anchor, **values)
