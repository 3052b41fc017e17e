"""Voting: knapsack and approval ballots, changing a ballot, secrecy, exactly one ballot per
voter under concurrency, and hostile input (never a 500, nothing stored, choices kept)."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from begroten.factories import make_begroting, plan_ids, set_phase, vote_data, wijk
from factories import make_staff, make_user
from helpers import csrf_token

from open_nijmegen.begroten.ballots import ballot_key
from open_nijmegen.begroten.models import Deelname, Stembiljet, Stemwijze
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.extensions import db


def _vote(client, begroting, ids, **extra):
    data = vote_data(begroting, ids, **extra)
    data["csrf_token"] = csrf_token(client)
    return client.post(f"/begroten/{begroting.id}/stemmen", data=data)


def _ballots(begroting_id):
    return db.session.scalars(
        sa.select(Stembiljet).where(Stembiljet.begroting_id == begroting_id)
    ).all()


def _voters(begroting_id):
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Deelname)
        .where(Deelname.begroting_id == begroting_id)
    )


def test_a_resident_votes_within_the_budget_and_changes_the_ballot(client, login):
    begroting = make_begroting()
    a, b, c, d = plan_ids(begroting)
    login(make_user())
    response = _vote(client, begroting, [a, b])
    assert response.status_code == 302
    assert [r.keuzes for r in _ballots(begroting.id)] == [[a, b]]
    response = _vote(client, begroting, [c, d])
    assert response.status_code == 302
    rows = _ballots(begroting.id)
    assert [r.keuzes for r in rows] == [[c, d]]  # changed, not added
    assert _voters(begroting.id) == 1
    page = client.get(f"/begroten/{begroting.id}/gestemd").get_data(as_text=True)
    assert "€ 18.000" in page


def test_has_voted_and_the_ballot_share_no_column():
    """Secrecy by design: no user id on a ballot, no time finer than the day."""
    ballot_columns = set(Stembiljet.__table__.c.keys())
    assert not {"user_id", "created_at", "updated_at", "deelname_id"} & ballot_columns
    assert str(Stembiljet.__table__.c.dag.type) == "DATE"
    assert not {"keuzes", "sleutel"} & set(Deelname.__table__.c.keys())


def test_the_ballot_key_needs_the_server_secret(app):
    key = ballot_key(1, 2)
    assert key != ballot_key(1, 3) and key != ballot_key(2, 2)
    app.config["BEGROTEN_STEMGEHEIM"] = "een ander geheim"
    try:
        assert ballot_key(1, 2) != key
    finally:
        app.config.pop("BEGROTEN_STEMGEHEIM")


def test_over_budget_is_refused_with_the_choices_kept(client, login):
    begroting = make_begroting()
    a, b, c, _d = plan_ids(begroting)  # 20.000 + 15.000 + 10.000 + ... 8.000
    login(make_user())
    response = _vote(client, begroting, [a, b, c, _d])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er gaat iets mis" in html and "meer dan het budget" in html
    for plan_id in (a, b, c, _d):
        assert f'value="{plan_id}" data-kosten' in html and f'id="plan-{plan_id}"' in html
    assert html.count(" checked") >= 4
    assert _ballots(begroting.id) == [] and _voters(begroting.id) == 0


def test_approval_ballot_allows_at_most_n(client, login):
    begroting = make_begroting(stemwijze=Stemwijze.MAXIMAAL, max_keuzes=2)
    a, b, c, _d = plan_ids(begroting)
    login(make_user())
    assert _vote(client, begroting, [a, b, c]).status_code == 400
    assert _ballots(begroting.id) == []
    assert _vote(client, begroting, [a, c]).status_code == 302
    assert [r.keuzes for r in _ballots(begroting.id)] == [[a, c]]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["999999"], "staat niet op de lijst"),
        (["abc"], "geen plan van deze lijst"),
        (["-1"], "geen plan van deze lijst"),
        (["1e3"], "geen plan van deze lijst"),
        (["9" * 40], "geen plan van deze lijst"),
        ([], "Kies minstens één plan"),
        (["²"], "geen plan van deze lijst"),
    ],
)
def test_hostile_plan_ids_get_a_b1_message(client, login, ids, message):
    begroting = make_begroting()
    login(make_user())
    response = _vote(client, begroting, ids)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _ballots(begroting.id) == []


def test_a_duplicated_plan_id_is_refused(client, login):
    begroting = make_begroting()
    a = plan_ids(begroting)[0]
    login(make_user())
    response = _vote(client, begroting, [a, a])
    assert response.status_code == 400
    assert "twee keer" in response.get_data(as_text=True)
    assert _ballots(begroting.id) == []


def test_a_plan_of_another_begroting_is_refused(client, login):
    begroting = make_begroting()
    other = make_begroting()
    login(make_user())
    response = _vote(client, begroting, [plan_ids(begroting)[0], plan_ids(other)[0]])
    assert response.status_code == 400
    assert "staat niet op de lijst" in response.get_data(as_text=True)
    assert _ballots(begroting.id) == [] and _ballots(other.id) == []


def test_a_voter_from_outside_the_area_is_refused(client, login):
    begroting = make_begroting()
    elsewhere = wijk("Oost", "Nijmegen-Oost")
    login(make_user())
    response = _vote(client, begroting, plan_ids(begroting)[:1], wijk_id=str(elsewhere.id))
    assert response.status_code == 400
    assert "in een van deze wijken woont" in response.get_data(as_text=True)
    assert _ballots(begroting.id) == []


def test_without_the_age_declaration_no_vote(client, login):
    begroting = make_begroting()
    login(make_user())
    response = _vote(client, begroting, plan_ids(begroting)[:1], leeftijd="")
    assert response.status_code == 400
    assert "Zet een vinkje" in response.get_data(as_text=True)
    assert _ballots(begroting.id) == []


@pytest.mark.parametrize("fase", [Fase.PLANNEN, Fase.HAALBAARHEID, Fase.UITSLAG, Fase.UITVOERING])
def test_no_votes_outside_the_voting_phase(client, login, fase):
    begroting = make_begroting()
    ids = plan_ids(begroting)[:1]
    login(make_user())
    set_phase(begroting, fase)
    response = _vote(client, begroting, ids)
    assert response.status_code == 400
    assert "Stemmen kan nu niet" in response.get_data(as_text=True)
    assert _ballots(begroting.id) == []


def test_a_change_after_the_close_is_refused_and_the_ballot_stays(client, login):
    begroting = make_begroting()
    a, b, c, _d = plan_ids(begroting)
    login(make_user())
    assert _vote(client, begroting, [a]).status_code == 302
    set_phase(begroting, Fase.UITSLAG)
    assert _vote(client, begroting, [b, c]).status_code == 400
    assert [r.keuzes for r in _ballots(begroting.id)] == [[a]]


def test_the_calculate_button_shows_the_total_and_saves_nothing(client, login):
    begroting = make_begroting()
    a, b, *_rest = plan_ids(begroting)
    login(make_user())
    response = _vote(client, begroting, [a, b], actie="bereken", wijk_id="", leeftijd="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "35.000" in html and "Nog € 15.000 over" in html
    assert "Er gaat iets mis" not in html
    assert _ballots(begroting.id) == []


def test_staff_accounts_do_not_vote_online(client, login):
    begroting = make_begroting()
    login(make_staff())
    assert _vote(client, begroting, plan_ids(begroting)[:1]).status_code == 400
    assert _ballots(begroting.id) == []


def test_twenty_parallel_submits_keep_one_ballot(app):
    """One voter's twenty requests at once (each its own session and connection): one
    "has voted" row and one ballot, which holds one of the submitted choices."""
    from open_nijmegen.begroten import ballots

    begroting = make_begroting()
    ids = plan_ids(begroting)
    voter = make_user()
    begroting_id, voter_id = begroting.id, voter.id
    db.session.remove()
    errors: list[BaseException] = []
    start = threading.Barrier(20)

    def worker(k: int) -> None:
        try:
            with app.app_context():
                from open_nijmegen.accounts.models import User
                from open_nijmegen.begroten.models import Begroting

                user = db.session.get(User, voter_id)
                target = db.session.get(Begroting, begroting_id)
                keuze = ballots.check_choice(target, [ids[k % len(ids)]])
                db.session.commit()
                start.wait(timeout=60)
                for _try in range(30):
                    try:
                        ballots.cast(target, user, keuze)
                        db.session.commit()
                        break
                    except sa.exc.OperationalError:  # SQLite: database is locked
                        db.session.rollback()
                else:
                    raise AssertionError("never stored")
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    assert _voters(begroting_id) == 1
    rows = _ballots(begroting_id)
    assert len(rows) == 1
    assert len(rows[0].keuzes) == 1 and rows[0].keuzes[0] in ids


def test_the_voting_page_knows_who_voted_also_when_the_ballot_cannot_be_found(app, client, login):
    """voter_state finds the own ballot in one look-up; without it (the secret was changed)
    the voter still counts as having voted and is not offered a first vote."""
    from open_nijmegen.begroten.ballots import voter_state

    begroting = make_begroting()
    a, b, _c, _d = plan_ids(begroting)
    voter, fresh = make_user(), make_user()
    login(voter)
    assert _vote(client, begroting, [a, b]).status_code == 302
    assert voter_state(begroting, voter) == (True, [a, b])
    assert voter_state(begroting, fresh) == (False, [])
    assert "U hebt al gestemd" in client.get(f"/begroten/{begroting.id}/stemmen").get_data(
        as_text=True
    )
    app.config["BEGROTEN_STEMGEHEIM"] = "een ander geheim"
    try:
        assert voter_state(begroting, voter) == (True, [])
        page = client.get(f"/begroten/{begroting.id}/stemmen").get_data(as_text=True)
        assert "U hebt al gestemd" in page
    finally:
        app.config.pop("BEGROTEN_STEMGEHEIM")
