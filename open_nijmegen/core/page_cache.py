"""A short-lived page cache for visitors who are not logged in (a "micro cache").

The public pages that only read (views marked ``@public`` and ``@read_only``) look the same to
every visitor without a session: the newest ideas, the home page, a project. A busy moment
(a newsletter, a post on social media) sends many such visitors to the same few pages. Each
process keeps the HTML of such a page for ``PAGE_CACHE_SECONDS`` (production default 10;
0 turns it off, the default in development and tests) and serves it again without running
the view or the database.

What is kept, and for whom, is narrow on purpose:

- only a ``GET``/``HEAD`` request without the session cookie and without the remember-me
  cookie: nobody logged in, no flash message waiting, no CSRF token of their own;
- only a 200 ``text/html`` answer of a ``@public`` ``@read_only`` view whose rendering did not
  touch the session for writing (a page with a form makes a CSRF token, which marks the
  session modified: that page is never kept) and set no cookie;
- keyed by the whole address (host, language part, path, query), so every language and every
  filter has its own entry.

Every ``before_request`` check still runs first (access, limits, the language redirect), and
every ``after_request`` hook still runs on a kept page (security headers, CSP, ``Vary``), so
a kept page leaves with the same headers as a fresh one. What is kept is the view's own
answer, before those hooks.

The price: a visitor without a session sees a page at most ``PAGE_CACHE_SECONDS`` old (an idea
hidden by a moderator can stay in a kept list that long; a logged-in officer always sees the
fresh page). The store is ``cachetools.TTLCache`` (bounded in bytes, the oldest out first),
one per process, behind a lock (the development server uses threads).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cachetools import TTLCache
from flask import Flask, Response, current_app, g, request, session

from open_nijmegen.core.db_requests import READ_ONLY_ATTR

MAX_BYTES = 32 * 1024 * 1024  # per process, counted in page bytes; the oldest go first
MAX_BODY_BYTES = 512 * 1024  # a larger page is not kept
_G_KEY = "_page_cache_key"


@dataclass(frozen=True)
class Kept:
    body: bytes
    headers: tuple[tuple[str, str], ...]


class PageCache:
    def __init__(
        self,
        seconds: int,
        max_bytes: int = MAX_BYTES,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self._store: TTLCache[str, Kept] = TTLCache(
            maxsize=max_bytes,
            ttl=seconds,
            timer=timer,
            getsizeof=lambda kept: len(kept.body) + 512,
        )
        self._lock = threading.Lock()
        self.hits = 0
        self.stored = 0

    def get(self, key: str) -> Kept | None:
        with self._lock:
            found = self._store.get(key)
            if found is not None:
                self.hits += 1
            return found

    def put(self, key: str, kept: Kept) -> None:
        with self._lock:
            self._store[key] = kept
            self.stored += 1

    def clear(self) -> None:
        with self._lock:
            self._store.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._store)


def page_cache(app: Flask | None = None) -> PageCache | None:
    """The app's page cache, or None when it is off."""
    return (app or current_app).extensions.get("page_cache")


def _eligible_request(app: Flask) -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return False
    cookies = request.cookies
    if app.config["SESSION_COOKIE_NAME"] in cookies:
        return False
    if app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
        return False
    if "Authorization" in request.headers:
        return False
    from open_nijmegen.core.permissions import access_level

    view = app.view_functions.get(request.endpoint)
    return bool(getattr(view, READ_ONLY_ATTR, False)) and access_level(request.endpoint) == "public"


def _serve_kept() -> Response | None:
    """before_request, after every other check: a kept page when there is one."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cache = page_cache(app)
    if cache is None or not _eligible_request(app):
        return None
    key = request.url
    kept = cache.get(key)
    if kept is None:
        g.setdefault(_G_KEY, key)
        return None
    return Response(kept.body, headers=list(kept.headers))


def _keep(response: Response) -> Response:
    """after_request, before every other hook: keep the view's answer when it may be kept."""
    key = g.get(_G_KEY)
    cache = page_cache()
    if key is None or cache is None:
        return response
    if (
        response.status_code != 200
        or response.mimetype != "text/html"
        or response.direct_passthrough
        or not response.is_sequence
        or "Set-Cookie" in response.headers
        or session.modified
    ):
        return response
    body = response.get_data()
    if len(body) > MAX_BODY_BYTES:
        return response
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in ("content-length", "set-cookie")
    )
    cache.put(key, Kept(body, headers))
    return response


def init_app(app: Flask) -> None:
    """Register last in ``create_app``: the lookup runs after every other ``before_request``
    hook and the keeping before every other ``after_request`` hook. The hooks are there also
    when the cache is off (they return at once), so a test can switch it on."""
    seconds = int(app.config.get("PAGE_CACHE_SECONDS") or 0)
    if seconds > 0:
        app.extensions["page_cache"] = PageCache(seconds)
    app.before_request(_serve_kept)
    app.after_request(_keep)


def stats(app: Any) -> dict[str, int]:
    cache = page_cache(app)
    if cache is None:
        return {"entries": 0, "hits": 0, "stored": 0}
    return {"entries": len(cache), "hits": cache.hits, "stored": cache.stored}
