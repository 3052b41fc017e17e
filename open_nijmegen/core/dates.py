"""Times are stored in UTC and shown as Europe/Amsterdam dates in Dutch.

The site has one locale and one time zone (``core.i18n``), so a formatted date is a pure
function of the value: memoised per process, because Babel's formatting costs tens of
microseconds a call and a page with reactions shows dozens of dates.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from flask_babel import format_date, format_datetime


@functools.lru_cache(maxsize=8192)
def datum(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value, "d MMMM y")


@functools.lru_cache(maxsize=8192)
def datum_lang(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value, "EEEE d MMMM y")


@functools.lru_cache(maxsize=8192)
def datumtijd(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, "d MMMM y 'om' HH:mm")


@functools.lru_cache(maxsize=8192)
def tijd(value: datetime | None) -> str:
    """The time of day in Nijmegen: "19:30"."""
    if value is None:
        return ""
    return format_datetime(value, "HH:mm")


def iso(value: date | datetime | None) -> str:
    """ISO 8601 for ``datetime=`` attributes: whole seconds (HTML allows at most 3 decimals)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def today_local() -> date:
    """Today's date in Nijmegen (Europe/Amsterdam), e.g. for a record that keeps only the day."""
    from zoneinfo import ZoneInfo

    from open_nijmegen.core.db import utcnow

    return utcnow().astimezone(ZoneInfo("Europe/Amsterdam")).date()
