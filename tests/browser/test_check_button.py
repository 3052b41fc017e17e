"""Issue 15 point 13 in Chromium with JavaScript off (as when the script is blocked): on every
form with "Controleer mijn tekst" the button shows the report on the same form, keeps what was
typed, and saves nothing (no row, no mail). The forms are found by crawling as each role."""

from __future__ import annotations

from browser_support import browser_login
from forms_support import changed_tables, forms_with_check_button, table_state

from open_nijmegen.demo import DEMO_PASSWORD
from open_nijmegen.extensions import limiter

TEKST = "Teneinde de buurt te helpen, wordt derhalve een plan gemaakt. Mijn eigen zin {n}."


def test_check_button_without_javascript_on_every_form(app, demo_site, live_server, chromium):
    from taal.test_check_button import EXPECTED_ENDPOINTS, ROLES, states_the_demo_lacks

    found = forms_with_check_button(app, demo_site, ROLES, states_the_demo_lacks(demo_site))
    assert {f.endpoint for f in found} >= EXPECTED_ENDPOINTS
    failures = []
    for role in ROLES:
        context = chromium.new_context(java_script_enabled=False, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15000)
        limiter.reset()
        browser_login(page, live_server, demo_site[role].email, DEMO_PASSWORD)
        for n, item in enumerate(f for f in found if f.role == role):
            limiter.reset()
            where = f"{item.endpoint} (field {item.button} on {item.page}, as {role})"
            page.goto(live_server + item.page)
            text = TEKST.format(n=n)
            field = page.locator(f'[id="{item.button}"]')
            field.fill(text)
            before = table_state()
            with page.expect_navigation():
                page.locator(f'button[name="taal_check"][value="{item.button}"]').click()
            page.wait_for_load_state()
            changed = changed_tables(before, table_state())
            if changed:
                failures.append(f"{where}: saved something: {changed}")
            if page.get_by_text("Hoe leesbaar is uw tekst?").count() == 0:
                failures.append(f"{where}: no report")
            kept = page.locator(f'[id="{item.button}"]')
            if kept.count() != 1 or kept.input_value() != text:
                failures.append(f"{where}: the typed text is gone")
            if page.get_by_text("Er gaat iets mis").count():
                failures.append(f"{where}: an error summary for a check")
        context.close()
    assert not failures, "\n".join(failures)
