"""The login choice page in Chromium with a real provider configured: axe finds 0 violations,
and the provider button really takes the browser to the provider (the CSP form-action allows
that redirect) and back to the site.

Chromium runs in a thread of its own: the browser tests elsewhere keep a Playwright instance
open for the whole session, and two sync Playwright instances cannot share one thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from browser_support import AXE_OPTIONS, CHROMIUM, CHROMIUM_ARGS, describe

pytestmark = pytest.mark.browser


def in_chromium(check: Callable[[Any], None]) -> None:
    failure: list[BaseException] = []

    def work() -> None:
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    context = browser.new_context(
                        locale="nl-NL", viewport={"width": 1280, "height": 900}
                    )
                    page = context.new_page()
                    page.set_default_timeout(15000)
                    check(page)
                finally:
                    browser.close()
        except BaseException as error:  # handed to the test's own thread
            failure.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=300)
    assert not thread.is_alive(), "Chromium did not finish"
    if failure:
        raise failure[0]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    return list(Axe().run(page, options=AXE_OPTIONS).response.get("violations", []))


def test_login_choice_page_passes_axe_and_the_button_reaches_the_provider(provider):
    def check(page: Any) -> None:
        blocked: list[str] = []
        page.on(
            "console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None
        )
        page.goto(f"{provider.site}/account/inloggen")
        assert page.locator("button", has_text="Inloggen met Testdienst").count() == 1
        violations = axe_violations(page)
        assert not violations, describe(violations)

        with page.expect_navigation():
            page.click("button:has-text('Inloggen met Testdienst')")
        page.wait_for_load_state()
        assert page.url.startswith(provider.issuer), (page.url, blocked)
        page.fill("input[name=login]", "browser-bewoner")
        page.fill("input[name=password]", "wat-dan-ook")
        with page.expect_navigation():
            page.click("button[type=submit]")
        with page.expect_navigation():
            page.click("button[type=submit]")  # consent
        page.wait_for_url(f"{provider.site}/account/eerste-keer")
        violations = axe_violations(page)
        assert not violations, describe(violations)
        assert not blocked

    in_chromium(check)


def test_failure_page_passes_axe(provider):
    def check(page: Any) -> None:
        page.goto(f"{provider.site}/account/inloggen/test/terug?code=x")
        assert "Inloggen is niet gelukt" in page.content()
        violations = axe_violations(page)
        assert not violations, describe(violations)

    in_chromium(check)


def test_without_the_provider_in_form_action_chromium_blocks_the_redirect(app, provider):
    """Why security.py lists the provider origins: Chromium applies form-action to the redirect
    that answers the POST, so 'self' alone would stop the login at the first step."""
    saved = app.config["CSP_FORM_ACTION_ORIGINS"]

    def check(page: Any) -> None:
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        page.goto(f"{provider.site}/account/inloggen")
        page.click("button:has-text('Inloggen met Testdienst')")
        page.wait_for_timeout(1500)
        assert not page.url.startswith(provider.issuer)
        assert any("form-action" in m for m in messages), messages

    app.config["CSP_FORM_ACTION_ORIGINS"] = []
    try:
        in_chromium(check)
    finally:
        app.config["CSP_FORM_ACTION_ORIGINS"] = saved
