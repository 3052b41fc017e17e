"""Sign up for an event, confirm by mail and cancel, with the keyboard only (issue 21)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from bijeenkomsten.factories import make_bijeenkomst
from browser_support import tab_to

from open_nijmegen.bijeenkomsten.models import Aanmelding, AanmeldStatus
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage


def _mail_link(address: str, prefix: str, live_server: str) -> str:
    db.session.expire_all()
    mail = db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient == address)
        .order_by(OutboxMessage.id.desc())
    )
    assert mail is not None
    link = re.search(rf"https?://\S+({prefix}\S+)", mail.body_text)
    assert link is not None, mail.body_text
    return live_server + link.group(1)  # mail links use BASE_URL; same path on this server


def test_sign_up_for_an_event_confirm_and_cancel_with_keyboard_only(app, live_server, bpage):
    page = bpage
    item = make_bijeenkomst(titel="Wijkavond met het toetsenbord", capaciteit=5)
    page.goto(live_server + "/bijeenkomsten")
    tab_to(page, f'a[href="/bijeenkomsten/{item.id}-{item.slug}"]', limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, f'a[href="/bijeenkomsten/{item.id}/aanmelden"]', limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Send it without an e-mail address first: the error summary gets the focus, the name stays.
    tab_to(page, "#naam")
    page.keyboard.type("Toetsenbord Tineke")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    assert "e-mailadres" in page.inner_text("[data-error-summary]")
    assert page.input_value("#naam") == "Toetsenbord Tineke"

    tab_to(page, "#email")
    page.keyboard.type("tineke@example.org")
    tab_to(page, "#tolk")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Kijk in uw mail" in page.content()
    row = db.session.scalar(sa.select(Aanmelding).where(Aanmelding.email == "tineke@example.org"))
    assert row is not None and row.tolk and row.bevestigd_op is None

    page.goto(_mail_link("tineke@example.org", "/bijeenkomsten/bevestigen/", live_server))
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Uw aanmelding is klaar" in page.content()
    db.session.expire_all()
    row = db.session.get(Aanmelding, row.id)
    assert row.is_bevestigd and row.status == AanmeldStatus.AANGEMELD

    page.goto(_mail_link("tineke@example.org", "/bijeenkomsten/afmelden/", live_server))
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "U bent afgemeld" in page.content()
    db.session.expire_all()
    assert db.session.get(Aanmelding, row.id).status == AanmeldStatus.AFGEMELD
