"""Quick poll (issue 18 point 2): a peiling of one question with one answer to choose, which an
officer marks to be answered in place on the home page (one peiling at a time) and/or on the
page of a project (``/projecten/<id>-<slug>``).

It plugs into the core's pages through the registry (blueprint.py): a home section whose
template asks ``peilingen_snel_home()`` and an object panel for ("traject", id). The answer is
a normal POST form (``views.snel``) stored as any other response (one per account, anonymous
by design, services.bewaar_account). After answering, the resident sees the current result
(bars and numbers, cells under 5 hidden as on the results page).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from open_nijmegen.extensions import db
from open_nijmegen.peilingen import permissions, services
from open_nijmegen.peilingen.models import Doelgroep, Peiling, Soort, Staat, Vraag

MAX_OP_PROJECT = 3


class Toestand(enum.StrEnum):
    ANTWOORDEN = "antwoorden"  # a confirmed resident who did not answer yet: the form
    INLOGGEN = "inloggen"  # a visitor: the question and a link to log in
    BEVESTIGEN = "bevestigen"  # an account whose e-mail address is not confirmed yet
    UITSLAG = "uitslag"  # answered: the current result
    NIET = "niet"  # an officer (they do not answer peilingen)


@dataclass
class SnellePeiling:
    peiling: Peiling
    vraag: Vraag
    toestand: Toestand
    uitslag: Any = None  # uitslag.VraagUitslag when toestand is UITSLAG


def snelle_vraag(peiling: Peiling) -> Vraag | None:
    """The question of ``peiling`` when it can be a quick poll: one question with one answer
    to choose from its options, for accounts, not weighted (that asks wijk and age)."""
    if peiling.doelgroep != Doelgroep.ACCOUNTS or peiling.wegen or len(peiling.vragen) != 1:
        return None
    vraag = peiling.vragen[0]
    if vraag.soort != Soort.ENKEL or not vraag.opties:
        return None
    return vraag


def is_snel(peiling: Peiling) -> bool:
    """Marked as a quick poll, fit to be one and open: it is shown."""
    return (
        (peiling.snel_home or peiling.snel_traject_id is not None)
        and snelle_vraag(peiling) is not None
        and peiling.staat() == Staat.OPEN
    )


def voor(peiling: Peiling, user: Any) -> SnellePeiling | None:
    """What ``user`` sees of the quick poll ``peiling`` (None: not shown)."""
    if not is_snel(peiling):
        return None
    vraag = snelle_vraag(peiling)
    assert vraag is not None
    if not getattr(user, "is_authenticated", False):
        return SnellePeiling(peiling, vraag, Toestand.INLOGGEN)
    if services.heeft_deelgenomen(peiling, user):
        from open_nijmegen.peilingen.uitslag import bereken

        uitslag = bereken(peiling, open_teksten=False, fresh=True).vragen[0]
        return SnellePeiling(peiling, vraag, Toestand.UITSLAG, uitslag)
    if permissions.can_answer_with_account(user, peiling):
        return SnellePeiling(peiling, vraag, Toestand.ANTWOORDEN)
    if not user.is_staff and not user.is_confirmed:
        return SnellePeiling(peiling, vraag, Toestand.BEVESTIGEN)
    return SnellePeiling(peiling, vraag, Toestand.NIET)


def _published() -> sa.Select[tuple[Peiling]]:
    return sa.select(Peiling).where(Peiling.gepubliceerd_op.is_not(None))


def home() -> SnellePeiling | None:
    """The quick poll of the home page for the current user, if one is marked and open."""
    peiling = db.session.scalar(_published().where(Peiling.snel_home.is_(True)).limit(1))
    return voor(peiling, current_user) if peiling is not None else None


def van_project(traject_id: int) -> list[SnellePeiling]:
    items = db.session.scalars(
        _published()
        .where(Peiling.snel_traject_id == traject_id)
        .order_by(Peiling.sluit_op, Peiling.id)
    )
    found = [s for s in (voor(p, current_user) for p in items) if s is not None]
    return found[:MAX_OP_PROJECT]


def panel_context(object_type: str, object_id: int) -> dict[str, Any] | None:
    """The object panel on a project page: its open quick polls (core.registry)."""
    if object_type != "traject":
        return None
    found = van_project(object_id)
    return {"snelle_peilingen": found} if found else None


def markeer_home(peiling: Peiling, aan: bool) -> None:
    """Show ``peiling`` on the home page (and no other) or take it off. The caller commits."""
    if aan and not peiling.snel_home:
        others = sa.update(Peiling).where(Peiling.snel_home.is_(True))
        if peiling.id is not None:
            others = others.where(Peiling.id != peiling.id)
        db.session.execute(
            others.values(snel_home=False).execution_options(synchronize_session="fetch")
        )
        db.session.flush()
    peiling.snel_home = aan
