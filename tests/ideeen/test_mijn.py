"""Mijn Open Nijmegen (/mijn): every section shows the user's own items only, with states in
words; "Niet meer volgen" is a plain form post (no JavaScript) that returns to /mijn."""

from __future__ import annotations

import re

import sqlalchemy as sa
from factories import make_user
from helpers import csrf_token
from ideeen.factories import make_idee
from uitdaagrecht.cases import make_concept

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.interactions.services import ensure_follow, is_following
from open_nijmegen.core.models import Follow
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import services
from open_nijmegen.ideeen.models import IdeeStatus


def _mijn(client) -> str:
    response = client.get("/mijn")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _section(html: str, heading: str) -> str:
    """The HTML of one section, from its heading to the next section."""
    start = html.index(f">{heading}</h2>")
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/mijn")
    assert response.status_code == 302
    assert "/account/inloggen" in response.headers["Location"]


def test_each_section_shows_only_my_own_items(client, login):
    me, other = make_user(name="Ikzelf"), make_user(name="Iemand anders")
    mine = make_idee(author=me, titel="Mijn bankje bij de vijver")
    waiting = make_idee("wacht", author=me, titel="Mijn idee dat wacht")
    theirs = make_idee(author=other, titel="Idee van de buurman")
    supported = make_idee(author=other, titel="Idee dat ik steun")
    only_other_supports = make_idee(author=me, titel="Idee dat alleen de ander steunt")
    services.support(me, supported)
    services.support(other, only_other_supports)
    followed = make_idee(author=other, titel="Idee dat ik volg")
    other_follows = make_idee(author=other, titel="Idee dat de ander volgt")
    ensure_follow(me, followed)
    ensure_follow(other, other_follows)
    mine.status = IdeeStatus.IN_BEHANDELING
    make_concept(me).taak = "Mijn uitdaging voor het groen"
    make_concept(other).taak = "Uitdaging van de ander"
    db.session.commit()

    html = _mijn(login(me))
    ideas = _section(html, "Mijn ideeën")
    assert "Mijn bankje bij de vijver" in ideas and "In behandeling" in ideas
    assert "Mijn idee dat wacht" in ideas and "Wacht op controle" in ideas
    assert "Idee van de buurman" not in ideas and "Idee dat ik steun" not in ideas
    assert "in_behandeling" not in html and ">wacht<" not in html  # never a code

    supports = _section(html, "Ideeën die ik steun")
    assert "Idee dat ik steun" in supports
    assert "Idee dat alleen de ander steunt" not in supports
    assert "Idee van de buurman" not in supports

    follows = _section(html, "Wat ik volg")
    assert "Idee dat ik volg" in follows and "Niet meer volgen" in follows
    assert "Idee dat de ander volgt" not in follows

    challenges = _section(html, "Mijn uitdagingen")
    assert "Mijn uitdaging voor het groen" in challenges
    assert "Uitdaging van de ander" not in challenges
    assert "Uitdaging van de ander" not in html and "Idee dat de ander volgt" not in html
    assert 'href="/account/instellingen"' in html
    assert waiting.id != theirs.id


def test_unfollow_is_a_plain_post_that_returns_to_mijn(client, login):
    me = make_user()
    followed = make_idee(titel="Idee om niet meer te volgen")
    ensure_follow(me, followed)
    db.session.commit()
    html = _mijn(login(me))
    form = re.search(
        rf'<form[^>]*action="(/volgen/idee/{followed.id})"[^>]*>(.*?)</form>', html, re.S
    )
    assert form is not None, "no unfollow form for the followed idea"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    assert fields["volgen"] == "0" and fields["csrf_token"]
    response = client.post(form.group(1), data=fields)
    assert response.status_code == 302 and response.headers["Location"].endswith("/mijn")
    assert not is_following(me, followed)
    assert "Idee om niet meer te volgen" not in _section(_mijn(client), "Wat ik volg")
    # Without the CSRF token nothing changes.
    ensure_follow(me, followed)
    db.session.scalar(sa.select(Follow).where(Follow.user_id == me.id)).active = True
    db.session.commit()
    refused = client.post(form.group(1), data={"volgen": "0", "terug": "mijn"})
    assert refused.status_code == 400
    assert is_following(me, followed)


def test_beraden_section_only_for_members(client, login):
    from inwonersberaad.ib_world import make_beraad

    from open_nijmegen.inwonersberaad.models import Beraadslid

    member, outsider = make_user(), make_user()
    beraad = make_beraad(vraag="Hoe maken we de wijk groener")
    db.session.add(Beraadslid(beraad_id=beraad.id, user_id=member.id, geaccepteerd_op=utcnow()))
    db.session.commit()
    html = _mijn(login(member))
    assert "Hoe maken we de wijk groener" in _section(html, "Mijn inwonersberaad")
    client.post("/account/uitloggen", data={"csrf_token": csrf_token(client, "/mijn")})
    other_client = client.application.test_client()
    from helpers import login_as

    other_html = _mijn(login_as(other_client, outsider))
    assert "Mijn inwonersberaad" not in other_html
    assert "Hoe maken we de wijk groener" not in other_html
