"""Services: filing, reference numbers (also under concurrency), the terms snapshot, the clock
facts kept in the database, and the demo data."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user

from open_nijmegen.core.models import AuditLog, StatusChange
from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage
from open_nijmegen.uitdaagrecht import services
from open_nijmegen.uitdaagrecht.models import Uitdaging, UitdagingTeller
from open_nijmegen.uitdaagrecht.termijnen import Termijnen
from open_nijmegen.uitdaagrecht.workflow import Actie, Actor, Status, TransitionNotAllowed
from uitdaagrecht.cases import make_concept, reach


def test_submit_gives_a_reference_number_history_audit_and_receipt(app):
    user = make_user(password="")
    concept = make_concept(user)
    services.submit(user, concept)
    db.session.commit()
    year = services.vandaag().year
    assert concept.referentie == f"UR-{year}-0001"
    assert concept.status == Status.INGEDIEND
    assert concept.termijnen == Termijnen().to_dict()
    assert concept.ingediend_op == services.vandaag()
    history = services.history(concept)
    assert [(h.from_status, h.to_status) for h in history] == [("concept", "ingediend")]
    assert db.session.scalar(
        sa.select(AuditLog.action).where(AuditLog.object_id == concept.id)
    ) == ("uitdaging.dien_in")
    mail = db.session.scalars(sa.select(OutboxMessage)).one()
    assert concept.referentie in mail.subject and mail.recipient == user.email
    second = make_concept(user)
    services.submit(user, second)
    assert second.referentie == f"UR-{year}-0002"


def test_an_incomplete_concept_cannot_be_filed(app):
    user = make_user(password="")
    concept = make_concept(user, tot_stap=5)
    with pytest.raises(services.StapFout):
        services.submit(user, concept)
    assert concept.status == Status.CONCEPT and concept.referentie is None


def test_numbers_start_again_each_year(app):
    user = make_user(password="")
    a, b = make_concept(user), make_concept(user)
    services.submit(user, a, services.vandaag().replace(year=2031, month=12, day=31))
    services.submit(user, b, services.vandaag().replace(year=2032, month=1, day=2))
    assert (a.referentie, b.referentie) == ("UR-2031-0001", "UR-2032-0001")


def test_a_case_keeps_the_terms_of_the_day_it_was_filed(app):
    user, officer = make_user(password=""), make_staff(password="")
    u = reach(Status.IN_BEHANDELING, user, officer)
    deadline = services.clock_voor(u).deadline(services.vandaag())
    set_setting(None, "uitdaagrecht.beslistermijn_dagen", 14)
    db.session.commit()
    db.session.expire_all()
    assert services.clock_voor(u).deadline(services.vandaag()) == deadline
    newer = make_concept(user)
    services.submit(user, newer)
    assert newer.termijnen["beslistermijn_dagen"] == 14


def test_the_clock_is_rebuilt_from_stored_facts(app):
    user, officer = make_user(password=""), make_staff(password="")
    u = reach(Status.AANVULLING_GEVRAAGD, user, officer)
    state = services.termijnstand(u, services.vandaag())
    assert state.state.is_paused and state.aanvullen_voor is not None
    services.take_step(user, u, Actie.LEVER_AANVULLING, Actor.CHALLENGER, {"aanvulling": "Hier."})
    db.session.commit()
    db.session.expire_all()
    u = db.session.get(Uitdaging, u.id)
    assert u.status == Status.ONTVANKELIJKHEIDSTOETS
    assert u.opschortingen[-1]["ontvangen_op"] == services.vandaag().isoformat()
    assert u.opschortingen[-1]["antwoord"] == "Hier."
    assert not services.termijnstand(u, services.vandaag()).state.is_paused


def test_only_one_extension(app):
    user, officer = make_user(password=""), make_staff(password="")
    u = reach(Status.VERDAAGD, user, officer)
    assert u.verdaagd_op == services.vandaag() and u.verdaging_dagen > 0
    assert not services.feiten_voor(u, services.vandaag()).verdaging_mogelijk


def test_a_closed_case_can_not_be_withdrawn(app):
    user, officer = make_user(password=""), make_staff(password="")
    u = reach(Status.AFGEWEZEN, user, officer)
    with pytest.raises(TransitionNotAllowed, match="vóór het besluit"):
        services.take_step(user, u, Actie.TREK_IN, Actor.CHALLENGER)


def test_upheld_bezwaar_starts_a_new_decision(app):
    user, officer = make_user(password=""), make_staff(password="")
    u = reach(Status.AFGEWEZEN, user, officer)
    services.start_bezwaar(user, u, Actie.MAAK_BEZWAAR, Actor.CHALLENGER, {"gronden": "Oneens."})
    services.take_bezwaar_step(officer, u, Actie.START_BEHANDELING, Actor.OFFICER, {})
    services.take_bezwaar_step(
        officer,
        u,
        Actie.VERKLAAR_GEGROND,
        Actor.OFFICER,
        {"reden": "Klopt.", "rechtsmiddelen": "Beroep.", "verzonden_op": services.vandaag()},
    )
    db.session.commit()
    assert u.status == Status.IN_BEHANDELING
    assert u.klok_begindag == services.vandaag() and u.besluit_verzonden_op is None
    stand = services.termijnstand(u, services.vandaag())
    assert stand.state.days_left == 56 or stand.state.deadline > services.vandaag()
    tos = [h.to_status for h in services.history(u)][-4:]
    assert tos == [
        "bezwaar:ingediend",
        "bezwaar:in_behandeling",
        "bezwaar:gegrond",
        "in_behandeling",
    ]


def test_herstel_of_a_bezwaar_filed_in_time_can_be_asked_at_once(app):
    """A bezwaar filed within its term: the decision term starts after the bezwaar term, but
    asking to repair the bezwaar is possible from the day it arrives (fix in termijnen)."""
    user, officer = make_user(password=""), make_staff(password="")
    u = reach(Status.AFGEWEZEN, user, officer)
    services.start_bezwaar(user, u, Actie.MAAK_BEZWAAR, Actor.CHALLENGER, {"gronden": "Oneens."})
    today = services.vandaag()
    services.take_bezwaar_step(
        officer,
        u,
        Actie.VRAAG_HERSTEL,
        Actor.OFFICER,
        {"gevraagde_aanvulling": "uw handtekening", "aanvullen_voor": today + timedelta(days=7)},
    )
    bezwaar = services.lopend_bezwaar(u)
    clock = services.bezwaar_clock(u, bezwaar)
    before = clock.begindag + timedelta(days=clock.termijn_dagen)
    # Repaired before the decision term even started: nothing is suspended.
    services.take_bezwaar_step(
        user, u, Actie.LEVER_AANVULLING, Actor.CHALLENGER, {"aanvulling": "Hier."}
    )
    clock = services.bezwaar_clock(u, bezwaar)
    assert clock.state(today).onverschoven_deadline == before


def _file_in_thread(app, user_id: int, concept_id: int, results: list, barrier) -> None:
    with app.app_context():
        from open_nijmegen.accounts.models import User

        user = db.session.get(User, user_id)
        concept = db.session.get(Uitdaging, concept_id)
        barrier.wait()
        try:
            services.submit(user, concept)
            db.session.commit()
            results.append(concept.referentie)
        except Exception as error:  # noqa: BLE001 - reported by the test
            db.session.rollback()
            results.append(error)
        finally:
            db.session.remove()


def test_reference_numbers_are_unique_under_concurrency(app):
    user = make_user(password="")
    ids = [make_concept(user).id for _ in range(8)]
    user_id = user.id
    db.session.remove()
    results: list = []
    barrier = threading.Barrier(len(ids))
    threads = [
        threading.Thread(target=_file_in_thread, args=(app, user_id, i, results, barrier))
        for i in ids
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    errors = [r for r in results if not isinstance(r, str)]
    assert not errors, errors
    year = services.vandaag().year
    assert sorted(results) == [f"UR-{year}-{n:04d}" for n in range(1, 9)]
    assert db.session.get(UitdagingTeller, year).laatste == 8
    stored = db.session.scalars(sa.select(Uitdaging.referentie)).all()
    assert len(set(stored)) == 8 and all(re.fullmatch(r"UR-\d{4}-\d{4}", r) for r in stored)


def test_demo_data_is_idempotent(app):
    from open_nijmegen.demo import seed_demo

    seed_demo()
    db.session.commit()
    counts = (
        db.session.scalar(sa.select(sa.func.count()).select_from(Uitdaging)),
        db.session.scalar(sa.select(sa.func.count()).select_from(StatusChange)),
    )
    seed_demo()
    db.session.commit()
    assert counts == (
        db.session.scalar(sa.select(sa.func.count()).select_from(Uitdaging)),
        db.session.scalar(sa.select(sa.func.count()).select_from(StatusChange)),
    )
    statuses = set(db.session.scalars(sa.select(Uitdaging.status)))
    assert {Status.CONCEPT, Status.IN_BEHANDELING, Status.AANVULLING_GEVRAAGD} <= statuses
    assert {Status.IN_UITVOERING, Status.AFGEWEZEN, Status.AFGEROND} <= statuses
