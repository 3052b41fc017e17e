"""Reactions and follows only on object types that opted in (``reactable`` / ``followable``).

Every registered type gets a real object that the acting user may see (and, for a type that
opted in, may react on), so a 404 comes from the opt-in and not from a missing object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from begroten.factories import make_begroting
from bijeenkomsten.factories import make_bijeenkomst
from factories import make_user
from helpers import csrf_token, login_as
from ideeen.factories import make_idee, standing_traject
from inwonersberaad.ib_world import add_stuk, make_beraad
from uitdaagrecht.cases import make_concept

from open_nijmegen.core import objects
from open_nijmegen.core.models import Follow, Reaction
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import services as ib_services
from open_nijmegen.inwonersberaad.models import Aanbeveling


def _gebruiker() -> tuple[Any, Any]:
    user = make_user(password="")
    return user, user


def _reactie() -> tuple[Any, Any]:
    idee = make_idee()
    reaction = Reaction(object_type="idee", object_id=idee.id, author_id=idee.author_id, body="Ja")
    db.session.add(reaction)
    db.session.commit()
    return reaction, make_user(password="")


def _traject() -> tuple[Any, Any]:
    return standing_traject(), make_user(password="")


def _idee() -> tuple[Any, Any]:
    return make_idee(), make_user(password="")


def _begroting() -> tuple[Any, Any]:
    return make_begroting(), make_user(password="")


def _plan() -> tuple[Any, Any]:
    return make_begroting().plannen[0], make_user(password="")


def _bijeenkomst() -> tuple[Any, Any]:
    return make_bijeenkomst(), make_user(password="")


def _uitdaging() -> tuple[Any, Any]:
    owner = make_user(password="")
    return make_concept(owner, tot_stap=1), owner  # the owner may see the own concept


def _beraad() -> tuple[Any, Any]:
    return make_beraad(), make_user(password="")


def _aanbeveling() -> tuple[Any, Any]:
    item = Aanbeveling(beraad_id=make_beraad().id, nummer=1, titel="Meer bomen", tekst="Plant ze")
    db.session.add(item)
    db.session.commit()
    return item, make_user(password="")


def _dossierstuk() -> tuple[Any, Any]:
    beraad = make_beraad()
    member = make_user(password="")
    ib_services.add_member_directly(beraad, member)
    db.session.commit()
    return add_stuk(beraad), member  # a member may discuss the document


def _peiling() -> tuple[Any, Any]:
    from peilingen.factories import make_peiling

    return make_peiling(), make_user(password="")


# One maker per registered type: (an object, a user who may see it).
MAKERS: dict[str, Callable[[], tuple[Any, Any]]] = {
    "gebruiker": _gebruiker,
    "reactie": _reactie,
    "traject": _traject,
    "idee": _idee,
    "begroting": _begroting,
    "plan": _plan,
    "bijeenkomst": _bijeenkomst,
    "uitdaging": _uitdaging,
    "beraad": _beraad,
    "aanbeveling": _aanbeveling,
    "dossierstuk": _dossierstuk,
    "peiling": _peiling,
}
ROUTES = {
    objects.REACTABLE: ("/reacties/{t}/{i}", {"body": "Een gewone reactie op dit."}),
    objects.FOLLOWABLE: ("/volgen/{t}/{i}", {"volgen": "1"}),
}
CASES = [(t, c) for t in sorted(MAKERS) for c in sorted(ROUTES)]


def test_every_registered_type_has_a_maker():
    assert set(MAKERS) == set(objects.object_types())


def test_the_opt_ins_are_the_ones_with_a_page_that_offers_them():
    reactable = {t for t in objects.object_types() if objects.has_capability(t, objects.REACTABLE)}
    followable = {
        t for t in objects.object_types() if objects.has_capability(t, objects.FOLLOWABLE)
    }
    assert reactable == {"idee", "plan", "dossierstuk"}
    assert followable == {"idee", "plan", "bijeenkomst", "beraad", "aanbeveling"}


@pytest.mark.parametrize(("object_type", "capability"), CASES)
def test_reactions_and_follows_only_where_the_type_opted_in(app, object_type, capability):
    target, actor = MAKERS[object_type]()
    assert target.__object_type__ == object_type
    client = login_as(app.test_client(), actor)
    url, data = ROUTES[capability]
    response = client.post(
        url.format(t=object_type, i=target.id), data={**data, "csrf_token": csrf_token(client)}
    )
    wrote = {
        objects.REACTABLE: db.session.query(Reaction).filter_by(
            object_type=object_type, object_id=target.id, author_id=actor.id
        ),
        objects.FOLLOWABLE: db.session.query(Follow).filter_by(
            object_type=object_type, object_id=target.id, user_id=actor.id
        ),
    }[capability].count()
    if objects.has_capability(object_type, capability):
        assert 200 <= response.status_code < 400, response.status_code
        assert wrote == 1
    else:
        assert response.status_code == 404
        assert wrote == 0


def test_a_type_that_opts_in_needs_the_hooks():
    class NoHooks:
        pass

    with pytest.raises(RuntimeError, match="lacks"):
        objects.register_object_type("zonder-haken", reactable=True)(NoHooks)
    assert "zonder-haken" not in objects.object_types()
