"""In Chromium: a resident types an idea, the session ends (the cookie is gone), the form is
sent. The idea is not posted; the page shows the typed text, passes axe, and leads back."""

from __future__ import annotations

import sqlalchemy as sa
from browser_support import axe_violations, browser_login, describe
from factories import PASSWORD, make_user
from ideeen.factories import make_thema, make_wijk, standing_traject

from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee


def test_expired_session_shows_what_was_typed(live_server, bpage):
    make_wijk(), make_thema(), standing_traject()
    user = make_user(name="Typende Truus")
    browser_login(bpage, live_server, user.email, PASSWORD)
    bpage.goto(live_server + "/ideeen/nieuw")
    bpage.fill("#titel", "Bankjes langs de Waalkade")
    bpage.fill("#tekst", "Oudere mensen willen daar graag even zitten.\nZet er vijf bankjes neer.")
    bpage.context.clear_cookies()  # the session ended while the resident was typing
    with bpage.expect_navigation():
        bpage.locator("form[novalidate] button[type=submit]").last.click()
    bpage.wait_for_load_state()
    assert "Uw formulier is niet verstuurd" in bpage.content()
    assert bpage.locator("textarea[readonly]").first.input_value() == "Bankjes langs de Waalkade"
    assert "Zet er vijf bankjes neer." in bpage.locator("textarea[readonly]").nth(1).input_value()
    # The alert gets the focus, as every error summary does.
    assert bpage.evaluate("document.activeElement.matches('[data-error-summary]')")
    violations = axe_violations(bpage)
    assert not violations, describe(violations)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 0
    # The way back: log in again and land on the form.
    bpage.get_by_role("link", name="Log opnieuw in").click()
    bpage.fill("#email", user.email)
    bpage.fill("#password", PASSWORD)
    with bpage.expect_navigation():
        bpage.press("#password", "Enter")
    assert bpage.url.endswith("/ideeen/nieuw")
