"""Calendars: an iCalendar file (RFC 5545) per event and feeds of all events or of the events
of one project, made with the ``icalendar`` library; and an Atom feed (``api.feeds.atom``).

Times are written in UTC (``...Z``), which every calendar program reads the same way. The
files hold public information only: never the online link, never who signed up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Response, current_app
from icalendar import Calendar, Event

from open_nijmegen.bijeenkomsten.models import Bijeenkomst
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.text import excerpt
from open_nijmegen.core.urls import external_url

PRODID = "-//Gemeente Nijmegen//Open Nijmegen//NL"


def _uid(item: Bijeenkomst) -> str:
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "open-nijmegen"
    # Not shaped like an e-mail address (RFC 5545 only asks for a globally unique text).
    return f"{host}/bijeenkomst/{item.id}"


def plaats(item: Bijeenkomst) -> str:
    if item.online:
        return "Online"
    return ", ".join(part for part in (item.zaal, item.adres) if part)


def _event(item: Bijeenkomst) -> Event:
    event = Event()
    event.add("uid", _uid(item))
    event.add("dtstamp", utcnow().replace(microsecond=0))
    event.add("dtstart", item.begint_op)
    event.add("dtend", item.eindigt_op)
    event.add("summary", item.titel)
    link = external_url("bijeenkomsten.detail", bijeenkomst_id=item.id, slug=item.slug)
    event.add("description", f"{excerpt(item.tekst, 600)}\n\n{link}".strip())
    event.add("url", link)
    where = plaats(item)
    if where:
        event.add("location", where)
    event.add("last-modified", item.updated_at.replace(microsecond=0))
    # A moved event keeps its UID; the sequence tells calendars this version is newer.
    event.add("sequence", int((item.updated_at - item.created_at) // timedelta(seconds=1)))
    event.add("status", "CANCELLED" if item.is_geannuleerd else "CONFIRMED")
    return event


def calendar(items: Iterable[Bijeenkomst], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    for item in items:
        cal.add_component(_event(item))
    return cal.to_ical()


def ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ics_attachment(item: Bijeenkomst) -> dict[str, str]:
    """The event as a mail attachment (text, so it fits the outbox)."""
    return {
        "filename": f"bijeenkomst-{item.id}.ics",
        "content_type": "text/calendar",
        "content": calendar([item], item.titel).decode("utf-8"),
    }


def datum_tekst(item: Bijeenkomst) -> str:
    """ "3 maart 2027 om 19:30" in Nijmegen's time (Babel's time zone is Europe/Amsterdam)."""
    from open_nijmegen.core.dates import datumtijd

    return datumtijd(item.begint_op)


def samenvatting(item: Bijeenkomst) -> str:
    where = plaats(item)
    parts = [datum_tekst(item), where, excerpt(item.tekst, 300)]
    return " – ".join(p for p in parts if p)
