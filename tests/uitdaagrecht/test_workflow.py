"""Tests for the transition tables of an uitdaging and its bezwaar.

The grids are generated from the tables: every row is tested as allowed, and every other
(status, action, actor) combination as refused.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from datetime import date, datetime

import pytest

from open_nijmegen.uitdaagrecht.workflow import (
    BEZWAAR_GEVOLG,
    BEZWAAR_START_TRANSITIONS,
    BEZWAAR_TRANSITIONS,
    STANDAARD_CRITERIA,
    TRANSITIONS,
    Actie,
    Actor,
    BezwaarStatus,
    Feiten,
    Status,
    Transition,
    TransitionNotAllowed,
    Veld,
    VeldSoort,
    Voorwaarde,
    allowed_bezwaar_starts,
    allowed_bezwaar_transitions,
    allowed_transitions,
    bezwaar_transition,
    get_transition,
    start_bezwaar,
    transition,
)

ALLES = Feiten(
    verdaging_mogelijk=True, aanvullingstermijn_verstreken=True, bezwaartermijn_open=True
)

BESLUIT = {
    Status.NIET_ONTVANKELIJK,
    Status.BUITEN_BEHANDELING,
    Status.TOEGEKEND,
    Status.DEELS_TOEGEKEND,
    Status.AFGEWEZEN,
    Status.OVEREENKOMST,
    Status.IN_UITVOERING,
    Status.EVALUATIE,
    Status.AFGEROND,
}
VOOR_BESLUIT = {
    Status.INGEDIEND,
    Status.ONTVANKELIJKHEIDSTOETS,
    Status.AANVULLING_GEVRAAGD,
    Status.IN_BEHANDELING,
    Status.VERDAAGD,
}


def _id(t: Transition) -> str:  # type: ignore[type-arg]
    return f"{t.van}-{t.actie}-{t.actor}"


def _refused(table: tuple[Transition, ...], statussen: type) -> list[tuple]:  # type: ignore[type-arg]
    allowed = {(t.van, t.actie, t.actor) for t in table}
    acties = sorted({t.actie for t in table})
    return [
        pytest.param(s, a, r, id=f"{s}-{a}-{r}")
        for s, a, r in itertools.product(statussen, acties, Actor)
        if (s, a, r) not in allowed
    ]


# -------------------------------------------------------------------------------------------
# The grids
# -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", TRANSITIONS, ids=_id)
def test_every_allowed_transition(row: Transition[Status, Status]) -> None:
    assert transition(row.van, row.actie, row.actor, ALLES) is row.naar
    assert get_transition(row.van, row.actie, row.actor, ALLES) is row
    assert row in allowed_transitions(row.van, row.actor, ALLES)


@pytest.mark.parametrize(("status", "actie", "actor"), _refused(TRANSITIONS, Status))
def test_every_refused_transition(status: Status, actie: Actie, actor: Actor) -> None:
    with pytest.raises(TransitionNotAllowed) as exc:
        transition(status, actie, actor, ALLES)
    assert isinstance(exc.value, ValueError)
    assert exc.value.van is status and exc.value.actie == actie and exc.value.actor is actor
    assert str(exc.value)
    assert all(t.actie != actie for t in allowed_transitions(status, actor, ALLES))


@pytest.mark.parametrize("row", BEZWAAR_START_TRANSITIONS, ids=_id)
def test_every_allowed_bezwaar_start(row: Transition[Status, BezwaarStatus]) -> None:
    assert start_bezwaar(row.van, row.actie, row.actor, ALLES) is BezwaarStatus.INGEDIEND
    assert row in allowed_bezwaar_starts(row.van, row.actor, ALLES)


@pytest.mark.parametrize(("status", "actie", "actor"), _refused(BEZWAAR_START_TRANSITIONS, Status))
def test_every_refused_bezwaar_start(status: Status, actie: Actie, actor: Actor) -> None:
    with pytest.raises(TransitionNotAllowed):
        start_bezwaar(status, actie, actor, ALLES)


@pytest.mark.parametrize("row", BEZWAAR_TRANSITIONS, ids=_id)
def test_every_allowed_bezwaar_transition(row: Transition[BezwaarStatus, BezwaarStatus]) -> None:
    assert bezwaar_transition(row.van, row.actie, row.actor, ALLES) is row.naar
    assert row in allowed_bezwaar_transitions(row.van, row.actor, ALLES)


@pytest.mark.parametrize(("status", "actie", "actor"), _refused(BEZWAAR_TRANSITIONS, BezwaarStatus))
def test_every_refused_bezwaar_transition(
    status: BezwaarStatus, actie: Actie, actor: Actor
) -> None:
    with pytest.raises(TransitionNotAllowed):
        bezwaar_transition(status, actie, actor, ALLES)


def test_grid_sizes() -> None:
    """Guard against a grid that silently shrinks."""
    acties = {t.actie for t in TRANSITIONS}
    assert len(_refused(TRANSITIONS, Status)) == len(Status) * len(acties) * 3 - len(TRANSITIONS)
    assert len(TRANSITIONS) == 40
    assert len(BEZWAAR_START_TRANSITIONS) == 18
    assert len(BEZWAAR_TRANSITIONS) == 17


@pytest.mark.parametrize("actie", ["bestaat_niet", "", Actie.MAAK_BEZWAAR, Actie.VERKLAAR_GEGROND])
def test_unknown_or_foreign_actions_are_refused(actie: str) -> None:
    for status, actor in itertools.product(Status, Actor):
        with pytest.raises(TransitionNotAllowed):
            transition(status, actie, actor, ALLES)


# -------------------------------------------------------------------------------------------
# Conditions (Voorwaarde / Feiten)
# -------------------------------------------------------------------------------------------

GUARDED = [
    t for t in (*TRANSITIONS, *BEZWAAR_START_TRANSITIONS, *BEZWAAR_TRANSITIONS) if t.voorwaarde
]


@pytest.mark.parametrize("row", GUARDED, ids=_id)
@pytest.mark.parametrize("feiten", [None, Feiten()], ids=["no-feiten", "default-feiten"])
def test_conditions_deny_by_default(row: Transition, feiten: Feiten | None) -> None:  # type: ignore[type-arg]
    kies = {
        id(TRANSITIONS): transition,
        id(BEZWAAR_START_TRANSITIONS): start_bezwaar,
        id(BEZWAAR_TRANSITIONS): bezwaar_transition,
    }
    table = next(
        tab for tab in (TRANSITIONS, BEZWAAR_START_TRANSITIONS, BEZWAAR_TRANSITIONS) if row in tab
    )
    with pytest.raises(TransitionNotAllowed) as exc:
        kies[id(table)](row.van, row.actie, row.actor, feiten)
    assert exc.value.voorwaarde is row.voorwaarde
    assert str(exc.value) == row.voorwaarde.melding  # type: ignore[union-attr]


def test_allowed_transitions_leaves_out_unmet_conditions() -> None:
    zonder = {t.actie for t in allowed_transitions(Status.IN_BEHANDELING, Actor.OFFICER)}
    met = {t.actie for t in allowed_transitions(Status.IN_BEHANDELING, Actor.OFFICER, ALLES)}
    assert Actie.VERDAAG not in zonder
    assert met - zonder == {Actie.VERDAAG}


def test_conditions_in_use() -> None:
    assert {(t.actie, t.voorwaarde) for t in GUARDED} == {
        (Actie.VERDAAG, Voorwaarde.VERDAGING_MOGELIJK),
        (Actie.HERVAT_ZONDER_AANVULLING, Voorwaarde.AANVULLINGSTERMIJN_VERSTREKEN),
        (Actie.SLUIT_BUITEN_BEHANDELING, Voorwaarde.AANVULLINGSTERMIJN_VERSTREKEN),
        (Actie.VERKLAAR_NIET_ONTVANKELIJK, Voorwaarde.AANVULLINGSTERMIJN_VERSTREKEN),
        (Actie.MAAK_BEZWAAR, Voorwaarde.BEZWAARTERMIJN_OPEN),
    }


# -------------------------------------------------------------------------------------------
# Specific rules from the issue
# -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(VOOR_BESLUIT))
def test_challenger_can_withdraw_before_the_decision(status: Status) -> None:
    assert transition(status, Actie.TREK_IN, Actor.CHALLENGER) is Status.INGETROKKEN


@pytest.mark.parametrize("status", sorted(BESLUIT))
def test_withdrawal_after_a_decision_is_refused(status: Status) -> None:
    with pytest.raises(TransitionNotAllowed, match="alleen vóór het besluit"):
        transition(status, Actie.TREK_IN, Actor.CHALLENGER, ALLES)


@pytest.mark.parametrize("actor", [Actor.OFFICER, Actor.SYSTEM])
def test_only_the_challenger_withdraws(actor: Actor) -> None:
    with pytest.raises(TransitionNotAllowed, match="niet zetten"):
        transition(Status.IN_BEHANDELING, Actie.TREK_IN, actor, ALLES)


def test_draft_cannot_be_withdrawn_only_submitted() -> None:
    assert {t.actie for t in TRANSITIONS if t.van is Status.CONCEPT} == {Actie.DIEN_IN}
    with pytest.raises(TransitionNotAllowed, match="Concept"):
        transition(Status.CONCEPT, Actie.TREK_IN, Actor.CHALLENGER)


def test_verdaging_twice_is_refused() -> None:
    assert transition(Status.IN_BEHANDELING, Actie.VERDAAG, Actor.OFFICER, ALLES) is (
        Status.VERDAAGD
    )
    # Not from the verdaagd status itself ...
    with pytest.raises(TransitionNotAllowed, match="maar één keer"):
        transition(Status.VERDAAGD, Actie.VERDAAG, Actor.OFFICER, ALLES)
    # ... and not again from in_behandeling (e.g. after a bezwaar) when already extended.
    with pytest.raises(TransitionNotAllowed, match="maar één keer"):
        transition(
            Status.IN_BEHANDELING,
            Actie.VERDAAG,
            Actor.OFFICER,
            Feiten(verdaging_mogelijk=False, aanvullingstermijn_verstreken=True),
        )
    with pytest.raises(TransitionNotAllowed, match="maar één keer"):
        bezwaar_transition(BezwaarStatus.VERDAAGD, Actie.VERDAAG, Actor.OFFICER, ALLES)


def test_decisions_only_after_the_case_is_taken_in_behandeling() -> None:
    besluiten = {Actie.BESLUIT_TOEKENNEN, Actie.BESLUIT_DEELS_TOEKENNEN, Actie.BESLUIT_AFWIJZEN}
    van = {t.van for t in TRANSITIONS if t.actie in besluiten}
    assert van == {Status.IN_BEHANDELING, Status.VERDAAGD}


def test_aanvulling_pauses_and_resumes_the_toets() -> None:
    assert transition(Status.ONTVANKELIJKHEIDSTOETS, Actie.VRAAG_AANVULLING, Actor.OFFICER) is (
        Status.AANVULLING_GEVRAAGD
    )
    assert not Status.AANVULLING_GEVRAAGD.clock_running
    for actie, actor in [
        (Actie.LEVER_AANVULLING, Actor.CHALLENGER),
        (Actie.ONTVANG_AANVULLING, Actor.OFFICER),
    ]:
        assert transition(Status.AANVULLING_GEVRAAGD, actie, actor) is (
            Status.ONTVANKELIJKHEIDSTOETS
        )


def test_buiten_behandeling_only_after_the_term_passed() -> None:
    with pytest.raises(TransitionNotAllowed, match="nog niet voorbij"):
        transition(
            Status.AANVULLING_GEVRAAGD,
            Actie.SLUIT_BUITEN_BEHANDELING,
            Actor.OFFICER,
            Feiten(verdaging_mogelijk=True, bezwaartermijn_open=True),
        )
    assert (
        transition(
            Status.AANVULLING_GEVRAAGD,
            Actie.SLUIT_BUITEN_BEHANDELING,
            Actor.OFFICER,
            Feiten(aanvullingstermijn_verstreken=True),
        )
        is Status.BUITEN_BEHANDELING
    )


def test_closed_after_niet_ontvankelijk_afgewezen_buiten_behandeling_with_bezwaar_term() -> None:
    for status in (Status.NIET_ONTVANKELIJK, Status.AFGEWEZEN, Status.BUITEN_BEHANDELING):
        assert status.is_closed
        assert status.heeft_besluit
        assert status.toont_bezwaartermijn
        assert "bezwaar" in status.wat_nu
        # Only a gegrond bezwaar (SYSTEM) can reopen it.
        assert {(t.actie, t.actor) for t in TRANSITIONS if t.van is status} == {
            (Actie.HEROVERWEEG, Actor.SYSTEM)
        }


def test_progress_reports_keep_the_status() -> None:
    for actor in (Actor.CHALLENGER, Actor.OFFICER):
        assert transition(Status.IN_UITVOERING, Actie.MELD_VOORTGANG, actor) is (
            Status.IN_UITVOERING
        )


def test_strings_are_accepted_for_stored_values() -> None:
    assert transition("concept", "dien_in", "uitdager") is Status.INGEDIEND  # type: ignore[arg-type]
    assert bezwaar_transition("ingediend", "trek_in", Actor.CHALLENGER) is (
        BezwaarStatus.INGETROKKEN
    )


def test_the_two_status_enums_are_not_mixed_up() -> None:
    # Equal values, different meaning: the labels must differ and mixing must fail loudly.
    assert Status.INGEDIEND == BezwaarStatus.INGEDIEND  # both are the string "ingediend"
    assert Status.INGEDIEND.label != BezwaarStatus.INGEDIEND.label
    with pytest.raises(TypeError):
        transition(BezwaarStatus.INGEDIEND, Actie.TREK_IN, Actor.CHALLENGER)
    with pytest.raises(TypeError):
        bezwaar_transition(Status.INGEDIEND, Actie.TREK_IN, Actor.CHALLENGER)
    with pytest.raises(ValueError):
        transition("bestaat_niet", Actie.DIEN_IN, Actor.CHALLENGER)


# -------------------------------------------------------------------------------------------
# Bezwaar
# -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(BESLUIT))
def test_bezwaar_possible_after_every_decision(status: Status) -> None:
    assert start_bezwaar(status, Actie.MAAK_BEZWAAR, Actor.CHALLENGER, ALLES) is (
        BezwaarStatus.INGEDIEND
    )
    with pytest.raises(TransitionNotAllowed, match="termijn voor bezwaar is voorbij"):
        start_bezwaar(status, Actie.MAAK_BEZWAAR, Actor.CHALLENGER, Feiten())
    # An officer can record a (late) bezwaar that came by post.
    assert start_bezwaar(status, Actie.REGISTREER_BEZWAAR, Actor.OFFICER) is (
        BezwaarStatus.INGEDIEND
    )


@pytest.mark.parametrize("status", sorted(set(Status) - BESLUIT))
def test_no_bezwaar_without_a_decision(status: Status) -> None:
    assert allowed_bezwaar_starts(status, Actor.CHALLENGER, ALLES) == ()
    assert allowed_bezwaar_starts(status, Actor.OFFICER, ALLES) == ()


def test_bezwaar_outcomes() -> None:
    for van in (BezwaarStatus.IN_BEHANDELING, BezwaarStatus.VERDAAGD):
        uitkomsten = {t.naar for t in allowed_bezwaar_transitions(van, Actor.OFFICER, ALLES)}
        assert {
            BezwaarStatus.GEGROND,
            BezwaarStatus.ONGEGROND,
            BezwaarStatus.NIET_ONTVANKELIJK,
        } <= uitkomsten
    eind = {s for s in BezwaarStatus if s.is_closed}
    assert eind == {
        BezwaarStatus.GEGROND,
        BezwaarStatus.ONGEGROND,
        BezwaarStatus.NIET_ONTVANKELIJK,
        BezwaarStatus.INGETROKKEN,
    }
    assert not any(t.van in eind for t in BEZWAAR_TRANSITIONS)


@pytest.mark.parametrize("status", sorted(BESLUIT))
def test_gegrond_bezwaar_sends_the_case_back_for_a_new_decision(status: Status) -> None:
    actie = BEZWAAR_GEVOLG[BezwaarStatus.GEGROND]
    assert transition(status, actie, Actor.SYSTEM) is Status.IN_BEHANDELING
    with pytest.raises(TransitionNotAllowed):
        transition(status, actie, Actor.OFFICER)


def test_ongegrond_and_niet_ontvankelijk_leave_the_case_as_it_is() -> None:
    assert set(BEZWAAR_GEVOLG) == {BezwaarStatus.GEGROND}


def test_bezwaar_niet_ontvankelijk_after_herstel_only_when_the_term_passed() -> None:
    with pytest.raises(TransitionNotAllowed):
        bezwaar_transition(
            BezwaarStatus.HERSTEL_GEVRAAGD, Actie.VERKLAAR_NIET_ONTVANKELIJK, Actor.OFFICER
        )
    assert (
        bezwaar_transition(
            BezwaarStatus.HERSTEL_GEVRAAGD,
            Actie.VERKLAAR_NIET_ONTVANKELIJK,
            Actor.OFFICER,
            Feiten(aanvullingstermijn_verstreken=True),
        )
        is BezwaarStatus.NIET_ONTVANKELIJK
    )


# -------------------------------------------------------------------------------------------
# Paths through the whole workflow
# -------------------------------------------------------------------------------------------


def _loop(stappen: list[tuple[Actie, Actor]], start: Status = Status.CONCEPT) -> Status:
    status = start
    for actie, actor in stappen:
        status = transition(status, actie, actor, ALLES)
    return status


def test_happy_path() -> None:
    C, O = Actor.CHALLENGER, Actor.OFFICER  # noqa: E741
    assert (
        _loop(
            [
                (Actie.DIEN_IN, C),
                (Actie.START_TOETS, O),
                (Actie.VRAAG_AANVULLING, O),
                (Actie.LEVER_AANVULLING, C),
                (Actie.NEEM_IN_BEHANDELING, O),
                (Actie.VERDAAG, O),
                (Actie.BESLUIT_DEELS_TOEKENNEN, O),
                (Actie.SLUIT_OVEREENKOMST, O),
                (Actie.START_UITVOERING, O),
                (Actie.MELD_VOORTGANG, C),
                (Actie.MELD_VOORTGANG, C),
                (Actie.START_EVALUATIE, O),
                (Actie.ROND_AF, O),
            ]
        )
        is Status.AFGEROND
    )


def test_path_through_buiten_behandeling_and_a_gegrond_bezwaar() -> None:
    C, O = Actor.CHALLENGER, Actor.OFFICER  # noqa: E741
    status = _loop(
        [
            (Actie.DIEN_IN, C),
            (Actie.START_TOETS, O),
            (Actie.VRAAG_AANVULLING, O),
            (Actie.SLUIT_BUITEN_BEHANDELING, O),
        ]
    )
    assert status is Status.BUITEN_BEHANDELING and status.is_closed
    bezwaar = start_bezwaar(status, Actie.MAAK_BEZWAAR, C, ALLES)
    for actie in (Actie.START_BEHANDELING, Actie.VERDAAG, Actie.VERKLAAR_GEGROND):
        bezwaar = bezwaar_transition(bezwaar, actie, O, ALLES)
    assert bezwaar is BezwaarStatus.GEGROND
    status = transition(status, BEZWAAR_GEVOLG[bezwaar], Actor.SYSTEM)
    assert status is Status.IN_BEHANDELING
    assert transition(status, Actie.BESLUIT_TOEKENNEN, O) is Status.TOEGEKEND


# -------------------------------------------------------------------------------------------
# Shape of the tables and statuses
# -------------------------------------------------------------------------------------------

ALL_TABLES = {
    "main": TRANSITIONS,
    "bezwaar_start": BEZWAAR_START_TRANSITIONS,
    "bezwaar": BEZWAAR_TRANSITIONS,
}
ALL_ROWS = [t for table in ALL_TABLES.values() for t in table]


@pytest.mark.parametrize("naam", ALL_TABLES)
def test_rows_are_unique(naam: str) -> None:
    keys = [(t.van, t.actie, t.actor) for t in ALL_TABLES[naam]]
    assert len(keys) == len(set(keys))


def test_every_status_is_reachable_from_concept() -> None:
    gezien, wachtrij = {Status.CONCEPT}, deque([Status.CONCEPT])
    while wachtrij:
        status = wachtrij.popleft()
        for t in TRANSITIONS:
            if t.van is status and t.naar not in gezien:
                gezien.add(t.naar)
                wachtrij.append(t.naar)
    assert gezien == set(Status)


def test_every_bezwaar_status_is_reachable() -> None:
    gezien, wachtrij = {BezwaarStatus.INGEDIEND}, deque([BezwaarStatus.INGEDIEND])
    while wachtrij:
        status = wachtrij.popleft()
        for t in BEZWAAR_TRANSITIONS:
            if t.van is status and t.naar not in gezien:
                gezien.add(t.naar)
                wachtrij.append(t.naar)
    assert gezien == set(BezwaarStatus)


def test_open_statuses_have_a_way_forward_and_only_ingetrokken_is_final() -> None:
    for status in Status:
        uit = [t for t in TRANSITIONS if t.van is status and t.naar is not status]
        if not status.is_closed:
            assert any(t.actor is not Actor.SYSTEM for t in uit), status
    assert [s for s in Status if not any(t.van is s for t in TRANSITIONS)] == [Status.INGETROKKEN]


def test_status_flags() -> None:
    assert {s for s in Status if s.clock_running} == {
        Status.INGEDIEND,
        Status.ONTVANKELIJKHEIDSTOETS,
        Status.IN_BEHANDELING,
        Status.VERDAAGD,
    }
    assert {s for s in Status if s.heeft_besluit} == BESLUIT
    assert {s for s in Status if s.is_closed} == {
        Status.NIET_ONTVANKELIJK,
        Status.BUITEN_BEHANDELING,
        Status.AFGEWEZEN,
        Status.AFGEROND,
        Status.INGETROKKEN,
    }
    assert Status.TOEGEKEND.is_public_decision and not Status.CONCEPT.is_public_decision
    assert all(s.is_public_decision <= s.heeft_besluit for s in Status)
    assert Status.AANVULLING_GEVRAAGD.wacht_op is Actor.CHALLENGER
    assert Status.IN_BEHANDELING.wacht_op is Actor.OFFICER
    assert all(s.wacht_op is None for s in Status if s.is_closed)


def test_withdrawal_only_by_the_challenger_and_only_before_a_decision() -> None:
    rows = [t for t in TRANSITIONS if t.actie is Actie.TREK_IN]
    assert {t.actor for t in rows} == {Actor.CHALLENGER}
    assert {t.van for t in rows} == VOOR_BESLUIT


def test_decision_rows_require_reasons_remedies_and_sending_date() -> None:
    for t in ALL_ROWS:
        if isinstance(t.naar, Status) and t.naar.heeft_besluit and not t.van.heeft_besluit:
            assert Veld.RECHTSMIDDELEN in t.verplicht, _id(t)
            assert Veld.VERZONDEN_OP in t.verplicht, _id(t)
            assert Veld.CRITERIA in t.verplicht or Veld.REDEN in t.verplicht, _id(t)
        if t.naar in (Status.TOEGEKEND, Status.DEELS_TOEGEKEND, Status.AFGEWEZEN):
            assert Veld.CRITERIA in t.verplicht, _id(t)
    for t in BEZWAAR_TRANSITIONS:
        if t.naar.heeft_besluit:
            assert {Veld.REDEN, Veld.RECHTSMIDDELEN, Veld.VERZONDEN_OP} <= set(t.verplicht)


@pytest.mark.parametrize("row", ALL_ROWS, ids=_id)
def test_templates_use_only_required_text_or_date_fields(row: Transition) -> None:  # type: ignore[type-arg]
    for naam in row.placeholders:
        veld = Veld(naam)
        assert veld in row.verplicht
        assert veld.soort in (VeldSoort.TEKST, VeldSoort.DATUM)


# -------------------------------------------------------------------------------------------
# Fields and explanations
# -------------------------------------------------------------------------------------------

VERDAAG = get_transition(Status.IN_BEHANDELING, Actie.VERDAAG, Actor.OFFICER, ALLES)
AFWIJZEN = get_transition(Status.IN_BEHANDELING, Actie.BESLUIT_AFWIJZEN, Actor.OFFICER)


def test_uitleg_formats_dates_in_dutch() -> None:
    tekst = VERDAAG.maak_uitleg(
        {"nieuwe_beslisdatum": date(2026, 4, 13), "reden": "  We wachten op de brandweer. "}
    )
    assert tekst == (
        "Wij hebben meer tijd nodig voor ons besluit. U krijgt het uiterlijk op maandag "
        "13 april 2026. Dit is de reden: We wachten op de brandweer."
    )


def test_uitleg_needs_its_fields() -> None:
    with pytest.raises(ValueError):
        VERDAAG.maak_uitleg({"reden": "Drukte"})


def test_controleer_velden() -> None:
    assert set(VERDAAG.controleer_velden({})) == {Veld.NIEUWE_BESLISDATUM, Veld.REDEN}
    fouten = VERDAAG.controleer_velden(
        {"nieuwe_beslisdatum": datetime(2026, 4, 13, 12, 0), "reden": "   "}
    )
    assert fouten == {
        Veld.NIEUWE_BESLISDATUM: "Kies een geldige datum.",
        Veld.REDEN: "Schrijf de reden op.",
    }
    goed = {
        "criteria": dict.fromkeys(STANDAARD_CRITERIA, "Uitleg."),
        "rechtsmiddelen": "U kunt binnen 6 weken bezwaar maken.",
        "verzonden_op": date(2026, 3, 6),
    }
    assert AFWIJZEN.controleer_velden(goed) == {}
    een_te_weinig = dict(goed, criteria={"waarde": "Uitleg."})
    assert set(AFWIJZEN.controleer_velden(een_te_weinig)) == {Veld.CRITERIA}
    # A municipality with its own criteria passes them in.
    assert AFWIJZEN.controleer_velden(een_te_weinig, criteria={"waarde": "Waarde"}) == {}
    leeg = dict(goed, criteria=dict.fromkeys(STANDAARD_CRITERIA, " "))
    assert set(AFWIJZEN.controleer_velden(leeg)) == {Veld.CRITERIA}


# -------------------------------------------------------------------------------------------
# B1 texts
# -------------------------------------------------------------------------------------------


def _alle_teksten() -> list[str]:
    teksten: list[str] = []
    for status in (*Status, *BezwaarStatus):
        teksten += [status.label, status.wat_nu]
    for t in ALL_ROWS:
        teksten += [t.knop, t.uitleg]
    for veld in Veld:
        teksten += [veld.label, veld.foutmelding]
    teksten += [v.melding for v in Voorwaarde]
    teksten += list(STANDAARD_CRITERIA.values())
    return teksten


@pytest.mark.parametrize("tekst", sorted(set(_alle_teksten())))
def test_texts_are_short_b1_sentences(tekst: str) -> None:
    """B1: about 10 words per sentence; we allow at most 15 per sentence."""
    assert tekst.strip() == tekst and tekst
    for zin in re.split(r"(?<=[.?!:])\s+", tekst):
        assert len(zin.split()) <= 15, zin


@pytest.mark.parametrize("soort", [Status, BezwaarStatus])
def test_labels_are_unique(soort: type) -> None:
    labels = [s.label for s in soort]
    assert len(labels) == len(set(labels))
