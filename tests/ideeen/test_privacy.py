"""Hidden, withdrawn, unpublished and merged ideas appear nowhere public; no e-mail
addresses on public or ideeën staff pages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import send_mail
from ideeen.factories import make_idee

from open_nijmegen.core.interactions.services import set_follow
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import queries, services
from open_nijmegen.ideeen.models import IdeeStatus

PRIVATE_STATES = ("wacht", "afgewezen", "verborgen", "ingetrokken", "samengevoegd")


def _secret(state: str) -> str:
    return f"Geheimwoord{state.capitalize()}"


@pytest.fixture()
def private_ideas():
    author = make_user(email="schrijver-geheim@example.org")
    ideas = {
        state: make_idee(
            state,
            author=author,
            titel=f"{_secret(state)} titel",
            tekst=f"{_secret(state)} tekst " * 3,
        )
        for state in PRIVATE_STATES
    }
    public = make_idee(author=author, titel="Openbaar idee over bomen", tekst="Bomen " * 10)
    return ideas, public


def _assert_clean(html: str) -> None:
    for state in PRIVATE_STATES:
        # The search box echoes the query itself; the idea's title and text must not appear.
        assert f"{_secret(state)} titel" not in html, state
        assert f"{_secret(state)} tekst" not in html, state
    assert "schrijver-geheim@example.org" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/ideeen",
        "/ideeen?sort=steun",
        "/ideeen?sort=reacties",
        "/ideeen?status=open",
        "/",
    ]
    + [f"/ideeen?q={s.capitalize()}" for s in ("geheimwoordwacht", "geheimwoordverborgen")]
    + [f"/ideeen?q=Geheimwoord{s.capitalize()}" for s in PRIVATE_STATES],
)
def test_public_pages_never_show_private_ideas(client, private_ideas, url):
    response = client.get(url)
    assert response.status_code == 200
    _assert_clean(response.get_data(as_text=True))


def test_public_idea_page_shows_no_email(client, private_ideas):
    _ideas, public = private_ideas
    html = client.get(f"/ideeen/{public.id}-{public.slug}").get_data(as_text=True)
    assert "Openbaar idee over bomen" in html
    _assert_clean(html)


def test_counts_and_queries_exclude_private_ideas(private_ideas):
    ideas, public = private_ideas
    assert queries.public_count() == 2  # the public one and the merge target
    listed, _cursor = queries.idea_list(queries.ListFilter())
    assert public.id in {i.id for i in listed}
    assert not {i.id for i in listed} & {i.id for i in ideas.values()}
    assert all(i.id not in {x.id for x in queries.latest_public(10)} for i in ideas.values())
    for state, idee in ideas.items():
        assert queries.public_idea(idee.id) is None, state
        found, _ = queries.idea_list(queries.ListFilter(q=_secret(state)))
        assert found == [], state


def test_private_idea_pages_are_404_for_others(client, private_ideas):
    ideas, _public = private_ideas
    for state, idee in ideas.items():
        response = client.get(f"/ideeen/{idee.id}-{idee.slug}")
        assert response.status_code in (301, 404), state
        if response.status_code == 301:
            assert state == "samengevoegd"
        _assert_clean(response.get_data(as_text=True))


def test_follower_of_hidden_idea_gets_no_status_mail(app, smtp_server):
    staff = make_staff(areas=["ideeen"])
    hidden = make_idee("verborgen")
    set_follow(make_user(), hidden, True)
    db.session.commit()
    with app.test_request_context(), pytest.raises(services.IdeeError):
        services.set_status(staff, hidden, IdeeStatus.OVERGENOMEN, "Antwoord")
    db.session.rollback()
    send_mail()
    assert smtp_server.messages == []


def test_staff_pages_show_no_email_addresses(client, login, private_ideas):
    ideas, public = private_ideas
    login(make_staff(areas=["ideeen"]))
    for url in [
        "/beheer/ideeen",
        "/beheer/ideeen/alle",
        f"/beheer/ideeen/{public.id}",
        f"/beheer/ideeen/{ideas['wacht'].id}",
        "/beheer/ideeen/export.csv",
    ]:
        body = client.get(url).get_data(as_text=True)
        assert "schrijver-geheim@example.org" not in body, url


def test_withdrawn_idea_leaves_search_index_results(client):
    author = make_user()
    idee = make_idee(author=author, titel="Zonnepanelen op het stadhuis", tekst="Zon " * 10)
    assert "Zonnepanelen" in client.get("/ideeen?q=zonnepanelen").get_data(as_text=True)
    services.withdraw_idee(author, idee)
    db.session.commit()
    assert "Zonnepanelen" not in client.get("/ideeen?q=zonnepanelen").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(type(idee))) == 1


@pytest.mark.parametrize("state", ["openbaar", *PRIVATE_STATES])
def test_python_twin_agrees_with_the_public_query(state):
    """``Idee.is_public`` (used by permission predicates) must say what public_ideas() says."""
    idee = make_idee(state)
    assert idee.is_public == (queries.public_idea(idee.id) is not None)
    assert idee.is_public == (state == "openbaar")
