"""Use cases: begrotingen, plans, the officers' checks, progress of winners. The request
commits once; every public change is a dated ``StatusChange`` row (the plan's history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from open_nijmegen.begroten import permissions
from open_nijmegen.begroten.models import (
    UITVOERING_LABELS,
    Begroting,
    Gebied,
    Plan,
    PlanStatus,
    Uitvoering,
    begroting_wijk,
)
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.interactions.services import ensure_follow, notify_followers
from open_nijmegen.core.models import StatusChange, Upload
from open_nijmegen.core.uploads import attach
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db


class BegrotenFout(ValueError):
    """A rule was broken; the message is B1 Dutch."""


def eligible_wijken(begroting: Begroting) -> list[Wijk]:
    """The wijken whose residents may vote (and send plans)."""
    query = sa.select(Wijk).where(Wijk.actief.is_(True)).order_by(Wijk.naam)
    if begroting.gebied == Gebied.STADSDEEL:
        query = query.where(Wijk.stadsdeel == begroting.stadsdeel)
    elif begroting.gebied == Gebied.WIJKEN:  # one query, not the relationship and then this
        query = query.join(begroting_wijk, begroting_wijk.c.wijk_id == Wijk.id).where(
            begroting_wijk.c.begroting_id == begroting.id
        )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class WijkCheck:
    """Where the voter lives, when the login says it (OpenID Connect ``wijk_claim``)."""

    from_login: bool  # the login named a wijk: the ballot's own question is not asked
    wijk: Wijk | None  # that wijk, if it is one of this begroting's
    named: str = ""  # the name the login gave
    refusal: str = ""  # B1: why this voter cannot vote here ("" when nothing stands in the way)


def wijk_from_login(user: Any, eligible: list[Wijk]) -> WijkCheck:
    """The wijk from the login is used instead of the voter's own answer. With the setting
    begroten.wijk_uit_inlog_nodig on, a login without a wijk cannot vote."""
    from open_nijmegen.accounts.oidc.services import login_wijk
    from open_nijmegen.begroten.settings import WIJK_UIT_INLOG_NODIG
    from open_nijmegen.core.settings import get_setting

    named = login_wijk(user)
    if named is None:
        if get_setting(WIJK_UIT_INLOG_NODIG.key):
            return WijkCheck(
                False,
                None,
                refusal=_(
                    "Bij deze stemming moet de gemeente weten in welke wijk u woont. Log uit "
                    "en log opnieuw in met DigiD. Dan kunt u stemmen."
                ),
            )
        return WijkCheck(False, None)
    found = next((w for w in eligible if w.naam.casefold() == named.casefold()), None)
    if found is None:
        return WijkCheck(
            True,
            None,
            named,
            _(
                "Volgens uw inlog woont u in %(wijk)s. Die wijk hoort niet bij deze begroting. "
                "Daarom kunt u hier niet stemmen.",
                wijk=named,
            ),
        )
    return WijkCheck(True, found, named)


def history(plan: Plan) -> list[StatusChange]:
    return list(
        db.session.scalars(
            sa.select(StatusChange)
            .where(
                StatusChange.object_type == "plan",
                StatusChange.object_id == plan.id,
                StatusChange.is_public.is_(True),
            )
            .order_by(StatusChange.created_at, StatusChange.id)
        )
    )


def _history(plan: Plan, actor: Any, old: str | None, new: str, text: str) -> None:
    db.session.add(
        StatusChange(
            object_type="plan",
            object_id=plan.id,
            from_status=old,
            to_status=new,
            explanation=text,
            is_public=True,
            actor_id=getattr(actor, "id", None),
            created_at=utcnow(),
        )
    )


@dataclass(frozen=True)
class PlanData:
    titel: str
    tekst: str
    wijk_id: int
    geschatte_kosten: int
    adres: str | None = None
    lat: float | None = None
    lon: float | None = None


def submit_plan(actor: Any, begroting: Begroting, data: PlanData, image: Upload | None) -> Plan:
    if not permissions.can_submit(actor, begroting):
        raise BegrotenFout(_("U kunt nu geen plan insturen bij deze begroting."))
    if data.wijk_id not in {w.id for w in eligible_wijken(begroting)}:
        raise BegrotenFout(_("Kies een wijk die bij deze begroting hoort."))
    if not 1 <= data.geschatte_kosten <= begroting.budget:
        raise BegrotenFout(_("Een plan kost minstens 1 euro en niet meer dan het hele budget."))
    plan = Plan(
        begroting_id=begroting.id,
        author_id=actor.id,
        titel=data.titel,
        tekst=data.tekst,
        wijk_id=data.wijk_id,
        geschatte_kosten=data.geschatte_kosten,
        adres=data.adres,
        lat=data.lat,
        lon=data.lon,
        status=PlanStatus.INGEDIEND,
    )
    db.session.add(plan)
    db.session.flush()
    if image is not None:
        attach(image, plan)
        plan.image_id = image.id
    _history(plan, actor, None, PlanStatus.INGEDIEND.value, "")
    ensure_follow(actor, plan)
    return plan


def assess(
    actor: Any,
    plan: Plan,
    status: PlanStatus,
    reden: str,
    kosten: int | None = None,
    kosten_reden: str = "",
    merge_into: Plan | None = None,
) -> None:
    """Feasibility: haalbaar (with the official cost and its public reason), niet haalbaar
    (with a B1 reason) or samengevoegd with another plan of the same begroting."""
    begroting = plan.begroting
    if not permissions.can_assess(actor, begroting):
        raise BegrotenFout(_("De plannen kunnen nu niet meer worden beoordeeld."))
    old = plan.status
    if status == PlanStatus.HAALBAAR:
        if kosten is None or not 1 <= kosten <= begroting.budget:
            raise BegrotenFout(_("De kosten zijn minstens 1 euro en niet meer dan het budget."))
        if not kosten_reden.strip():
            raise BegrotenFout(_("Schrijf op hoe de gemeente aan deze kosten komt."))
        changed_cost = plan.kosten != kosten
        plan.kosten = kosten
        plan.kosten_reden = kosten_reden
        plan.merged_into_id = None
        if changed_cost:
            _history(
                plan,
                actor,
                old.value,
                "kosten",
                f"€ {kosten:,}".replace(",", ".") + "\n\n" + kosten_reden,
            )
    elif status == PlanStatus.SAMENGEVOEGD:
        if (
            merge_into is None
            or merge_into.begroting_id != plan.begroting_id
            or merge_into.id == plan.id
        ):
            raise BegrotenFout(_("Kies een ander plan van deze begroting."))
        if merge_into.status == PlanStatus.SAMENGEVOEGD:
            raise BegrotenFout(_("Dat plan is zelf al samengevoegd. Kies het plan waarin het zit."))
        plan.merged_into_id = merge_into.id
    elif status == PlanStatus.NIET_HAALBAAR:
        plan.merged_into_id = None
    if status != PlanStatus.HAALBAAR and not reden.strip():
        raise BegrotenFout(_("Schrijf de reden op. De indiener en iedereen kan die lezen."))
    plan.status = status
    plan.reden = reden or None
    _history(plan, actor, old.value, status.value, reden)
    record_audit(actor, "plan.beoordeeld", plan, old=old.value, new=status.value, kosten=kosten)
    db.session.flush()
    notify_followers(
        plan,
        "begroten/plan_status",
        _l("Nieuws over het plan: %(titel)s", titel=plan.titel[:80]),
        plan=plan,
        status_label=plan.status_label,
        explanation=reden or kosten_reden,
    )


def publish_list(actor: Any, begroting: Begroting) -> int:
    """Publish the ballot list: the plans marked haalbaar. Plans still waiting stay off it."""
    if not permissions.can_publish_list(actor, begroting):
        raise BegrotenFout(_("De lijst kan nu niet worden gepubliceerd."))
    n = sum(1 for p in begroting.plannen if p.status == PlanStatus.HAALBAAR)
    if n == 0:
        raise BegrotenFout(_("Er staat nog geen plan op de lijst. Keur eerst plannen goed."))
    begroting.stemlijst_op = utcnow()
    record_audit(actor, "begroting.stemlijst", begroting, plannen=n)
    # The count runs by itself when voting closes (a background job).
    from open_nijmegen.begroten.jobs import schedule_count

    schedule_count(begroting)
    return n


def report_progress(
    actor: Any, plan: Plan, status: Uitvoering, tekst: str, when: datetime | None = None
) -> None:
    if not permissions.can_report_progress(actor, plan):
        raise BegrotenFout(_("Bij dit plan kan nu geen voortgang worden gemeld."))
    if not tekst.strip():
        raise BegrotenFout(_("Schrijf op wat er is gebeurd."))
    old = plan.uitvoering.value if plan.uitvoering else None
    plan.uitvoering = status
    db.session.add(
        StatusChange(
            object_type="plan",
            object_id=plan.id,
            from_status=old,
            to_status=status.value,
            explanation=tekst,
            is_public=True,
            actor_id=getattr(actor, "id", None),
            created_at=when or utcnow(),
        )
    )
    record_audit(actor, "plan.voortgang", plan, status=status.value)
    db.session.flush()
    notify_followers(
        plan,
        "begroten/plan_status",
        _l("Nieuws over het plan: %(titel)s", titel=plan.titel[:80]),
        plan=plan,
        status_label=UITVOERING_LABELS[status],
        explanation=tekst,
    )
