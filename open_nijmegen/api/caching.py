"""HTTP caching for open data: ETag (hash of the body), Last-Modified, 304 on revalidation,
``Cache-Control: public`` for anonymous readers and CORS for read-only GETs."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import Response, g, request


def set_last_modified(*moments: datetime | None) -> None:
    """Record the newest of these moments as this response's Last-Modified."""
    known = [m if m.tzinfo else m.replace(tzinfo=UTC) for m in moments if m is not None]
    if known:
        newest = max(known)
        current = g.get("api_last_modified")
        g.api_last_modified = max(newest, current) if current else newest


def finish(response: Response) -> Response:
    """After-request hook of the api blueprint."""
    if request.method not in ("GET", "HEAD"):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    if response.status_code != 200:
        return response
    if request.path.startswith(("/api/", "/feeds/")):
        # The same for everyone; security.py still sends no-store to a logged-in reader.
        response.headers["Cache-Control"] = "public, max-age=60"
        response.headers["Vary"] = "Accept-Encoding"
    last_modified = g.get("api_last_modified")
    if last_modified is not None:
        response.last_modified = last_modified.replace(microsecond=0)
    body = response.get_data()
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)
