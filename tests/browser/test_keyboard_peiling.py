"""Answer a peiling with the keyboard only, in Chromium (issue 18, quality): open it from its
page, send the first page with an error (a required question left open, too many choices),
the error summary gets the focus and every answer stays, fix it, answer the second page and
send."""

from __future__ import annotations

import sqlalchemy as sa
from browser_support import browser_login, tab_to
from factories import PASSWORD, make_user
from peilingen.factories import make_peiling, q

from open_nijmegen.extensions import db
from open_nijmegen.peilingen.models import Deelname, Inzending


def _press_on(page, selector: str, key: str = "Space", limit: int = 60) -> None:
    tab_to(page, selector, limit=limit)
    page.keyboard.press(key)


def _send(page, value: str) -> None:
    tab_to(page, f'button[type=submit][value="{value}"]', limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_answer_a_peiling_with_keyboard_only(app, live_server, bpage):
    page = bpage
    peiling = make_peiling()
    v = q(peiling)
    vervoer, wensen, tevreden = v["vervoer"], v["wensen"], v["tevreden"]
    resident = make_user()
    browser_login(page, live_server, resident.email, PASSWORD)

    page.goto(f"{live_server}/peilingen/{peiling.id}-{peiling.slug}")
    tab_to(page, f'main a[href="/peilingen/{peiling.id}/invullen"]', limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Pagina 1 van 2" in page.inner_text("main")

    # Page 1: the required question left open, three wishes where two are allowed, a 4.
    for optie in wensen.opties[:3]:
        _press_on(page, f"#v{wensen.id}-o{optie.id}")
    tab_to(page, f"#v{tevreden.id}-s1", limit=60)  # Tab enters the group at its first radio
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.is_checked(f"#v{tevreden.id}-s4")
    _send(page, "volgende")

    summary = page.inner_text("[data-error-summary]")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    assert "Beantwoord deze vraag. Dat is verplicht." in summary
    assert "U mag er 2 kiezen" in summary
    assert all(page.is_checked(f"#v{wensen.id}-o{o.id}") for o in wensen.opties[:3])
    assert page.is_checked(f"#v{tevreden.id}-s4")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Inzending)) == 0

    # The first link of the summary leads to the question; fix both and go on.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-error-summary]') !== null")
    _press_on(page, f"#v{vervoer.id}-o{vervoer.opties[0].id}")  # Fiets
    _press_on(page, f"#v{wensen.id}-o{wensen.opties[1].id}")  # untick the second wish
    _send(page, "volgende")
    assert "Pagina 2 van 2" in page.inner_text("main")

    # Page 2: an open answer and a number; the ranking is optional and left open.
    tab_to(page, f"#vraag-{v['idee'].id}", limit=60)
    page.keyboard.type("Meer bankjes bij de bushalte.")
    tab_to(page, f"#vraag-{v['kind'].id}", limit=60)
    page.keyboard.type("7")
    _send(page, "versturen")
    assert f"/peilingen/{peiling.id}/bedankt" in page.url
    assert "Bedankt! Uw antwoorden zijn verstuurd." in page.content()

    db.session.expire_all()
    rows = db.session.scalars(sa.select(Inzending)).all()
    assert len(rows) == 1 and rows[0].af
    stored = rows[0].antwoorden
    assert stored[str(vervoer.id)] == vervoer.opties[0].id
    assert stored[str(wensen.id)] == sorted([wensen.opties[0].id, wensen.opties[2].id])
    assert stored[str(tevreden.id)] == 4 and stored[str(v["kind"].id)] == 7
    assert [o.tekst for o in rows[0].open_antwoorden] == ["Meer bankjes bij de bushalte."]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deelname)) == 1
