"""Absolute URLs for mail and feeds, built from ``BASE_URL``.

``url_for(..., _external=True)`` takes the host from the request's ``Host`` header, so a forged
header would put an attacker's host in a password-reset mail (reset poisoning). Links that leave
the site are therefore built from the configured base URL only; this also works in the worker,
outside a request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values: Any) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
