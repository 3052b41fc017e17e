"""Population figures uploaded per peiling (issue 18 point 5): a CSV of wijk x age group
replaces the approximate default for that peiling's weighting; a bad file gets B1 messages with
line numbers and changes nothing; the default stays marked as approximate on the results."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token
from peilingen.factories import make_peiling, q

from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import bevolking, marges
from open_nijmegen.peilingen.models import Inzending, Staat
from open_nijmegen.peilingen.uitslag import bereken


def _csv(cells=None, sep=";", header=None):
    cells = cells or bevolking.BEVOLKING
    lines = [sep.join(header or ["wijk", *bevolking.LEEFTIJDEN])]
    for wijk in bevolking.WIJKEN:
        lines.append(sep.join([wijk, *(str(cells[wijk][a]) for a in bevolking.LEEFTIJDEN)]))
    return "\n".join(lines) + "\n"


def test_the_example_file_reads_back_as_the_default():
    assert marges.lees(marges.voorbeeld().encode()) == bevolking.BEVOLKING
    with_bom = ("\ufeff" + _csv(sep=",")).encode("utf-8")
    assert marges.lees(with_bom) == bevolking.BEVOLKING


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace("Nijmegen-Oost;", "Nijmegen-Oostt;"),
            "Regel 3: 'Nijmegen-Oostt' is geen wijk",
        ),
        (
            lambda t: t.replace("Nijmegen-Oud-West;3000", "Nijmegen-Oud-West;drie"),
            "Regel 4: bij 16-24 staat 'drie'.",
        ),
        (
            lambda t: t.replace("Nijmegen-Oud-West;3000", "Nijmegen-Oud-West;-3"),
            "Regel 4: bij 16-24 staat '-3'.",
        ),
        (
            lambda t: t.replace("Nijmegen-Oud-West;3000;", "Nijmegen-Oud-West;;"),
            "Regel 4: bij 16-24 staat geen getal.",
        ),
        (
            lambda t: t + "Nijmegen-Oost;1;2;3;4\n",
            "Regel 11: de wijk Nijmegen-Oost staat er al in (op regel 3).",
        ),
        (
            lambda t: "\n".join(r for r in t.splitlines() if not r.startswith("Lindenholt")),
            "De wijk Lindenholt ontbreekt.",
        ),
        (lambda t: t.replace(";65+", ";66+"), "Regel 1: de kolom '66+' kennen wij niet."),
        (lambda t: t.replace(";65+", ""), "Regel 1: de kolom '65+' ontbreekt."),
        (lambda t: t.replace("wijk;", "buurt;", 1), "Regel 1: de eerste kolom moet 'wijk' heten."),
        (lambda t: "", "Het bestand is leeg."),
        (
            lambda t: t.replace("Dukenburg;3500;6500;6500;5500", "Dukenburg;0;0;0;0"),
            "Regel 8: bij Dukenburg staan alleen nullen.",
        ),
    ],
)
def test_a_bad_file_gets_b1_messages_with_line_numbers(change, message):
    with pytest.raises(marges.MargesFout) as error:
        marges.lees(change(_csv()).encode("utf-8"))
    assert any(message in f for f in error.value.fouten), error.value.fouten


def test_a_file_that_is_not_utf8_names_the_line():
    data = _csv().replace("Nijmegen-Zuid", "Nijmegen-Zuïd").encode("latin-1")
    with pytest.raises(marges.MargesFout) as error:
        marges.lees(data)
    assert "Regel 7: het bestand is geen UTF-8-tekst." in error.value.fouten[0]


def _upload(client, peiling, text, name="cijfers.csv"):
    return client.post(
        f"/beheer/peilingen/{peiling.id}/bevolking",
        data={
            "csrf_token": csrf_token(client),
            "bestand": (io.BytesIO(text.encode("utf-8")), name),
        },
        content_type="multipart/form-data",
    )


def _responses(peiling):
    vraag = q(peiling)["vervoer"]
    n = 0
    for wijk in bevolking.WIJKEN:
        for i, leeftijd in enumerate(bevolking.LEEFTIJDEN):
            for _k in range(3 + i):
                n += 1
                db.session.add(
                    Inzending(
                        sleutel=f"m-{peiling.id}-{n}",
                        peiling_id=peiling.id,
                        dag=date(2026, 1, 1),
                        af=True,
                        antwoorden={str(vraag.id): vraag.opties[i % 2].id},
                        wijk=wijk,
                        leeftijd=leeftijd,
                    )
                )
    db.session.commit()


def test_an_officer_uploads_figures_that_replace_the_default_for_this_peiling(client, login):
    peiling = make_peiling(staat=Staat.GESLOTEN, wegen=True)
    other = make_peiling(staat=Staat.GESLOTEN, wegen=True)
    _responses(peiling)
    before = bereken(peiling).vragen[0].regels[0].gewogen
    page = client.get(f"/peilingen/{peiling.id}/uitslag").get_data(as_text=True)
    assert "afgeronde schatting" in page
    login(make_staff(areas=["peilingen"]))
    assert "standaardcijfers" in client.get(f"/beheer/peilingen/{peiling.id}/bevolking").get_data(
        as_text=True
    )
    # Many more young people than the default: the weighted share moves.
    cells = {
        w: {a: (90000 if a == "16-24" else 1000) for a in bevolking.LEEFTIJDEN}
        for w in bevolking.WIJKEN
    }
    response = _upload(client, peiling, _csv(cells))
    assert response.status_code == 302
    db.session.expire_all()
    assert peiling.marges == cells and peiling.marges_op is not None
    assert other.marges is None
    after = bereken(peiling).vragen[0].regels[0].gewogen
    assert after != pytest.approx(before)
    assert bevolking.marges(peiling.marges)["leeftijd"]["16-24"] == 9 * 90000
    page = client.get(f"/peilingen/{peiling.id}/uitslag").get_data(as_text=True)
    assert "afgeronde schatting" not in page and "De gemeente zette de cijfers" in page
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "peiling.bevolking")
        )
        == 1
    )
    # Back to the default.
    response = client.post(
        f"/beheer/peilingen/{peiling.id}/bevolking/standaard",
        data={"csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert peiling.marges is None and peiling.marges_op is None


def test_a_bad_upload_is_400_with_the_summary_and_changes_nothing(client, login):
    peiling = make_peiling(wegen=True)
    login(make_staff(areas=["peilingen"]))
    bad = _csv().replace("Nijmegen-Oost;", "Oost;").replace("Lindenholt;1500", "Lindenholt;veel")
    response = _upload(client, peiling, bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er gaat iets mis" in html
    assert "Regel 3: &#39;Oost&#39; is geen wijk die wij kennen." in html
    assert "Regel 9: bij 16-24 staat &#39;veel&#39;." in html
    empty = client.post(
        f"/beheer/peilingen/{peiling.id}/bevolking", data={"csrf_token": csrf_token(client)}
    )
    assert empty.status_code == 400 and "Kies een CSV-bestand." in empty.get_data(as_text=True)
    db.session.expire_all()
    assert peiling.marges is None


def test_residents_cannot_reach_the_upload(client, login):
    peiling = make_peiling(wegen=True)
    login(make_user())
    assert client.get(f"/beheer/peilingen/{peiling.id}/bevolking").status_code in (403, 404)
    response = _upload(client, peiling, _csv())
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert peiling.marges is None
