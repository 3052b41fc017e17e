"""Crawl the site as a given user with the test client: every page reachable by links, plus
every data-entry form (marked ``novalidate``) submitted empty so its error state is checked too.

Site-wide tests (security headers, accessibility, HTML validity, B1 text, privacy leaks) use
this, so a new page is checked as soon as a link points to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from flask.testing import FlaskClient

from open_nijmegen.core.i18n import prefixed_locales

SKIP_PREFIXES = ("/static/", "/uploads/", "/api/", "/healthz")
# The language part of an address (core/i18n.py): a crawl stays in one language, so the Dutch
# checks (B1) see Dutch pages and the English ones (tests/site/test_english.py) English pages.
LANGUAGE_PREFIXES = prefixed_locales()


def language_of(path: str) -> str:
    for code in LANGUAGE_PREFIXES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code
    return "nl"


SKIP_PATHS = {"/account/uitloggen"}
MAX_VARIANTS_PER_PATH = 2


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, object]] = []
        self._form: dict[str, object] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "novalidate": "novalidate" in a,
                "fields": {},
            }
        elif tag in {"input", "textarea", "select"} and self._form is not None:
            name = a.get("name")
            if name:
                fields = self._form["fields"]
                assert isinstance(fields, dict)
                if name == "csrf_token" or a.get("type") == "hidden":
                    fields[name] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


@dataclass
class Page:
    url: str
    status: int
    html: str
    headers: dict[str, str]
    kind: str = "page"  # "page" or "form-error"
    source: str = ""  # for a form error: the page that holds the form


@dataclass
class CrawlResult:
    pages: list[Page] = field(default_factory=list)

    def by_url(self) -> dict[str, Page]:
        return {p.url: p for p in self.pages}


def _local(base: str, href: str) -> str | None:
    href = urldefrag(href)[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    full = urljoin(base, href)
    parts = urlsplit(full)
    if parts.netloc and parts.netloc not in {"localhost", "open-nijmegen.test"}:
        return None
    path = parts.path
    inner = path
    if language_of(path) != "nl":
        inner = path[len(language_of(path)) + 1 :] or "/"
    if inner.startswith(SKIP_PREFIXES) or inner in SKIP_PATHS:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(
    client: FlaskClient,
    start: list[str],
    max_pages: int = 500,  # the beheerder reaches about 455 pages of the demo site (2026-12)
    submit_forms: bool = True,
    language: str = "nl",
) -> CrawlResult:
    """Pages in ``language`` only: links to the same page in another language are not followed."""
    result = CrawlResult()
    seen: set[str] = set()
    variants: dict[str, int] = {}
    queue = list(start)
    submitted: set[str] = set()
    while queue and len(seen) < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        path = url.split("?")[0]
        if "?" in url:
            variants[path] = variants.get(path, 0) + 1
            if variants[path] > MAX_VARIANTS_PER_PATH:
                continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in {301, 302, 303, 307, 308}:
            target = _local(url, response.headers.get("Location", ""))
            if target and target not in seen:
                queue.append(target)
            continue
        content_type = response.headers.get("Content-Type", "")
        # A download (the letters PDF) is a page without text; it has no links to follow.
        binary = content_type.startswith(("application/pdf", "image/", "application/octet"))
        html = "" if binary else response.get_data(as_text=True)
        result.pages.append(Page(url, response.status_code, html, dict(response.headers)))
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        parser = _LinkParser()
        parser.feed(html)
        for href in parser.links:
            target = _local(url, href)
            if target and target not in seen and language_of(target) == language:
                queue.append(target)
        if not submit_forms:
            continue
        for form in parser.forms:
            if form["method"] != "post" or not form["novalidate"]:
                continue
            action = _local(url, str(form["action"]) or url) or url
            if action in submitted:
                continue
            submitted.add(action)
            data = dict(form["fields"])  # type: ignore[arg-type]
            posted = client.post(action, data=data)
            if posted.status_code in {200, 400, 422}:
                result.pages.append(
                    Page(
                        action + " (fout)",
                        posted.status_code,
                        posted.get_data(as_text=True),
                        dict(posted.headers),
                        kind="form-error",
                        source=url,
                    )
                )
    return result


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def endpoint_of(app, url: str) -> str:  # type: ignore[no-untyped-def]
    """The Flask endpoint that serves ``url`` (a crawled page or a form's action, with or
    without its language prefix and a trailing " (fout)"); "?" when no route matches."""
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    path = url.removesuffix(" (fout)").split("?")[0]
    code = language_of(path)
    if code != "nl":
        path = path[len(code) + 1 :] or "/"
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _values = adapter.match(path, method="GET")
    except RequestRedirect:
        return "?redirect"
    except HTTPException:
        try:
            endpoint, _values = adapter.match(path, method="POST")
        except (HTTPException, RequestRedirect):
            return "?"
    return str(endpoint)


def one_per_endpoint(
    app, pages: list[Page], skip: set[tuple[str, str]] | None = None
) -> list[Page]:  # type: ignore[no-untyped-def]
    """The first page of each (endpoint, kind), leaving out the keys in ``skip``: for checks
    whose result depends on a page's template rather than its content (an English run after
    the Dutch run of the same role has seen every state of every page)."""
    chosen: list[Page] = []
    keys = set(skip or ())
    for page in pages:
        key = (endpoint_of(app, page.url), page.kind)
        if key in keys:
            continue
        keys.add(key)
        chosen.append(page)
    return chosen
