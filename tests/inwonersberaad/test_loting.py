"""Tests for the verifiable lottery (open_nijmegen.inwonersberaad.loting).

One maximin run on a pool of 200 with 20 seats is shared by the module (a few seconds);
everything else works on its distribution or on files only.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from open_nijmegen.inwonersberaad import loting
from open_nijmegen.inwonersberaad.loting import (
    LotingInput,
    LotingInvoerFout,
    LotingResult,
    Verdeling,
    controleer_haalbaarheid,
    lijkt_persoonsgegeven,
    new_seed,
    parse_input,
    quota_fouten,
    run_loting,
    trek,
    verify,
    vervanger_voor,
    voorbeeld_pool,
)

POOL = 200
SEATS = 20
RESERVES = 5
SEED = 20240917

FEATURES_CSV = (
    "feature,value,min,max\ngender,vrouw,1,3\ngender,man,1,3\nwijk,Lent,0,2\nwijk,Hees,0,2\n"
)
PEOPLE_CSV = "id,gender,wijk\np1,vrouw,Lent\np2,man,Hees\np3,vrouw,Hees\np4,man,Lent\n"

HYP = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pool() -> tuple[bytes, bytes]:
    people, quotas = voorbeeld_pool(POOL, 7, SEATS)
    return people.encode(), quotas.encode()


@pytest.fixture(scope="module")
def invoer(pool: tuple[bytes, bytes]) -> LotingInput:
    return parse_input(*pool, panel_size=SEATS, reserves=RESERVES)


@pytest.fixture(scope="module")
def voortgang() -> list[tuple[str, float]]:
    return []


@pytest.fixture(scope="module")
def resultaat(invoer: LotingInput, voortgang: list[tuple[str, float]]) -> LotingResult:
    return run_loting(
        invoer,
        SEATS,
        RESERVES,
        seed=SEED,
        progress=lambda tekst, fractie: voortgang.append((tekst, fractie)),
    )


@pytest.fixture(scope="module")
def record(resultaat: LotingResult) -> dict:
    # Through JSON, as a verifier would read the published file.
    return json.loads(loting.public_json(resultaat.to_public_dict()))


def fout_bij(people: str | bytes, quotas: str | bytes, **kwargs: object) -> list[str]:
    with pytest.raises(LotingInvoerFout) as info:
        parse_input(people, quotas, **kwargs)  # type: ignore[arg-type]
    assert info.value.errors
    assert all(isinstance(e, str) and e for e in info.value.errors)
    return info.value.errors


def bevat(fouten: list[str], *delen: str) -> bool:
    return any(all(deel in fout for deel in delen) for fout in fouten)


# --- the lottery ---------------------------------------------------------------------------------


def test_panel_and_reserves_meet_the_request(resultaat: LotingResult, invoer: LotingInput) -> None:
    assert len(resultaat.panel) == SEATS
    assert len(set(resultaat.panel)) == SEATS
    assert len(resultaat.reserves) == RESERVES
    assert len(set(resultaat.reserves)) == RESERVES
    assert not set(resultaat.panel) & set(resultaat.reserves)
    assert set(resultaat.panel) | set(resultaat.reserves) <= set(invoer.personen)
    assert quota_fouten(resultaat.panel, invoer) == []
    assert all(u.gehaald for u in resultaat.quota_uitkomst)
    assert len(resultaat.quota_uitkomst) == len(invoer.quota)
    assert resultaat.waarschuwingen == ()
    assert resultaat.seed == SEED


def test_every_panel_in_the_distribution_meets_the_quotas(
    resultaat: LotingResult, invoer: LotingInput
) -> None:
    verdeling = resultaat.verdeling
    assert len(verdeling.panels) > 1
    for panel in verdeling.panels:
        assert len(panel) == SEATS
        assert quota_fouten(panel, invoer) == []
    assert math.isclose(math.fsum(verdeling.kansen), 1.0, abs_tol=1e-9)


@HYP
@given(seed=st.integers(min_value=1, max_value=2**63))
def test_quotas_always_met_whatever_the_seed(
    resultaat: LotingResult, invoer: LotingInput, seed: int
) -> None:
    trekking = trek(resultaat.verdeling, seed, RESERVES)
    assert quota_fouten(trekking.panel, invoer) == []
    assert len(trekking.reserves) == RESERVES
    assert not set(trekking.panel) & set(trekking.reserves)


def test_probabilities_are_reported(resultaat: LotingResult, invoer: LotingInput) -> None:
    kansen = resultaat.kansen
    assert set(kansen.per_persoon) == set(invoer.personen)
    assert kansen.minimum > 0
    assert kansen.minimum <= SEATS / POOL + 1e-9 <= kansen.maximum + 2e-9
    assert kansen.spreiding == pytest.approx(kansen.maximum - kansen.minimum)
    # The expected panel size is the sum of everyone's chance.
    assert math.fsum(kansen.per_persoon.values()) == pytest.approx(SEATS)
    # Maximin: nobody falls far below k/n on this pool.
    assert kansen.minimum > 0.5 * SEATS / POOL


def test_progress_is_reported_in_dutch_and_ends_at_one(
    resultaat: LotingResult, voortgang: list[tuple[str, float]]
) -> None:
    assert voortgang[0][1] == 0.0
    assert voortgang[-1] == ("De loting is klaar.", 1.0)
    fracties = [f for _, f in voortgang]
    assert fracties == sorted(fracties)
    assert any("kansen" in t for t, _ in voortgang)


def test_same_seed_and_distribution_give_the_same_panel(resultaat: LotingResult) -> None:
    een = trek(resultaat.verdeling, SEED, RESERVES)
    twee = trek(resultaat.verdeling, SEED, RESERVES)
    assert een == twee
    assert een.panel == resultaat.panel
    assert een.reserves == resultaat.reserves
    panels = {trek(resultaat.verdeling, s).panel for s in range(1, 30)}
    assert len(panels) > 1


def test_draw_does_not_depend_on_the_order_of_the_distribution(resultaat: LotingResult) -> None:
    verdeling = resultaat.verdeling
    omgekeerd = Verdeling.maak(
        verdeling.algoritme,
        [list(reversed(p)) for p in reversed(verdeling.panels)],
        list(reversed(verdeling.kansen)),
    )
    assert omgekeerd == verdeling
    assert trek(omgekeerd, SEED, RESERVES) == trek(verdeling, SEED, RESERVES)


def test_seed_must_be_positive(resultaat: LotingResult, invoer: LotingInput) -> None:
    with pytest.raises(ValueError):
        trek(resultaat.verdeling, 0)
    with pytest.raises(LotingInvoerFout):
        run_loting(invoer, SEATS, seed=0)
    seeds = {new_seed() for _ in range(50)}
    assert all(0 < s < 2**53 for s in seeds)
    assert len(seeds) == 50


def test_public_record_is_complete_and_deterministic(
    resultaat: LotingResult, pool: tuple[bytes, bytes], record: dict
) -> None:
    a = json.dumps(resultaat.to_public_dict(), sort_keys=True)
    b = json.dumps(resultaat.to_public_dict(), sort_keys=True)
    assert a == b
    assert record["input"]["people_sha256"] == hashlib.sha256(pool[0]).hexdigest()
    assert record["input"]["quotas_sha256"] == hashlib.sha256(pool[1]).hexdigest()
    assert record["algorithm"]["name"] == "maximin"
    assert record["algorithm"]["solver"] == "highspy"
    assert set(record["versions"]) == {"python", "sortition-algorithms", "highspy"}
    assert record["versions"]["sortition-algorithms"].startswith("0.12.")
    assert record["seed"] == SEED
    assert record["panel_size"] == SEATS
    assert record["panel"] == sorted(record["panel"])
    assert len(record["reserves"]) == RESERVES
    assert record["quotas"] == sorted(record["quotas"], key=lambda q: (q["feature"], q["value"]))
    panels = [d["panel"] for d in record["distribution"]]
    assert panels == sorted(panels)
    assert all(p == sorted(p) for p in panels)
    assert record["probabilities"]["min"] == resultaat.kansen.minimum
    assert len(record["probabilities"]["per_person"]) == POOL


def test_verify_accepts_the_record(pool: tuple[bytes, bytes], record: dict) -> None:
    rapport = verify(*pool, record)
    assert rapport.ok, rapport.fouten
    assert rapport.fouten == []
    assert any("SHA-256" in t for t in rapport.findings)
    assert any("hetzelfde panel" in t for t in rapport.findings)


def test_verify_accepts_str_input_and_semicolon_copy_is_another_file(
    pool: tuple[bytes, bytes], record: dict
) -> None:
    assert verify(pool[0].decode(), pool[1].decode(), record).ok
    # Same content with ';': the lottery can be repeated, but it is not the published file.
    rapport = verify(pool[0].replace(b",", b";"), pool[1], record)
    assert not rapport.ok
    assert any("SHA-256 van het bestand met aanmeldingen klopt niet" in f for f in rapport.fouten)


def _getamperd(record: dict, wijziging) -> dict:
    kopie = copy.deepcopy(record)
    wijziging(kopie)
    return kopie


@pytest.mark.parametrize(
    ("wijziging", "verwacht"),
    [
        (lambda r: r.__setitem__("seed", r["seed"] + 1), "ander panel"),
        (lambda r: r["panel"].__setitem__(0, r["reserves"][0]), "ander panel"),
        (lambda r: r["reserves"].reverse(), "andere reserves"),
        (lambda r: r["distribution"][0].__setitem__("probability", 0.9), "tellen op tot"),
        (lambda r: r["quotas"][0].__setitem__("max", 99), "quota in het verslag zijn anders"),
        (lambda r: r["input"].__setitem__("people_sha256", "0" * 64), "SHA-256"),
        (lambda r: r["probabilities"].__setitem__("min", 0.5), "kleinste of grootste kans"),
        (lambda r: r["distribution"][0]["panel"].pop(), "leden in plaats van"),
        (lambda r: r["distribution"][0]["panel"].__setitem__(0, "onbekend"), "staat niet in"),
        (lambda r: r.__setitem__("seed", 0), "seed"),
        (lambda r: r.pop("distribution"), "niet compleet"),
        (lambda r: r.__setitem__("format", "iets anders"), "onbekende vorm"),
    ],
)
def test_verify_finds_a_tampered_record(
    pool: tuple[bytes, bytes], record: dict, wijziging, verwacht: str
) -> None:
    rapport = verify(*pool, _getamperd(record, wijziging))
    assert not rapport.ok
    assert any(verwacht in f for f in rapport.fouten), rapport.fouten


def test_verify_finds_a_panel_that_breaks_the_quotas(
    pool: tuple[bytes, bytes], record: dict, invoer: LotingInput
) -> None:
    # Swap one member of the first panel for someone with other values: same size, wrong quotas.
    kopie = copy.deepcopy(record)
    panel = kopie["distribution"][0]["panel"]
    vrouwen = [p for p in invoer.personen if invoer.personen[p]["gender"] == "vrouw"]
    mannen_in_panel = [p for p in panel if invoer.personen[p]["gender"] == "man"]
    nieuw = next(p for p in vrouwen if p not in panel)
    for man in mannen_in_panel:
        panel[panel.index(man)] = nieuw
        if quota_fouten(panel, invoer):
            break
        nieuw = next(p for p in vrouwen if p not in panel)
    assert quota_fouten(panel, invoer)
    rapport = verify(*pool, kopie)
    assert not rapport.ok
    assert any("Panel 1 in de verdeling is niet goed" in f for f in rapport.fouten)


def test_verify_finds_a_changed_input_file(pool: tuple[bytes, bytes], record: dict) -> None:
    regels = pool[0].decode().splitlines()
    regels[1], regels[2] = regels[2], regels[1]  # same people, other order: another file
    rapport = verify("\n".join(regels) + "\n", pool[1], record)
    assert not rapport.ok
    assert any("SHA-256" in f and "klopt niet" in f for f in rapport.fouten)
    rapport = verify(b"id\n", pool[1], record)
    assert not rapport.ok
    assert any("bestanden zijn niet goed" in f for f in rapport.fouten)


def test_verify_never_raises_on_garbage(pool: tuple[bytes, bytes]) -> None:
    for onzin in ({}, {"format": loting.RECORD_FORMAT}, [], {"format": None}):
        rapport = verify(*pool, onzin)  # type: ignore[arg-type]
        assert not rapport.ok


def test_reserve_replaces_a_dropout(resultaat: LotingResult, invoer: LotingInput) -> None:
    gevonden = 0
    for uitvaller in resultaat.panel:
        vervanger = vervanger_voor(invoer, resultaat.panel, uitvaller, resultaat.reserves)
        if vervanger is not None:
            gevonden += 1
            nieuw = [p for p in resultaat.panel if p != uitvaller] + [vervanger]
            assert quota_fouten(nieuw, invoer) == []
            assert vervanger in resultaat.reserves
    assert gevonden > 0


def test_short_reserve_list_and_zero_chance_are_reported() -> None:
    # A hand-made distribution in which p3 is in no panel: p3 has chance 0 and cannot be a
    # reserve, so only one of p2/p4 can be.
    invoer = parse_input(PEOPLE_CSV, FEATURES_CSV)
    verdeling = Verdeling.maak("maximin", [["p2", "p1"], ["p1", "p4"]], [0.25, 0.75])
    assert verdeling.panels == (("p1", "p2"), ("p1", "p4"))
    resultaat = loting.maak_resultaat(invoer, verdeling, 2, 3, seed=5)
    assert len(resultaat.reserves) == 1
    assert resultaat.kansen.minimum == 0
    assert resultaat.kansen.per_persoon == {"p1": 1.0, "p2": 0.25, "p3": 0.0, "p4": 0.75}
    assert any("kans 0" in w for w in resultaat.waarschuwingen)
    assert any("Aantal reserves: 1 in plaats van 3" in w for w in resultaat.waarschuwingen)
    # Nobody can replace p1 (the only woman on the list is p1 herself).
    assert vervanger_voor(invoer, resultaat.panel, "p1", resultaat.reserves) is None


def test_library_logging_is_silenced_and_restored() -> None:
    people, quotas = voorbeeld_pool(40, 3, 4)
    invoer = parse_input(people, quotas)
    records: list[logging.LogRecord] = []

    class Verzamel(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    lib = logging.getLogger("sortition_algorithms")
    handler = Verzamel(level=logging.DEBUG)
    lib.addHandler(handler)
    niveau = lib.level
    try:
        resultaat = run_loting(invoer, 4, 1)
    finally:
        lib.removeHandler(handler)
    assert records == []
    assert lib.level == niveau
    assert resultaat.kansen.minimum > 0
    assert len(resultaat.reserves) == 1


def test_infeasible_quotas_give_a_clear_error() -> None:
    # Each feature is fine on its own, but gender and wijk are linked in this pool:
    # 3 women would bring 3 people from Lent, and Lent has a max of 1.
    people = "id,gender,wijk\n" + "".join(f"v{i},vrouw,Lent\nm{i},man,Hees\n" for i in range(10))
    quotas = (
        "feature,value,min,max\ngender,vrouw,3,4\ngender,man,0,4\nwijk,Lent,0,1\nwijk,Hees,3,4\n"
    )
    invoer = parse_input(people, quotas, panel_size=4)  # the pre-checks pass
    with pytest.raises(LotingInvoerFout) as info:
        run_loting(invoer, 4)
    fouten = info.value.errors
    assert "niet haalbaar" in fouten[0]
    assert any(f.startswith(("Verlaag het minimum", "Verhoog het maximum")) for f in fouten)


@pytest.mark.parametrize(
    ("quotas", "panel", "reserves", "verwacht"),
    [
        (FEATURES_CSV, 5, 0, "Maar er zijn maar 4 aanmeldingen"),
        (FEATURES_CSV, 3, 2, "zijn 5 aanmeldingen nodig"),
        (FEATURES_CSV, 0, 0, "minstens 1"),
        (FEATURES_CSV, 2, -1, "0 of meer"),
        (FEATURES_CSV.replace("vrouw,1,3", "vrouw,3,3"), 2, 0, "tellen de minimums op tot 4"),
        (FEATURES_CSV.replace("Lent,0,2", "Lent,0,0"), 3, 0, "tellen de maximums op tot 2"),
        (FEATURES_CSV.replace("Hees,0,2", "Hees,3,3"), 4, 0, "maar 2 mensen met die waarde"),
        (FEATURES_CSV.replace("Hees,0,2", "Hees,2,3"), 3, 0, None),
        (
            FEATURES_CSV.replace("gender,man,1,3", "gender,man,0,3").replace(
                "vrouw,1,3", "vrouw,0,3"
            )
            + "gender,anders,0,3\n",
            4,
            0,
            None,
        ),
    ],
)
def test_quota_prechecks(quotas: str, panel: int, reserves: int, verwacht: str | None) -> None:
    if verwacht is None:
        parse_input(PEOPLE_CSV, quotas, panel_size=panel, reserves=reserves)
        return
    fouten = fout_bij(PEOPLE_CSV, quotas, panel_size=panel, reserves=reserves)
    assert bevat(fouten, verwacht), fouten


def test_reachable_seats_precheck() -> None:
    # Every max is fine on paper, but Lent has only 2 people: 2 + 1 < 4 seats.
    quotas = FEATURES_CSV.replace("Lent,0,2", "Lent,0,4").replace("Hees,0,2", "Hees,0,1")
    invoer = parse_input(PEOPLE_CSV, quotas)
    fouten = controleer_haalbaarheid(invoer, 4)
    assert bevat(fouten, "hoogstens 3 mensen kiezen"), fouten


# --- validation of the files ---------------------------------------------------------------------


def test_valid_small_input() -> None:
    invoer = parse_input(PEOPLE_CSV, FEATURES_CSV)
    assert invoer.kenmerken == ("gender", "wijk")
    assert invoer.aantal_personen == 4
    assert invoer.personen["p1"] == {"gender": "vrouw", "wijk": "Lent"}
    assert invoer.aantal_met("wijk", "Hees") == 2
    assert invoer.personen_sha256 == hashlib.sha256(PEOPLE_CSV.encode()).hexdigest()


def test_bom_semicolons_crlf_and_case_are_accepted() -> None:
    excel = "\ufeff" + PEOPLE_CSV.replace(",", ";").replace("\n", "\r\n").replace("Lent", "LENT ")
    quota = "\ufeff" + FEATURES_CSV.replace(",", ";").replace("feature", "Kenmerk")
    invoer = parse_input(excel.encode(), quota.encode())
    assert invoer.personen == parse_input(PEOPLE_CSV, FEATURES_CSV).personen
    assert invoer.personen_sha256 == hashlib.sha256(excel.encode()).hexdigest()
    tab = parse_input(PEOPLE_CSV.replace(",", "\t"), FEATURES_CSV)
    assert tab.personen == invoer.personen


def test_configurable_id_column() -> None:
    invoer = parse_input(PEOPLE_CSV.replace("id,", "code,", 1), FEATURES_CSV, id_column="Code")
    assert set(invoer.personen) == {"p1", "p2", "p3", "p4"}
    fouten = fout_bij(PEOPLE_CSV, FEATURES_CSV, id_column="code")
    assert bevat(fouten, "geen kolom 'code'")
    assert bevat(fout_bij(PEOPLE_CSV, FEATURES_CSV, id_column="email"), "persoonsgegeven")


@pytest.mark.parametrize(
    ("people", "quotas", "verwacht"),
    [
        (b"id,gender,wijk\np1,vrouw,L\xe9nt\n", FEATURES_CSV, ("geen UTF-8",)),
        (PEOPLE_CSV, b"feature,value,min,max\ngender,vr\xf6uw,1,2\n", ("quotabestand", "UTF-8")),
        ("", FEATURES_CSV, ("aanmeldingen is leeg",)),
        (" \r\n\n", FEATURES_CSV, ("aanmeldingen is leeg",)),
        (PEOPLE_CSV, "", ("quotabestand is leeg",)),
        (b"id,gender\x00,wijk\n", FEATURES_CSV, ("geen CSV-bestand",)),
        ("id,gender,wijk\n", FEATURES_CSV, ("geen aanmeldingen",)),
        ("nummer,gender,wijk\np1,vrouw,Lent\n", FEATURES_CSV, ("geen kolom 'id'",)),
        (
            "id,gender,wijk\np1,vrouw,Lent\np2,man,Hees\np1,man,Hees\n",
            FEATURES_CSV,
            ("regel 4", "'p1'", "regel 2"),
        ),
        ("id,gender\np1,vrouw\n", FEATURES_CSV, ("geen kolom 'wijk'",)),
        (
            "id,gender,wijk\np1,vrouw,Lent\np2,man,Ooij\n",
            FEATURES_CSV,
            ("regel 3", "'Ooij'", "niet in het quotabestand"),
        ),
        ("id,gender,wijk\np1,,Lent\n", FEATURES_CSV, ("regel 2", "bij 'gender' staat niets")),
        ("id,gender,wijk\np1,vrouw\n", FEATURES_CSV, ("regel 2", "2 vakjes", "er 3")),
        ("id,gender,wijk\n,vrouw,Lent\n", FEATURES_CSV, ("regel 2", "id is leeg")),
        ("id,gender,wijk\na@b.nl,vrouw,Lent\n", FEATURES_CSV, ("e-mailadres",)),
        ("id,gender,wijk\n" + "x" * 65 + ",vrouw,Lent\n", FEATURES_CSV, ("te lang",)),
        ("id,gender,wijk,hobby\np1,vrouw,Lent,dammen\n", FEATURES_CSV, ("'hobby'", "niet in")),
        ("id,gender,wijk,wijk\np1,vrouw,Lent,Lent\n", FEATURES_CSV, ("2 kolommen", "'wijk'")),
        ("id,gender,,wijk\np1,vrouw,,Lent\n", FEATURES_CSV, ("kolom 3", "geen naam")),
        ('id,gender,wijk\np1,"vrouw"x,Lent\n', FEATURES_CSV, ("regel 2", "aanhalingstekens")),
        (PEOPLE_CSV, "feature,value,min\ngender,vrouw,1\n", ("mist de kolom 'max'",)),
        (PEOPLE_CSV, "feature,value,min,max,opmerking\n", ("'opmerking'", "niet kennen")),
        (PEOPLE_CSV, "feature,kenmerk,value,min,max\n", ("meer dan één kolom 'feature'",)),
        (PEOPLE_CSV, "feature,value,min,max\n", ("geen quota",)),
        (
            PEOPLE_CSV,
            FEATURES_CSV.replace("vrouw,1,3", "vrouw,4,3"),
            ("regel 2", "min (4)", "max (3)"),
        ),
        (PEOPLE_CSV, FEATURES_CSV.replace("vrouw,1,3", "vrouw,-1,3"), ("negatief", "-1")),
        (PEOPLE_CSV, FEATURES_CSV.replace("vrouw,1,3", "vrouw,1,2.5"), ("heel getal", "2.5")),
        (
            PEOPLE_CSV.replace(",", ";"),
            FEATURES_CSV.replace(",", ";").replace("vrouw;1;3", 'vrouw;1;"2,5"'),
            ("heel getal", "2,5"),
        ),
        (PEOPLE_CSV, FEATURES_CSV.replace("vrouw,1,3", "vrouw,twee,3"), ("geen getal", "twee")),
        (PEOPLE_CSV, FEATURES_CSV.replace("vrouw,1,3", "vrouw,,3"), ("min is leeg",)),
        (PEOPLE_CSV, FEATURES_CSV.replace("vrouw,1,3", "vrouw,1,999999"), ("te groot",)),
        (PEOPLE_CSV, FEATURES_CSV + "gender,Vrouw,0,1\n", ("regel 6", "al op regel 2")),
        (PEOPLE_CSV, FEATURES_CSV + ",x,0,1\n", ("kenmerk is leeg",)),
        (PEOPLE_CSV, FEATURES_CSV + "id,x,0,1\n", ("kolom met de id",)),
        (PEOPLE_CSV, FEATURES_CSV + "leeftijd,x,0,1,9\n", ("regel 6", "5 vakjes")),
    ],
)
def test_malformed_input_is_refused_with_a_clear_message(
    people: str | bytes, quotas: str | bytes, verwacht: tuple[str, ...]
) -> None:
    fouten = fout_bij(people, quotas)
    assert bevat(fouten, *verwacht), fouten


def test_feature_with_only_bad_quota_lines_is_not_called_unknown() -> None:
    quotas = FEATURES_CSV.replace("vrouw,1,3", "vrouw,x,3").replace("man,1,3", "man,1,y")
    fouten = fout_bij(PEOPLE_CSV, quotas)
    assert bevat(fouten, "regel 2", "geen getal")
    assert not bevat(fouten, "'gender'", "niet in het quotabestand"), fouten


def test_all_problems_are_reported_at_once() -> None:
    people = "id,gender,wijk\np1,vrouw,Ooij\np1,man,Hees\np3,x,Lent\n"
    fouten = fout_bij(people, FEATURES_CSV)
    assert bevat(fouten, "regel 2", "Ooij")
    assert bevat(fouten, "regel 3", "'p1'")
    assert bevat(fouten, "regel 4", "'x'")


@pytest.mark.parametrize(
    "kolom",
    [
        "naam",
        "Name",
        "Voornaam",
        "achternaam",
        "email",
        "E-mail",
        "e-mailadres",
        "adres",
        "Address",
        "telefoon",
        "Telefoonnummer",
        "phone",
        "geboortedatum",
        "Geboortejaar",
        "date_of_birth",
        "postcode",
        "BSN",
        "straat",
        "huisnummer",
        "iban",
    ],
)
def test_personal_data_columns_are_refused(kolom: str) -> None:
    assert lijkt_persoonsgegeven(kolom)
    people = f"id,gender,wijk,{kolom}\np1,vrouw,Lent,x\n"
    fouten = fout_bij(people, FEATURES_CSV)
    assert bevat(fouten, f"'{kolom}'", "persoonsgegevens", "Haal de kolom weg"), fouten


def test_personal_data_feature_in_quotas_is_refused() -> None:
    fouten = fout_bij("id,postcode\np1,6511\n", "feature,value,min,max\npostcode,6511,0,1\n")
    assert bevat(fouten, "'postcode'", "persoonsgegeven")


@pytest.mark.parametrize(
    "kolom", ["id", "wijk", "wijknaam", "stadsdeel", "leeftijdsgroep", "gender", "opleiding"]
)
def test_ordinary_features_are_not_personal_data(kolom: str) -> None:
    assert not lijkt_persoonsgegeven(kolom)


def test_too_many_rows_and_too_big_files() -> None:
    rijen = "".join(f"p{i},vrouw,Lent\n" for i in range(loting.MAX_PERSONEN + 1))
    fouten = fout_bij("id,gender,wijk\n" + rijen, FEATURES_CSV)
    assert bevat(fouten, "meer dan 10.000 regels")
    groot = b"id,gender,wijk\n" + b"p,vrouw,Lent\n" * (loting.MAX_BESTAND_BYTES // 13 + 1)
    assert bevat(fout_bij(groot, FEATURES_CSV), "te groot")


def test_both_files_are_reported_together() -> None:
    fouten = fout_bij(b"\xff\xfe", b"")
    assert bevat(fouten, "aanmeldingen", "UTF-8")
    assert bevat(fouten, "quotabestand is leeg")


# --- property tests over malformed CSV -----------------------------------------------------------

_CEL = st.text(alphabet=st.sampled_from('abAB01 -,;"\t\r\n\ufeff@é'), max_size=8)
_RIJ = st.lists(_CEL, min_size=0, max_size=5)


@st.composite
def csv_tekst(draw: st.DrawFn) -> bytes:
    """Rough CSV-like files: random cells, separators, line ends, BOM, missing cells."""
    scheiding = draw(st.sampled_from([",", ";", "\t", " "]))
    einde = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    kop = draw(st.sampled_from([["id", "gender", "wijk"], ["feature", "value", "min", "max"]]))
    kop = draw(st.one_of(st.just(kop), _RIJ))
    rijen = draw(st.lists(_RIJ, max_size=8))
    tekst = einde.join(scheiding.join(r) for r in [kop, *rijen])
    if draw(st.booleans()):
        tekst = "\ufeff" + tekst
    return tekst.encode("utf-8")


@st.composite
def verminkte_pool(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A valid pool with one or more small mutations."""
    people = PEOPLE_CSV
    quotas = FEATURES_CSV
    for _ in range(draw(st.integers(1, 3))):
        doel = draw(st.sampled_from(["people", "quotas"]))
        tekst = people if doel == "people" else quotas
        soort = draw(
            st.sampled_from(["knip", "invoeg", "weg", "puntkomma", "crlf", "bom", "dubbel"])
        )
        plek = draw(st.integers(0, len(tekst)))
        if soort == "knip":
            tekst = tekst[:plek]
        elif soort == "invoeg":
            tekst = tekst[:plek] + draw(st.sampled_from(list(',;"\n\r\x00-9a@é'))) + tekst[plek:]
        elif soort == "weg":
            tekst = tekst[:plek] + tekst[plek + 1 :]
        elif soort == "puntkomma":
            tekst = tekst.replace(",", ";")
        elif soort == "crlf":
            tekst = tekst.replace("\n", "\r\n")
        elif soort == "bom":
            tekst = "\ufeff" + tekst
        else:
            regels = tekst.splitlines(keepends=True)
            tekst = "".join(regels + regels[1:2])
        if doel == "people":
            people = tekst
        else:
            quotas = tekst
    return people.encode(), quotas.encode()


def _parse_of_fout(people: bytes, quotas: bytes, **kwargs: object) -> None:
    try:
        invoer = parse_input(people, quotas, **kwargs)  # type: ignore[arg-type]
    except LotingInvoerFout as fout:
        assert fout.errors
        assert all(isinstance(e, str) and e.strip() for e in fout.errors)
        return
    assert isinstance(invoer, LotingInput)
    assert invoer.personen
    geldig = {(q.kenmerk, q.waarde) for q in invoer.quota}
    for waarden in invoer.personen.values():
        assert set(waarden) == set(invoer.kenmerken)
        assert all((k, w) in geldig for k, w in waarden.items())
    assert all(0 <= q.min <= q.max for q in invoer.quota)


@HYP
@given(people=st.binary(max_size=200), quotas=st.binary(max_size=200))
def test_random_bytes_never_crash(people: bytes, quotas: bytes) -> None:
    _parse_of_fout(people, quotas)
    _parse_of_fout(people, FEATURES_CSV.encode())
    _parse_of_fout(PEOPLE_CSV.encode(), quotas)


@HYP
@given(people=csv_tekst(), quotas=csv_tekst(), panel=st.integers(-2, 6))
def test_random_csv_never_crashes(people: bytes, quotas: bytes, panel: int) -> None:
    _parse_of_fout(people, quotas)
    _parse_of_fout(people, FEATURES_CSV.encode(), panel_size=panel)
    _parse_of_fout(PEOPLE_CSV.encode(), quotas, panel_size=panel, reserves=1)


@HYP
@given(bestanden=verminkte_pool(), panel=st.integers(1, 4))
def test_mutated_pool_is_parsed_or_refused(bestanden: tuple[bytes, bytes], panel: int) -> None:
    _parse_of_fout(*bestanden)
    _parse_of_fout(*bestanden, panel_size=panel)


@HYP
@given(
    tekst=st.text(max_size=120),
    scheiding=st.sampled_from([",", ";"]),
)
def test_arbitrary_text_never_crashes(tekst: str, scheiding: str) -> None:
    _parse_of_fout(tekst.encode("utf-8", "surrogatepass"), FEATURES_CSV.encode())
    _parse_of_fout(("id" + scheiding + tekst).encode("utf-8", "surrogatepass"), FEATURES_CSV)


def test_example_pool_is_deterministic_and_valid() -> None:
    assert voorbeeld_pool(60, 1, 6) == voorbeeld_pool(60, 1, 6)
    assert voorbeeld_pool(60, 1, 6) != voorbeeld_pool(60, 2, 6)
    people, quotas = voorbeeld_pool(60, 1, 6)
    invoer = parse_input(people, quotas, panel_size=6, reserves=3)
    assert invoer.kenmerken == ("leeftijdsgroep", "gender", "wijk", "opleiding")
    assert invoer.aantal_personen == 60
