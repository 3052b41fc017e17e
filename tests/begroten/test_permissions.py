"""Role x phase grids over every begroten route: who may do what in which phase.

The expected phases are written out here from the issue (plans only while plans are sent
in, votes only while voting is open, the count only after the close, ...), not read from
``phases.py``, so a change to that table shows up as a failing grid. Deny by default: any
combination not listed as allowed must change nothing.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from begroten.factories import make_begroting, plan_ids, vote_data, wijk
from factories import make_admin, make_staff, make_user
from helpers import csrf_token

from open_nijmegen.begroten.jobs import JOB_KIND, count_begroting
from open_nijmegen.begroten.models import Begroting, Deelname, Plan, PlanStatus, Stembiljet
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.core.models import Follow, Job, Reaction, StatusChange
from open_nijmegen.extensions import db

ROLES = (
    "anoniem",
    "onbevestigd",
    "inwoner",
    "inwoner_ander",  # lives in a wijk outside the begroting's area
    "medewerker_ander",  # officer without the begroten work area
    "medewerker",  # officer with the begroten work area
    "beheerder",
)
PHASES = tuple(Fase)
LOGGED_IN = set(ROLES) - {"anoniem"}
CONFIRMED = LOGGED_IN - {"onbevestigd"}
RESIDENTS = {"inwoner", "inwoner_ander"}
STAFF = {"medewerker", "beheerder"}

# What the issue asks, phase by phase.
SUBMIT = {Fase.PLANNEN}
REACT = set(PHASES) - {Fase.VOORBEREIDING}
VOTE = {Fase.STEMMEN}
ASSESS = {Fase.PLANNEN, Fase.HAALBAARHEID}
PUBLISH = {Fase.HAALBAARHEID}
PAPER = {Fase.STEMMEN, Fase.UITSLAG}
COUNT = {Fase.UITSLAG, Fase.UITVOERING}
PROGRESS = {Fase.UITSLAG, Fase.UITVOERING}


def _user(role: str):
    return {
        "anoniem": lambda: None,
        "onbevestigd": lambda: make_user(confirmed=False),
        "inwoner": make_user,
        "inwoner_ander": make_user,
        "medewerker_ander": lambda: make_staff(areas=["ideeen"]),
        "medewerker": lambda: make_staff(areas=["begroten"]),
        "beheerder": make_admin,
    }[role]()


def _as(client, login, role: str):
    user = _user(role)
    if user is not None:
        login(user)
    return user


def _post(client, url: str, data: dict | None = None):
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client)
    return client.post(url, data=data)


def _refused(response, role: str) -> None:
    """Refused: anonymous to the login page, everyone else a redirect or an error page; never
    a 500."""
    if role == "anoniem":
        assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]
    else:
        assert response.status_code in (302, 400, 403, 404), response.status_code


def _staff_refused(response, role: str) -> None:
    if role == "anoniem":
        assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]
    else:
        assert response.status_code == 403


# -- public pages ---------------------------------------------------------------------


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_public_pages_grid(client, login, role, fase):
    begroting = make_begroting(fase)
    plan = db.session.get(Plan, plan_ids(begroting)[0])
    counted = False
    if fase in COUNT:
        db.session.add(Stembiljet(sleutel="k" * 64, begroting_id=begroting.id, keuzes=[plan.id]))
        db.session.commit()
        counted = count_begroting(begroting)
        db.session.commit()
    _as(client, login, role)
    assert client.get("/begroten").status_code == 200
    assert client.get(f"/begroten/{begroting.id}").status_code == 301
    assert client.get(f"/begroten/{begroting.id}-{begroting.slug}").status_code == 200
    plan_url = f"/begroten/{begroting.id}/plannen/{plan.id}-{plan.slug}"
    assert client.get(plan_url).status_code == 200
    assert client.get(f"/begroten/{begroting.id}/uitslag").status_code == 200
    pb = client.get(f"/begroten/{begroting.id}/uitslag.pb")
    assert pb.status_code == (200 if counted else 404)
    assert counted == (fase in COUNT)
    gestemd = client.get(f"/begroten/{begroting.id}/gestemd")
    if role in CONFIRMED:
        assert gestemd.status_code == 200
    else:
        assert gestemd.status_code == 302


# -- residents: a plan, a vote, a reaction, a follow --------------------------------------


def _plan_form():
    return {
        "titel": "Bankjes bij de vijver",
        "tekst": "Meer bankjes bij de vijver, zodat ouderen kunnen rusten.",
        "wijk_id": str(wijk().id),
        "geschatte_kosten": "4000",
    }


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_submit_plan_grid(client, login, role, fase):
    begroting = make_begroting(fase, plans=())
    _as(client, login, role)
    url = f"/begroten/{begroting.id}/plannen/nieuw"
    page = client.get(url)
    response = _post(client, url, _plan_form())
    stored = db.session.scalar(
        sa.select(sa.func.count()).select_from(Plan).where(Plan.begroting_id == begroting.id)
    )
    if role in CONFIRMED and fase in SUBMIT:
        assert page.status_code == 200
        assert response.status_code == 302 and stored == 1
    else:
        _refused(page, role)
        _refused(response, role)
        assert stored == 0


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_vote_grid(client, login, role, fase):
    begroting = make_begroting(fase)
    elsewhere = wijk("Hatert", "Nijmegen-Zuid")
    _as(client, login, role)
    url = f"/begroten/{begroting.id}/stemmen"
    page = client.get(url)
    choice = plan_ids(begroting)[:2]
    data = vote_data(begroting, choice)
    if role == "inwoner_ander":
        data["wijk_id"] = str(elsewhere.id)  # says where they really live
    response = _post(client, url, data)
    ballots = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Stembiljet)
        .where(Stembiljet.begroting_id == begroting.id)
    )
    voted = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Deelname)
        .where(Deelname.begroting_id == begroting.id)
    )
    assert ballots == voted  # "has voted" and the ballot always go together
    if fase in VOTE and role in RESIDENTS:
        assert page.status_code == 200
    else:
        _refused(page, role)
    if fase in VOTE and role == "inwoner":
        assert response.status_code == 302 and ballots == 1
    else:
        _refused(response, role)
        assert ballots == 0
        if role == "inwoner_ander" and fase in VOTE:
            assert response.status_code == 400
            assert "in een van deze wijken woont" in response.get_data(as_text=True)


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_react_and_follow_grid(client, login, role, fase):
    begroting = make_begroting(fase)
    plan_id = plan_ids(begroting)[0]
    _as(client, login, role)
    _post(client, f"/reacties/plan/{plan_id}", {"body": "Goed plan voor de wijk."})
    reactions = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Reaction)
        .where(Reaction.object_type == "plan", Reaction.object_id == plan_id)
    )
    assert reactions == (1 if role in CONFIRMED and fase in REACT else 0)
    response = _post(client, f"/volgen/plan/{plan_id}", {"volgen": "1"})
    follows = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Follow)
        .where(Follow.object_type == "plan", Follow.object_id == plan_id)
    )
    if role in CONFIRMED:
        assert response.status_code == 302 and follows == 1
    else:
        _refused(response, role)
        assert follows == 0


# -- officers -------------------------------------------------------------------------

STAFF_GET = (
    "/beheer/begroten",
    "/beheer/begroten/nieuw",
    "/beheer/begroten/{id}",
    "/beheer/begroten/{id}/bewerken",
    "/beheer/begroten/{id}/plannen/{plan}",
)


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_grid(client, login, role, fase):
    begroting = make_begroting(fase)
    plan_id = plan_ids(begroting)[0]
    _as(client, login, role)
    for url in STAFF_GET:
        response = client.get(url.format(id=begroting.id, plan=plan_id))
        if role in STAFF:
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == "no-store"
        else:
            _staff_refused(response, role)


def _status(plan_id: int) -> PlanStatus:
    db.session.expire_all()
    return db.session.get(Plan, plan_id).status


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_assess_grid(client, login, role, fase):
    begroting = make_begroting(fase)
    plan_id = plan_ids(begroting)[0]
    _as(client, login, role)
    response = _post(
        client,
        f"/beheer/begroten/{begroting.id}/plannen/{plan_id}",
        {"status": "niet_haalbaar", "reden": "Het mag niet op deze plek van de wet."},
    )
    changed = _status(plan_id) == PlanStatus.NIET_HAALBAAR
    if role in STAFF and fase in ASSESS:
        assert response.status_code == 302 and changed
    else:
        assert not changed
        if role in STAFF:
            assert response.status_code == 400
        else:
            _staff_refused(response, role)


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_publish_list_grid(client, login, role, fase):
    begroting = make_begroting(fase, published=False)
    _as(client, login, role)
    response = _post(client, f"/beheer/begroten/{begroting.id}/stemlijst")
    db.session.expire_all()
    published = db.session.get(Begroting, begroting.id).stemlijst_op is not None
    if role in STAFF and fase in PUBLISH:
        assert response.status_code == 302 and published
    else:
        assert not published
        if role in STAFF:
            assert response.status_code == 400
        else:
            _staff_refused(response, role)


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_paper_ballot_grid(client, login, role, fase):
    begroting = make_begroting(fase)
    _as(client, login, role)
    response = _post(
        client,
        f"/beheer/begroten/{begroting.id}/papier",
        {"nummer": "7", "plan": [str(plan_ids(begroting)[0])]},
    )
    ballots = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Stembiljet)
        .where(Stembiljet.begroting_id == begroting.id)
    )
    if role in STAFF and fase in PAPER:
        assert response.status_code == 302 and ballots == 1
    else:
        assert ballots == 0
        if role in STAFF:
            assert response.status_code == 400
        else:
            _staff_refused(response, role)


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_count_grid(client, login, role, fase):
    begroting = make_begroting(fase)
    _as(client, login, role)
    response = _post(client, f"/beheer/begroten/{begroting.id}/tellen")
    jobs = db.session.scalar(
        sa.select(sa.func.count()).select_from(Job).where(Job.kind == JOB_KIND)
    )
    if role in STAFF and fase in COUNT:
        assert response.status_code == 302 and jobs == 1
    else:
        assert jobs == 0
        if role in STAFF:
            assert response.status_code == 400
        else:
            _staff_refused(response, role)


@pytest.mark.parametrize("fase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_progress_grid(client, login, role, fase):
    begroting = make_begroting(fase)
    plan_id = plan_ids(begroting)[0]
    # Marked as a winner in every phase, so that only the phase and the role decide.
    begroting.uitslag = {"winnaars": [plan_id], "per_plan": {}}
    db.session.commit()
    _as(client, login, role)
    response = _post(
        client,
        f"/beheer/begroten/{begroting.id}/plannen/{plan_id}/voortgang",
        {"voortgang-status": "in_uitvoering", "voortgang-tekst": "De aannemer is begonnen."},
    )
    rows = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(StatusChange)
        .where(
            StatusChange.object_type == "plan",
            StatusChange.object_id == plan_id,
            StatusChange.to_status == "in_uitvoering",
        )
    )
    if role in STAFF and fase in PROGRESS:
        assert response.status_code == 302 and rows == 1
    else:
        assert rows == 0
        if role in STAFF:
            assert response.status_code == 400
        else:
            _staff_refused(response, role)


@pytest.mark.parametrize("role", sorted(set(ROLES) - STAFF))
def test_others_cannot_make_or_change_a_begroting(client, login, role):
    begroting = make_begroting(Fase.PLANNEN)
    title = begroting.titel
    _as(client, login, role)
    data = {"titel": "Overgenomen begroting", "vraag": "Een vraag van iemand anders."}
    _staff_refused(_post(client, "/beheer/begroten/nieuw", data), role)
    _staff_refused(_post(client, f"/beheer/begroten/{begroting.id}/bewerken", data), role)
    db.session.expire_all()
    assert db.session.get(Begroting, begroting.id).titel == title
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Begroting)) == 1
