"""Site-wide checks on every page a crawler can reach, for every role, with demo content:
no server errors, security headers, no inline script or style, no third-party requests,
forms with errors show the error summary, and no e-mail address leaks to public pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page.html):
            problems.append(f"{page.url}: inline script")
        if re.search(r"\sstyle=\"", page.html) or "<style" in page.html:
            problems.append(f"{page.url}: inline style")
        # Nothing is loaded from or sent to another site; a plain link (<a href>) to one is fine.
        loaded = re.findall(r'\s(?:src|action|srcset)="(https?:)?//([^/"]+)', page.html)
        # (<link rel="alternate" hreflang> names the page in another language: never loaded.)
        loaded += re.findall(
            r'<link\b(?![^>]*\brel="alternate")[^>]*\shref="(https?:)?//([^/"]+)', page.html
        )
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


# -- no developer codes on pages ---------------------------------------------------------------


def _enum_codes() -> set[str]:
    """Every value of an enum of the application that reads as a code (``in_uitvoering``,
    ``setting.changed``): with ``_`` or ``.`` in it."""
    import enum
    import sys

    codes: set[str] = set()
    seen: set[type] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith("open_nijmegen") or module is None:
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj not in seen:
                seen.add(obj)
                if not obj.__module__.startswith("open_nijmegen"):
                    continue
                for member in obj:
                    value = member.value
                    if isinstance(value, str) and ("_" in value or "." in value):
                        codes.add(value)
    return codes


def developer_codes() -> set[str]:
    from open_nijmegen.core.audit import AUDIT_LABELS
    from open_nijmegen.core.labels import CONTENT_TYPES

    return _enum_codes() | set(AUDIT_LABELS) | set(CONTENT_TYPES)


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, no attribute values, no script or style, and not what
    a page marks as code on purpose (``<code>``, for developers on the open-data page)."""

    SKIP = {"script", "style", "code", "pre", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def codes_in(text: str, codes: set[str]) -> set[str]:
    found = set()
    for code in codes:
        if code in text and re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text):
            found.add(code)
    return found


def test_code_finder_sees_text_not_attributes():
    codes = {"in_uitvoering", "setting.changed"}
    html = (
        '<p title="in_uitvoering">Stand: <b>in_uitvoering</b></p><input value="setting.changed">'
        "<code>setting.changed</code>"
    )
    assert codes_in(visible_text(html), codes) == {"in_uitvoering"}
    assert codes_in("heel_in_uitvoering_x", codes) == set()
    assert "vraag_aanvulling" in _enum_codes() and "setting.changed" in developer_codes()


@pytest.mark.parametrize("role", ROLES)
def test_no_developer_code_on_any_page(app, demo_site, role):
    """Residents and officers read labels in B1 Dutch, never an enum value or an audit action
    code. The demo data fills the logboek, my data and the lottery pages."""
    client = client_for(app, demo_site, role)
    result = crawl(client, START[role], submit_forms=False)
    codes = developer_codes()
    problems = []
    for page in result.pages:
        if page.status != 200 or not page.headers.get("Content-Type", "").startswith("text/html"):
            continue
        text = visible_text(page.html)
        for code in sorted(codes_in(text, codes)):
            at = text.index(code)
            problems.append(f"{page.url}: {code!r} in '…{text[max(0, at - 60) : at + 40]}…'")
    assert len(result.pages) >= 4
    assert not problems, "\n".join(problems)
