"""Atom feeds (RFC 4287), built with ``xml.etree``: new ideas, status changes of ideas, the
challenge register and each beraad. The entries come from the same public queries as the API."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Response, abort, current_app
from flask.typing import ResponseReturnValue

from open_nijmegen.api import queries as Q
from open_nijmegen.api.caching import set_last_modified
from open_nijmegen.api.serializers import beraad_updated
from open_nijmegen.api.views import rate_limited
from open_nijmegen.core.permissions import public
from open_nijmegen.core.urls import external_url
from open_nijmegen.ideeen.models import STATUS_LABELS, IdeeStatus
from open_nijmegen.ideeen.queries import latest_public
from open_nijmegen.inwonersberaad.models import FASE_LABELS, Fase

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class Entry:
    key: str  # stable, e.g. "idee/12"
    title: str
    updated: datetime
    link: str
    summary: str = ""
    author: str | None = None
    published: datetime | None = None


def rfc3339(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def tag(key: str) -> str:
    """A stable entry id (RFC 4151 tag URI) that does not change when a URL does."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "open-nijmegen"
    return f"tag:{host},2024:{key}"


def atom(
    key: str, title: str, self_endpoint: str, alternate: str, entries: list[Entry], **values: object
) -> Response:
    updated = max((e.updated for e in entries), default=EPOCH)
    set_last_modified(updated)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nl"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = tag(f"feed/{key}")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = rfc3339(updated)
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        {
            "rel": "self",
            "type": "application/atom+xml",
            "href": external_url(self_endpoint, **values),
        },
    )
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": alternate}
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Gemeente Nijmegen"
    ET.SubElement(feed, f"{{{ATOM}}}rights").text = "Vrij te gebruiken (CC0)"
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = tag(e.key)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = rfc3339(e.updated)
        if e.published is not None:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = rfc3339(e.published)
        ET.SubElement(
            entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": e.link}
        )
        if e.author:
            who = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(who, f"{{{ATOM}}}name").text = e.author
        if e.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary", {"type": "text"}).text = e.summary
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        mimetype="application/atom+xml",
    )


def _short(text: str, size: int = 500) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


@public
@rate_limited
def ideeen() -> ResponseReturnValue:
    entries = [
        Entry(
            key=f"idee/{i.id}",
            title=i.titel,
            updated=i.published_at,
            published=i.published_at,
            link=external_url("ideeen.detail", idee_id=i.id, slug=i.slug),
            summary=_short(i.begin),
            author=i.author,
        )
        for i in latest_public(FEED_SIZE)
        if i.published_at is not None
    ]
    return atom("ideeen", "Nieuwe ideeën – Open Nijmegen", "api.feed_ideeen",
                external_url("ideeen.index"), entries)  # fmt: skip


@public
@rate_limited
def statuswijzigingen() -> ResponseReturnValue:
    entries = []
    for change, idee in Q.public_status_changes(FEED_SIZE):
        label = (
            STATUS_LABELS.get(IdeeStatus(change.to_status))
            if change.to_status in IdeeStatus._value2member_map_
            else change.to_status
        )
        entries.append(
            Entry(
                key=f"statuswijziging/{change.id}",
                title=f"{idee.titel}: {label}",
                updated=change.created_at,
                published=change.created_at,
                link=external_url("ideeen.detail", idee_id=idee.id, slug=idee.slug),
                summary=_short(change.explanation or ""),
                author="Gemeente Nijmegen",
            )
        )
    return atom("statuswijzigingen", "Antwoorden en statuswijzigingen – Open Nijmegen",
                "api.feed_statuswijzigingen", external_url("ideeen.index"), entries)  # fmt: skip


@public
@rate_limited
def uitdagingen() -> ResponseReturnValue:
    register = Q.challenges({})
    register.sort(key=lambda e: e[2], reverse=True)
    entries = [
        Entry(
            key=f"uitdaging/{c.referentie}",
            title=f"{c.referentie}: {c.taak} ({c.status.value.replace('_', ' ')})",
            updated=updated,
            link=external_url("uitdaagrecht.register") + f"#{c.referentie}",
            summary=_short(c.samenvatting or ""),
            author=c.organisatie,
        )
        for c, _history, updated in register[:FEED_SIZE]
    ]
    return atom("uitdagingen", "Register van het uitdaagrecht – Open Nijmegen",
                "api.feed_uitdagingen", external_url("uitdaagrecht.register"), entries)  # fmt: skip


@public
@rate_limited
def beraad(beraad_id: int) -> ResponseReturnValue:
    item = Q.public_beraad(beraad_id)
    if item is None:
        abort(404)
    fasen, stukken = Q.beraad_parts(item)
    page = external_url("inwonersberaad.detail", beraad_id=item.id, slug=item.slug)
    entries = [
        Entry(
            key=f"beraad/{item.id}/fase/{fase}",
            title=f"Nieuwe fase: {FASE_LABELS[Fase(fase)] if fase in Fase._value2member_map_ else fase}",
            updated=moment,
            link=page,
        )
        for fase, moment in fasen.items()
    ]
    entries += [
        Entry(
            key=f"beraad/{item.id}/stuk/{s.id}",
            title=f"Openbaar stuk: {s.titel}",
            updated=s.openbaar_op,
            link=external_url("inwonersberaad.publiek_stuk", beraad_id=item.id, stuk_id=s.id),
            summary=_short(s.tekst),
        )
        for s in stukken
        if s.openbaar_op is not None
    ]
    for a in item.aanbevelingen:
        if a.reactie_gepubliceerd_op is None:
            continue
        entries.append(
            Entry(
                key=f"beraad/{item.id}/reactie/{a.id}",
                title=f"Reactie op aanbeveling {a.nummer}: {a.titel}",
                updated=a.reactie_gepubliceerd_op,
                link=page,
                summary=_short(a.reactie_reden),
                author="Gemeente Nijmegen",
            )
        )
        entries += [
            Entry(
                key=f"beraad/{item.id}/voortgang/{v.id}",
                title=f"Voortgang aanbeveling {a.nummer}: {a.titel}",
                updated=v.datum,
                link=page,
                summary=_short(v.tekst),
                author="Gemeente Nijmegen",
            )
            for v in a.voortgang
        ]
    entries.sort(
        key=lambda e: e.updated if e.updated.tzinfo else e.updated.replace(tzinfo=UTC), reverse=True
    )
    set_last_modified(beraad_updated(item, stukken))
    return atom(f"beraad/{item.id}", f"Inwonersberaad: {item.vraag}", "api.feed_beraad", page,
                entries[:FEED_SIZE], beraad_id=item.id)  # fmt: skip
