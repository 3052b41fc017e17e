"""A refused support is recorded as a refusal (issue 15 point 8), with the reason in a code
that the beheerder's page shows in words."""

from __future__ import annotations

import sqlalchemy as sa
from factories import make_user
from helpers import csrf_token
from ideeen.factories import make_idee

from open_nijmegen.core.refusals import RefusalEvent, RefusalKind
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Steun


def _support(client, idee):
    return client.post(f"/ideeen/{idee.id}/steunen", data={"csrf_token": csrf_token(client)})


def test_supporting_your_own_idea_is_recorded(client, login):
    author = make_user()
    idee = make_idee(author=author)
    login(author)
    assert _support(client, idee).status_code == 302
    assert db.session.query(Steun).count() == 0
    (event,) = db.session.scalars(sa.select(RefusalEvent)).all()
    assert event.kind == RefusalKind.SUPPORT_REFUSED
    assert event.reason == "own_idea"
    assert event.user_id == author.id
    assert event.route == "POST ideeen.steunen"


def test_a_normal_support_records_nothing(client, login):
    idee = make_idee()
    login(make_user())
    assert _support(client, idee).status_code == 302
    assert db.session.query(Steun).count() == 1
    assert db.session.scalars(sa.select(RefusalEvent)).all() == []
