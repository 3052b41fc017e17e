"""The questionnaire builder at /beheer/peilingen: a peiling with intro, pages and every
question type, the B1 checker on questions and options, the skip rule, preview as a resident,
and the lock once answers exist (only a logged typo correction)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token
from peilingen.factories import answers, make_peiling, q

from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import services
from open_nijmegen.peilingen.models import Optie, Peiling, Soort, Staat, Vraag


def _post(client, url, data):
    payload = dict(data)
    payload["csrf_token"] = csrf_token(client)
    return client.post(url, data=payload)


PEILING = {
    "titel": "Fietsen in Nijmegen",
    "intro": "Wij willen weten hoe u fietst. Het duurt vijf minuten.",
    "doelgroep": "accounts",
    "opent_op": "2026-01-01T09:00",
    "sluit_op": "2030-01-01T09:00",
}


def test_an_officer_builds_a_peiling_with_every_question_type(client, login):
    login(make_staff(areas=["peilingen"]))
    response = _post(client, "/beheer/peilingen/nieuw", PEILING)
    assert response.status_code == 302
    peiling = db.session.scalars(sa.select(Peiling)).one()
    assert [s.titel for s in peiling.secties] == ["Vragen"]  # a first page comes along
    sectie = peiling.secties[0]
    url = f"/beheer/peilingen/{peiling.id}/vragen/nieuw"
    base = {"sectie_id": str(sectie.id), "toon_als": ""}
    forms = [
        {
            "soort": "enkel",
            "tekst": "Hoe gaat u naar uw werk?",
            "opties": "Fiets\nBus\n\nAuto  ",
            "verplicht": "y",
        },
        {
            "soort": "meer",
            "tekst": "Wat mist u?",
            "opties": "Rekken\nLicht\nBomen",
            "max_keuzes": "2",
        },
        {
            "soort": "schaal",
            "tekst": "Hoe veilig voelt u zich?",
            "schaal_max": "10",
            "label_laag": "Niet veilig",
            "label_hoog": "Heel veilig",
        },
        {"soort": "rangorde", "tekst": "Wat is het belangrijkst?", "opties": "Veilig\nSnel"},
        {"soort": "open", "tekst": "Wat kan beter?"},
        {
            "soort": "getal",
            "tekst": "Hoeveel fietsen heeft u?",
            "getal_min": "0",
            "getal_max": "20",
        },
    ]
    for form in forms:
        response = _post(client, url, {**base, **form})
        assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    vragen = peiling.vragen_op_volgorde()
    assert [v.soort for v in vragen] == [Soort(f["soort"]) for f in forms]
    assert [o.tekst for o in vragen[0].opties] == ["Fiets", "Bus", "Auto"]
    assert vragen[0].verplicht and not vragen[1].verplicht
    assert vragen[1].max_keuzes == 2 and vragen[1].schaal_max is None
    assert (vragen[2].schaal_max, vragen[2].label_laag) == (10, "Niet veilig")
    assert vragen[2].opties == []
    assert (vragen[5].getal_min, vragen[5].getal_max) == (0, 20)
    # A skip rule: show "Wat mist u?" only when the first question has "Bus".
    bus = vragen[0].opties[1]
    response = _post(
        client,
        f"/beheer/peilingen/{peiling.id}/vragen/{vragen[1].id}",
        {**base, **forms[1], "toon_als": f"{vragen[0].id}-{bus.id}"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (vragen[1].toon_als_vraag_id, vragen[1].toon_als_optie_id) == (vragen[0].id, bus.id)
    # A second page, and publishing.
    assert (
        _post(
            client,
            f"/beheer/peilingen/{peiling.id}/paginas/nieuw",
            {"titel": "Over u", "uitleg": ""},
        ).status_code
        == 302
    )
    assert _post(client, f"/beheer/peilingen/{peiling.id}/publiceren", {}).status_code == 302
    db.session.expire_all()
    assert peiling.gepubliceerd_op is not None and len(peiling.secties) == 2


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"soort": "enkel", "tekst": "Een vraag?", "opties": "Alleen een"},
            "minstens twee antwoorden",
        ),
        ({"soort": "enkel", "tekst": "Een vraag?", "opties": "Ja\nja"}, "maar één keer"),
        (
            {"soort": "meer", "tekst": "Een vraag?", "opties": "A\nB", "max_keuzes": "3"},
            "meer antwoorden dan er in de lijst",
        ),
        ({"soort": "schaal", "tekst": "Een vraag?"}, "Kies de schaal"),
        ({"soort": "schaal", "tekst": "Een vraag?", "schaal_max": "7"}, "Kies de schaal"),
        (
            {"soort": "getal", "tekst": "Een vraag?", "getal_min": "5", "getal_max": "1"},
            "groter zijn dan het kleinste",
        ),
        ({"soort": "getal", "tekst": "Een vraag?", "getal_min": "1e99"}, "Vul een heel getal in"),
        ({"soort": "open", "tekst": "x" * 600}, "De vraag moet 3 tot 500 tekens"),
        ({"soort": "toverij", "tekst": "Een vraag?"}, "Kies de soort vraag"),
        (
            {"soort": "open", "tekst": "Een vraag?", "toon_als": "999999-1"},
            "Kies een vraag en antwoord uit de lijst",
        ),
        (
            {
                "soort": "enkel",
                "tekst": "Een vraag?",
                "opties": "\n".join(f"o{i}" for i in range(31)),
            },
            "niet meer dan 30",
        ),
        (
            {"soort": "open", "tekst": "Een vraag?", "sectie_id": "999999"},
            "Kies een pagina van deze peiling",
        ),
    ],
)
def test_a_wrong_question_gets_400_with_the_text_kept(client, login, form, message):
    peiling = make_peiling(staat=Staat.CONCEPT)
    count = len(peiling.vragen)
    login(make_staff(areas=["peilingen"]))
    data = {"sectie_id": str(peiling.secties[0].id), "toon_als": "", **form}
    response = _post(client, f"/beheer/peilingen/{peiling.id}/vragen/nieuw", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert form["tekst"][:100] in html
    db.session.expire_all()
    assert len(db.session.get(Peiling, peiling.id).vragen) == count


def test_the_b1_checker_is_on_questions_and_options(client, login):
    peiling = make_peiling(staat=Staat.CONCEPT)
    login(make_staff(areas=["peilingen"]))
    page = client.get(f"/beheer/peilingen/{peiling.id}/vragen/nieuw").get_data(as_text=True)
    for field in ("tekst", "uitleg", "opties"):
        assert f'data-taal-voor="{field}"' in page
    data = {
        "sectie_id": str(peiling.secties[0].id),
        "toon_als": "",
        "soort": "enkel",
        "tekst": "Welke implementatie van de infrastructurele herinrichtingsmaatregelen prefereert u?",
        "opties": "Optie A\nOptie B",
        "taal_check": "tekst",
    }
    response = _post(client, f"/beheer/peilingen/{peiling.id}/vragen/nieuw", data)
    assert response.status_code == 200  # a check is not an error, and nothing is saved
    assert "herinrichtingsmaatregelen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Peiling, peiling.id).vragen) == 7


def test_preview_shows_the_pages_as_a_resident_sees_them_and_sends_nothing(client, login):
    peiling = make_peiling(staat=Staat.CONCEPT)
    login(make_staff(areas=["peilingen"]))
    page = client.get(f"/beheer/peilingen/{peiling.id}/voorbeeld").get_data(as_text=True)
    assert "Dit is een voorbeeld" in page and "Vraag 1 van 7" in page
    assert "Versturen" not in page and "Opslaan en later verder" not in page
    page2 = client.get(f"/beheer/peilingen/{peiling.id}/voorbeeld?pagina=2").get_data(as_text=True)
    assert "Wat is het belangrijkst?" in page2 and "Plaats 3" in page2
    assert "Beantwoord deze vraag alleen als u bij vraag 1 koos: Bus." in page2
    assert client.get(f"/beheer/peilingen/{peiling.id}/voorbeeld?pagina=abc").status_code == 200


def test_once_answers_exist_questions_are_locked_but_a_typo_can_be_fixed_and_is_logged(
    client, login, app
):
    peiling = make_peiling()
    v = q(peiling)
    resident = make_user()
    login(resident)
    data = {
        **answers(peiling),
        "csrf_token": csrf_token(client),
        "actie": "versturen",
        "pagina": "2",
    }
    assert client.post(f"/peilingen/{peiling.id}/invullen", data=data).status_code == 302
    assert services.heeft_antwoorden(peiling)
    officer = make_staff(areas=["peilingen"])
    login(officer)
    vraag = v["vervoer"]
    url = f"/beheer/peilingen/{peiling.id}/vragen/{vraag.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Tikfout verbeteren" in page and 'name="soort"' not in page
    # The shape cannot change: another number of options is refused.
    response = _post(
        client, url, {"tekst": vraag.tekst, "opties": "Fiets\nBus", "reden": "Auto weg"}
    )
    assert response.status_code == 400 and "moet hetzelfde blijven" in response.get_data(
        as_text=True
    )
    # Forging the full form does not change the type.
    response = _post(
        client,
        url,
        {
            "tekst": "Hoe gaat u meestal naar de stad?",
            "soort": "open",
            "opties": "Fiets\nBus\nAuto",
            "reden": "",
        },
    )
    assert response.status_code == 400
    response = _post(
        client,
        url,
        {
            "tekst": "Hoe gaat u meestal naar het centrum?",
            "opties": "Fiets\nBus\nAuto of motor",
            "reden": "Duidelijker woord",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    vraag = db.session.get(Vraag, vraag.id)
    assert vraag.soort == Soort.ENKEL and vraag.tekst.endswith("centrum?")
    assert [o.tekst for o in vraag.opties] == ["Fiets", "Bus", "Auto of motor"]
    log = db.session.scalars(
        sa.select(AuditLog).where(AuditLog.action == "peiling.tekst_verbeterd")
    ).one()
    assert "Duidelijker woord" in str(log.details) and "naar de stad" in str(log.details)
    # No new question, no removal, no new page.
    count = len(peiling.vragen)
    assert (
        _post(
            client,
            f"/beheer/peilingen/{peiling.id}/vragen/nieuw",
            {"soort": "open", "tekst": "Nieuw?", "sectie_id": str(peiling.secties[0].id)},
        ).status_code
        == 302
    )
    assert (
        _post(client, f"/beheer/peilingen/{peiling.id}/vragen/{v['idee'].id}/weg", {}).status_code
        == 302
    )
    assert (
        _post(
            client, f"/beheer/peilingen/{peiling.id}/paginas/nieuw", {"titel": "Extra"}
        ).status_code
        == 302
    )
    db.session.expire_all()
    peiling = db.session.get(Peiling, peiling.id)
    assert len(peiling.vragen) == count and len(peiling.secties) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Optie)) == 12


def test_removing_an_option_clears_a_skip_rule_on_it(client, login):
    peiling = make_peiling(staat=Staat.CONCEPT)
    v = q(peiling)
    login(make_staff(areas=["peilingen"]))
    url = f"/beheer/peilingen/{peiling.id}/vragen/{v['vervoer'].id}"
    data = {
        "sectie_id": str(peiling.secties[0].id),
        "toon_als": "",
        "soort": "enkel",
        "tekst": v["vervoer"].tekst,
        "opties": "Fiets",
        "verplicht": "y",
    }
    assert (
        _post(client, url, {**data, "opties": "Fiets\nAuto"}).status_code == 302
    )  # Bus was 2nd: now Auto
    assert _post(client, url, {**data, "opties": "Fiets\nAuto\nBus"}).status_code == 302
    db.session.expire_all()
    bus_q = db.session.get(Vraag, v["bus"].id)
    assert bus_q.toon_als_optie_id == v["vervoer"].opties[1].id  # kept by position
    assert _post(client, url, {**data, "opties": "Fiets\nWandelen"}).status_code == 302
    assert _post(client, url, {**data, "opties": "Fiets"}).status_code == 400  # at least two
    db.session.expire_all()
    assert db.session.get(Vraag, v["bus"].id).toon_als_optie_id is not None


def test_an_empty_post_to_an_edit_form_changes_nothing(client, login):
    """A POST is judged on what it sends, never filled up from the stored values."""
    peiling = make_peiling(staat=Staat.CONCEPT)
    v = q(peiling)
    before = (peiling.titel, peiling.opent_op, v["vervoer"].tekst)
    login(make_staff(areas=["peilingen"]))
    for url in (
        f"/beheer/peilingen/{peiling.id}/bewerken",
        f"/beheer/peilingen/{peiling.id}/paginas/{peiling.secties[0].id}",
        f"/beheer/peilingen/{peiling.id}/vragen/{v['vervoer'].id}",
    ):
        response = _post(client, url, {})
        assert response.status_code == 400, url
        assert "Er gaat iets mis" in response.get_data(as_text=True)
    db.session.expire_all()
    peiling = db.session.get(Peiling, peiling.id)
    assert (peiling.titel, peiling.opent_op, q(peiling)["vervoer"].tekst) == before


def test_an_empty_post_to_the_typo_form_gives_400(client, login):
    peiling = make_peiling()
    resident = make_user()
    login(resident)
    data = {
        **answers(peiling),
        "csrf_token": csrf_token(client),
        "actie": "versturen",
        "pagina": "2",
    }
    assert client.post(f"/peilingen/{peiling.id}/invullen", data=data).status_code == 302
    login(make_staff(areas=["peilingen"]))
    vraag = q(peiling)["vervoer"]
    response = _post(client, f"/beheer/peilingen/{peiling.id}/vragen/{vraag.id}", {})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Vraag, vraag.id).tekst == "Hoe gaat u meestal naar de stad?"
