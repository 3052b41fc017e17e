"""The traject snapshot pages use (queries.traject_info) agrees with the traject itself; the
actions, which load the traject, use the traject."""

from __future__ import annotations

from datetime import timedelta

from ideeen.factories import make_idee, make_traject

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import permissions, queries
from open_nijmegen.ideeen.phases import Fase


def test_the_snapshot_gives_the_same_phase_as_the_traject_at_every_moment():
    traject = make_traject([(Fase.IDEEEN, -10), (Fase.STEUNEN, 2), (Fase.BEANTWOORDEN, 9)])
    info = queries.traject_info(traject.id)
    assert (info.titel, info.slug) == (traject.titel, traject.slug)
    for days in (-20, -10, -1, 2, 5, 9, 30):
        moment = utcnow() + timedelta(days=days, seconds=1)
        assert info.fase_op(moment) == traject.fase_op(moment)


def test_pages_use_the_snapshot_and_actions_the_loaded_traject():
    traject = make_traject([(Fase.IDEEEN, -10)])
    idee_id, traject_id = make_idee(traject=traject).id, traject.id
    assert queries.traject_info(traject_id).fase_op() == Fase.IDEEEN
    # An officer moves the phases in another process: this process's snapshot is older.
    traject.fases[0].fase = Fase.GESLOTEN
    db.session.commit()
    db.session.expunge_all()

    page = queries.idea_for_page(idee_id, with_traject=False)
    assert permissions.current_fase(page) == Fase.IDEEEN, "the page shows the snapshot"
    action = queries.idea_for_page(idee_id, with_traject=True)
    assert permissions.current_fase(action) == Fase.GESLOTEN, "an action checks the traject"
    queries.clear_reference_cache()  # what saving a traject does
    assert queries.traject_info(traject_id).fase_op() == Fase.GESLOTEN
