"""``/api/v1/resultaten``: the figures of /resultaten as open data (aggregates only, small
cells suppressed the same way: a suppressed value is ``null`` with ``getoond`` saying why)."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from open_nijmegen.api import serializers as S
from open_nijmegen.api.openapi import OPERATIONS, Param, operation, parse_args
from open_nijmegen.api.views import rate_limited
from open_nijmegen.core import resultaten as R
from open_nijmegen.core.permissions import public

JAAR = Param(
    "jaar",
    {"type": "integer", "minimum": R.FIRST_YEAR, "maximum": 9999},
    "Het jaar (standaard dit jaar).",
)
KWARTAAL = Param(
    "kwartaal", {"type": "integer", "minimum": 1, "maximum": 4}, "Het kwartaal, 1 tot en met 4."
)
GEBIED = Param(
    "gebied",
    {"type": "string"},
    "Een stadsdeel of wijk: stadsdeel:<naam> of wijk:<naam>. Alleen de ideeën tellen per gebied.",
)

CIJFER = S.obj(
    {
        "key": S.STR,
        "label": S.STR,
        "waarde": S.nullable({"type": "number"}),
        "getoond": S.STR,
        "eenheid": {"type": "string", "enum": ["aantal", "procent", "dagen", "euro"]},
    }
)
SCHEMA = S.obj(
    {
        "periode": S.STR,
        "gebied": S.nullable(S.STR),
        "bijgewerkt_op": S.DT,
        "minimum_aantal": S.INT,
        "onderdelen": {
            "type": "array",
            "items": S.obj(
                {"key": S.STR, "titel": S.STR, "cijfers": {"type": "array", "items": CIJFER}}
            ),
        },
    }
)


@public
@rate_limited
@operation(
    "resultaten",
    "Resultaten",
    "Wat er met de inbreng van inwoners gebeurde, per jaar of kwartaal: ideeën, begroten, "
    "uitdaagrecht en inwonersberaad. Alleen totalen; aantallen onder 5 zijn weggelaten.",
    params=(JAAR, KWARTAAL, GEBIED),
    schema=S.single(SCHEMA),
    tag="resultaten",
)
def resultaten() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["api.resultaten"].params)
    periode = R.parse_periode(
        str(args["jaar"]) if args["jaar"] else None,
        str(args["kwartaal"]) if args["kwartaal"] else None,
    )
    gebied = R.parse_gebied(request.args.get("gebied"))
    uitkomst = R.compute(periode, gebied)
    return jsonify(
        data={
            "periode": periode.key(),
            "gebied": f"{gebied.soort}:{gebied.naam}" if gebied else None,
            "bijgewerkt_op": uitkomst.bijgewerkt_op.isoformat(),
            "minimum_aantal": R.MIN_CEL,
            "onderdelen": [
                {"key": b.key, "titel": b.titel, "cijfers": [c.openbaar() for c in b.cijfers]}
                for b in uitkomst.blokken
            ],
        }
    )
