"""Open data: ``/api/v1/begrotingen`` in the OpenAPI document (``api.openapi.operation``),
with the shared rate limit, ETag and paging of the API.

Aggregates only: the begroting, its plans (title, wijk, costs, status; never who sent a
plan) and, only after the count, the votes per plan and the totals. No ballot, no voter,
no running total while voting is open (that could steer the vote)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify
from flask.typing import ResponseReturnValue

from open_nijmegen.api import serializers as S
from open_nijmegen.api.caching import finish, set_last_modified
from open_nijmegen.api.openapi import CURSOR, LIMIT, OPERATIONS, operation, parse_args
from open_nijmegen.api.views import DEFAULT_LIMIT, _page, rate_limited
from open_nijmegen.begroten import ballots
from open_nijmegen.begroten.models import Begroting, Plan
from open_nijmegen.begroten.phases import FASE_KOLOMMEN
from open_nijmegen.core.permissions import public
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db

bp = Blueprint("begroten_api", __name__, url_prefix="/api/v1/begrotingen")
bp.after_request(finish)

BOOL = {"type": "boolean"}
IDS = {"type": "array", "items": S.INT}

PLAN_SCHEMA = S.obj(
    {
        "id": S.INT,
        "titel": S.STR,
        "wijk": S.STR,
        "status": S.STR,
        "geschatte_kosten": S.INT,
        "kosten": S.nullable(S.INT),
        "kosten_reden": S.STR,
        "op_stemlijst": BOOL,
        "stemmen": S.nullable(S.INT),
        "gekozen": S.nullable(BOOL),
        "uitvoering": S.nullable(S.STR),
        "url": S.STR,
    }
)
UITSLAG_SCHEMA = S.obj(
    {
        "geteld_op": S.DT,
        "regel": S.STR,
        "stembiljetten": S.INT,
        "online": S.INT,
        "papier": S.INT,
        "budget_gebruikt": S.INT,
        "gekozen": IDS,
        "meeste_stemmen": IDS,
        "budget_meeste_stemmen": S.INT,
        "pb": S.STR,
        "pb_sha256": S.STR,
        "csv": S.STR,
        "url": S.STR,
    }
)
SCHEMA = S.obj(
    {
        "id": S.INT,
        "titel": S.STR,
        "vraag": S.STR,
        "gebied": S.STR,
        "stadsdeel": S.nullable(S.STR),
        "wijken": {"type": "array", "items": S.STR},
        "budget": S.INT,
        "stemwijze": S.STR,
        "max_keuzes": S.nullable(S.INT),
        "telmethode": S.STR,
        "fase": S.STR,
        "fases": S.obj({fase.value: S.DT for fase, _kolom in FASE_KOLOMMEN}),
        "plannen": {"type": "array", "items": PLAN_SCHEMA},
        "uitslag": S.nullable(UITSLAG_SCHEMA),
        "url": S.STR,
    }
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _plan(item: Plan, result: dict[str, Any] | None) -> dict[str, Any]:
    row = (result or {}).get("per_plan", {}).get(str(item.id)) if result else None
    return {
        "id": item.id,
        "titel": item.titel,
        "wijk": item.wijk.naam,
        "status": item.status.value,
        "geschatte_kosten": int(item.geschatte_kosten),
        "kosten": int(item.kosten) if item.kosten is not None else None,
        "kosten_reden": item.kosten_reden or "",
        "op_stemlijst": item.op_stemlijst,
        "stemmen": int(row["stemmen"]) if row else None,
        "gekozen": bool(row["gekozen"]) if row else None,
        "uitvoering": item.uitvoering.value if item.uitvoering is not None else None,
        "url": external_url(
            "begroten.plan", begroting_id=item.begroting_id, plan_id=item.id, slug=item.slug
        ),
    }


def uitslag(item: Begroting) -> dict[str, Any] | None:
    """The totals after the count (None before it)."""
    if not item.is_geteld or not item.uitslag:
        return None
    result = item.uitslag
    counts = ballots.counts(item.id)
    return {
        "geteld_op": _iso(item.geteld_op),
        "regel": str(result.get("rule", "")),
        "stembiljetten": int(result.get("stembiljetten", 0)),
        "online": counts["online"],
        "papier": counts["papier"],
        "budget_gebruikt": int(result.get("budget_gebruikt", 0)),
        "gekozen": [int(i) for i in result.get("winnaars", [])],
        "meeste_stemmen": [int(i) for i in result.get("greedy", [])],
        "budget_meeste_stemmen": int(result.get("budget_greedy", 0)),
        "pb": external_url("begroten.pb_bestand", begroting_id=item.id),
        "pb_sha256": item.pb_sha256 or "",
        "csv": external_url("begroten.uitslag_csv", begroting_id=item.id),
        "url": external_url("begroten.uitslag", begroting_id=item.id),
    }


def serialize(item: Begroting) -> dict[str, Any]:
    result = item.uitslag if item.is_geteld else None
    return {
        "id": item.id,
        "titel": item.titel,
        "vraag": item.vraag,
        "gebied": item.gebied.value,
        "stadsdeel": item.stadsdeel,
        "wijken": sorted(w.naam for w in item.wijken),
        "budget": int(item.budget),
        "stemwijze": item.stemwijze.value,
        "max_keuzes": item.max_keuzes,
        "telmethode": item.telmethode.value,
        "fase": item.fase_op().value,
        "fases": {fase.value: _iso(getattr(item, kolom)) for fase, kolom in FASE_KOLOMMEN},
        "plannen": [_plan(p, result) for p in sorted(item.plannen, key=lambda p: p.id)],
        "uitslag": uitslag(item),
        "url": external_url("begroten.detail", begroting_id=item.id, slug=item.slug),
    }


def _last_modified(begroting_id: int | None = None) -> Any:
    begrotingen = sa.select(sa.func.max(Begroting.updated_at))
    plannen = sa.select(sa.func.max(Plan.updated_at))
    if begroting_id is not None:
        begrotingen = begrotingen.where(Begroting.id == begroting_id)
        plannen = plannen.where(Plan.begroting_id == begroting_id)
    found = [db.session.scalar(begrotingen), db.session.scalar(plannen)]
    return max((v for v in found if v is not None), default=None)


@public
@rate_limited
@operation(
    "begroten_api.lijst",
    "Begrotingen",
    "Alle begrotingen, oudste eerst, met hun plannen (zonder wie ze instuurde). Stemmen per "
    "plan en de uitslag staan er pas in na het tellen. Geen stembiljetten, geen kiezers.",
    params=(CURSOR, LIMIT),
    schema=S.collection(SCHEMA),
    tag="begroten",
)
def lijst() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["begroten_api.lijst"].params)
    limit = args["limit"] or DEFAULT_LIMIT
    items = list(
        db.session.scalars(
            sa.select(Begroting)
            .where(Begroting.id > (args["cursor"] or 0))
            .order_by(Begroting.id)
            .limit(limit + 1)
        )
    )
    set_last_modified(_last_modified())
    return _page(items, limit, lambda b: b.id, [serialize(b) for b in items[:limit]])


@public
@rate_limited
@operation("begroten_api.een", "Eén begroting", schema=S.single(SCHEMA), tag="begroten")
def een(begroting_id: int) -> ResponseReturnValue:
    item = db.session.get(Begroting, begroting_id)
    if item is None:
        abort(404)
    set_last_modified(_last_modified(item.id))
    return jsonify(data=serialize(item))


bp.add_url_rule("", "lijst", lijst)
bp.add_url_rule("/<int:begroting_id>", "een", een)
