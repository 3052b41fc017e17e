"""Casting and changing a ballot, with ballot secrecy and exactly one ballot per voter.

Design (also in the README and on /privacy):

- ``begroting_deelname`` says *that* someone voted: (begroting, user, first day). Its unique
  constraint makes a second row impossible, also when twenty requests arrive at once.
- ``stembiljet`` says *what* was voted: the plan ids and the day of the last change; no user
  id, no time of day. Its primary key is ``HMAC-SHA256(ballot secret, "begroting:user")``.
  The server recomputes the key to find and change the voter's own ballot, so a change
  needs no link stored in the database. Someone who reads the database without the secret
  (an officer with a database tool, a backup that leaks) cannot tell whose ballot is whose;
  the keys are random-looking, so their order says nothing either.
- A new ballot row is written only in the transaction whose "has voted" insert really
  inserted. A voter whose ballot cannot be found again (the secret was changed) is told so
  and gets no second ballot.
- Officers never see a ballot: no page shows one; totals and the anonymous .pb file are made
  from all ballots at once, in random order.
- The limit: whoever holds both the database and the server secret can recompute the key
  of every voter. That is the price of letting voters change their ballot; paper ballots
  (core.paper) have a random key and are not linked to anyone.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import lazyload

from open_nijmegen.begroten.models import (
    Begroting,
    Deelname,
    Plan,
    PlanStatus,
    Stembiljet,
    Stemwijze,
)
from open_nijmegen.core.db import insert_ignoring_duplicates, utcnow
from open_nijmegen.core.paper import register_paper_form
from open_nijmegen.extensions import db

MAX_KEUZES_IN_FORM = 200  # more values than this in one form is never a real ballot


class StemFout(ValueError):
    """The ballot breaks a rule; the message is B1 Dutch. Nothing was stored."""


def _secret() -> bytes:
    configured = current_app.config.get("BEGROTEN_STEMGEHEIM")
    base = configured or current_app.config["SECRET_KEY"]
    return hmac.new(str(base).encode(), b"begroten-stembiljet-v1", hashlib.sha256).digest()


def ballot_key(begroting_id: int, user_id: int) -> str:
    """The ballot's key for this voter: only the server (with its secret) can compute it."""
    message = f"{begroting_id}:{user_id}".encode()
    return hmac.new(_secret(), message, hashlib.sha256).hexdigest()


def ballot_plans(begroting: Begroting) -> list[Plan]:
    """The plans on the ballot: haalbaar, with their official cost, once the list is out.
    The author and the photo are loaded only when asked for: the voting page and the count
    need neither (the author's join also loads their staff work areas)."""
    if begroting.stemlijst_op is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Plan)
            .options(lazyload(Plan.author), lazyload(Plan.image))
            .where(Plan.begroting_id == begroting.id, Plan.status == PlanStatus.HAALBAAR)
            .order_by(Plan.titel, Plan.id)
        )
    )


@dataclass(frozen=True)
class Keuze:
    """A checked choice: the plans (in the ballot's order) and their total cost."""

    plannen: tuple[Plan, ...]
    totaal: int

    @property
    def ids(self) -> list[int]:
        return sorted(p.id for p in self.plannen)


def parse_choice(raw: Iterable[str]) -> list[int]:
    """Plan ids from the form; a B1 error for anything that is not a plan number."""
    values = list(raw)
    if len(values) > MAX_KEUZES_IN_FORM:
        raise StemFout(_("U koos meer plannen dan er op de lijst staan."))
    ids: list[int] = []
    for value in values:
        text = str(value).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 12:
            raise StemFout(_("Een van uw keuzes is geen plan van deze lijst. Kies opnieuw."))
        ids.append(int(text))
    if len(set(ids)) != len(ids):
        raise StemFout(_("U koos een plan twee keer. Kies elk plan maar één keer."))
    return ids


def check_choice(begroting: Begroting, ids: list[int], plannen: list[Plan] | None = None) -> Keuze:
    """Check a choice against the ballot list and its rule (budget or number)."""
    plannen = ballot_plans(begroting) if plannen is None else plannen
    by_id = {p.id: p for p in plannen}
    if any(i not in by_id for i in ids):
        raise StemFout(
            _("Een van uw keuzes staat niet op de lijst van deze begroting. Kies opnieuw.")
        )
    chosen = tuple(p for p in plannen if p.id in set(ids))
    totaal = sum(int(p.kosten or 0) for p in chosen)
    if not chosen:
        raise StemFout(_("Kies minstens één plan."))
    if begroting.stemwijze == Stemwijze.BUDGET and totaal > begroting.budget:
        raise StemFout(
            _(
                "Uw plannen kosten samen € %(totaal)s. Dat is meer dan het budget van "
                "€ %(budget)s. Haal een of meer plannen weg.",
                totaal=euro(totaal),
                budget=euro(begroting.budget),
            )
        )
    if begroting.stemwijze == Stemwijze.MAXIMAAL and len(chosen) > (begroting.max_keuzes or 0):
        raise StemFout(
            _(
                "U koos %(n)s plannen. U mag er %(max)s kiezen. Haal er een of meer weg.",
                n=len(chosen),
                max=begroting.max_keuzes,
            )
        )
    return Keuze(chosen, totaal)


@functools.lru_cache(maxsize=16)
def _group_symbol(locale: str) -> str:
    from babel.numbers import get_group_symbol

    return str(get_group_symbol(locale))


def euro(amount: int) -> str:
    """Whole euros grouped the way the page's language does it: 50.000 (nl), 50,000 (en).
    (What core.dates.getal prints for whole numbers, without babel's pattern parsing on every
    call: the voting page prints some sixty amounts.)"""
    from open_nijmegen.core.i18n import current_locale

    return f"{int(amount):,}".replace(",", _group_symbol(current_locale()))


def has_voted(begroting: Begroting, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            sa.select(Deelname.id).where(
                Deelname.begroting_id == begroting.id, Deelname.user_id == user.id
            )
        )
        is not None
    )


def own_ballot(begroting: Begroting, user: Any) -> list[int]:
    """The voter's own choices (to show them their ballot and let them change it)."""
    return voter_state(begroting, user)[1]


def voter_state(begroting: Begroting, user: Any) -> tuple[bool, list[int]]:
    """(has voted, own choices) in one look-up for a voter who voted: a ballot under the
    voter's key exists only if the has-voted row was inserted (``cast``). Without one, the
    has-voted row is asked (a voter whose ballot cannot be found again still has voted)."""
    if not getattr(user, "is_authenticated", False):
        return False, []
    row = db.session.get(Stembiljet, ballot_key(begroting.id, user.id))
    if row is not None and row.begroting_id == begroting.id:
        return True, list(row.keuzes)
    return has_voted(begroting, user), []


def cast(begroting: Begroting, user: Any, keuze: Keuze) -> bool:
    """Store the voter's ballot, or change it. Returns True for a first vote.

    The caller has checked who may vote (permissions.can_vote) and the choice (check_choice).
    """
    today = utcnow().date()
    key = ballot_key(begroting.id, user.id)
    inserted = db.session.execute(
        insert_ignoring_duplicates(Deelname.__table__, ["begroting_id", "user_id"])
        .values(begroting_id=begroting.id, user_id=user.id, gestemd_op=today)
        .returning(Deelname.__table__.c.id)
    ).first()
    if inserted is not None:
        db.session.add(
            Stembiljet(sleutel=key, begroting_id=begroting.id, keuzes=keuze.ids, dag=today)
        )
        db.session.flush()
        return True
    changed = db.session.execute(
        sa.update(Stembiljet)
        .where(Stembiljet.sleutel == key, Stembiljet.begroting_id == begroting.id)
        .values(keuzes=keuze.ids, dag=today)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        raise StemFout(
            _("Uw stem is al geteld, maar we kunnen hem niet meer aanpassen. Uw eerste stem telt.")
        )
    return False


def cast_paper(begroting: Begroting, officer: Any, number: int, keuze: Keuze) -> Stembiljet:
    """An officer enters paper ballot ``number`` (each number once per begroting)."""
    form = register_paper_form(officer, "begroting", begroting.id, number)
    row = Stembiljet(
        sleutel="papier-" + secrets.token_hex(24),
        begroting_id=begroting.id,
        keuzes=keuze.ids,
        dag=utcnow().date(),
        paper_form_id=form.id,
    )
    db.session.add(row)
    db.session.flush()
    return row


def all_ballots(begroting_id: int) -> list[tuple[list[int], bool]]:
    """Every ballot's choices and whether it came from paper, in random order."""
    rows = db.session.execute(
        sa.select(Stembiljet.keuzes, Stembiljet.paper_form_id).where(
            Stembiljet.begroting_id == begroting_id
        )
    ).all()
    shuffled = [(list(k), p is not None) for k, p in rows]
    secrets.SystemRandom().shuffle(shuffled)
    return shuffled


def counts(begroting_id: int) -> dict[str, int]:
    """How many ballots online and on paper (no choices)."""
    rows = db.session.execute(
        sa.select(Stembiljet.paper_form_id.is_not(None), sa.func.count())
        .where(Stembiljet.begroting_id == begroting_id)
        .group_by(Stembiljet.paper_form_id.is_not(None))
    ).all()
    found = {bool(paper): int(n) for paper, n in rows}
    return {"online": found.get(False, 0), "papier": found.get(True, 0)}
