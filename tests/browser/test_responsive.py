"""The site works down to 320 CSS pixels wide (WCAG 1.4.10 reflow): no page scrolls sideways,
for every role and in both languages."""

from __future__ import annotations

import pytest
from browser_support import browser_login
from crawl import crawl, endpoint_of, one_per_endpoint
from site_helpers import START, START_EN, browser_with_registration_code, client_for, record_check

from open_nijmegen.demo import DEMO_PASSWORD
from open_nijmegen.extensions import limiter

# As in the axe run: the beheerder's pages that the officer reaches too are checked in the
# officer's run (same staff layout, same templates).
CHECKED_IN_RUN_OF = {"beheerder": "participatiemedewerker"}

# Names the innermost elements that stick out, so a failure says where to look.
WIDEST = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.getBoundingClientRect().right <= 321) continue;
    if ([...el.children].some(c => c.getBoundingClientRect().right > 321)) continue;
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
      ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
    if (out.length >= 5) break;
  }
  return out.join('; ');
}"""


def _html_pages(app, demo_site, role: str, language: str):  # type: ignore[no-untyped-def]
    start = START[role] if language == "nl" else START_EN[role]
    pages = [
        p
        for p in crawl(
            client_for(app, demo_site, role), start, submit_forms=False, language=language
        ).pages
        if p.kind == "page"
        and p.status == 200
        and p.headers.get("Content-Type", "").startswith("text/html")
    ]
    return start, pages


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", list(START))
def test_no_horizontal_scrolling_at_320px(app, demo_site, live_server, chromium, role, language):  # type: ignore[no-untyped-def]
    """The visitor: every page the crawler reaches (each demo state: a long title, a photo, a
    full event). A logged-in role: one page per endpoint, since the visitor's run has seen the
    content states and a role's own pages (forms, staff tables) differ by template. English
    too (issue 20): English words are often longer than the Dutch ones."""
    start, pages = _html_pages(app, demo_site, role, language)
    if role != "anoniem":
        skip: set[tuple[str, str]] = set()
        other = CHECKED_IN_RUN_OF.get(role)
        if other is not None:
            _, seen = _html_pages(app, demo_site, other, language)
            starts = {endpoint_of(app, url) for url in start}
            skip = {(endpoint_of(app, p.url), "page") for p in seen} - {(e, "page") for e in starts}
        pages = one_per_endpoint(app, pages, skip)
    urls = [p.url for p in pages]
    assert len(urls) >= 3
    browser_locale = "nl-NL" if language == "nl" else "en-GB"
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale=browser_locale)
    page = context.new_page()
    too_wide = []
    try:
        limiter.reset()
        if role != "anoniem":
            browser_login(page, live_server, demo_site[role].email, DEMO_PASSWORD)
        else:
            browser_with_registration_code(page, live_server)
        for url in urls:
            page.goto(live_server + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{url}: {width}px, {page.evaluate(WIDEST)}")
    finally:
        context.close()
    if language == "nl":
        record_check("320px", role, len(urls), len(too_wide), "Chromium")
    assert not too_wide, f"{role}, {language}:\n" + "\n".join(too_wide)
