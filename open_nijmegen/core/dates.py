"""Times are stored in UTC and shown as Europe/Amsterdam dates in Dutch."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime


def datum(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value, "d MMMM y")


def datum_lang(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value, "EEEE d MMMM y")


def datumtijd(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, "d MMMM y 'om' HH:mm")


def iso(value: date | datetime | None) -> str:
    """ISO 8601 for ``datetime=`` attributes: whole seconds (HTML allows at most 3 decimals)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
