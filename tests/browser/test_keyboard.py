"""Registration, e-mail confirmation and login done with the keyboard only, in Chromium."""

from __future__ import annotations

import re

import sqlalchemy as sa
from browser_support import tab_to

from open_nijmegen.accounts.models import User
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage


def test_register_confirm_and_login_with_keyboard_only(app, live_server, bpage):
    page = bpage
    page.goto(live_server + "/")
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Naar de inhoud"

    page.goto(live_server + "/account/registreren")
    tab_to(page, "#display_name")
    page.keyboard.type("Toetsenbord Tineke")
    tab_to(page, "#email")
    page.keyboard.type("tineke@example.org")
    tab_to(page, "#password")
    page.keyboard.type("alleen-met-het-toetsenbord")
    tab_to(page, "#accept")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Kijk in uw mail" in page.content()

    user = db.session.scalar(sa.select(User).where(User.email == "tineke@example.org"))
    assert user is not None and user.email_confirmed_at is None
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.user_id == user.id))
    link = re.search(r"https?://\S+/account/bevestigen/\S+", mail.body_text).group(0)
    # Mail links use the configured BASE_URL; open the same path on the test server.
    link = live_server + link[link.index("/account/") :]

    page.goto(link)
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "bevestigd" in page.content()
    db.session.expire_all()
    assert db.session.get(User, user.id).email_confirmed_at is not None

    # Log in with the keyboard.
    page.goto(live_server + "/account/inloggen")
    tab_to(page, "#email")
    page.keyboard.type("tineke@example.org")
    tab_to(page, "#password")
    page.keyboard.type("alleen-met-het-toetsenbord")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "U bent ingelogd" in page.content()


def test_error_summary_gets_focus_and_links_to_fields(live_server, bpage):
    page = bpage
    page.goto(live_server + "/account/registreren")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    tab_to(page, "a[href='#display_name']")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#display_name"


def test_find_an_idea_on_the_map_and_support_it_with_keyboard_only(
    app, demo_site, live_server, bpage
):
    """Issue 16: the map page with clustered markers, reached and used with the keyboard only:
    the markers come from the list beside the map, whose links lead to the idea."""
    from browser_support import browser_login

    from open_nijmegen.core.templating import forget_fragments
    from open_nijmegen.demo import DEMO_PASSWORD
    from open_nijmegen.ideeen.models import Idee, Steun

    titel = "Meer bomen bij de Waalkade bij de Lindenberg"
    idee = db.session.scalar(sa.select(Idee).where(Idee.titel == titel))
    henk = demo_site["inwoner2"]
    app.config["MAP_TILE_URL"] = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # no tiles: still a map
    forget_fragments()
    try:
        browser_login(bpage, live_server, henk.email, DEMO_PASSWORD)
        bpage.goto(live_server + "/ideeen/kaart")
        bpage.wait_for_selector(".leaflet-container")
        # The ideas are on the map (markers or clusters of them) and in the list beside it.
        assert bpage.locator(".leaflet-marker-icon").count() >= 1
        assert bpage.locator("#kaart-lijst li").count() >= 5
        tab_to(bpage, f"#kaart-lijst a[href='/ideeen/{idee.id}-{idee.slug}']", limit=120)
        with bpage.expect_navigation():
            bpage.keyboard.press("Enter")
        assert titel in bpage.content()
        tab_to(bpage, "#steun button[type=submit]", limit=80)
        assert bpage.evaluate("document.activeElement.textContent.trim()") == "Steun dit idee"
        with bpage.expect_navigation():
            bpage.keyboard.press("Enter")
        assert "Bedankt voor uw steun" in bpage.content()
    finally:
        app.config["MAP_TILE_URL"] = ""
        forget_fragments()
    db.session.expire_all()
    assert db.session.scalar(
        sa.select(Steun.id).where(Steun.idee_id == idee.id, Steun.user_id == henk.id)
    )


def test_edit_the_over_page_with_keyboard_only(app, demo_site, live_server, bpage):
    """Issue 16: an officer finds the page in the staff menu, changes the text, looks at the
    preview and saves it, with the keyboard only; residents then read the new text."""
    from browser_support import browser_login

    from open_nijmegen.demo import DEMO_PASSWORD

    officer = demo_site["participatiemedewerker"]
    browser_login(bpage, live_server, officer.email, DEMO_PASSWORD)
    bpage.goto(live_server + "/beheer/")
    tab_to(bpage, "a[href='/beheer/paginas/']", limit=60)
    with bpage.expect_navigation():
        bpage.keyboard.press("Enter")
    tab_to(bpage, "a[href='/beheer/paginas/over']", limit=60)
    with bpage.expect_navigation():
        bpage.keyboard.press("Enter")
    tab_to(bpage, "#tekst", limit=40)
    bpage.keyboard.press("Control+End")
    bpage.keyboard.type("\n\n## Nieuw op de site\n\nWij hebben nu ook een **spreekuur**.")
    tab_to(bpage, "button[name=voorbeeld]", limit=10)
    with bpage.expect_navigation():
        bpage.keyboard.press("Enter")
    preview = bpage.locator(".site-page-preview")
    assert "spreekuur" in preview.inner_text()
    assert preview.locator("strong", has_text="spreekuur").count() == 1
    assert "Wij hebben nu ook een **spreekuur**." in bpage.input_value("#tekst")  # kept
    tab_to(bpage, "form.site-form button:not([name])", limit=60)
    assert bpage.evaluate("document.activeElement.textContent.trim()") == "Opslaan"
    with bpage.expect_navigation():
        bpage.keyboard.press("Enter")
    assert "De pagina is opgeslagen" in bpage.content()
    bpage.goto(live_server + "/over")
    assert bpage.locator("h2", has_text="Nieuw op de site").count() == 1
