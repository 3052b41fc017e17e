"""Fewer duplicates (issue 16 point 5) in Chromium, with the demo content: typing the title of
a new idea shows similar public ideas live (JavaScript), and without JavaScript the preview
shows them; "Steun dit idee" keeps the draft either way."""

from __future__ import annotations

import sqlalchemy as sa
from browser_support import axe_violations, browser_login, describe

from open_nijmegen.demo import DEMO_PASSWORD
from open_nijmegen.extensions import db, limiter
from open_nijmegen.ideeen.demo import SIMILAR
from open_nijmegen.ideeen.models import Idee, Steun

TITEL = "Meer bankjes op de Waalkade"  # the form's own example, nearly
TEKST = "Er zijn te weinig plekken om te zitten aan de rivier. Zet er meer bankjes neer."


def _steun_count(user_id):
    idee_id = db.session.scalar(sa.select(Idee.id).where(Idee.titel == SIMILAR[0]))
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Steun)
        .where(Steun.idee_id == idee_id, Steun.user_id == user_id)
    )


def test_typing_a_title_shows_similar_ideas_live(demo_site, live_server, bpage):
    limiter.reset()
    user = demo_site["inwoner"]
    browser_login(bpage, live_server, user.email, DEMO_PASSWORD)
    bpage.goto(live_server + "/ideeen/nieuw")
    region = bpage.locator("#gelijkend")
    assert region.get_attribute("aria-live") == "polite"
    assert region.locator("li").count() == 0
    bpage.locator("#titel").press_sequentially(TITEL, delay=20)
    item = region.locator("li", has_text=SIMILAR[0])
    item.wait_for()
    assert region.locator("li").count() <= 5
    assert bpage.evaluate("document.activeElement.id") == "titel"  # the focus stayed
    violations = axe_violations(bpage)
    assert not violations, describe(violations)
    # Support it from the form: the page comes back with everything typed.
    bpage.locator("#tekst").fill(TEKST)
    with bpage.expect_navigation():
        item.get_by_role("button", name="Steun dit idee").click()
    bpage.wait_for_load_state()
    assert bpage.get_by_text("Bedankt voor uw steun").count() == 1
    assert bpage.locator("#titel").input_value() == TITEL
    assert bpage.locator("#tekst").input_value() == TEKST
    assert bpage.get_by_text("Er gaat iets mis").count() == 0
    assert _steun_count(user.id) == 1
    # The list comes back (live) and says it is supported.
    bpage.locator("#gelijkend li", has_text=SIMILAR[0]).filter(
        has_text="U steunt dit idee."
    ).wait_for()


def test_without_javascript_the_preview_shows_similar_ideas(demo_site, live_server, chromium):
    limiter.reset()
    user = demo_site["inwoner"]
    context = chromium.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        browser_login(page, live_server, user.email, DEMO_PASSWORD)
        page.goto(live_server + "/ideeen/nieuw")
        page.fill("#titel", TITEL)
        page.fill("#tekst", TEKST)
        page.select_option("#wijk_id", label="Benedenstad (Nijmegen-Centrum)")
        page.select_option("#thema_id", label="Samen in de wijk")
        with page.expect_navigation():
            page.get_by_role("button", name="Bekijk het voorbeeld").click()
        assert (
            page.get_by_role("heading", name="Lijkt uw idee op een idee dat er al is?").count() == 1
        )
        assert page.get_by_role("link", name="Mijn idee is anders, ga verder").count() == 1
        with page.expect_navigation():
            page.locator(".site-gelijkend li", has_text=SIMILAR[0]).get_by_role(
                "button", name="Steun dit idee"
            ).click()
        page.wait_for_load_state()
        assert _steun_count(user.id) == 1
        assert page.get_by_text("Bedankt voor uw steun").count() == 1
        assert page.get_by_role("heading", name="Voorbeeld van uw idee").count() == 1
        assert page.get_by_role("heading", name=TITEL).count() == 1  # the draft, as typed
        with page.expect_navigation():
            page.get_by_role("button", name="Plaatsen").click()
        mine = db.session.scalar(sa.select(Idee).where(Idee.titel == TITEL))
        assert mine is not None and mine.author_id == user.id and mine.tekst == TEKST
    finally:
        context.close()
