"""Every step of the transition tables through the web, as the officer or the challenger:
each one changes the status, adds a history row and an audit entry, and sends the challenger
a mail (delivered to a real SMTP server). Every step the table does not allow in a status is
refused with a B1 message and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token, login_as, send_mail

from open_nijmegen.core.models import AuditLog, StatusChange
from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht import services
from open_nijmegen.uitdaagrecht.models import Uitdaging
from open_nijmegen.uitdaagrecht.workflow import (
    BEZWAAR_START_TRANSITIONS,
    BEZWAAR_TRANSITIONS,
    TRANSITIONS,
    Actie,
    Actor,
    BezwaarStatus,
    Status,
    Transition,
    Veld,
    VeldSoort,
)
from uitdaagrecht.cases import assess, reach

EXPIRED = {Actie.HERVAT_ZONDER_AANVULLING, Actie.SLUIT_BUITEN_BEHANDELING}


def _case(status: Status, challenger, officer, actie: Actie | None = None) -> Uitdaging:
    u = reach(status, challenger, officer, expired=actie in EXPIRED)
    if status in (Status.IN_BEHANDELING, Status.VERDAAGD):
        assess(officer, u)
        db.session.commit()
    return u


def _bezwaar_case(status: BezwaarStatus, challenger, officer, expired: bool = False) -> Uitdaging:
    """A refused case whose decision was sent 15 days ago, with a bezwaar in ``status``."""
    today = services.vandaag()
    u = reach(Status.AFGEWEZEN, challenger, officer)
    u.besluit_verzonden_op = today - timedelta(days=15)
    db.session.commit()
    services.start_bezwaar(
        officer,
        u,
        Actie.REGISTREER_BEZWAAR,
        Actor.OFFICER,
        {"gronden": "Ik ben het oneens.", "ontvangen_op": today - timedelta(days=10)},
        today - timedelta(days=10),
    )
    if status == BezwaarStatus.HERSTEL_GEVRAAGD:
        asked = today - timedelta(days=9) if expired else today
        until = today - timedelta(days=5) if expired else today + timedelta(days=7)
        services.take_bezwaar_step(
            officer,
            u,
            Actie.VRAAG_HERSTEL,
            Actor.OFFICER,
            {"gevraagde_aanvulling": "uw handtekening", "aanvullen_voor": until},
            asked,
        )
    elif status in (BezwaarStatus.IN_BEHANDELING, BezwaarStatus.VERDAAGD):
        services.take_bezwaar_step(officer, u, Actie.START_BEHANDELING, Actor.OFFICER, {})
        if status == BezwaarStatus.VERDAAGD:
            bezwaar = services.lopend_bezwaar(u)
            deadline = services.bezwaar_clock(u, bezwaar).deadline(today)
            services.take_bezwaar_step(
                officer,
                u,
                Actie.VERDAAG,
                Actor.OFFICER,
                {"nieuwe_beslisdatum": deadline + timedelta(days=14), "reden": "Drukte."},
            )
    db.session.commit()
    assert services.lopend_bezwaar(u).status == status
    return u


def _value(u: Uitdaging, scope: str, veld: Veld) -> str:
    today = services.vandaag()
    if veld.soort is VeldSoort.DATUM:
        if veld == Veld.AANVULLEN_VOOR:
            return (today + timedelta(days=14)).isoformat()
        if veld == Veld.NIEUWE_BESLISDATUM:
            bezwaar = services.lopend_bezwaar(u)
            clock = (
                services.bezwaar_clock(u, bezwaar) if scope == "bezwaar" else services.clock_voor(u)
            )
            deadline = clock.deadline(today) if u.klok_begindag else None
            return ((deadline or today) + timedelta(days=14)).isoformat()
        return today.isoformat()
    return f"Uitleg bij {veld.value}."


def _form(client, u: Uitdaging, prefix: str, scope: str, t: Transition[Any, Any]) -> dict[str, str]:
    token = csrf_token(client)
    data = {"csrf_token": token, f"{prefix}-csrf_token": token}
    for veld in t.verplicht:
        if veld.soort is not VeldSoort.CRITERIA:
            data[f"{prefix}-{veld.value}"] = _value(u, scope, veld)
    return data


def _counts(u: Uitdaging) -> tuple[int, int]:
    history = db.session.scalar(
        sa.select(sa.func.count()).where(
            StatusChange.object_type == "uitdaging", StatusChange.object_id == u.id
        )
    )
    audit = db.session.scalar(
        sa.select(sa.func.count()).where(
            AuditLog.object_type == "uitdaging", AuditLog.object_id == u.id
        )
    )
    return history, audit


def _flush(smtp_server) -> None:
    """Send the mail of the set-up steps, so only the mail of the step under test remains."""
    if smtp_server is not None:
        send_mail()
        smtp_server.messages.clear()


def _check_effects(u, before, smtp_server, challenger, expected_status, t) -> None:
    db.session.expire_all()
    history, audit = _counts(u)
    assert history == before[0] + (2 if t.naar == BezwaarStatus.GEGROND else 1)
    assert audit >= before[1] + 1
    u = db.session.get(Uitdaging, u.id)
    assert expected_status(u)
    send_mail()
    mails = [m for m in smtp_server.messages if m["To"] == challenger.email]
    assert mails, "the challenger got no mail"
    body = mails[0].get_body(("plain",)).get_content()
    assert u.referentie in mails[0]["Subject"]
    assert "Er is nieuws over uw uitdaging" in body


OFFICER_CASE_ROWS = [t for t in TRANSITIONS if t.actor == Actor.OFFICER]
OFFICER_BEZWAAR_ROWS = [t for t in BEZWAAR_TRANSITIONS if t.actor == Actor.OFFICER]
OFFICER_START_ROWS = [t for t in BEZWAAR_START_TRANSITIONS if t.actor == Actor.OFFICER][:2]


@pytest.mark.parametrize("t", OFFICER_CASE_ROWS, ids=lambda t: f"{t.van.value}-{t.actie.value}")
def test_every_officer_step_on_a_case(app, client, smtp_server, t):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    u = _case(t.van, challenger, officer, t.actie)
    login_as(client, officer)
    before = _counts(u)
    _flush(smtp_server)
    prefix = f"zaak-{t.actie.value}"
    url = f"/beheer/uitdaagrecht/{u.referentie}/stap/zaak/{t.actie.value}"
    response = client.post(url, data=_form(client, u, prefix, "zaak", t))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De uitdager krijgt een e-mail" in page
    _check_effects(u, before, smtp_server, challenger, lambda x: x.status == t.naar, t)


@pytest.mark.parametrize(
    "t",
    OFFICER_BEZWAAR_ROWS + OFFICER_START_ROWS,
    ids=lambda t: f"bezwaar-{t.van.value}-{t.actie.value}",
)
def test_every_officer_step_on_a_bezwaar(app, client, smtp_server, t):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    if isinstance(t.van, Status):
        scope = "bezwaar_start"
        u = reach(t.van, challenger, officer)
    else:
        scope = "bezwaar"
        expired = t.voorwaarde is not None and t.van == BezwaarStatus.HERSTEL_GEVRAAGD
        u = _bezwaar_case(t.van, challenger, officer, expired=expired)
    login_as(client, officer)
    before = _counts(u)
    _flush(smtp_server)
    prefix = f"{scope}-{t.actie.value}"
    url = f"/beheer/uitdaagrecht/{u.referentie}/stap/{scope}/{t.actie.value}"
    response = client.post(url, data=_form(client, u, prefix, scope, t))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]

    def expected(x: Uitdaging) -> bool:
        bezwaar = x.bezwaren[-1]
        if bezwaar.status != t.naar:
            return False
        if t.naar == BezwaarStatus.GEGROND:
            return x.status == Status.IN_BEHANDELING
        return True

    _check_effects(u, before, smtp_server, challenger, expected, t)


CHALLENGER_STEPS = [
    (
        Status.AANVULLING_GEVRAAGD,
        "lever_aanvulling",
        {"aanvulling": "Hier is de begroting."},
        Status.ONTVANKELIJKHEIDSTOETS,
    ),
    (Status.IN_UITVOERING, "meld_voortgang", {"voortgang": "Het gaat goed."}, Status.IN_UITVOERING),
    (Status.AFGEWEZEN, "bezwaar", {"gronden": "Ik ben het oneens."}, Status.AFGEWEZEN),
]


@pytest.mark.parametrize(("van", "actie", "data", "naar"), CHALLENGER_STEPS)
def test_every_challenger_step(app, client, smtp_server, van, actie, data, naar):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    u = reach(van, challenger, officer)
    login_as(client, challenger)
    before = _counts(u)
    _flush(smtp_server)
    token = csrf_token(client)
    payload = {"csrf_token": token, f"{actie}-csrf_token": token}
    payload.update({f"{actie}-{k}": v for k, v in data.items()})
    response = client.post(f"/uitdaagrecht/mijn/{u.referentie}/{actie}", data=payload)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    t = Transition(van, Actie.TREK_IN, naar, Actor.CHALLENGER, "", "")
    _check_effects(u, before, smtp_server, challenger, lambda x: x.status == naar, t)
    if actie == "bezwaar":
        assert u.bezwaren[-1].status == BezwaarStatus.INGEDIEND
        assert u.bezwaren[-1].ontvangen_op == services.vandaag()


@pytest.mark.parametrize(
    "van",
    [
        Status.INGEDIEND,
        Status.ONTVANKELIJKHEIDSTOETS,
        Status.AANVULLING_GEVRAAGD,
        Status.IN_BEHANDELING,
        Status.VERDAAGD,
    ],
)
def test_withdraw_before_the_decision(app, client, smtp_server, van):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    u = reach(van, challenger, officer)
    login_as(client, challenger)
    before = _counts(u)
    _flush(smtp_server)
    page = client.get(f"/uitdaagrecht/mijn/{u.referentie}").get_data(as_text=True)
    assert f"/uitdaagrecht/mijn/{u.referentie}/intrekken" in page
    url = f"/uitdaagrecht/mijn/{u.referentie}/intrekken"
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    t = Transition(van, Actie.TREK_IN, Status.INGETROKKEN, Actor.CHALLENGER, "", "")
    _check_effects(u, before, smtp_server, challenger, lambda x: x.status == Status.INGETROKKEN, t)


def test_challenger_bezwaar_steps(app, client, smtp_server):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    u = _bezwaar_case(BezwaarStatus.HERSTEL_GEVRAAGD, challenger, officer)
    _flush(smtp_server)
    login_as(client, challenger)
    token = csrf_token(client)
    response = client.post(
        f"/uitdaagrecht/mijn/{u.referentie}/bezwaar_aanvulling",
        data={
            "csrf_token": token,
            "bezwaar_aanvulling-csrf_token": token,
            "bezwaar_aanvulling-aanvulling": "Mijn handtekening staat erop.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert services.lopend_bezwaar(u).status == BezwaarStatus.INGEDIEND
    response = client.post(
        f"/uitdaagrecht/mijn/{u.referentie}/bezwaar_intrekken",
        data={"csrf_token": token, "bezwaar_intrekken-csrf_token": token},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert u.bezwaren[-1].status == BezwaarStatus.INGETROKKEN
    send_mail()
    assert len([m for m in smtp_server.messages if m["To"] == challenger.email]) == 2


REFUSAL_TEXTS = (
    "Deze stap kan niet in de fase",
    "U mag deze stap niet zetten",
    "Intrekken kan alleen vóór het besluit",
    "al een keer uitgesteld",
    "nog niet voorbij",
    "Er loopt geen bezwaar",
    "Er loopt al een bezwaar",
    "termijn voor bezwaar is voorbij",
)


@pytest.mark.parametrize("status", [s for s in Status if s != Status.CONCEPT])
def test_steps_not_in_the_table_are_refused(app, client, status):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    u = reach(status, challenger, officer)
    feiten = services.feiten_voor(u, services.vandaag())
    login_as(client, officer)
    allowed = {
        t.actie
        for t in TRANSITIONS
        if t.van == status
        and t.actor == Actor.OFFICER
        and (t.voorwaarde is None or feiten.voldoet_aan(t.voorwaarde))
    }
    before = _counts(u)
    refused = 0
    for actie in sorted({t.actie for t in OFFICER_CASE_ROWS} - allowed):
        t = next(r for r in OFFICER_CASE_ROWS if r.actie == actie)
        prefix = f"zaak-{actie.value}"
        url = f"/beheer/uitdaagrecht/{u.referentie}/stap/zaak/{actie.value}"
        response = client.post(url, data=_form(client, u, prefix, "zaak", t))
        assert response.status_code == 303, actie
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert any(text in page for text in REFUSAL_TEXTS), (actie, page[:2000])
        refused += 1
    # Bezwaar steps without a running bezwaar, and steps of the other actor.
    for actie in (Actie.START_BEHANDELING, Actie.VERKLAAR_GEGROND):
        url = f"/beheer/uitdaagrecht/{u.referentie}/stap/bezwaar/{actie.value}"
        response = client.post(url, data={"csrf_token": csrf_token(client)})
        assert response.status_code == 303
    assert (
        client.post(
            f"/beheer/uitdaagrecht/{u.referentie}/stap/zaak/trek_in",
            data={"csrf_token": csrf_token(client)},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/beheer/uitdaagrecht/{u.referentie}/stap/zaak/bestaat_niet",
            data={"csrf_token": csrf_token(client)},
        ).status_code
        == 404
    )
    db.session.expire_all()
    assert db.session.get(Uitdaging, u.id).status == status
    assert _counts(u)[0] == before[0]
    assert refused >= 10


def test_a_step_with_missing_fields_shows_the_errors_and_keeps_the_input(app, client):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    u = reach(Status.IN_BEHANDELING, challenger, officer)
    login_as(client, officer)
    token = csrf_token(client)
    url = f"/beheer/uitdaagrecht/{u.referentie}/stap/zaak/besluit_deels_toekennen"
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "zaak-besluit_deels_toekennen-csrf_token": token,
            "zaak-besluit_deels_toekennen-toegekend_deel": "Alleen het <maaien>.",
            "zaak-besluit_deels_toekennen-verzonden_op": "31-02-2026",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Er gaat iets mis" in html
    assert "Vul de uitleg over bezwaar en beroep in." in html
    assert "Vul een geldige datum in" in html
    assert "Alleen het &lt;maaien&gt;." in html
    # The criteria are not filled in yet: the decision needs the checklist first.
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "zaak-besluit_deels_toekennen-csrf_token": token,
            "zaak-besluit_deels_toekennen-toegekend_deel": "Het maaien.",
            "zaak-besluit_deels_toekennen-rechtsmiddelen": "Bezwaar kan.",
            "zaak-besluit_deels_toekennen-verzonden_op": services.vandaag().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Schrijf bij elk punt van de beoordeling een uitleg" in response.get_data(as_text=True)
    # A decision dated in the future is refused.
    assess(officer, u)
    db.session.commit()
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "zaak-besluit_deels_toekennen-csrf_token": token,
            "zaak-besluit_deels_toekennen-toegekend_deel": "Het maaien.",
            "zaak-besluit_deels_toekennen-rechtsmiddelen": "Bezwaar kan.",
            "zaak-besluit_deels_toekennen-verzonden_op": (
                services.vandaag() + timedelta(days=3)
            ).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "mag niet in de toekomst liggen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Uitdaging, u.id).status == Status.IN_BEHANDELING


def test_the_checklist_and_the_public_summary(app, client):
    challenger, officer = make_user(password=""), make_staff(areas=["uitdaagrecht"], password="")
    u = reach(Status.IN_BEHANDELING, challenger, officer)
    login_as(client, officer)
    token = csrf_token(client)
    data = {"csrf_token": token}
    for code in services.criteria():
        data[f"oordeel_{code}"] = "voldoet"
        data[f"toelichting_{code}"] = f"Goed: {code}."
    response = client.post(f"/beheer/uitdaagrecht/{u.referentie}/beoordeling", data=data)
    assert response.status_code == 303
    db.session.expire_all()
    assert {b.criterium: b.toelichting for b in u.beoordelingen}["budget"] == "Goed: budget."
    response = client.post(
        f"/beheer/uitdaagrecht/{u.referentie}/register",
        data={"csrf_token": token, "publieke_samenvatting": "Een stichting wil het groen doen."},
    )
    assert response.status_code == 303
    assert "Een stichting wil het groen doen." in client.get("/uitdaagrecht/register").get_data(
        as_text=True
    )
