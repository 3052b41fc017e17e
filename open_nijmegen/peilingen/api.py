"""Open data: ``/api/v1/peilingen`` in the OpenAPI document (``api.openapi.operation``), with
the shared rate limit, ETag and paging of the API. Aggregates only: counts and percentages
per answer (cells under 5 are null, as on the page, and the cells hidden with them so that
none can be worked out: uitslag.verberg), never a response and never an open
answer; the results only once they are public (after the close, or live when set)."""

from __future__ import annotations

import math
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify
from flask.typing import ResponseReturnValue

from open_nijmegen.api import serializers as S
from open_nijmegen.api.caching import finish
from open_nijmegen.api.openapi import CURSOR, LIMIT, OPERATIONS, operation, parse_args
from open_nijmegen.api.views import DEFAULT_LIMIT, _page, rate_limited
from open_nijmegen.core.permissions import public
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import permissions
from open_nijmegen.peilingen.models import Peiling, Soort
from open_nijmegen.peilingen.uitslag import bereken

bp = Blueprint("peilingen_api", __name__, url_prefix="/api/v1/peilingen")
bp.after_request(finish)

NUM = {"type": "number"}
BOOL = {"type": "boolean"}
ANTWOORD = S.obj(
    {
        "antwoord": S.STR,
        "aantal": S.nullable(S.INT),
        "procent": S.nullable(NUM),
        "procent_gewogen": S.nullable(NUM),
        "foutmarge": S.nullable(NUM),
    }
)
VRAAG = S.obj(
    {
        "id": S.INT,
        "vraag": S.STR,
        "soort": S.STR,
        "aantal": S.nullable(S.INT),
        "te_weinig": BOOL,
        "gemiddelde": S.nullable(NUM),
        "mediaan": S.nullable(NUM),
        "antwoorden": {"type": "array", "items": ANTWOORD},
    }
)
UITSLAG = S.obj(
    {
        "aantal": S.INT,
        "papier": S.INT,
        "weging": S.nullable(
            S.obj(
                {
                    "gelukt": BOOL,
                    "melding": S.STR,
                    "aantal": S.INT,
                    "effectieve_steekproef": NUM,
                    "design_effect": NUM,
                }
            )
        ),
        "vragen": {"type": "array", "items": VRAAG},
    }
)
SCHEMA = S.obj(
    {
        "id": S.INT,
        "titel": S.STR,
        "intro": S.STR,
        "staat": S.STR,
        "doelgroep": S.STR,
        "opent_op": S.DT,
        "sluit_op": S.DT,
        "gewogen": BOOL,
        "url": S.STR,
        "uitslag": S.nullable(UITSLAG),
    }
)


def _num(value: float | None) -> float | None:
    return round(value, 4) if value is not None and math.isfinite(value) else None


def _uitslag(item: Peiling) -> dict[str, Any] | None:
    if not permissions.can_see_results(None, item):
        return None
    result = bereken(item, open_teksten=False)
    w = result.weging
    return {
        "aantal": result.n,
        "papier": result.papier,
        "weging": (
            {
                "gelukt": w.gelukt,
                "melding": w.melding,
                "aantal": w.n,
                "effectieve_steekproef": _num(w.n_eff) or 0.0,
                "design_effect": _num(w.design_effect) or 0.0,
            }
            if w is not None
            else None
        ),
        "vragen": [
            {
                "id": r.vraag.id,
                "vraag": r.vraag.tekst,
                "soort": r.vraag.soort.value,
                "aantal": None if r.na_verborgen else r.n,
                "te_weinig": r.te_weinig or (r.vraag.soort != Soort.OPEN and r.n < 5),
                "gemiddelde": _num(r.gemiddelde),
                "mediaan": _num(r.mediaan),
                "antwoorden": [
                    {
                        "antwoord": g.label,
                        "aantal": g.aantal,
                        "procent": _num(g.procent),
                        "procent_gewogen": _num(g.gewogen),
                        "foutmarge": _num(g.marge),
                    }
                    for g in r.regels
                ],
            }
            for r in result.vragen
        ],
    }


def serialize(item: Peiling) -> dict[str, Any]:
    return {
        "id": item.id,
        "titel": item.titel,
        "intro": item.intro,
        "staat": item.staat().value,
        "doelgroep": item.doelgroep.value,
        "opent_op": S.iso(item.opent_op),
        "sluit_op": S.iso(item.sluit_op),
        "gewogen": item.wegen,
        "url": external_url("peilingen.detail", peiling_id=item.id, slug=item.slug),
        "uitslag": _uitslag(item),
    }


def _published() -> Any:
    return sa.select(Peiling).where(Peiling.gepubliceerd_op.is_not(None))


@public
@rate_limited
@operation(
    "peilingen_api.lijst",
    "Peilingen",
    "Alle gepubliceerde peilingen, oudste eerst, met de uitslag zodra die openbaar is: "
    "aantallen en percentages per antwoord (gewogen en niet gewogen, met de foutmarge). "
    "Groepen van minder dan 5 mensen zijn null. Soms is ook een andere groep null: anders "
    "is een verborgen getal uit te rekenen. Nooit losse antwoorden.",
    params=(CURSOR, LIMIT),
    schema=S.collection(SCHEMA),
    tag="peilingen",
)
def lijst() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["peilingen_api.lijst"].params)
    limit = args["limit"] or DEFAULT_LIMIT
    items = list(
        db.session.scalars(
            _published()
            .where(Peiling.id > (args["cursor"] or 0))
            .order_by(Peiling.id)
            .limit(limit + 1)
        )
    )
    # No Last-Modified: live results change with every response, not with the peiling row.
    return _page(items, limit, lambda p: p.id, [serialize(p) for p in items[:limit]])


@public
@rate_limited
@operation("peilingen_api.een", "Eén peiling", schema=S.single(SCHEMA), tag="peilingen")
def een(peiling_id: int) -> ResponseReturnValue:
    item = db.session.get(Peiling, peiling_id)
    if item is None or item.gepubliceerd_op is None:
        abort(404)
    return jsonify(data=serialize(item))


bp.add_url_rule("", "lijst", lijst)
bp.add_url_rule("/<int:peiling_id>", "een", een)
