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
    return value.isoformat() if value is not None else ""
