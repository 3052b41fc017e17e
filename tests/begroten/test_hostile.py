"""Hostile input on every form of begroten (issue 17): negative, zero or huge costs and
budgets, numbers that are not numbers, unknown or duplicated plan ids, ids of another
begroting, a paper ballot with a bad number. Each gets a 400 with a B1 message, never a 500,
and nothing is stored or changed. (Online ballots: tests/begroten/test_voting.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from begroten.factories import make_begroting, plan_ids, vote_data, wijk
from factories import make_staff, make_user
from helpers import csrf_token

from open_nijmegen.begroten.models import Begroting, Plan, PlanStatus, Stembiljet
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.paper import paper_numbers
from open_nijmegen.extensions import db

HUGE = "9" * 40  # more than any database integer
BAD_AMOUNTS = ["-5", "0", "1000000001", HUGE, "1e6", "12,50", "abc", "٣"]


def _post(client, url, data):
    data = dict(data)
    data["csrf_token"] = csrf_token(client)
    return client.post(url, data=data)


def _count(model) -> int:
    db.session.expire_all()
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def _begroting_data(**extra):
    when = utcnow() + timedelta(days=1)
    dates = {
        name: (when + timedelta(days=i)).strftime("%Y-%m-%dT%H:%M")
        for i, name in enumerate(
            ("plannen_vanaf", "haalbaarheid_vanaf", "stemmen_vanaf", "uitslag_vanaf")
        )
    }
    dates["uitvoering_vanaf"] = (when + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "titel": "Geld voor de wijk",
        "vraag": "Waar moet het geld van de wijk heen?",
        "budget": "50000",
        "gebied": "wijken",
        "wijken": [str(wijk().id)],
        "stemwijze": "budget",
        "telmethode": "gelijke_delen",
        "minimum_leeftijd": "16",
        **dates,
    }
    data.update(extra)
    return data


@pytest.fixture()
def officer(client, login):
    user = make_staff(areas=["begroten"])
    login(user)
    return user


def test_the_begroting_form_accepts_a_sound_budget(client, officer):
    """The control: the same data with a sound budget is stored (so the refusals below are
    about the budget and nothing else)."""
    response = _post(client, "/beheer/begroten/nieuw", _begroting_data())
    assert response.status_code == 302
    assert _count(Begroting) == 1


@pytest.mark.parametrize("budget", BAD_AMOUNTS)
def test_a_bad_budget_gets_a_b1_message_and_nothing_is_stored(client, officer, budget):
    response = _post(client, "/beheer/begroten/nieuw", _begroting_data(budget=budget))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vul een bedrag in van 1 tot en met 1.000.000.000 euro." in page or (
        "zonder punt of komma" in page
    )
    assert "Geld voor de wijk" in page  # what the officer typed is kept
    assert _count(Begroting) == 0


@pytest.mark.parametrize("aantal", ["0", "-3", "101", HUGE, "abc"])
def test_a_bad_number_of_choices_gets_a_b1_message(client, officer, aantal):
    data = _begroting_data(stemwijze="maximaal", max_keuzes=aantal)
    response = _post(client, "/beheer/begroten/nieuw", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vul een aantal in van 1 tot en met 100." in page or "zonder punt of komma" in page
    assert _count(Begroting) == 0


@pytest.mark.parametrize("leeftijd", ["-1", "121", HUGE])
def test_a_bad_minimum_age_gets_a_b1_message(client, officer, leeftijd):
    response = _post(client, "/beheer/begroten/nieuw", _begroting_data(minimum_leeftijd=leeftijd))
    assert response.status_code == 400
    assert "Vul een leeftijd in van 0 tot en met 120." in response.get_data(as_text=True)
    assert _count(Begroting) == 0


@pytest.mark.parametrize("cost", BAD_AMOUNTS)
def test_a_resident_with_a_bad_estimate_keeps_the_text(client, login, cost):
    begroting = make_begroting(Fase.PLANNEN, plans=())
    login(make_user())
    response = _post(
        client,
        f"/begroten/{begroting.id}/plannen/nieuw",
        {
            "titel": "Bankjes bij de vijver",
            "tekst": "Meer bankjes bij de vijver, zodat ouderen kunnen zitten. " * 2,
            "wijk_id": str(wijk().id),
            "geschatte_kosten": cost,
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vul een bedrag in van 1 tot en met" in page or "zonder punt of komma" in page
    assert "Bankjes bij de vijver" in page
    assert _count(Plan) == 0


@pytest.mark.parametrize("cost", [*BAD_AMOUNTS, "50001"])
def test_a_bad_official_cost_is_refused_and_the_plan_stays(client, officer, cost):
    begroting = make_begroting(Fase.HAALBAARHEID, plans=(4_000,))
    plan = begroting.plannen[0]
    plan.status, plan.kosten = PlanStatus.INGEDIEND, None
    db.session.commit()
    response = _post(
        client,
        f"/beheer/begroten/{begroting.id}/plannen/{plan.id}",
        {"status": "haalbaar", "kosten": cost, "kosten_reden": "Volgens de offerte."},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (
        "Vul een bedrag in van 1 euro of meer." in page
        or "zonder punt of komma" in page
        or "niet meer dan het budget" in page  # 50001: more than the budget of 50,000
    )
    db.session.expire_all()
    again = db.session.get(Plan, plan.id)
    assert again.status == PlanStatus.INGEDIEND and again.kosten is None


def test_merging_into_a_plan_of_another_begroting_is_refused(client, officer):
    begroting = make_begroting(Fase.HAALBAARHEID, plans=(4_000, 5_000))
    other = make_begroting(Fase.HAALBAARHEID, plans=(6_000,))
    plan = begroting.plannen[0]
    plan.status = PlanStatus.INGEDIEND
    db.session.commit()
    response = _post(
        client,
        f"/beheer/begroten/{begroting.id}/plannen/{plan.id}",
        {
            "status": "samengevoegd",
            "samenvoegen_met": str(other.plannen[0].id),
            "reden": "Dit plan lijkt op een ander plan.",
        },
    )
    assert response.status_code == 400
    db.session.expire_all()
    again = db.session.get(Plan, plan.id)
    assert again.status == PlanStatus.INGEDIEND and again.merged_into_id is None


def test_a_plan_page_of_another_begroting_is_not_found(client, officer):
    begroting = make_begroting(Fase.HAALBAARHEID)
    other = make_begroting(Fase.HAALBAARHEID)
    foreign = other.plannen[0]
    url = f"/beheer/begroten/{begroting.id}/plannen/{foreign.id}"
    assert client.get(url).status_code == 404
    response = _post(client, url, {"status": "niet_haalbaar", "reden": "Kan niet."})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Plan, foreign.id).status == PlanStatus.HAALBAAR
    public = f"/begroten/{begroting.id}/plannen/{foreign.id}-{foreign.slug}"
    assert client.get(public).status_code == 404


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("unknown", "staat niet op de lijst"),
        ("other", "staat niet op de lijst"),
        ("twice", "twee keer"),
        ("text", "geen plan van deze lijst"),
        ("none", "Kies minstens één plan"),
    ],
)
def test_a_paper_ballot_with_bad_plans_is_refused(client, officer, which, message):
    begroting = make_begroting()
    other = make_begroting()
    a = plan_ids(begroting)[0]
    plans = {
        "unknown": ["999999"],
        "other": [str(a), str(plan_ids(other)[0])],
        "twice": [str(a), str(a)],
        "text": ["<script>"],
        "none": [],
    }[which]
    response = _post(
        client, f"/beheer/begroten/{begroting.id}/papier", {"nummer": "5", "plan": plans}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(Stembiljet) == 0
    assert paper_numbers("begroting", begroting.id) == []  # number 5 is still free


@pytest.mark.parametrize("nummer", ["0", "-1", HUGE, "abc", ""])
def test_a_paper_ballot_with_a_bad_number_is_refused(client, officer, nummer):
    begroting = make_begroting()
    response = _post(
        client,
        f"/beheer/begroten/{begroting.id}/papier",
        {"nummer": nummer, "plan": [str(plan_ids(begroting)[0])]},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (
        "Vul een nummer in van 1 tot en met" in page
        or "Vul het nummer in" in page
        or ("zonder punt of komma" in page)
    )
    assert _count(Stembiljet) == 0


def test_a_paper_ballot_after_the_count_is_refused(client, officer):
    begroting = make_begroting(Fase.UITSLAG)
    begroting.geteld_op = utcnow()
    db.session.commit()
    response = _post(
        client,
        f"/beheer/begroten/{begroting.id}/papier",
        {"nummer": "3", "plan": [str(plan_ids(begroting)[0])]},
    )
    assert response.status_code == 400
    assert "Papieren stembiljetten kunnen nu niet worden ingevoerd." in response.get_data(
        as_text=True
    )
    assert _count(Stembiljet) == 0


@pytest.mark.parametrize("wijk_id", ["abc", "-1", HUGE, "0", "<script>"])
def test_a_ballot_with_a_bad_wijk_gets_one_b1_message(client, login, wijk_id):
    begroting = make_begroting()
    login(make_user())
    data = vote_data(begroting, plan_ids(begroting)[:1], wijk_id=wijk_id)
    data["csrf_token"] = csrf_token(client)
    response = client.post(f"/begroten/{begroting.id}/stemmen", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "U kunt alleen meestemmen als u in een van deze wijken woont." in page
    assert "Ongeldige keuze" not in page  # WTForms' own words: vague, and a second message
    assert _count(Stembiljet) == 0
