"""The lottery through the officer pages: upload, background job (run directly, no sleeping),
result, printable report, processing log, publication with the verifiable record, retention
purge; bad files give the report and store nothing."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import timedelta

import pytest
from factories import make_staff, make_user
from helpers import csrf_token, login_as
from inwonersberaad.ib_world import make_beraad

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.jobs import claim_next, run_job
from open_nijmegen.core.models import AuditLog, Job, JobStatus
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import services
from open_nijmegen.inwonersberaad.loting import verify, voorbeeld_pool
from open_nijmegen.inwonersberaad.models import Fase, Loting, LotingStatus
from open_nijmegen.privacy.models import Verwerking

SEATS = 8


@pytest.fixture(scope="module")
def pool() -> tuple[bytes, bytes]:
    people, quotas = voorbeeld_pool(60, 11, SEATS)
    return people.encode(), quotas.encode()


def _post(client, url, people: bytes, quotas: bytes, seats=SEATS, reserves=3):
    return client.post(
        url,
        data={
            "csrf_token": csrf_token(client),
            "personen": (io.BytesIO(people), "aanmeldingen.csv"),
            "quota": (io.BytesIO(quotas), "quota.csv"),
            "panelgrootte": str(seats),
            "reserves": str(reserves),
        },
        content_type="multipart/form-data",
    )


@pytest.fixture()
def officer(client):
    staff = make_staff(areas=["inwonersberaad"], password="")
    login_as(client, staff)
    return staff


def test_lottery_end_to_end(app, client, officer, pool):
    beraad = make_beraad(officer, fase=Fase.LOTING)
    base = f"/beheer/inwonersberaad/{beraad.id}/loting"
    assert client.get(base).status_code == 200
    response = _post(client, base, *pool)
    assert response.status_code == 302
    run = db.session.query(Loting).one()
    assert run.status == LotingStatus.WACHT and run.personen_csv == pool[0]
    page = client.get(f"{base}/{run.id}").get_data(as_text=True)
    assert "Vernieuw" in page and "loting.js" in page
    status = client.get(f"{base}/{run.id}/status.json").get_json()
    assert status == {"status": "wacht", "voortgang": 0.0, "tekst": "", "klaar": False}

    job = claim_next("test-worker", ["inwonersberaad.loting"])
    assert job is not None
    run_job(job)
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.DONE
    run = db.session.get(Loting, run.id)
    assert run.status == LotingStatus.KLAAR
    assert run.verdeling["panels"] and run.seed and run.record["seed"] == run.seed
    assert len(run.record["panel"]) == SEATS and len(run.record["reserves"]) == 3
    assert client.get(f"{base}/{run.id}/status.json").get_json()["klaar"] is True

    before = db.session.query(Verwerking).count()
    page = client.get(f"{base}/{run.id}").get_data(as_text=True)
    for pid in run.record["panel"]:
        assert pid in page
    assert "Kleinste kans" in page and "Quota gehaald per waarde" in page
    assert "Vernieuw" not in page
    report = client.get(f"{base}/{run.id}/verslag")
    assert report.status_code == 200 and "ib-print" in report.get_data(as_text=True)
    logged = db.session.query(Verwerking).filter_by(purpose="loting").count()
    assert logged == before + 2  # result page and printable report

    # The downloadable record verifies against the uploaded files.
    record = json.loads(client.get(f"{base}/{run.id}/record.json").get_data(as_text=True))
    assert verify(pool[0], pool[1], record).ok

    # Not public until published; then the public page links to it.
    anon = app.test_client()
    assert anon.get(f"/inwonersberaad/{beraad.id}/loting.json").status_code == 404
    response = client.post(f"{base}/{run.id}/publiceren", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    public = anon.get(f"/inwonersberaad/{beraad.id}-{beraad.slug}").get_data(as_text=True)
    assert "Zo kunt u de loting nagaan" in public
    assert anon.get(f"/inwonersberaad/{beraad.id}/loting").status_code == 200
    published = json.loads(anon.get(f"/inwonersberaad/{beraad.id}/loting.json").get_data())
    assert verify(pool[0], pool[1], published).ok
    assert "loting verify" in anon.get(f"/inwonersberaad/{beraad.id}/loting-techniek.txt").get_data(
        as_text=True
    )
    audit = db.session.query(AuditLog).filter_by(action="loting.gestart").one()
    assert audit.details["people_sha256"] == run.personen_sha256

    # Retention: the input goes, the hashes and the record stay.
    assert services.purge_lottery_inputs(utcnow(), dry_run=True) == 0
    later = utcnow() + timedelta(days=91)
    assert services.purge_lottery_inputs(later, dry_run=True) == 1
    db.session.expire_all()
    assert db.session.get(Loting, run.id).personen_csv is not None  # dry run changed nothing
    assert services.purge_lottery_inputs(later) == 1
    db.session.commit()
    run = db.session.get(Loting, run.id)
    assert run.personen_csv is None and run.quota_csv is None and run.record is not None
    assert run.personen_sha256 == record["input"]["people_sha256"]
    assert services.purge_lottery_inputs(later) == 0  # idempotent
    before = db.session.query(Verwerking).count()
    assert client.get(f"{base}/{run.id}").status_code == 200
    assert db.session.query(Verwerking).count() == before  # no input left to look at


def test_lottery_purger_is_registered_with_privacy():
    from open_nijmegen.privacy import purge

    assert "loting_invoer" in purge._PURGERS


def _bad_files(pool):
    people, quotas = pool
    text = people.decode()
    header, first, *rest = text.splitlines()
    missing_column = (
        "\n".join(
            [",".join(header.split(",")[:-1])]
            + [",".join(line.split(",")[:-1]) for line in [first, *rest]]
        )
        + "\n"
    )
    unknown_value = text.replace(first, first.rsplit(",", 1)[0] + ",heel hoog", 1)
    personal = (
        "\n".join(
            [header + ",email"]
            + [f"{line},x{i}@example.org" for i, line in enumerate([first, *rest])]
        )
        + "\n"
    )
    infeasible = re.sub(
        r"^gender,(vrouw|man),\d+,\d+$", r"gender,\1,8,8", quotas.decode(), flags=re.M
    )
    return {
        "missing column": (missing_column.encode(), quotas, "heeft geen kolom 'opleiding'"),
        "unknown value": (unknown_value.encode(), quotas, "staat niet in het quotabestand"),
        "personal data": (personal.encode(), quotas, "persoonsgegevens"),
        "infeasible": (people, infeasible.encode(), "tellen de minimums op tot 16"),
    }


@pytest.mark.parametrize("case", ["missing column", "unknown value", "personal data", "infeasible"])
def test_bad_files_give_the_report_and_store_nothing(client, officer, pool, case):
    beraad = make_beraad(officer, fase=Fase.LOTING)
    people, quotas, expected = _bad_files(pool)[case]
    response = _post(client, f"/beheer/inwonersberaad/{beraad.id}/loting", people, quotas)
    body = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Er gaat iets mis met de bestanden" in body and "niets opgeslagen" in body
    assert expected in body, body[body.find("rapport-titel") :][:1500]
    assert db.session.query(Loting).count() == 0
    assert db.session.query(Job).count() == 0


def test_empty_form_lists_every_missing_field(client, officer):
    beraad = make_beraad(officer)
    response = client.post(
        f"/beheer/inwonersberaad/{beraad.id}/loting", data={"csrf_token": csrf_token(client)}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in (
        "Kies het bestand met aanmeldingen.",
        "Kies het quotabestand.",
        "Vul het aantal leden in.",
    ):
        assert message in body


def test_infeasible_quotas_found_by_the_solver_fail_the_run_clearly(app, officer):
    # Each feature alone is fine, together they are not: the job ends "mislukt" with advice.
    people = "id,a,b\n" + "p0,x,y\np1,x,y\np2,w,z\np3,w,z\np4,w,z\np5,w,z\n"
    quotas = "feature,value,min,max\na,x,2,2\na,w,0,2\nb,y,0,0\nb,z,2,4\n"
    beraad = make_beraad(officer)
    run = services.start_loting(officer, beraad, people.encode(), quotas.encode(), 4, 0)
    db.session.commit()
    job = claim_next("test-worker", ["inwonersberaad.loting"])
    run_job(job)
    db.session.expire_all()
    run = db.session.get(Loting, run.id)
    assert run.status == LotingStatus.MISLUKT and run.record is None
    assert "niet haalbaar" in run.fout


def test_lottery_pages_refuse_residents_and_other_areas(app, pool):
    beraad = make_beraad()
    for user, expected in (
        (None, 302),
        (make_user(password=""), 403),
        (make_staff(areas=["ideeen"], password=""), 403),
    ):
        client = app.test_client()
        if user is not None:
            login_as(client, user)
        assert client.get(f"/beheer/inwonersberaad/{beraad.id}/loting").status_code == expected


def test_a_second_run_waits_for_the_first_unless_its_job_died(officer, pool):
    beraad = make_beraad(officer)
    first = services.start_loting(officer, beraad, *pool, SEATS, 0)
    db.session.commit()
    with pytest.raises(services.BeraadFout):
        services.start_loting(officer, beraad, *pool, SEATS, 0)
    first.job.status = JobStatus.FAILED
    db.session.commit()
    second = services.start_loting(officer, beraad, *pool, SEATS, 0)
    db.session.commit()
    assert first.status == LotingStatus.MISLUKT and "gestopt" in first.fout
    assert second.status == LotingStatus.WACHT


def _visible(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_lottery_asks_for_dutch_columns_and_offers_example_files(client, officer):
    from open_nijmegen.inwonersberaad.loting import parse_input

    beraad = make_beraad(officer, fase=Fase.LOTING)
    page = client.get(f"/beheer/inwonersberaad/{beraad.id}/loting").get_data(as_text=True)
    text = _visible(page)
    assert "kenmerk, waarde, min en max" in text
    assert "feature" not in text and "value" not in text and "panel" not in text.lower()
    files = {}
    for soort in ("aanmeldingen", "quota"):
        href = f"/beheer/inwonersberaad/loting/voorbeeld-{soort}.csv"
        assert f'href="{href}"' in page
        response = client.get(href)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        files[soort] = response.get_data()
    assert files["quota"].decode("utf-8-sig").startswith("kenmerk,waarde,min,max\r\n")
    invoer = parse_input(files["aanmeldingen"], files["quota"], panel_size=6)
    assert len(invoer.personen) == 12
    assert client.get("/beheer/inwonersberaad/loting/voorbeeld-iets.csv").status_code == 404


def test_dutch_and_english_quota_headers_both_work():
    from open_nijmegen.inwonersberaad.loting import LotingInvoerFout, parse_input

    people = "id,leeftijd\np1,jong\np2,oud\np3,jong\np4,oud\n"
    for kop in ("kenmerk,waarde,min,max", "feature,value,min,max", "Kenmerk;Waarde;Min;Max"):
        sep = ";" if ";" in kop else ","
        quota = (
            kop
            + "\n"
            + "\n".join(
                sep.join(r) for r in (("leeftijd", "jong", "1", "2"), ("leeftijd", "oud", "1", "2"))
            )
        )
        assert len(parse_input(people, quota, panel_size=2).quota) == 2, kop
    with pytest.raises(LotingInvoerFout) as fout:
        parse_input(people, "kenmerk,waarde,min\nleeftijd,jong,1\n", panel_size=2)
    assert "mist de kolom 'max'. De eerste regel moet zijn: kenmerk, waarde, min, max." in str(
        fout.value.errors
    )
    with pytest.raises(LotingInvoerFout) as fout:
        parse_input(people, "kenmerk,min,max\nleeftijd,1,2\n", panel_size=2)
    assert "mist de kolom 'waarde'" in " ".join(fout.value.errors)


def test_lottery_result_explains_seed_and_method(app, client, officer, pool):
    beraad = make_beraad(officer, fase=Fase.LOTING)
    base = f"/beheer/inwonersberaad/{beraad.id}/loting"
    _post(client, base, *pool)
    run_job(claim_next("test-worker", ["inwonersberaad.loting"]))
    db.session.expire_all()
    run = db.session.query(Loting).one()
    text = " ".join(_visible(client.get(f"{base}/{run.id}").get_data(as_text=True)).split())
    assert "Startgetal (seed)" in text and "Met dit getal trekt u opnieuw" in text
    assert "Zo eerlijk mogelijk" in text
    assert "Seed " not in text.replace("(seed)", "") and "In panel" not in text


def test_leximin_with_the_uniform_step_from_the_site(client, officer, pool):
    """The officer can choose leximin and the uniform final step; the job uses them, the
    record says so and verifies; a bad M gets a B1 message and keeps what was typed."""
    beraad = make_beraad(officer, fase=Fase.LOTING)
    base = f"/beheer/inwonersberaad/{beraad.id}/loting"
    page = client.get(base).get_data(as_text=True)
    assert "Leximin" in page and "Aantal groepen met gelijke kans" in page

    def post(**extra):
        data = {
            "csrf_token": csrf_token(client),
            "personen": (io.BytesIO(pool[0]), "aanmeldingen.csv"),
            "quota": (io.BytesIO(pool[1]), "quota.csv"),
            "panelgrootte": str(SEATS),
            "reserves": "2",
            **extra,
        }
        return client.post(base, data=data, content_type="multipart/form-data")

    for bad in ("1", "twintig", "20000", "²"):
        response = post(methode="leximin", uniform=bad)
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Vul een heel getal in van 2 tot 10.000. Of laat het leeg." in body
        assert f'value="{html.escape(bad)}"' in body
    assert post(methode="stiekem").status_code == 400
    assert db.session.query(Loting).count() == 0

    assert post(methode="leximin", uniform="25").status_code == 302
    job = claim_next("test-worker", ["inwonersberaad.loting"])
    run_job(job)
    db.session.expire_all()
    run = db.session.query(Loting).one()
    assert run.status == LotingStatus.KLAAR, run.fout
    assert run.record["algorithm"]["name"] == "leximin"
    assert run.record["uniform"]["m"] == 25 and len(run.record["uniform"]["panels"]) == 25
    assert run.verdeling["uniform"]["panels"] == run.record["uniform"]["panels"]
    assert run.record["panel"] == run.record["uniform"]["panels"][run.seed % 25]
    assert verify(pool[0], pool[1], run.record).ok
