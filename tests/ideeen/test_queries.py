"""A bounded number of SQL queries per page, whatever the data size."""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
from factories import make_user
from ideeen.factories import make_idee

from open_nijmegen.core.interactions.services import add_reaction
from open_nijmegen.core.templating import forget_fragments
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import queries, services
from open_nijmegen.ideeen.models import Idee
from open_nijmegen.paginas.services import forget as forget_pages

# The home page's worst case, logged in: 12, the officer-edited intro text (paginas) and the
# quick poll of the home page (peilingen: is there one), each one query whatever the data.
MAX_QUERIES = 14


@contextlib.contextmanager
def count_queries():
    counter = {"n": 0}

    def before(*_args, **_kwargs):
        counter["n"] += 1

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def _seed(app, n: int) -> None:
    users = [make_user() for _ in range(3)]
    for i in range(n):
        idee = make_idee(author=users[i % 3])
        with app.test_request_context():
            for user in users:
                if user.id != idee.author_id:
                    services.support(user, idee)
            add_reaction(users[0], idee, "Een reactie.")
            add_reaction(users[1], idee, "Nog een reactie.")
    db.session.commit()


def _pages() -> list[str]:
    wijk = db.session.scalar(sa.select(Wijk))
    idee = db.session.scalar(sa.select(Idee).order_by(Idee.id))
    return [
        "/ideeen",
        f"/ideeen?wijk={wijk.id}&sort=steun",
        "/ideeen?q=tekst",
        f"/ideeen/{idee.id}-{idee.slug}",
        "/",
        f"/projecten/{idee.traject_id}-{idee.traject.slug}",
        f"/ideeen/kaart?wijk={wijk.id}",
    ]


@pytest.mark.parametrize("logged_in", [False, True])
def test_query_count_does_not_grow_with_data(app, client, login, logged_in):
    if logged_in:
        login(make_user())
    _seed(app, 3)
    counts_small = {}
    for url in _pages():
        # The worst case: no reference data and no rendered fragments remembered.
        queries.clear_reference_cache()
        forget_fragments()
        forget_pages()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts_small[url] = counter["n"]
    _seed(app, 25)
    for url in _pages():
        queries.clear_reference_cache()
        forget_fragments()
        forget_pages()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        assert counter["n"] <= MAX_QUERIES, (url, counter["n"])
        assert counter["n"] == counts_small[url], url


def test_partial_index_predicate_says_what_public_condition_says(app):
    """ix_idee_publiek is only used (and only correct) if its SQL predicate picks the same ideas
    as queries.public_condition(): one idea in every state, on both databases."""
    from open_nijmegen.ideeen.models import PUBLIEK

    states = ["openbaar", "wacht", "afgewezen", "verborgen", "ingetrokken", "samengevoegd"]
    made = {state: make_idee(state).id for state in states}
    by_condition = set(db.session.scalars(sa.select(Idee.id).where(queries.public_condition())))
    by_predicate = set(db.session.scalars(sa.select(Idee.id).where(sa.text(PUBLIEK))))
    assert by_condition == by_predicate
    assert made["openbaar"] in by_predicate
    for state in states[1:]:
        assert made[state] not in by_predicate, state
    index = next(i for i in Idee.__table__.indexes if i.name == "ix_idee_publiek")
    assert str(index.dialect_options["postgresql"]["where"]) == PUBLIEK
    assert str(index.dialect_options["sqlite"]["where"]) == PUBLIEK
