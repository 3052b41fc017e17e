"""Site-wide checks on every page a crawler can reach, for every role, with demo content:
no server errors, security headers, no inline script or style, no third-party requests,
forms with errors show the error summary, and no e-mail address leaks to public pages."""

from __future__ import annotations

import re

import pytest
from crawl import EMAIL_RE, crawl
from site_helpers import START, client_for

from open_nijmegen.demo import DEMO_ACCOUNTS

ROLES = list(START)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_sound(app, demo_site, role):
    client = client_for(app, demo_site, role)
    result = crawl(client, START[role])
    assert len(result.pages) >= 4, "the crawler found too few pages"
    problems: list[str] = []
    for page in result.pages:
        if page.status >= 500:
            problems.append(f"{page.url}: status {page.status}")
        if not page.headers.get("Content-Type", "").startswith("text/html"):
            continue
        csp = page.headers.get("Content-Security-Policy", "")
        if "script-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
            problems.append(f"{page.url}: CSP missing")
        if page.headers.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{page.url}: nosniff missing")
        if role != "anoniem" and page.headers.get("Cache-Control") != "no-store":
            problems.append(f"{page.url}: personal page without no-store")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.html):
            problems.append(f"{page.url}: inline script")
        if re.search(r"\sstyle=\"", page.html) or "<style" in page.html:
            problems.append(f"{page.url}: inline style")
        # Nothing is loaded from or sent to another site; a plain link (<a href>) to one is fine.
        loaded = re.findall(r'\s(?:src|action|srcset)="(https?:)?//([^/"]+)', page.html)
        loaded += re.findall(r'<link\b[^>]*\shref="(https?:)?//([^/"]+)', page.html)
        for ref in loaded:
            problems.append(f"{page.url}: third-party reference to {ref[1]}")
        if page.kind == "form-error" and "Er gaat iets mis" not in page.html:
            problems.append(f"{page.url}: form error without error summary")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["anoniem", "inwoner"])
def test_no_email_address_on_pages_for_residents(app, demo_site, role):
    client = client_for(app, demo_site, role)
    result = crawl(client, START[role])
    own = demo_site[role].email if role != "anoniem" else None
    seeded = {email for email, _n, _r in DEMO_ACCOUNTS.values()}
    leaks = []
    for page in result.pages:
        for found in set(EMAIL_RE.findall(page.html)):
            if found in seeded and found != own:
                leaks.append(f"{page.url}: {found}")
    assert not leaks, "\n".join(leaks)
