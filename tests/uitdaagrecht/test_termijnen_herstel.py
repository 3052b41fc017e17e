"""A request to repair a bezwaar that was filed within its term (Awb 6:6) may be sent before the
decision term on the bezwaar starts (Awb 7:10: after the bezwaar term); only the suspended days
after that start move the deadline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from open_nijmegen.uitdaagrecht.termijnen import CaseClock, Termijnen, TermijnFout

T = Termijnen()
BESLUIT = date(2026, 3, 3)  # a Tuesday; the bezwaar term ends on Tuesday 14 April 2026
ONTVANGEN = date(2026, 3, 10)


def _clock() -> CaseClock:
    return CaseClock.voor_bezwaar(BESLUIT, ONTVANGEN, T)


def test_the_bezwaar_clock_starts_after_the_bezwaar_term_and_knows_the_receipt():
    clock = _clock()
    assert clock.begindag == date(2026, 4, 14)
    assert clock.ontvangen_op == ONTVANGEN
    assert clock.deadline(ONTVANGEN) == date(2026, 5, 26)


def test_a_request_before_the_receipt_is_refused():
    with pytest.raises(TermijnFout):
        _clock().vraag_aanvulling(ONTVANGEN - timedelta(days=1))


def test_repaired_before_the_term_starts_moves_nothing():
    clock = _clock().vraag_aanvulling(date(2026, 3, 12), date(2026, 3, 26))
    assert clock.state(date(2026, 3, 20)).is_paused
    clock = clock.ontvang_aanvulling(date(2026, 3, 20))
    state = clock.state(date(2026, 3, 21))
    assert state.deadline == date(2026, 5, 26) and state.opgeschorte_dagen == 0


def test_only_the_days_after_the_start_are_suspended():
    # Asked on 1 April, repaired on 20 April: the days 15-19 April are inside the term.
    clock = _clock().vraag_aanvulling(date(2026, 4, 1), date(2026, 4, 30))
    paused = clock.state(date(2026, 4, 10))
    assert paused.is_paused and paused.deadline is None
    assert paused.days_left == (date(2026, 5, 26) - date(2026, 4, 14)).days - 1
    clock = clock.ontvang_aanvulling(date(2026, 4, 20))
    state = clock.state(date(2026, 4, 20))
    assert state.opgeschorte_dagen == 5
    assert state.onverschoven_deadline == date(2026, 5, 26) + timedelta(days=5)
    assert state.deadline == date(2026, 6, 1)  # 31 May is a Sunday (Atw)


def test_an_application_clock_is_unchanged():
    clock = CaseClock.voor_aanvraag(date(2026, 1, 6), T)
    assert clock.ontvangen_op is None
    with pytest.raises(TermijnFout):
        clock.vraag_aanvulling(date(2026, 1, 5))
    clock = clock.vraag_aanvulling(date(2026, 1, 8), date(2026, 1, 22)).ontvang_aanvulling(
        date(2026, 1, 15)
    )
    assert clock.state(date(2026, 1, 15)).opgeschorte_dagen == 6
