"""URLs: the bounded ``int`` converter every route uses, and absolute URLs for mail and feeds.

Ids in a path: ``<int:idee_id>`` means ASCII digits from 0 up to the largest signed 64-bit
integer (the id columns, also on SQLite); anything else matches no route, so the answer is a
404 and never a 500 (OverflowError) from the database. ``init_app`` installs it as the app's
``int`` converter before any blueprint adds a rule.

Absolute URLs are built from ``BASE_URL``.

``url_for(..., _external=True)`` takes the host from the request's ``Host`` header, so a forged
header would put an attacker's host in a password-reset mail (reset poisoning). Links that leave
the site are therefore built from the configured base URL only; this also works in the worker,
outside a request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
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


def external_url(endpoint: str, **values: Any) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
