"""Open data: ``/api/v1/bijeenkomsten`` in the OpenAPI document (``api.openapi.operation``),
with the shared rate limit, ETag and paging of the API. Public facts only: never the online
link, never who signed up (only how many seats are taken)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify
from flask.typing import ResponseReturnValue

from open_nijmegen.api import serializers as S
from open_nijmegen.api.caching import finish, set_last_modified
from open_nijmegen.api.openapi import CURSOR, LIMIT, OPERATIONS, operation, parse_args
from open_nijmegen.api.views import DEFAULT_LIMIT, _page, rate_limited
from open_nijmegen.bijeenkomsten.models import TOEGANKELIJKHEID, Bijeenkomst
from open_nijmegen.core.permissions import public
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db

bp = Blueprint("bijeenkomsten_api", __name__, url_prefix="/api/v1/bijeenkomsten")
bp.after_request(finish)

SCHEMA = S.obj(
    {
        "id": S.INT,
        "titel": S.STR,
        "tekst": S.STR,
        "begint_op": S.DT,
        "eindigt_op": S.DT,
        "online": {"type": "boolean"},
        "adres": S.STR,
        "zaal": S.STR,
        "toegankelijk": {"type": "array", "items": S.STR},
        "aanmelden_nodig": {"type": "boolean"},
        "aanmelden_tot": S.nullable(S.DT),
        "capaciteit": S.nullable(S.INT),
        "plaatsen_bezet": S.INT,
        "gaat_door": {"type": "boolean"},
        "reden_afgelast": S.STR,
        "hoort_bij": S.nullable(S.obj({"soort": S.STR, "id": S.INT})),
        "verslag": S.STR,
        "aanwezig": S.nullable(S.INT),
        "url": S.STR,
        "ics": S.STR,
    }
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def serialize(item: Bijeenkomst) -> dict[str, Any]:
    return {
        "id": item.id,
        "titel": item.titel,
        "tekst": item.tekst,
        "begint_op": _iso(item.begint_op),
        "eindigt_op": _iso(item.eindigt_op),
        "online": item.online,
        "adres": item.adres,
        "zaal": item.zaal,
        "toegankelijk": [column for column, _label in TOEGANKELIJKHEID if getattr(item, column)],
        "aanmelden_nodig": item.aanmelden_nodig,
        "aanmelden_tot": _iso(item.aanmelden_tot),
        "capaciteit": item.capaciteit,
        "plaatsen_bezet": item.bezet,
        "gaat_door": not item.is_geannuleerd,
        "reden_afgelast": item.reden,
        "hoort_bij": (
            {"soort": item.hoort_bij_type, "id": item.hoort_bij_id} if item.hoort_bij_type else None
        ),
        "verslag": item.verslag if item.verslag_op else "",
        "aanwezig": item.aanwezig if item.verslag_op else None,
        "url": external_url("bijeenkomsten.detail", bijeenkomst_id=item.id, slug=item.slug),
        "ics": external_url("bijeenkomsten.ics", bijeenkomst_id=item.id),
    }


def _last_modified() -> Any:
    return db.session.scalar(sa.select(sa.func.max(Bijeenkomst.updated_at)))


@public
@rate_limited
@operation(
    "bijeenkomsten_api.lijst",
    "Bijeenkomsten",
    "Alle bijeenkomsten, oudste eerst, ook afgelaste en voorbije (met verslag). Zonder "
    "persoonsgegevens en zonder de link van een online bijeenkomst.",
    params=(CURSOR, LIMIT),
    schema=S.collection(SCHEMA),
    tag="bijeenkomsten",
)
def lijst() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["bijeenkomsten_api.lijst"].params)
    limit = args["limit"] or DEFAULT_LIMIT
    items = list(
        db.session.scalars(
            sa.select(Bijeenkomst)
            .where(Bijeenkomst.id > (args["cursor"] or 0))
            .order_by(Bijeenkomst.id)
            .limit(limit + 1)
        )
    )
    set_last_modified(_last_modified())
    return _page(items, limit, lambda b: b.id, [serialize(b) for b in items[:limit]])


@public
@rate_limited
@operation("bijeenkomsten_api.een", "Eén bijeenkomst", schema=S.single(SCHEMA), tag="bijeenkomsten")
def een(bijeenkomst_id: int) -> ResponseReturnValue:
    item = db.session.get(Bijeenkomst, bijeenkomst_id)
    if item is None:
        abort(404)
    set_last_modified(item.updated_at)
    return jsonify(data=serialize(item))


bp.add_url_rule("", "lijst", lijst)
bp.add_url_rule("/<int:bijeenkomst_id>", "een", een)
