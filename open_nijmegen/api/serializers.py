"""Public read models -> plain dicts, with the JSON Schema of each next to it.

Only what the public pages show: display names (never e-mail, address or contact data),
ISO 8601 dates in UTC, stable ids.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from open_nijmegen.core.urls import external_url


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def display_name(user: Any) -> str | None:
    """The name the site shows, or None for a removed account."""
    if user is None or user.erased_at is not None:
        return None
    return str(user.display_name)


# -- JSON Schema building blocks -------------------------------------------------------------

STR = {"type": "string"}
INT = {"type": "integer"}
DT = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


def obj(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(props),
        "properties": props,
        "additionalProperties": False,
    }


def collection(item: dict[str, Any]) -> dict[str, Any]:
    from open_nijmegen.api.openapi import LINKS_SCHEMA

    return obj({"data": {"type": "array", "items": item}, "links": LINKS_SCHEMA})


def single(item: dict[str, Any]) -> dict[str, Any]:
    return obj({"data": item})


# -- ideeën ----------------------------------------------------------------------------------

HISTORY_SCHEMA = obj(
    {
        "van": nullable(STR),
        "naar": STR,
        "toelichting": STR,
        "datum": DT,
    }
)

IDEE_SCHEMA = obj(
    {
        "id": INT,
        "url": STR,
        "titel": STR,
        "tekst": STR,
        "auteur": nullable(STR),
        "status": STR,
        "wijk": obj({"id": INT, "naam": STR, "stadsdeel": STR}),
        "thema": obj({"id": INT, "naam": STR}),
        "traject": obj({"id": INT, "slug": STR, "titel": STR}),
        "aantal_steun": INT,
        "aantal_reacties": INT,
        "gepubliceerd_op": DT,
        "beantwoord_op": nullable(DT),
        "bijgewerkt_op": DT,
    }
)
IDEE_DETAIL_SCHEMA = obj(
    {
        **IDEE_SCHEMA["properties"],
        "statusgeschiedenis": {"type": "array", "items": HISTORY_SCHEMA},
    }
)


def idee(item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": external_url("ideeen.detail", idee_id=item.id, slug=item.slug),
        "titel": item.titel,
        "tekst": item.tekst,
        "auteur": display_name(item.author),
        "status": item.status.value,
        "wijk": {"id": item.wijk.id, "naam": item.wijk.naam, "stadsdeel": item.wijk.stadsdeel},
        "thema": {"id": item.thema.id, "naam": item.thema.naam},
        "traject": {"id": item.traject.id, "slug": item.traject.slug, "titel": item.traject.titel},
        "aantal_steun": item.support_count,
        "aantal_reacties": item.reaction_count,
        "gepubliceerd_op": iso(item.published_at),
        "beantwoord_op": iso(item.answered_at),
        "bijgewerkt_op": iso(item.updated_at),
    }


def history_row(row: Any) -> dict[str, Any]:
    return {
        "van": row.from_status,
        "naar": row.to_status,
        "toelichting": row.explanation or "",
        "datum": iso(row.created_at),
    }


def idee_detail(item: Any, history: list[Any]) -> dict[str, Any]:
    return {**idee(item), "statusgeschiedenis": [history_row(r) for r in history]}


REACTIE_SCHEMA = obj(
    {
        "id": INT,
        "antwoord_op": nullable(INT),
        "auteur": nullable(STR),
        "tekst": STR,
        "geplaatst_op": DT,
        "bewerkt_op": nullable(DT),
    }
)


def reactie(item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "antwoord_op": item.parent_id,
        "auteur": display_name(item.author),
        "tekst": item.body,
        "geplaatst_op": iso(item.created_at),
        "bewerkt_op": iso(item.edited_at),
    }


# -- uitdaagrecht ----------------------------------------------------------------------------

UITDAGING_SCHEMA = obj(
    {
        "id": STR,
        "url": STR,
        "taak": STR,
        "samenvatting": nullable(STR),
        "organisatie": nullable(STR),
        "status": STR,
        "ingediend_op": DATE,
        "besluit_verzonden_op": nullable(DATE),
        "toegekend_deel": nullable(STR),
        "redenen": {
            "type": "array",
            "items": obj({"criterium": STR, "oordeel": nullable(STR), "toelichting": STR}),
        },
        "samenvatting_overeenkomst": nullable(STR),
        "evaluatie": nullable(STR),
        "statusgeschiedenis": {
            "type": "array",
            "items": obj({"van": nullable(STR), "naar": STR, "datum": DT}),
        },
        "bijgewerkt_op": DT,
    }
)


def uitdaging(item: Any, history: list[Any], updated: datetime) -> dict[str, Any]:
    """``item`` is a ``uitdaagrecht.queries.PublicChallenge``: public columns only. The
    history gives statuses and dates only; the officers' notes stay with the case file."""
    return {
        "id": item.referentie,
        "url": external_url("uitdaagrecht.register") + f"#{item.referentie}",
        "taak": item.taak,
        "samenvatting": item.samenvatting,
        "organisatie": item.organisatie,
        "status": item.status.value,
        "ingediend_op": iso(item.ingediend_op),
        "besluit_verzonden_op": iso(item.besluit_verzonden_op),
        "toegekend_deel": item.toegekend_deel,
        "redenen": [
            {"criterium": str(c), "oordeel": o.value if o else None, "toelichting": t}
            for c, o, t in item.redenen
        ],
        "samenvatting_overeenkomst": item.samenvatting_overeenkomst,
        "evaluatie": item.evaluatie,
        "statusgeschiedenis": [
            {"van": r.from_status, "naar": r.to_status, "datum": iso(r.created_at)} for r in history
        ],
        "bijgewerkt_op": iso(updated),
    }


# -- inwonersberaad --------------------------------------------------------------------------

STUK_SCHEMA = obj(
    {
        "id": INT,
        "url": STR,
        "titel": STR,
        "sessie": INT,
        "sessie_naam": STR,
        "tekst": STR,
        "openbaar_op": DT,
    }
)
AANBEVELING_SCHEMA = obj(
    {
        "id": INT,
        "nummer": INT,
        "titel": STR,
        "tekst": STR,
        "steun_procent": nullable(INT),
        "status": STR,
        "reactie": {
            "oneOf": [
                {"type": "null"},
                obj(
                    {
                        "besluit": nullable(STR),
                        "reden": STR,
                        "verantwoordelijke": STR,
                        "gepubliceerd_op": DT,
                    }
                ),
            ]
        },
        "voortgang": {
            "type": "array",
            "items": obj({"datum": DT, "tekst": STR, "status_na": nullable(STR)}),
        },
    }
)
BERAAD_SCHEMA = obj(
    {
        "id": INT,
        "url": STR,
        "vraag": STR,
        "opdracht": STR,
        "opdrachtgever": STR,
        "fase": STR,
        "fase_sinds": DT,
        "fasen": {"type": "array", "items": obj({"fase": STR, "datum": DT})},
        "omvang": nullable(INT),
        "advies_samenvatting": STR,
        "advies_vastgesteld_op": nullable(DT),
        "aangeboden_op": nullable(DT),
        "reactie_deadline": nullable(DT),
        "reactie_gepubliceerd_op": nullable(DT),
        "stukken": {"type": "array", "items": STUK_SCHEMA},
        "aanbevelingen": {"type": "array", "items": AANBEVELING_SCHEMA},
        "bijgewerkt_op": DT,
    }
)


def stuk(beraad: Any, item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": external_url("inwonersberaad.publiek_stuk", beraad_id=beraad.id, stuk_id=item.id),
        "titel": item.titel,
        "sessie": item.sessie,
        "sessie_naam": item.sessie_naam,
        "tekst": item.tekst,
        "openbaar_op": iso(item.openbaar_op),
    }


def aanbeveling(item: Any) -> dict[str, Any]:
    published = item.reactie_gepubliceerd_op is not None
    return {
        "id": item.id,
        "nummer": item.nummer,
        "titel": item.titel,
        "tekst": item.tekst,
        "steun_procent": item.steun_procent,
        "status": item.status.value,
        "reactie": {
            "besluit": item.reactie_besluit.value if item.reactie_besluit else None,
            "reden": item.reactie_reden,
            "verantwoordelijke": item.verantwoordelijke,
            "gepubliceerd_op": iso(item.reactie_gepubliceerd_op),
        }
        if published
        else None,
        "voortgang": [
            {
                "datum": iso(v.datum),
                "tekst": v.tekst,
                "status_na": v.status_na.value if v.status_na else None,
            }
            for v in item.voortgang
        ]
        if published
        else [],
    }


def beraad_updated(item: Any, stukken: list[Any]) -> datetime:
    """The last change of a beraad or of anything public in it."""
    moments = [item.updated_at, *(s.openbaar_op for s in stukken)]
    for a in item.aanbevelingen:
        moments.append(a.updated_at)
        moments.extend(v.datum for v in a.voortgang)
    return max(m if m.tzinfo else m.replace(tzinfo=UTC) for m in moments if m is not None)


def beraad(item: Any, fasen: dict[str, datetime], stukken: list[Any]) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": external_url("inwonersberaad.detail", beraad_id=item.id, slug=item.slug),
        "vraag": item.vraag,
        "opdracht": item.opdracht,
        "opdrachtgever": item.opdrachtgever,
        "fase": item.fase.value,
        "fase_sinds": iso(item.fase_sinds),
        "fasen": [{"fase": f, "datum": iso(d)} for f, d in fasen.items()],
        "omvang": item.omvang,
        "advies_samenvatting": item.advies_samenvatting,
        "advies_vastgesteld_op": iso(item.advies_vastgesteld_op),
        "aangeboden_op": iso(item.aangeboden_op),
        "reactie_deadline": iso(item.reactie_deadline),
        "reactie_gepubliceerd_op": iso(item.reactie_gepubliceerd_op),
        "stukken": [stuk(item, s) for s in stukken],
        "aanbevelingen": [aanbeveling(a) for a in item.aanbevelingen],
        "bijgewerkt_op": iso(beraad_updated(item, stukken)),
    }
