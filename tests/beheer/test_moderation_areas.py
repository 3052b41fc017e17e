"""Officers moderate what belongs to their work area: the reports queue, the list of hidden
reactions and the actions on them. A reaction belongs to the area of the object it is on;
what belongs to no area is for a beheerder only."""

from __future__ import annotations

import sqlalchemy as sa
from factories import make_admin, make_staff, make_user
from helpers import login_as, post_form
from ideeen.factories import make_idee

from open_nijmegen.core.interactions.services import add_reaction, report
from open_nijmegen.core.models import Reaction
from open_nijmegen.core.objects import work_area_of
from open_nijmegen.extensions import db


def _reported_and_hidden(app):
    idee = make_idee()
    with app.test_request_context():
        reported = add_reaction(make_user(), idee, "Een gemelde reactie")
        report(make_user(), reported, "beledigend", "Niet netjes")
        hidden = add_reaction(make_user(), idee, "Een verborgen reactie")
        hidden.hide(None, "Scheldwoord")
        db.session.commit()
    return idee, reported, hidden


def test_reaction_belongs_to_the_area_of_its_object(app):
    idee, reported, _hidden = _reported_and_hidden(app)
    assert work_area_of(idee) == "ideeen"
    assert work_area_of(reported) == "ideeen"
    assert work_area_of(make_user()) is None


def test_officer_of_another_area_sees_and_changes_nothing(app):
    _idee, reported, hidden = _reported_and_hidden(app)
    other = login_as(app.test_client(), make_staff(areas=["uitdaagrecht"]))
    page = other.get("/beheer/meldingen").get_data(as_text=True)
    assert "Een gemelde reactie" not in page and "Een verborgen reactie" not in page
    assert "Er zijn geen open meldingen" in page
    dashboard = other.get("/beheer/").get_data(as_text=True)
    assert "0 bijdragen zijn gemeld" in dashboard
    hide = post_form(
        other, f"/beheer/meldingen/reactie/{reported.id}", {"besluit": "verbergen", "reden": "x"}
    )
    assert hide.status_code == 404
    show = post_form(other, f"/beheer/verborgen/reactie/{hidden.id}/tonen", {})
    assert show.status_code == 404
    db.session.expire_all()
    assert db.session.get(Reaction, reported.id).hidden_at is None
    assert db.session.get(Reaction, hidden.id).hidden_at is not None


def test_officer_of_the_area_and_beheerder_do(app):
    _idee, reported, hidden = _reported_and_hidden(app)
    for user in (make_staff(areas=["ideeen"]), make_admin()):
        client = login_as(app.test_client(), user)
        page = client.get("/beheer/meldingen").get_data(as_text=True)
        assert "Een gemelde reactie" in page and "Een verborgen reactie" in page
    officer = login_as(app.test_client(), make_staff(areas=["ideeen"]))
    assert post_form(officer, f"/beheer/verborgen/reactie/{hidden.id}/tonen", {}).status_code == 302
    assert db.session.scalar(sa.select(Reaction.hidden_at).where(Reaction.id == hidden.id)) is None
