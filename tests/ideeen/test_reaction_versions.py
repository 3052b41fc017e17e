"""The idea page remembers its reactions section for visitors who are not logged in under the
idea's reactions version, and then reads no reactions. Every change to what that section shows
gives the idea a new version, so the page is never stale: checked here for each such change,
through the routes that make it where there is one."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token, login_as, post_form
from ideeen.factories import make_idee

from open_nijmegen.accounts.models import User
from open_nijmegen.core.models import Reaction
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee
from open_nijmegen.privacy.erasure import ERASED_NAME, erase_user


@contextlib.contextmanager
def statements():
    sent: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        sent.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield sent
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def _version(idee: Idee) -> int:
    return db.session.scalar(sa.select(Idee.reacties_versie).where(Idee.id == idee.id))


def _page(app, idee: Idee) -> str:
    """The idea page as a visitor who is not logged in sees it."""
    response = app.test_client().get(f"/ideeen/{idee.id}-{idee.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _reacted(app, idee: Idee, body: str, author: User | None = None):
    author = author or make_user(name=f"Schrijver {body[:10]}")
    client = login_as(app.test_client(), author)
    response = post_form(client, f"/reacties/idee/{idee.id}", {"body": body})
    assert response.status_code == 302
    reaction = db.session.scalar(sa.select(Reaction).where(Reaction.body == body))
    return client, author, reaction


def test_remembered_section_reads_no_reactions_and_survives_unrelated_changes(app):
    idee = make_idee()
    _reacted(app, idee, "Eerste reactie")
    assert "Eerste reactie" in _page(app, idee)
    with statements() as sent:
        assert "Eerste reactie" in _page(app, idee)
    assert not [s for s in sent if "FROM reaction" in s], sent
    # A support changes the idea, not its reactions: same version, still no reactions read.
    before = _version(idee)
    supporter = login_as(app.test_client(), make_user())
    assert post_form(supporter, f"/ideeen/{idee.id}/steunen", {}).status_code == 302
    assert _version(idee) == before


def test_add_reply_edit_and_delete_show_at_once(app):
    idee = make_idee()
    assert "Er zijn nog geen reacties" in _page(app, idee)
    versions = {_version(idee)}
    client, _author, top = _reacted(app, idee, "Bovenste reactie")
    assert "Bovenste reactie" in _page(app, idee)
    versions.add(_version(idee))
    reply = post_form(
        client, f"/reacties/idee/{idee.id}", {"body": "Een antwoord", "parent_id": str(top.id)}
    )
    assert reply.status_code == 302
    assert "Een antwoord" in _page(app, idee)
    versions.add(_version(idee))
    edited = post_form(client, f"/reacties/{top.id}/bewerken", {"body": "Aangepaste reactie"})
    assert edited.status_code == 302
    page = _page(app, idee)
    assert "Aangepaste reactie" in page and "Bovenste reactie" not in page
    versions.add(_version(idee))
    deleted = post_form(client, f"/reacties/{top.id}/verwijderen", {})
    assert deleted.status_code == 302
    assert "Aangepaste reactie" not in _page(app, idee)
    versions.add(_version(idee))
    assert len(versions) == 5


def test_hidden_by_an_officer_is_gone_at_once_and_back_when_shown_again(app):
    idee = make_idee()
    _client, _author, reaction = _reacted(app, idee, "Iets wat niet mag")
    assert "Iets wat niet mag" in _page(app, idee)
    officer = login_as(app.test_client(), make_staff(areas=["ideeen"]))
    token = csrf_token(officer, "/beheer/meldingen")
    hidden = officer.post(
        f"/beheer/meldingen/reactie/{reaction.id}",
        data={"csrf_token": token, "besluit": "verbergen", "reden": "Scheldwoord"},
    )
    assert hidden.status_code == 302
    assert "Iets wat niet mag" not in _page(app, idee)
    shown = post_form(officer, f"/beheer/verborgen/reactie/{reaction.id}/tonen", {})
    assert shown.status_code == 302
    assert "Iets wat niet mag" in _page(app, idee)


def test_author_rename_and_erasure_show_at_once(app):
    idee, other = make_idee(), make_idee()
    author = make_user(name="Oude Naam")
    _reacted(app, idee, "Reactie een", author)
    _reacted(app, other, "Reactie twee", author)
    assert "Oude Naam" in _page(app, idee) and "Oude Naam" in _page(app, other)
    user = db.session.get(User, author.id)
    user.set_display_name("Nieuwe Naam")
    db.session.commit()
    for target in (idee, other):
        page = _page(app, target)
        assert "Nieuwe Naam" in page and "Oude Naam" not in page
    with app.test_request_context():
        erase_user(db.session.get(User, author.id))
        db.session.commit()
    for target in (idee, other):
        page = _page(app, target)
        assert "Nieuwe Naam" not in page
        assert ERASED_NAME in page or "verwijderde deelnemer" in page


def test_version_change_keeps_updated_at(app):
    idee = make_idee()
    updated = db.session.scalar(sa.select(Idee.updated_at).where(Idee.id == idee.id))
    author = make_user(name="Naam Een")
    _reacted(app, idee, "Een reactie", author)
    after_reaction = db.session.scalar(sa.select(Idee.updated_at).where(Idee.id == idee.id))
    user = db.session.get(User, author.id)
    user.set_display_name("Naam Twee")
    db.session.commit()
    # A rename of someone who reacted is not a change of the idea.
    assert db.session.scalar(sa.select(Idee.updated_at).where(Idee.id == idee.id)) == after_reaction
    assert after_reaction >= updated
