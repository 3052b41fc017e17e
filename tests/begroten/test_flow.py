"""The whole journey through the web pages: a plan sent in, checked and costed, the ballot
list, online and paper ballots, the count job at the close, the result, progress mail."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from begroten.factories import make_begroting, plan_ids, set_phase, vote_data, wijk
from factories import make_staff, make_user
from helpers import csrf_token

from open_nijmegen.begroten.models import Begroting, Plan, PlanStatus, Stembiljet
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.core.jobs import claim_next, run_job
from open_nijmegen.core.models import Job, StatusChange
from open_nijmegen.core.paper import paper_numbers
from open_nijmegen.extensions import db


def _post(client, url, data):
    data = dict(data)
    data["csrf_token"] = csrf_token(client)
    return client.post(url, data=data)


def test_a_resident_sends_a_plan_and_an_officer_costs_it(client, login):
    begroting = make_begroting(Fase.PLANNEN, plans=())
    resident = make_user()
    login(resident)
    url = f"/begroten/{begroting.id}/plannen/nieuw"
    bad = _post(
        client,
        url,
        {
            "titel": "Bankjes bij de vijver",
            "tekst": "Meer bankjes " * 5,
            "wijk_id": str(wijk().id),
            "geschatte_kosten": "12,50",
        },
    )
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "zonder punt of komma" in html and "Bankjes bij de vijver" in html
    for cost in ("-5", "0", "999999999999"):
        assert (
            _post(
                client,
                url,
                {
                    "titel": "Bankjes",
                    "tekst": "Meer bankjes " * 5,
                    "wijk_id": str(wijk().id),
                    "geschatte_kosten": cost,
                },
            ).status_code
            == 400
        )
    ok = _post(
        client,
        url,
        {
            "titel": "Bankjes bij de vijver",
            "tekst": "Meer bankjes " * 5,
            "wijk_id": str(wijk().id),
            "geschatte_kosten": "4000",
        },
    )
    assert ok.status_code == 302
    plan = db.session.scalar(sa.select(Plan).where(Plan.begroting_id == begroting.id))
    assert plan.status == PlanStatus.INGEDIEND and plan.geschatte_kosten == 4000

    client.get("/account/uitloggen")
    officer = make_staff(areas=["begroten"])
    login(officer)
    staff_url = f"/beheer/begroten/{begroting.id}/plannen/{plan.id}"
    missing = _post(client, staff_url, {"status": "haalbaar", "kosten": "5200", "kosten_reden": ""})
    assert missing.status_code == 400 and "Schrijf op hoe de gemeente" in missing.get_data(
        as_text=True
    )
    done = _post(
        client,
        staff_url,
        {"status": "haalbaar", "kosten": "5200", "kosten_reden": "Drie bankjes en plaatsen."},
    )
    assert done.status_code == 302
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    assert plan.kosten == 5200 and plan.status == PlanStatus.HAALBAAR
    public = client.get(plan.object_url()).get_data(as_text=True)
    assert "Drie bankjes en plaatsen." in public and "5.200" in public


def test_paper_ballots_each_number_once_and_counted_apart(client, login):
    begroting = make_begroting()
    a, b, *_rest = plan_ids(begroting)
    login(make_staff(areas=["begroten"]))
    url = f"/beheer/begroten/{begroting.id}/papier"
    assert _post(client, url, {"nummer": "17", "plan": [str(a)]}).status_code == 302
    again = _post(client, url, {"nummer": "17", "plan": [str(b)]})
    assert again.status_code == 400 and "al ingevoerd" in again.get_data(as_text=True)
    over = _post(client, url, {"nummer": "18", "plan": [str(i) for i in plan_ids(begroting)]})
    assert over.status_code == 400 and "meer dan het budget" in over.get_data(as_text=True)
    assert paper_numbers("begroting", begroting.id) == [17]
    rows = db.session.scalars(sa.select(Stembiljet)).all()
    assert len(rows) == 1 and rows[0].is_paper and rows[0].keuzes == [a]


def test_count_job_at_the_close_and_the_result_page(client, login, app):
    begroting = make_begroting(Fase.HAALBAARHEID, published=False)
    officer = make_staff(areas=["begroten"])
    login(officer)
    assert _post(client, f"/beheer/begroten/{begroting.id}/stemlijst", {}).status_code == 302
    job = db.session.scalar(sa.select(Job).where(Job.kind == "begroten.tellen"))
    assert (
        job is not None and job.run_after == db.session.get(Begroting, begroting.id).uitslag_vanaf
    )
    set_phase(begroting, Fase.STEMMEN)
    client.get("/account/uitloggen")
    ids = plan_ids(begroting)
    for k in range(6):
        login(make_user())
        data = vote_data(begroting, [ids[0], ids[2]] if k < 4 else [ids[1], ids[3]])
        assert _post(client, f"/begroten/{begroting.id}/stemmen", data).status_code == 302
        client.get("/account/uitloggen")
    # Voting still open: a count job that runs early counts nothing and waits.
    db.session.execute(sa.update(Job).values(run_after=sa.func.current_timestamp()))
    db.session.commit()
    run_job(claim_next("test"))
    assert not db.session.get(Begroting, begroting.id).is_geteld
    set_phase(begroting, Fase.UITSLAG)
    db.session.execute(
        sa.update(Job).where(Job.status == "queued").values(run_after=sa.func.current_timestamp())
    )
    db.session.commit()
    run_job(claim_next("test"))
    db.session.expire_all()
    counted = db.session.get(Begroting, begroting.id)
    assert counted.is_geteld and counted.uitslag["stembiljetten"] == 6
    assert hashlib.sha256(counted.pb_bestand.encode()).hexdigest() == counted.pb_sha256
    page = client.get(f"/begroten/{begroting.id}/uitslag")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Gekozen met het geld van 4 kiezers" in html
    assert counted.pb_sha256 in html
    pb = client.get(f"/begroten/{begroting.id}/uitslag.pb")
    assert pb.status_code == 200 and hashlib.sha256(pb.data).hexdigest() == counted.pb_sha256
    winners = counted.uitslag["winnaars"]
    gekozen = db.session.scalars(
        sa.select(StatusChange).where(StatusChange.to_status == "gekozen")
    ).all()
    assert sorted(r.object_id for r in gekozen) == sorted(winners)


def test_progress_on_a_winner_is_mailed_to_followers(client, login, smtp_server):
    from open_nijmegen.begroten.jobs import count_begroting
    from open_nijmegen.core.interactions.services import set_follow
    from open_nijmegen.notifications.sender import send_outbox

    begroting = make_begroting(Fase.UITSLAG)
    ids = plan_ids(begroting)
    db.session.add(Stembiljet(sleutel="x" * 64, begroting_id=begroting.id, keuzes=[ids[0]]))
    db.session.commit()
    assert count_begroting(begroting)
    db.session.commit()
    winner = db.session.get(Plan, ids[0])
    follower = make_user()
    set_follow(follower, winner, True)
    db.session.commit()
    login(make_staff(areas=["begroten"]))
    url = f"/beheer/begroten/{begroting.id}/plannen/{winner.id}/voortgang"
    assert (
        _post(client, url, {"voortgang-status": "in_uitvoering", "voortgang-tekst": ""}).status_code
        == 400
    )
    done = _post(
        client,
        url,
        {"voortgang-status": "in_uitvoering", "voortgang-tekst": "De aannemer is begonnen."},
    )
    assert done.status_code == 302
    send_outbox()
    assert any(
        follower.email in str(m["To"])
        and "De aannemer is begonnen." in m.get_body(("plain",)).get_content()
        for m in smtp_server.messages
    )
    loser = db.session.get(Plan, ids[1]) if ids[1] not in begroting.uitslag["winnaars"] else None
    if loser is not None:
        refused = _post(
            client,
            f"/beheer/begroten/{begroting.id}/plannen/{loser.id}/voortgang",
            {"voortgang-status": "klaar", "voortgang-tekst": "Dit mag niet gebeuren."},
        )
        assert refused.status_code == 400
