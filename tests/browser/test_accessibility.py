"""axe-core finds 0 violations (WCAG 2.1/2.2 A and AA) on every page the crawler reaches, for
every role, including every data-entry form in its error state."""

from __future__ import annotations

import pytest
from browser_support import axe_violations, browser_login, describe
from crawl import crawl, endpoint_of, one_per_endpoint
from site_helpers import START, START_EN, browser_with_registration_code, client_for, record_check

from open_nijmegen.demo import DEMO_PASSWORD
from open_nijmegen.extensions import limiter

# The beheerder reaches nearly every page a participatiemedewerker reaches (about 430 of 455),
# in the same staff layout. Those pages, and the error states of their forms, are checked in
# the participatiemedewerker's run; the beheerder's run checks what only a beheerder reaches
# (and its start pages, so the beheerder's own menu is seen). This halves the axe time.
CHECKED_IN_RUN_OF = {"beheerder": "participatiemedewerker"}


@pytest.mark.parametrize("role", list(START))
def test_axe_on_every_page(app, demo_site, live_server, bpage, role):
    _axe_on_crawl(app, demo_site, live_server, bpage, role, START[role], "nl")


@pytest.mark.parametrize("role", list(START_EN))
def test_axe_on_every_english_page(app, demo_site, live_server, bpage, role):
    """The English pages (issue 20), for every role: lang="nl" on content and the longer
    English labels must not upset axe either. The visitor's run checks every English page; a
    logged-in role's run checks one page per endpoint (and per form error state), because the
    Dutch run of that role has already checked every state of every page and the English page
    differs only in its words; the beheerder's run leaves out what the officer's run checks."""
    _axe_on_crawl(app, demo_site, live_server, bpage, role, START_EN[role], "en")


ERROR_SUMMARY = {"nl": "Er gaat iets mis", "en": "Something is wrong"}


def _axe_on_crawl(app, demo_site, live_server, bpage, role, start, language):  # type: ignore[no-untyped-def]
    result = crawl(client_for(app, demo_site, role), start, language=language)
    pages = result.pages
    covered: set[str] = set()
    other = CHECKED_IN_RUN_OF.get(role)
    if language == "nl" and other is not None:
        seen = crawl(client_for(app, demo_site, other), START[other], submit_forms=False)
        covered = {p.url for p in seen.pages if p.kind == "page"} - set(start)
    elif language != "nl" and role != "anoniem":
        skip: set[tuple[str, str]] = set()
        if other is not None:
            seen = crawl(client_for(app, demo_site, other), START_EN[other], language=language)
            starts = {endpoint_of(app, url) for url in start}
            skip = {(endpoint_of(app, p.url), p.kind) for p in seen.pages} - {
                (e, "page") for e in starts
            }
        pages = one_per_endpoint(app, pages, skip)
    if language == "nl" or role == "anoniem":
        # A form's error state is checked once per form (endpoint): the same form on another
        # idea is the same template with the same fields, and every page around it (each
        # state of each object) is checked as a page. The officer's 309 error states are 56 forms.
        kept = {id(p) for p in one_per_endpoint(app, [p for p in pages if p.kind == "form-error"])}
        pages = [p for p in pages if p.kind == "page" or id(p) in kept]
    limiter.reset()
    if role != "anoniem":
        browser_login(bpage, live_server, demo_site[role].email, DEMO_PASSWORD)
    else:
        browser_with_registration_code(bpage, live_server)
    failures = []
    checked = 0
    for page in pages:
        if not page.headers.get("Content-Type", "").startswith("text/html"):
            continue
        if (page.url if page.kind == "page" else page.source) in covered:
            continue  # checked in the run of the role that reaches it too
        if page.kind == "page":
            bpage.goto(live_server + page.url)
        else:
            bpage.goto(live_server + page.source)
            action = page.url.removesuffix(" (fout)")
            limiter.reset()  # the crawl already posted these forms; stay under the rate limits
            has_form = bpage.locator("form[novalidate]").count() > 0
            if not has_form:
                continue
            with bpage.expect_navigation():
                bpage.evaluate(
                    """(action) => {
                    const forms = [...document.querySelectorAll('form[novalidate]')];
                    const form = forms.find(f => new URL(f.action, location.href).pathname + new URL(f.action, location.href).search === action) || forms[0];
                    // Submit it empty, as the crawler did, to see the error state.
                    form.querySelectorAll('input:not([type=hidden]), textarea, select').forEach(el => {
                        if (el.type === 'checkbox' || el.type === 'radio') { el.checked = false; }
                        else if (el.tagName === 'SELECT') { el.selectedIndex = -1; }
                        else { el.value = ''; }
                    });
                    form.requestSubmit();
                }""",
                    action,
                )
            bpage.wait_for_load_state()
            if ERROR_SUMMARY[language] not in bpage.content():
                failures.append(f"{page.url}: no error summary in the browser")
        violations = axe_violations(bpage)
        checked += 1
        if violations:
            failures.append(f"{page.url} ({role}):\n{describe(violations)}")
    assert checked >= 4
    if language == "nl":
        record_check("axe", role, checked, len(failures), f"axe-core {_axe_version(bpage)}")
    assert not failures, "\n".join(failures)


def _axe_version(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.evaluate("() => (window.axe && window.axe.version) || ''"))
