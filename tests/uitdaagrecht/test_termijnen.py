"""Tests for the deadline computation (Awb + Algemene termijnenwet).

Expected dates were worked out by hand from the calendar; the comments say why.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import holidays
import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from open_nijmegen.uitdaagrecht import workflow as wf
from open_nijmegen.uitdaagrecht.termijnen import (
    GELIJKGESTELDE_DAGEN,
    STANDAARD_KALENDER,
    CaseClock,
    Kalender,
    Opschorting,
    Termijnen,
    TermijnFout,
    aanvullingstermijn_einde,
    bezwaar_beslistermijn_begin,
    bezwaartermijn_einde,
    bezwaartermijn_open,
    buiten_behandeling_uiterlijk,
    format_datum,
    wettelijke_feestdagen,
)

D = date.fromisoformat
T = Termijnen()
K = STANDAARD_KALENDER
ZONDER_KB = Kalender(gelijkgestelde_dagen=frozenset())

# -------------------------------------------------------------------------------------------
# Settings
# -------------------------------------------------------------------------------------------


def test_defaults_follow_the_awb() -> None:
    assert T.beslistermijn_dagen == 8 * 7  # Awb 4:13
    assert T.verdaging_max_dagen == 6 * 7  # chosen default for Awb 4:14
    assert T.aanvullingstermijn_dagen == 4 * 7
    assert T.buiten_behandeling_dagen == 4 * 7  # Awb 4:5 lid 4
    assert T.bezwaartermijn_dagen == 6 * 7  # Awb 6:7
    assert T.bezwaar_beslistermijn_dagen == 6 * 7  # Awb 7:10 lid 1
    assert T.bezwaar_verdaging_max_dagen == 6 * 7  # Awb 7:10 lid 3
    assert T.bezwaar_hersteltermijn_dagen == 2 * 7


def test_termijnen_round_trip_through_json() -> None:
    eigen = Termijnen(beslistermijn_dagen=42, bezwaar_beslistermijn_dagen=84)
    opgeslagen = json.loads(json.dumps(eigen.to_dict()))
    assert Termijnen.from_dict(opgeslagen) == eigen


def test_from_dict_missing_key_gets_default_and_unknown_key_is_refused() -> None:
    assert Termijnen.from_dict({"beslistermijn_dagen": 70}) == Termijnen(beslistermijn_dagen=70)
    with pytest.raises(ValueError, match="unknown"):
        Termijnen.from_dict({"beslistermijn_weken": 8})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"beslistermijn_dagen": 0},
        {"bezwaartermijn_dagen": -1},
        {"verdaging_max_dagen": -1},
        {"beslistermijn_dagen": 8.0},
        {"beslistermijn_dagen": True},
        {"beslistermijn_dagen": "56"},
    ],
)
def test_termijnen_refuse_invalid_values(kwargs: dict[str, object]) -> None:
    with pytest.raises((TypeError, ValueError)):
        Termijnen(**kwargs)  # type: ignore[arg-type]


def test_verdaging_can_be_switched_off() -> None:
    klok = CaseClock.voor_aanvraag(D("2026-01-05"), Termijnen(verdaging_max_dagen=0))
    assert not klok.kan_verdagen(D("2026-01-06"))
    with pytest.raises(TermijnFout):
        klok.verdaag(D("2026-01-06"))


def test_case_keeps_the_terms_that_applied_when_it_was_filed() -> None:
    # Filed under a (hypothetical) older setting of 6 weeks; the settings later say 8.
    opgeslagen = Termijnen(beslistermijn_dagen=42).to_dict()
    klok = CaseClock.voor_aanvraag(D("2026-01-05"), Termijnen.from_dict(opgeslagen))
    assert klok.deadline(D("2026-01-05")) == D("2026-02-16")


# -------------------------------------------------------------------------------------------
# Calendar (Algemene termijnenwet art. 3)
# -------------------------------------------------------------------------------------------


def test_feestdagen_2026() -> None:
    assert wettelijke_feestdagen(2026) == {
        D("2026-01-01"): "Nieuwjaarsdag",
        D("2026-04-03"): "Goede Vrijdag",  # art. 3 lid 2
        D("2026-04-06"): "Tweede Paasdag",
        D("2026-04-27"): "Koningsdag",
        D("2026-05-05"): "Bevrijdingsdag",  # every year, not only lustrum years
        D("2026-05-14"): "Hemelvaartsdag",
        D("2026-05-25"): "Tweede Pinksterdag",
        D("2026-12-25"): "Eerste Kerstdag",
        D("2026-12-26"): "Tweede Kerstdag",
    }


@pytest.mark.parametrize(
    ("jaar", "verwacht"),
    [
        (2026, D("2026-04-27")),
        (2025, D("2025-04-26")),  # 27 April 2025 is a Sunday
        (2014, D("2014-04-26")),  # the first Koningsdag; 27 April 2014 was a Sunday
        (2031, D("2031-04-26")),
        (2013, D("2013-04-30")),  # Koninginnedag
        (2006, D("2006-04-29")),  # 30 April 2006 was a Sunday
    ],
)
def test_koningsdag(jaar: int, verwacht: date) -> None:
    namen = wettelijke_feestdagen(jaar)
    assert namen[verwacht] == "Koningsdag"
    assert list(namen.values()).count("Koningsdag") == 1


def test_equated_days_by_koninklijk_besluit() -> None:
    assert D("2026-01-02") in GELIJKGESTELDE_DAGEN
    assert K.feestdag(D("2026-05-15")) == "Dag die telt als feestdag"
    assert not K.is_werkdag(D("2026-05-15"))
    assert ZONDER_KB.is_werkdag(D("2026-05-15"))
    # Every equated day is a Friday after a Thursday feestdag.
    for dag in GELIJKGESTELDE_DAGEN:
        assert dag.weekday() == 4
        assert dag - timedelta(days=1) in wettelijke_feestdagen(dag.year)


@pytest.mark.parametrize("jaar", range(2014, 2061))
def test_feestdagen_match_the_holidays_package_except_documented_differences(jaar: int) -> None:
    """holidays.NL also lists Easter Sunday and Whit Sunday (always Sundays, no effect) and has
    5 May only every five years; the Atw has 5 May every year."""
    pasen = easter(jaar)
    theirs = set(holidays.country_holidays("NL", years=jaar)) - {pasen, pasen + timedelta(49)}
    theirs.add(date(jaar, 5, 5))
    assert set(wettelijke_feestdagen(jaar)) == theirs


def test_werkdag() -> None:
    assert K.is_werkdag(D("2026-01-05"))  # Monday
    assert not K.is_werkdag(D("2026-01-10"))  # Saturday
    assert not K.is_werkdag(D("2026-01-11"))  # Sunday
    assert not K.is_werkdag(D("2026-01-01"))
    assert K.feestdag(D("2026-01-10")) is None  # weekends have no name


# -------------------------------------------------------------------------------------------
# Single terms (Atw art. 1 and 2)
# -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gebeurtenis", "dagen", "verwacht"),
    [
        pytest.param("2026-01-05", 56, "2026-03-02", id="plain-8-weeks-same-weekday"),
        pytest.param("2026-01-10", 56, "2026-03-09", id="ends-saturday"),
        pytest.param("2026-01-11", 56, "2026-03-09", id="ends-sunday"),
        pytest.param("2026-03-02", 56, "2026-04-28", id="ends-koningsdag-monday"),
        pytest.param("2025-03-01", 56, "2025-04-28", id="ends-koningsdag-26-april-saturday"),
        pytest.param("2026-03-19", 56, "2026-05-18", id="ends-hemelvaart-then-kb-friday"),
        pytest.param("2030-04-04", 56, "2030-05-31", id="ends-hemelvaart-no-kb-known-yet"),
        pytest.param("2026-03-30", 56, "2026-05-26", id="ends-tweede-pinksterdag"),
        pytest.param("2026-02-06", 56, "2026-04-07", id="ends-goede-vrijdag-then-easter"),
        pytest.param("2026-10-30", 56, "2026-12-28", id="ends-25-dec-friday"),
        pytest.param("2025-10-30", 56, "2025-12-29", id="ends-25-dec-thursday-chain"),
        pytest.param("2025-10-31", 56, "2025-12-29", id="ends-26-dec-friday"),
        pytest.param("2025-11-06", 56, "2026-01-05", id="ends-1-jan-thursday-kb-2-jan"),
        pytest.param("2026-11-06", 56, "2027-01-04", id="ends-1-jan-friday"),
        pytest.param("2026-03-10", 56, "2026-05-06", id="ends-5-may-tuesday"),
        pytest.param("2027-03-10", 56, "2027-05-10", id="ends-5-may-hemelvaart-kb-chain"),
        pytest.param("2026-12-24", 3, "2026-12-29", id="atw-art-2-two-working-days"),
        pytest.param("2026-12-23", 2, "2026-12-28", id="atw-art-2-not-for-2-days"),
    ],
)
def test_termijn_einde(gebeurtenis: str, dagen: int, verwacht: str) -> None:
    assert K.termijn_einde(D(gebeurtenis), dagen) == D(verwacht)


def test_hemelvaart_without_the_koninklijk_besluit_moves_one_day() -> None:
    assert ZONDER_KB.termijn_einde(D("2026-03-19"), 56) == D("2026-05-15")


def test_termijn_einde_needs_a_positive_length() -> None:
    with pytest.raises(ValueError):
        K.termijn_einde(D("2026-01-05"), 0)


def test_aanvullingstermijn_and_buiten_behandeling() -> None:
    # 30 March + 4 weeks = Monday 27 April 2026, Koningsdag.
    assert aanvullingstermijn_einde(D("2026-03-30"), T) == D("2026-04-28")
    # Awb 4:5 lid 4: 4 weeks after the unused term.
    assert buiten_behandeling_uiterlijk(D("2026-02-09"), T) == D("2026-03-09")


# -------------------------------------------------------------------------------------------
# Bezwaar terms
# -------------------------------------------------------------------------------------------


def test_bezwaartermijn() -> None:
    assert bezwaartermijn_einde(D("2026-03-06"), T) == D("2026-04-17")
    # 24 March + 6 weeks = 5 May (Bevrijdingsdag) -> 6 May.
    assert bezwaartermijn_einde(D("2026-03-24"), T) == D("2026-05-06")


@pytest.mark.parametrize(
    ("vandaag", "open_"),
    [("2026-03-23", False), ("2026-03-24", True), ("2026-05-06", True), ("2026-05-07", False)],
)
def test_bezwaartermijn_open(vandaag: str, open_: bool) -> None:
    assert bezwaartermijn_open(D("2026-03-24"), D(vandaag), T) is open_


def test_bezwaar_decision_term_counts_from_the_end_of_the_bezwaar_term() -> None:
    # Awb 7:10: 6 weeks after the (Atw-extended) end 6 May 2026.
    klok = CaseClock.voor_bezwaar(D("2026-03-24"), D("2026-04-01"), T)
    assert klok.begindag == D("2026-05-06")
    assert klok.deadline(D("2026-04-01")) == D("2026-06-17")
    # Plus the optional 6 weeks (Awb 7:10 lid 3).
    assert klok.verdaag(D("2026-06-01")).deadline(D("2026-06-01")) == D("2026-07-29")
    # Only once.
    with pytest.raises(TermijnFout):
        klok.verdaag(D("2026-06-01")).verdaag(D("2026-06-02"))


def test_bezwaar_with_advisory_committee_takes_12_weeks() -> None:
    klok = CaseClock.voor_bezwaar(
        D("2026-03-24"), D("2026-04-01"), Termijnen(bezwaar_beslistermijn_dagen=84)
    )
    assert klok.deadline(D("2026-04-01")) == D("2026-07-29")


def test_late_bezwaar_counts_from_receipt() -> None:
    assert bezwaar_beslistermijn_begin(D("2026-03-24"), D("2026-05-20"), T) == D("2026-05-20")
    klok = CaseClock.voor_bezwaar(D("2026-03-24"), D("2026-05-20"), T)
    assert klok.deadline(D("2026-05-20")) == D("2026-07-01")


def test_bezwaar_herstel_pauses_the_bezwaar_clock() -> None:
    klok = CaseClock.voor_bezwaar(D("2026-03-24"), D("2026-04-01"), T)
    # Request 13 May, term 2 weeks (27 May); answered 20 May: 14..19 May = 6 days suspended.
    klok = klok.vraag_aanvulling(D("2026-05-13"))
    assert klok.opschortingen[0].aanvullen_voor == D("2026-05-27")
    klok = klok.ontvang_aanvulling(D("2026-05-20"))
    assert klok.deadline(D("2026-05-20")) == D("2026-06-23")


# -------------------------------------------------------------------------------------------
# The decision clock
# -------------------------------------------------------------------------------------------

ONTVANGEN = D("2026-01-05")  # a Monday; plain deadline Monday 2 March 2026


def klok() -> CaseClock:
    return CaseClock.voor_aanvraag(ONTVANGEN, T)


def test_plain_eight_weeks() -> None:
    stand = klok().state(ONTVANGEN)
    assert stand.deadline == D("2026-03-02")
    assert stand.days_left == 56
    assert not stand.is_paused and not stand.is_overdue
    laatste_dag = klok().state(D("2026-03-02"))
    assert laatste_dag.days_left == 0 and not laatste_dag.is_overdue
    te_laat = klok().state(D("2026-03-03"))
    assert te_laat.days_left == -1 and te_laat.is_overdue


def test_filed_on_a_saturday() -> None:
    assert CaseClock.voor_aanvraag(D("2026-01-10"), T).deadline(D("2026-01-10")) == D("2026-03-09")


def test_pause_moves_the_deadline_by_the_paused_days() -> None:
    # Request Monday 12 Jan, answer Tuesday 27 Jan: 13..26 Jan = 14 days suspended (Awb 4:15).
    k = klok().vraag_aanvulling(D("2026-01-12")).ontvang_aanvulling(D("2026-01-27"))
    stand = k.state(D("2026-01-27"))
    assert stand.opgeschorte_dagen == 14
    assert stand.deadline == D("2026-03-16")


def test_two_pauses() -> None:
    k = (
        klok()
        .vraag_aanvulling(D("2026-01-12"))
        .ontvang_aanvulling(D("2026-01-27"))  # 14 days
        .vraag_aanvulling(D("2026-02-02"))
        .ontvang_aanvulling(D("2026-02-10"))  # 3..9 Feb = 7 days
    )
    stand = k.state(D("2026-02-10"))
    assert stand.opgeschorte_dagen == 21
    assert stand.deadline == D("2026-03-23")


@pytest.mark.parametrize("ontvangen", ["2026-01-12", "2026-01-13"])
def test_answer_on_the_same_or_next_day_suspends_nothing(ontvangen: str) -> None:
    k = klok().vraag_aanvulling(D("2026-01-12")).ontvang_aanvulling(D(ontvangen))
    assert k.deadline(D(ontvangen)) == D("2026-03-02")


def test_paused_clock_freezes_days_left() -> None:
    k = klok().vraag_aanvulling(D("2026-01-12"))  # term until Monday 9 Feb
    assert k.opschortingen[0].aanvullen_voor == D("2026-02-09")
    for dag in ("2026-01-12", "2026-01-20", "2026-02-09"):
        stand = k.state(D(dag))
        assert stand.is_paused
        assert stand.deadline is None
        assert stand.days_left == 48  # 49 days were left on 12 Jan; the answer day counts
        assert not stand.is_overdue
    # On the day the answer arrives the count continues where it froze.
    beantwoord = k.ontvang_aanvulling(D("2026-01-27"))
    assert beantwoord.state(D("2026-01-27")).days_left == 48


def test_unanswered_aanvulling() -> None:
    k = klok().vraag_aanvulling(D("2026-01-12"))
    assert not k.state(D("2026-02-09")).aanvulling_verstreken
    stand = k.state(D("2026-02-10"))
    # The term passed unused: the clock runs again from 10 Feb; 13 Jan..9 Feb = 28 days.
    assert stand.aanvulling_verstreken
    assert not stand.is_paused
    assert stand.opgeschorte_dagen == 28
    assert stand.deadline == D("2026-03-30")
    assert stand.days_left == 48  # no jump when the clock resumes
    # The officer may now close the case (Awb 4:5); the decision is due within 4 weeks.
    feiten = wf.Feiten(aanvullingstermijn_verstreken=stand.aanvulling_verstreken)
    assert (
        wf.transition(
            wf.Status.AANVULLING_GEVRAAGD,
            wf.Actie.SLUIT_BUITEN_BEHANDELING,
            wf.Actor.OFFICER,
            feiten,
        )
        is wf.Status.BUITEN_BEHANDELING
    )
    assert buiten_behandeling_uiterlijk(k.opschortingen[0].aanvullen_voor, T) == D("2026-03-09")
    # Information that arrives late does not extend the suspension.
    laat = k.ontvang_aanvulling(D("2026-02-20"))
    assert laat.deadline(D("2026-02-20")) == D("2026-03-30")
    assert laat.state(D("2026-02-20")).aanvulling_verstreken


def test_request_on_the_last_day_suspends_nothing() -> None:
    k = klok().vraag_aanvulling(D("2026-03-02")).ontvang_aanvulling(D("2026-03-20"))
    assert k.deadline(D("2026-03-20")) == D("2026-03-02")


def test_extension() -> None:
    k = klok().verdaag(D("2026-02-20"), 42)
    assert k.deadline(D("2026-02-20")) == D("2026-04-13")
    assert klok().verdaag(D("2026-02-20")).verdaging == k.verdaging  # default is the maximum


def test_extension_twice_is_refused() -> None:
    k = klok().verdaag(D("2026-02-20"), 14)
    assert not k.kan_verdagen(D("2026-02-21"))
    with pytest.raises(TermijnFout, match="maar één keer"):
        k.verdaag(D("2026-02-21"), 14)
    # The workflow gets the same answer through Feiten.
    feiten = wf.Feiten(verdaging_mogelijk=k.kan_verdagen(D("2026-02-21")))
    with pytest.raises(wf.TransitionNotAllowed):
        wf.transition(wf.Status.IN_BEHANDELING, wf.Actie.VERDAAG, wf.Actor.OFFICER, feiten)


@pytest.mark.parametrize("dagen", [0, 43, -7])
def test_extension_longer_than_the_maximum_is_refused(dagen: int) -> None:
    with pytest.raises(TermijnFout):
        klok().verdaag(D("2026-02-20"), dagen)


def test_extension_after_the_deadline_is_refused() -> None:
    assert klok().kan_verdagen(D("2026-03-02"))
    assert not klok().kan_verdagen(D("2026-03-03"))
    with pytest.raises(TermijnFout, match="voorbij"):
        klok().verdaag(D("2026-03-03"))


def test_extension_to_a_chosen_date() -> None:
    k = klok().verdaag_tot(D("2026-02-20"), D("2026-04-01"))
    assert k.verdaging is not None and k.verdaging.dagen == 30
    assert k.deadline(D("2026-02-20")) == D("2026-04-01")
    with pytest.raises(TermijnFout):
        klok().verdaag_tot(D("2026-02-20"), D("2026-04-14"))  # 43 days
    with pytest.raises(TermijnFout):
        klok().vraag_aanvulling(D("2026-02-20")).verdaag_tot(D("2026-02-21"), D("2026-04-01"))


def test_pause_after_the_original_end_but_within_the_extension() -> None:
    k = (
        klok()
        .verdaag(D("2026-02-20"), 42)  # end 13 April
        .vraag_aanvulling(D("2026-03-10"))
        .ontvang_aanvulling(D("2026-03-17"))  # 11..16 March = 6 days
    )
    stand = k.state(D("2026-03-17"))
    assert stand.onverschoven_deadline == D("2026-04-19")  # a Sunday
    assert stand.deadline == D("2026-04-20")


def test_leap_year() -> None:
    k = CaseClock.voor_aanvraag(D("2028-01-03"), T)
    assert k.deadline(D("2028-01-03")) == D("2028-02-28")
    # Request Friday 18 Feb, answer Friday 3 March: 19..29 Feb + 1..2 March = 13 days.
    k = k.vraag_aanvulling(D("2028-02-18")).ontvang_aanvulling(D("2028-03-03"))
    stand = k.state(D("2028-03-03"))
    assert stand.opgeschorte_dagen == 13
    assert stand.onverschoven_deadline == D("2028-03-12")  # Sunday
    assert stand.deadline == D("2028-03-13")
    # The same dates in 2027 give 12 days.
    gewoon = (
        CaseClock.voor_aanvraag(D("2027-01-04"), T)
        .vraag_aanvulling(D("2027-02-18"))
        .ontvang_aanvulling(D("2027-03-03"))
    )
    assert gewoon.state(D("2027-03-03")).opgeschorte_dagen == 12


def test_plain_term_across_29_february() -> None:
    assert CaseClock.voor_aanvraag(D("2028-02-01"), T).state(D("2028-02-01")).deadline == D(
        "2028-03-28"
    )
    # 2027 has no 29 February: one day later (and that day is Tweede Paasdag).
    stand = CaseClock.voor_aanvraag(D("2027-02-01"), T).state(D("2027-02-01"))
    assert stand.onverschoven_deadline == D("2027-03-29")
    assert stand.deadline == D("2027-03-30")


def test_invalid_requests() -> None:
    with pytest.raises(TermijnFout):
        klok().vraag_aanvulling(D("2026-01-04"))  # before receipt
    open_ = klok().vraag_aanvulling(D("2026-01-12"))
    with pytest.raises(TermijnFout, match="al een vraag"):
        open_.vraag_aanvulling(D("2026-01-20"))
    with pytest.raises(TermijnFout, match="geen vraag"):
        klok().ontvang_aanvulling(D("2026-01-20"))
    with pytest.raises(TermijnFout):
        open_.ontvang_aanvulling(D("2026-01-11"))  # before the request
    with pytest.raises(TermijnFout):
        Opschorting(gevraagd_op=D("2026-01-12"), aanvullen_voor=D("2026-01-11"))
    beantwoord = open_.ontvang_aanvulling(D("2026-01-27"))
    with pytest.raises(TermijnFout, match="overlapt"):
        beantwoord.vraag_aanvulling(D("2026-01-20"))


def test_new_request_after_an_unused_term() -> None:
    k = klok().vraag_aanvulling(D("2026-01-12"))  # term until 9 Feb, unused
    k = k.vraag_aanvulling(D("2026-02-16"), aanvullen_voor=D("2026-03-02"))
    k = k.ontvang_aanvulling(D("2026-02-23"))
    # 28 days (first) + 17..22 Feb = 6 days (second).
    assert k.state(D("2026-02-23")).opgeschorte_dagen == 34
    # 2 March + 34 days = Sunday 5 April (Easter); Monday 6 April is Tweede Paasdag.
    assert k.deadline(D("2026-02-23")) == D("2026-04-07")


# -------------------------------------------------------------------------------------------
# Dutch dates
# -------------------------------------------------------------------------------------------


def test_format_datum() -> None:
    assert format_datum(D("2026-01-06")) == "dinsdag 6 januari 2026"
    assert format_datum(D("2026-01-05")) == "maandag 5 januari 2026"
    assert format_datum(D("2028-02-29"), met_weekdag=False) == "29 februari 2028"
    assert format_datum(datetime(2026, 5, 5, 23, 30)) == "dinsdag 5 mei 2026"


# -------------------------------------------------------------------------------------------
# Properties
# -------------------------------------------------------------------------------------------

dagen_2015_2045 = st.dates(min_value=date(2015, 1, 1), max_value=date(2045, 12, 31))


@settings(max_examples=300, deadline=None, database=None)
@given(gebeurtenis=dagen_2015_2045, dagen=st.integers(min_value=1, max_value=120))
def test_property_termijn_einde(gebeurtenis: date, dagen: int) -> None:
    einde = K.termijn_einde(gebeurtenis, dagen)
    plain = gebeurtenis + timedelta(days=dagen)
    assert K.is_werkdag(einde)
    assert einde >= plain
    if dagen >= 7:  # art. 2 cannot apply: the first working day on or after the plain end
        assert all(not K.is_werkdag(plain + timedelta(i)) for i in range((einde - plain).days))


@st.composite
def klokken(draw: st.DrawFn) -> tuple[CaseClock, date]:
    termijnen = Termijnen(
        beslistermijn_dagen=draw(st.integers(7, 120)),
        verdaging_max_dagen=draw(st.integers(0, 60)),
    )
    k = CaseClock.voor_aanvraag(draw(dagen_2015_2045), termijnen)
    vrij_vanaf = k.begindag
    for _ in range(draw(st.integers(0, 3))):
        gevraagd = vrij_vanaf + timedelta(draw(st.integers(0, 60)))
        k = k.vraag_aanvulling(gevraagd, gevraagd + timedelta(draw(st.integers(0, 40))))
        antwoord = draw(st.none() | st.integers(0, 60))
        if antwoord is not None:
            k = k.ontvang_aanvulling(gevraagd + timedelta(antwoord))
        vrij_vanaf = k.opschortingen[-1].hervat_op(date.max) or gevraagd
    if termijnen.verdaging_max_dagen and draw(st.booleans()):
        k = k.verdaag(k.begindag, draw(st.integers(1, termijnen.verdaging_max_dagen)))
    return k, k.begindag + timedelta(days=800)


def naive_end(k: CaseClock, vandaag: date) -> date:
    """Reference: walk day by day and count the days that are not suspended."""
    nodig = k.termijn_dagen + (k.verdaging.dagen if k.verdaging else 0)
    geteld, dag = 0, k.begindag
    while geteld < nodig:
        dag += timedelta(days=1)
        opgeschort = any(
            o.gevraagd_op < dag < (o.hervat_op(vandaag) or date.max) for o in k.opschortingen
        )
        if not opgeschort:
            geteld += 1
    return dag


@settings(max_examples=300, deadline=None, database=None)
@given(klokken())
def test_property_deadline(case: tuple[CaseClock, date]) -> None:
    k, vandaag = case
    stand = k.state(vandaag)
    assert stand.deadline is not None and stand.onverschoven_deadline is not None
    # Never on a weekend or feestdag.
    assert K.is_werkdag(stand.deadline)
    # Never before the plain term.
    assert stand.deadline >= K.termijn_einde(k.begindag, k.termijn_dagen)
    assert stand.deadline >= stand.onverschoven_deadline
    # The shortcut computation equals counting day by day.
    assert stand.onverschoven_deadline == naive_end(k, vandaag)
    assert stand.days_left == (stand.deadline - vandaag).days
