"""The officer's case list and dashboard panel: overdue cases first, days left, filters."""

from __future__ import annotations

from datetime import timedelta

from factories import make_staff, make_user
from helpers import login_as

from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht import services
from open_nijmegen.uitdaagrecht.workflow import Actie, Actor, Status
from uitdaagrecht.cases import make_concept, reach


def _overdue_case(challenger, officer):
    today = services.vandaag()
    u = make_concept(challenger)
    services.submit(challenger, u, today - timedelta(days=90))
    services.take_step(officer, u, Actie.START_TOETS, Actor.OFFICER, {}, today - timedelta(days=88))
    db.session.commit()
    return u


def test_overdue_first_then_fewest_days_left(app, client):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    recent = reach(Status.IN_BEHANDELING, challenger, officer)
    paused = reach(Status.AANVULLING_GEVRAAGD, challenger, officer)
    late = _overdue_case(challenger, officer)
    closed = reach(Status.INGETROKKEN, challenger, officer)
    login_as(client, officer)
    html = client.get("/beheer/uitdaagrecht").get_data(as_text=True)
    order = [html.index(u.referentie) for u in (late, recent, paused)]
    assert order == sorted(order)
    assert closed.referentie not in html
    assert "dagen te laat" in html and "Staat stil" in html
    only_late = client.get("/beheer/uitdaagrecht?termijn=te_laat").get_data(as_text=True)
    assert late.referentie in only_late and recent.referentie not in only_late
    paused_only = client.get("/beheer/uitdaagrecht?termijn=stil").get_data(as_text=True)
    assert paused.referentie in paused_only and late.referentie not in paused_only
    every = client.get("/beheer/uitdaagrecht?open=alle&status=ingetrokken").get_data(as_text=True)
    assert closed.referentie in every and recent.referentie not in every
    dashboard = client.get("/beheer/").get_data(as_text=True)
    assert "Uitdaagrecht" in dashboard and late.referentie in dashboard
    assert dashboard.index(late.referentie) < dashboard.index(recent.referentie)


def test_staff_without_the_area_do_not_see_the_panel(app, client):
    challenger = make_user(password="")
    officer = make_staff(areas=["uitdaagrecht"], password="")
    other = make_staff(areas=["ideeen"], password="")
    late = _overdue_case(challenger, officer)
    login_as(client, other)
    dashboard = client.get("/beheer/").get_data(as_text=True)
    assert late.referentie not in dashboard
    assert "Alle zaken bekijken" not in dashboard
