"""Mijn Open Nijmegen, begroten: per open begroting whether I voted and until when I can
change it, never what I chose; and the plans I sent in with their state in words."""

from __future__ import annotations

import html as html_lib

from begroten.factories import make_begroting, plan_ids, vote_data
from factories import make_staff, make_user
from helpers import csrf_token, login_as

from open_nijmegen.begroten.models import Plan, PlanStatus, Uitvoering
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.core.dates import datumtijd
from open_nijmegen.extensions import db


def _page(client) -> str:
    response = client.get("/mijn")
    assert response.status_code == 200
    return html_lib.unescape(response.get_data(as_text=True))


def _section(page: str, title: str) -> str:
    start = page.index(f">{title}</h2>")
    end = page.find("<section", start)
    return page[start : end if end != -1 else len(page)]


def _vote(client, begroting, ids):
    data = vote_data(begroting, ids)
    data["csrf_token"] = csrf_token(client)
    response = client.post(f"/begroten/{begroting.id}/stemmen", data=data)
    assert response.status_code == 302


def test_open_votes_say_whether_i_voted_and_until_when_never_what(app, client, login):
    voted = make_begroting()
    not_yet = make_begroting()
    make_begroting(Fase.PLANNEN)  # not open for voting: not listed
    closed = make_begroting(Fase.UITSLAG)
    a, b, _c, _d = plan_ids(voted)
    elsewhere = app.test_client()
    login_as(elsewhere, make_user())
    _vote(elsewhere, not_yet, plan_ids(not_yet)[:1])  # someone else's vote is not mine

    me = make_user()
    login(me)
    _vote(client, voted, [a, b])
    section = _section(_page(client), "Stemmen over geld voor de wijk")
    assert section.count('class="site-mijn__item"') == 2
    assert voted.titel in section and not_yet.titel in section
    assert closed.titel not in section
    mine = section[section.index(voted.titel) :]
    mine = mine[: mine.index("</li>")]
    assert "U heeft gestemd" in mine
    assert f"U kunt uw stem aanpassen tot {datumtijd(voted.uitslag_vanaf)}." in mine
    assert f'href="/begroten/{voted.id}/gestemd"' in mine
    theirs = section[section.index(not_yet.titel) :]
    theirs = theirs[: theirs.index("</li>")]
    assert "U heeft nog niet gestemd" in theirs and f"/begroten/{not_yet.id}/stemmen" in theirs
    # What I chose is on "Uw stem" alone: no plan of any ballot is named on /mijn.
    page = _page(client)
    for plan in voted.plannen:
        assert plan.titel not in page
    assert "€ 35.000" not in page and "Samen:" not in page


def test_staff_and_residents_without_open_votes_see_no_voting_section(client, login):
    make_begroting(Fase.HAALBAARHEID)
    login(make_user())
    assert "Stemmen over geld voor de wijk" not in _page(client)
    make_begroting()  # voting open, but officers do not vote
    login(make_staff())
    assert "Stemmen over geld voor de wijk" not in _page(client)


def test_my_plans_with_their_state_in_words(client, login):
    me = make_user()
    voting = make_begroting()
    sent = Plan(**_plan_fields(voting, me, "Mijn ingestuurde plan"))
    on_list = Plan(**_plan_fields(voting, me, "Mijn plan op de lijst", haalbaar=True))
    db.session.add_all([sent, on_list])
    closed = make_begroting(Fase.UITVOERING)
    won = Plan(**_plan_fields(closed, me, "Mijn gekozen plan", haalbaar=True))
    lost = Plan(**_plan_fields(closed, me, "Mijn verloren plan", haalbaar=True))
    db.session.add_all([won, lost])
    db.session.flush()
    won.uitvoering = Uitvoering.IN_UITVOERING
    closed.geteld_op = closed.stemmen_vanaf
    closed.uitslag = {"winnaars": [won.id], "per_plan": {}}
    db.session.commit()

    login(me)
    section = _section(_page(client), "Mijn plannen voor een begroting")
    rows = {
        title: section[section.index(title) :][: section[section.index(title) :].index("</li>")]
        for title in (
            "Mijn ingestuurde plan",
            "Mijn plan op de lijst",
            "Mijn gekozen plan",
            "Mijn verloren plan",
        )
    }
    assert "Ingestuurd, de gemeente kijkt ernaar" in rows["Mijn ingestuurde plan"]
    assert "Staat op de lijst om op te stemmen" in rows["Mijn plan op de lijst"]
    assert "Gekozen. Het werk is bezig" in rows["Mijn gekozen plan"]
    assert "Niet gekozen bij de stemming" in rows["Mijn verloren plan"]
    assert voting.titel in rows["Mijn ingestuurde plan"]
    for plan in voting.plannen:  # made by the factory's author, not by me
        if plan.author_id != me.id:
            assert plan.titel not in section


def test_no_plans_yet_points_to_the_begrotingen(client, login):
    login(make_user())
    section = _section(_page(client), "Mijn plannen voor een begroting")
    assert "U heeft nog geen plan ingestuurd voor een begroting." in section
    assert 'href="/begroten"' in section


def _plan_fields(begroting, author, titel, haalbaar=False):
    return {
        "begroting_id": begroting.id,
        "author_id": author.id,
        "titel": titel,
        "tekst": "Een plan voor de wijk.",
        "wijk_id": begroting.wijken[0].id,
        "geschatte_kosten": 1_000,
        "kosten": 1_000 if haalbaar else None,
        "status": PlanStatus.HAALBAAR if haalbaar else PlanStatus.INGEDIEND,
    }


def test_every_section_title_is_translated_on_the_english_page(client, login):
    """The titles are registered as plain strings and translated where shown: each must be
    in the catalog (marked N_), or /en/mijn shows Dutch headings."""
    from open_nijmegen.core.registry import registry

    make_begroting()
    login(make_user())
    page = html_lib.unescape(client.get("/en/mijn").get_data(as_text=True))
    for section in registry.mijn_section_list:
        assert f">{section.title}</h2>" not in page, section.title
    assert ">Voting on money for the area</h2>" in page
