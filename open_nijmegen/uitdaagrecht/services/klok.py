"""Clocks of a case and of a bezwaar, rebuilt from the facts stored on the rows, and the facts
(``Feiten``) the transition table's conditions need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from open_nijmegen.uitdaagrecht import settings
from open_nijmegen.uitdaagrecht.models import (
    Bezwaar,
    Uitdaging,
)
from open_nijmegen.uitdaagrecht.termijnen import (
    CaseClock,
    ClockState,
    Opschorting,
    Termijnen,
    Verdaging,
    bezwaartermijn_einde,
    bezwaartermijn_open,
)
from open_nijmegen.uitdaagrecht.workflow import (
    BezwaarStatus,
    Feiten,
    Status,
)

TIJDZONE = ZoneInfo("Europe/Amsterdam")
UPLOAD_KINDS = {"pdf", "image"}
OBJECT_TYPE = "uitdaging"
BEZWAAR_PREFIX = "bezwaar:"


def vandaag() -> date:
    """Today in Nijmegen (terms are counted in calendar days of the Netherlands)."""
    return datetime.now(TIJDZONE).date()


class StapFout(ValueError):
    """A step that cannot be taken as filled in. ``fouten`` maps a field name to a B1 message;
    the key None holds a message for the whole form."""

    def __init__(self, fouten: Mapping[str | None, str]) -> None:
        super().__init__("; ".join(fouten.values()))
        self.fouten = dict(fouten)


# -- clocks ---------------------------------------------------------------------------------


def termijnen_voor(uitdaging: Uitdaging) -> Termijnen:
    if uitdaging.termijnen is None:
        return settings.current_termijnen()
    return Termijnen.from_dict(uitdaging.termijnen)


def _opschortingen(rows: list[dict[str, Any]]) -> tuple[Opschorting, ...]:
    return tuple(
        Opschorting(
            gevraagd_op=date.fromisoformat(row["gevraagd_op"]),
            aanvullen_voor=date.fromisoformat(row["aanvullen_voor"]),
            ontvangen_op=date.fromisoformat(row["ontvangen_op"])
            if row.get("ontvangen_op")
            else None,
        )
        for row in rows
    )


def _store_opschortingen(
    old: list[dict[str, Any]], clock: CaseClock, extra: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The clock's requests as JSON, keeping the texts stored beside them."""
    rows = []
    for index, item in enumerate(clock.opschortingen):
        row = dict(old[index]) if index < len(old) else {}
        row.update(
            gevraagd_op=item.gevraagd_op.isoformat(),
            aanvullen_voor=item.aanvullen_voor.isoformat(),
            ontvangen_op=item.ontvangen_op.isoformat() if item.ontvangen_op else None,
        )
        rows.append(row)
    if extra and rows:
        rows[-1].update(extra)
    return rows


def clock_voor(uitdaging: Uitdaging) -> CaseClock:
    """Rebuild the decision clock from the stored facts (a filed case only)."""
    assert uitdaging.klok_begindag is not None
    clock = CaseClock.voor_aanvraag(uitdaging.klok_begindag, termijnen_voor(uitdaging))
    verdaging = (
        Verdaging(uitdaging.verdaagd_op, uitdaging.verdaging_dagen)
        if uitdaging.verdaagd_op is not None and uitdaging.verdaging_dagen is not None
        else None
    )
    return replace(
        clock, opschortingen=_opschortingen(uitdaging.opschortingen), verdaging=verdaging
    )


def _bewaar_clock(
    uitdaging: Uitdaging | Bezwaar, clock: CaseClock, extra: Mapping[str, Any] | None = None
) -> None:
    uitdaging.opschortingen = _store_opschortingen(list(uitdaging.opschortingen), clock, extra)
    if clock.verdaging is not None:
        uitdaging.verdaagd_op = clock.verdaging.op
        uitdaging.verdaging_dagen = clock.verdaging.dagen


def bezwaar_clock(uitdaging: Uitdaging, bezwaar: Bezwaar) -> CaseClock:
    clock = CaseClock.voor_bezwaar(
        bezwaar.besluit_verzonden_op, bezwaar.ontvangen_op, termijnen_voor(uitdaging)
    )
    verdaging = (
        Verdaging(bezwaar.verdaagd_op, bezwaar.verdaging_dagen)
        if bezwaar.verdaagd_op is not None and bezwaar.verdaging_dagen is not None
        else None
    )
    return replace(clock, opschortingen=_opschortingen(bezwaar.opschortingen), verdaging=verdaging)


def _open_verstreken(clock: CaseClock, op: date) -> bool:
    """The request for information that is open now has passed its term unused.

    Only the open (latest) request counts: an earlier request that passed unused and was
    followed by "verder zonder de informatie" must not let a new request be closed early.
    """
    open_ = clock.open_opschorting()
    return open_ is not None and open_.termijn_verstreken(op)


def bezwaar_open(uitdaging: Uitdaging, op: date) -> bool:
    if uitdaging.besluit_verzonden_op is None or not uitdaging.status.heeft_besluit:
        return False
    return bezwaartermijn_open(uitdaging.besluit_verzonden_op, op, termijnen_voor(uitdaging))


def feiten_voor(uitdaging: Uitdaging, op: date) -> Feiten:
    if uitdaging.klok_begindag is None:
        return Feiten()
    clock = clock_voor(uitdaging)
    return Feiten(
        verdaging_mogelijk=clock.kan_verdagen(op),
        aanvullingstermijn_verstreken=_open_verstreken(clock, op),
        bezwaartermijn_open=bezwaar_open(uitdaging, op),
    )


def bezwaar_feiten(uitdaging: Uitdaging, bezwaar: Bezwaar, op: date) -> Feiten:
    clock = bezwaar_clock(uitdaging, bezwaar)
    return Feiten(
        verdaging_mogelijk=clock.kan_verdagen(op),
        aanvullingstermijn_verstreken=_open_verstreken(clock, op),
    )


@dataclass(frozen=True)
class Termijnstand:
    """What a page shows about the deadline of a case on one day."""

    state: ClockState | None  # None when no decision term runs (concept, decided, closed)
    aanvullen_voor: date | None
    bezwaar_tot: date | None
    bezwaar_state: ClockState | None


def termijnstand(uitdaging: Uitdaging, op: date) -> Termijnstand:
    state = None
    aanvullen_voor = None
    if uitdaging.klok_begindag is not None and (
        uitdaging.status.clock_running or uitdaging.status == Status.AANVULLING_GEVRAAGD
    ):
        clock = clock_voor(uitdaging)
        state = clock.state(op)
        open_ = clock.open_opschorting()
        if uitdaging.status == Status.AANVULLING_GEVRAAGD and open_ is not None:
            aanvullen_voor = open_.aanvullen_voor
    bezwaar_tot = None
    if uitdaging.besluit_verzonden_op is not None and uitdaging.status.toont_bezwaartermijn:
        bezwaar_tot = bezwaartermijn_einde(
            uitdaging.besluit_verzonden_op, termijnen_voor(uitdaging)
        )
    bezwaar_state = None
    lopend = lopend_bezwaar(uitdaging)
    if lopend is not None and (
        lopend.status.clock_running or lopend.status == BezwaarStatus.HERSTEL_GEVRAAGD
    ):
        bezwaar_state = bezwaar_clock(uitdaging, lopend).state(op)
    return Termijnstand(state, aanvullen_voor, bezwaar_tot, bezwaar_state)


def lopend_bezwaar(uitdaging: Uitdaging) -> Bezwaar | None:
    for bezwaar in reversed(uitdaging.bezwaren):
        if not bezwaar.status.is_closed:
            return bezwaar
    return None
