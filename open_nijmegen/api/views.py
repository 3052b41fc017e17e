"""The read-only JSON API (/api/v1), its CSV downloads, the OpenAPI document and the
/open-data page. Every view is public; every JSON/CSV view is declared with ``@operation``."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from open_nijmegen.api import queries as Q
from open_nijmegen.api import serializers as S
from open_nijmegen.api.caching import set_last_modified
from open_nijmegen.api.openapi import (
    CURSOR,
    LIMIT,
    OPERATIONS,
    UPDATED_SINCE,
    Param,
    document,
    operation,
    parse_args,
)
from open_nijmegen.core.csvfile import csv_response
from open_nijmegen.core.permissions import public
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import limiter
from open_nijmegen.ideeen.models import IdeeStatus
from open_nijmegen.inwonersberaad.models import Fase
from open_nijmegen.uitdaagrecht.queries import REGISTER_STATUSES

RATE_LIMIT = "120 per minute"
DEFAULT_LIMIT = 50
# One budget per client for all of open data (API, CSV, feeds).
rate_limited = limiter.shared_limit(RATE_LIMIT, scope="open-data")

ID = {"type": "integer", "minimum": 1, "maximum": 999999999}
IDEE_FILTERS = (
    Param("wijk", ID, "Alleen ideeën in deze wijk (id, zie het veld wijk.id)."),
    Param("thema", ID, "Alleen ideeën over dit thema (id)."),
    Param(
        "status",
        {"type": "string", "enum": [s.value for s in IdeeStatus]},
        "Alleen met deze status.",
    ),
    Param("traject", {"type": "string", "maxLength": 80}, "Alleen in dit traject (slug)."),
    UPDATED_SINCE,
)
UITDAGING_FILTERS = (
    Param(
        "status",
        {"type": "string", "enum": [s.value for s in REGISTER_STATUSES]},
        "Alleen met deze status.",
    ),
    UPDATED_SINCE,
)
UITDAGING_CURSOR = Param(
    "cursor",
    {"type": "string", "maxLength": 16},
    "Begin na dit kenmerk (UR-jaar-nummer). Gebruik de link links.next.",
)
BERAAD_FILTERS = (
    Param("fase", {"type": "string", "enum": [f.value for f in Fase]}, "Alleen in deze fase."),
    UPDATED_SINCE,
)


def _page(items: list[Any], limit: int, cursor_of: Any, data: list[Any]) -> ResponseReturnValue:
    """A page with links; ``items`` holds one more than ``limit`` when there is a next page."""
    endpoint = request.endpoint or ""
    values = {**request.args.to_dict(), **(request.view_args or {})}
    self_url = external_url(endpoint, **values)
    next_url = None
    if len(items) > limit:
        values["cursor"] = cursor_of(items[limit - 1])
        next_url = external_url(endpoint, **values)
    return jsonify(data=data, links={"self": self_url, "next": next_url})


# -- ideeën ----------------------------------------------------------------------------------


@public
@rate_limited
@operation(
    "ideeen",
    "Ideeën",
    "Alle openbare ideeën, oudste eerst, met dezelfde filters als de site.",
    params=(*IDEE_FILTERS, CURSOR, LIMIT),
    schema=S.collection(S.IDEE_SCHEMA),
    tag="ideeën",
)
def ideeen() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["api.ideeen"].params)
    limit = args["limit"] or DEFAULT_LIMIT
    items = Q.ideas_page(args, limit)
    set_last_modified(Q.newest(Q.Idee.updated_at))
    return _page(items, limit, lambda i: i.id, [S.idee(i) for i in items[:limit]])


@public
@rate_limited
@operation(
    "idee",
    "Eén idee",
    "Een openbaar idee met de geschiedenis van de status en de antwoorden van de gemeente.",
    schema=S.single(S.IDEE_DETAIL_SCHEMA),
    tag="ideeën",
)
def idee(idee_id: int) -> ResponseReturnValue:
    item = Q.public_idea(idee_id)
    if item is None:
        abort(404)
    history = Q.public_history(item)
    set_last_modified(item.updated_at, *(h.created_at for h in history))
    return jsonify(data=S.idee_detail(item, history))


@public
@rate_limited
@operation(
    "reacties",
    "Reacties op een idee",
    "De gepubliceerde reacties op een openbaar idee, oudste eerst.",
    params=(CURSOR, LIMIT),
    schema=S.collection(S.REACTIE_SCHEMA),
    tag="ideeën",
)
def reacties(idee_id: int) -> ResponseReturnValue:
    item = Q.public_idea(idee_id)
    if item is None:
        abort(404)
    args = parse_args(OPERATIONS["api.reacties"].params)
    limit = args["limit"] or DEFAULT_LIMIT
    rows = [r for r in Q.visible_reactions(item) if r.id > (args["cursor"] or 0)][: limit + 1]
    set_last_modified(item.updated_at, *(r.updated_at for r in rows))
    return _page(rows, limit, lambda r: r.id, [S.reactie(r) for r in rows[:limit]])


@public
@rate_limited
@operation(
    "ideeen_csv",
    "Ideeën als CSV",
    "Alle openbare ideeën in één CSV-bestand, met dezelfde filters.",
    params=IDEE_FILTERS,
    media_type="text/csv",
    tag="ideeën",
)
def ideeen_csv() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["api.ideeen_csv"].params)
    set_last_modified(Q.newest(Q.Idee.updated_at))
    header = (
        "id", "titel", "tekst", "auteur", "status", "wijk", "stadsdeel", "thema", "traject",
        "aantal_steun", "aantal_reacties", "gepubliceerd_op", "beantwoord_op", "bijgewerkt_op",
        "url",
    )  # fmt: skip
    rows = []
    for item in Q.all_ideas(args):
        d = S.idee(item)
        rows.append(
            (
                d["id"],
                d["titel"],
                d["tekst"],
                d["auteur"],
                d["status"],
                d["wijk"]["naam"],
                d["wijk"]["stadsdeel"],
                d["thema"]["naam"],
                d["traject"]["slug"],
                d["aantal_steun"],
                d["aantal_reacties"],
                d["gepubliceerd_op"],
                d["beantwoord_op"],
                d["bijgewerkt_op"],
                d["url"],
            )  # fmt: skip
        )
    return csv_response("ideeen.csv", header, rows)


# -- uitdaagrecht ----------------------------------------------------------------------------


@public
@rate_limited
@operation(
    "uitdagingen",
    "Register van het uitdaagrecht",
    "Het openbare register: taak, naam van de organisatie, status, besluit, samenvatting van "
    "de afspraken en evaluatie. Nooit de naam of gegevens van een inwoner.",
    params=(*UITDAGING_FILTERS, UITDAGING_CURSOR, LIMIT),
    schema=S.collection(S.UITDAGING_SCHEMA),
    tag="uitdaagrecht",
)
def uitdagingen() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["api.uitdagingen"].params)
    limit = args["limit"] or DEFAULT_LIMIT
    entries = Q.challenges(args)[: limit + 1]
    set_last_modified(Q.challenges_last_modified())
    return _page(
        entries, limit, lambda e: e[0].referentie, [S.uitdaging(*e) for e in entries[:limit]]
    )


@public
@rate_limited
@operation(
    "uitdagingen_csv",
    "Register van het uitdaagrecht als CSV",
    params=UITDAGING_FILTERS,
    media_type="text/csv",
    tag="uitdaagrecht",
)
def uitdagingen_csv() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["api.uitdagingen_csv"].params)
    set_last_modified(Q.challenges_last_modified())
    header = (
        "id", "taak", "samenvatting", "organisatie", "status", "ingediend_op",
        "besluit_verzonden_op", "toegekend_deel", "samenvatting_overeenkomst", "evaluatie",
        "bijgewerkt_op", "url",
    )  # fmt: skip
    rows = []
    for entry in Q.challenges(args):
        d = S.uitdaging(*entry)
        rows.append(tuple(d[k] for k in header))
    return csv_response("uitdagingen.csv", header, rows)


# -- inwonersberaad --------------------------------------------------------------------------


@public
@rate_limited
@operation(
    "beraden",
    "Inwonersberaden",
    "Alle openbare inwonersberaden met fasen, openbare stukken, aanbevelingen, de reactie van "
    "de gemeente en de voortgang.",
    params=(*BERAAD_FILTERS, CURSOR, LIMIT),
    schema=S.collection(S.BERAAD_SCHEMA),
    tag="inwonersberaad",
)
def beraden() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["api.beraden"].params)
    limit = args["limit"] or DEFAULT_LIMIT
    items = Q.beraden_page(args, limit)
    set_last_modified(Q.beraden_last_modified())
    data = [S.beraad(b, *Q.beraad_parts(b)) for b in items[:limit]]
    return _page(items, limit, lambda b: b.id, data)


@public
@rate_limited
@operation(
    "beraad",
    "Eén inwonersberaad",
    schema=S.single(S.BERAAD_SCHEMA),
    tag="inwonersberaad",
)
def beraad(beraad_id: int) -> ResponseReturnValue:
    item = Q.public_beraad(beraad_id)
    if item is None:
        abort(404)
    fasen, stukken = Q.beraad_parts(item)
    set_last_modified(S.beraad_updated(item, stukken))
    return jsonify(data=S.beraad(item, fasen, stukken))


@public
@rate_limited
@operation(
    "beraden_csv",
    "Inwonersberaden als CSV",
    "Eén regel per aanbeveling, met de reactie van de gemeente.",
    params=BERAAD_FILTERS,
    media_type="text/csv",
    tag="inwonersberaad",
)
def beraden_csv() -> ResponseReturnValue:
    args = parse_args(OPERATIONS["api.beraden_csv"].params)
    set_last_modified(Q.beraden_last_modified())
    header = (
        "beraad_id", "vraag", "fase", "aanbeveling_nummer", "aanbeveling_titel",
        "aanbeveling_tekst", "steun_procent", "status", "reactie_besluit", "reactie_reden",
        "reactie_gepubliceerd_op", "url",
    )  # fmt: skip
    rows = []
    for item in Q.all_beraden(args):
        d = S.beraad(item, {}, [])
        if not d["aanbevelingen"]:
            rows.append((d["id"], d["vraag"], d["fase"], *([None] * 8), d["url"]))
        for a in d["aanbevelingen"]:
            r = a["reactie"] or {}
            rows.append(
                (
                    d["id"],
                    d["vraag"],
                    d["fase"],
                    a["nummer"],
                    a["titel"],
                    a["tekst"],
                    a["steun_procent"],
                    a["status"],
                    r.get("besluit"),
                    r.get("reden"),
                    r.get("gepubliceerd_op"),
                    d["url"],
                )  # fmt: skip
            )
    return csv_response("beraden.csv", header, rows)


# -- documentation ---------------------------------------------------------------------------


@public
@rate_limited
def openapi_json() -> ResponseReturnValue:
    return jsonify(document(current_app, external_url("core.home").rstrip("/")))


@public
def open_data() -> ResponseReturnValue:
    return render_template(
        "api/open_data.html",
        base=external_url("core.home").rstrip("/"),
        rate_limit=RATE_LIMIT,
    )
