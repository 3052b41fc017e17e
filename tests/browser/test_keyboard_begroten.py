"""Vote in a begroting with the keyboard only, in Chromium (issue 17): choose plans within
the budget and hear the running total, send a ballot that costs too much first, then a good
one, and change it later."""

from __future__ import annotations

import sqlalchemy as sa
from begroten.factories import make_begroting, plan_ids, wijk
from browser_support import browser_login, tab_to
from factories import PASSWORD, make_user

from open_nijmegen.begroten.models import Deelname, Plan, Stembiljet
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.extensions import db


def _total(page) -> str:
    return page.inner_text("#totaal").replace("\xa0", " ")


def _toggle(page, plan_id: int) -> None:
    tab_to(page, f"#plan-{plan_id}", limit=60)
    page.keyboard.press("Space")


def test_vote_within_the_budget_and_change_it_with_keyboard_only(app, live_server, bpage):
    page = bpage
    begroting = make_begroting(Fase.STEMMEN, budget=50_000, plans=(20_000, 15_000, 10_000, 8_000))
    by_cost = {db.session.get(Plan, i).kosten: i for i in plan_ids(begroting)}
    voter = make_user()
    browser_login(page, live_server, voter.email, PASSWORD)

    page.goto(f"{live_server}/begroten/{begroting.id}-{begroting.slug}")
    tab_to(page, f'main a[href="/begroten/{begroting.id}/stemmen"]', limit=80)
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stem nu"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # With JavaScript the total follows every choice (the "Bereken" button is not needed).
    assert page.locator("[data-begroting-bereken]").is_hidden()
    assert page.get_attribute("#totaal", "aria-live") == "polite"
    _toggle(page, by_cost[20_000])
    assert "€ 20.000" in _total(page) and "Nog € 30.000 over." in _total(page)
    _toggle(page, by_cost[15_000])
    _toggle(page, by_cost[10_000])
    _toggle(page, by_cost[8_000])
    assert "€ 53.000" in _total(page) and "Dat is € 3.000 te veel." in _total(page)

    # Sent like this: refused with an error summary that gets the focus; choices kept.
    tab_to(page, "#wijk_id", limit=60)
    page.keyboard.type(wijk().naam)
    tab_to(page, "#leeftijd")
    page.keyboard.press("Space")
    tab_to(page, 'button[type=submit][value="stem"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    assert "meer dan het budget" in page.inner_text("[data-error-summary]")
    assert all(page.is_checked(f"#plan-{i}") for i in by_cost.values())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Stembiljet)) == 0

    # Take the EUR 8,000 plan off again, and send.
    _toggle(page, by_cost[8_000])
    assert "€ 45.000" in _total(page) and "Nog € 5.000 over." in _total(page)
    tab_to(page, "#wijk_id", limit=60)
    assert page.input_value("#wijk_id") == str(wijk().id)
    tab_to(page, "#leeftijd")
    if not page.is_checked("#leeftijd"):
        page.keyboard.press("Space")
    tab_to(page, 'button[type=submit][value="stem"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/begroten/{begroting.id}/gestemd" in page.url
    assert "Uw stem is opgeslagen" in page.content()
    assert "Samen: € 45.000." in page.inner_text("main").replace("\xa0", " ")

    # Change the ballot: the page opens with the earlier choice, then swap two plans.
    tab_to(page, f'main a[href="/begroten/{begroting.id}/stemmen"]', limit=60)
    assert page.evaluate("document.activeElement.textContent.trim()") == "Pas uw stem aan"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.is_checked(f"#plan-{by_cost[15_000]}")
    assert not page.is_checked(f"#plan-{by_cost[8_000]}")
    _toggle(page, by_cost[15_000])
    _toggle(page, by_cost[8_000])
    assert "€ 38.000" in _total(page) and "Nog € 12.000 over." in _total(page)
    tab_to(page, "#wijk_id", limit=60)
    page.keyboard.type(wijk().naam)
    tab_to(page, "#leeftijd")
    if not page.is_checked("#leeftijd"):
        page.keyboard.press("Space")
    tab_to(page, 'button[type=submit][value="stem"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Uw stem is aangepast" in page.content()

    db.session.expire_all()
    rows = db.session.scalars(sa.select(Stembiljet)).all()
    assert len(rows) == 1
    assert sorted(rows[0].keuzes) == sorted([by_cost[20_000], by_cost[10_000], by_cost[8_000]])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deelname)) == 1


def test_the_live_total_speaks_english_on_the_english_page(app, live_server, bpage):
    """begroten.js takes its texts from the page's JSON block (core/templating.py JS_TEXTS):
    on /en the running total is English, with English thousands (50,000)."""
    page = bpage
    begroting = make_begroting(Fase.STEMMEN, budget=50_000, plans=(20_000, 15_000, 10_000, 8_000))
    by_cost = {db.session.get(Plan, i).kosten: i for i in plan_ids(begroting)}
    browser_login(page, live_server, make_user().email, PASSWORD)
    page.goto(f"{live_server}/en/begroten/{begroting.id}/stemmen")
    assert page.locator("[data-begroting-bereken]").is_hidden()
    _toggle(page, by_cost[20_000])
    assert "€ 20,000" in _total(page) and "€ 30,000 left." in _total(page)
    for cost in (15_000, 10_000, 8_000):
        _toggle(page, by_cost[cost])
    assert "€ 53,000" in _total(page) and "That is € 3,000 too much." in _total(page)
    assert "Nog" not in _total(page) and "te veel" not in _total(page)  # no Dutch left
