"""Times are stored in UTC and shown as Europe/Amsterdam dates in the page's language.

The site has one time zone (``core.i18n``), so a formatted date is a pure function of the value
and the language: memoised per process, because Babel's formatting costs tens of microseconds
a call and a page with reactions shows dozens of dates. "3 december 2026" in Dutch,
"3 December 2026" in English; a language without its own patterns gets Babel's long format.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_decimal

from open_nijmegen.core.i18n import current_locale

# language -> (date, long date, date and time, time) patterns (CLDR syntax).
PATTERNS: dict[str, tuple[str, str, str, str]] = {
    "nl": ("d MMMM y", "EEEE d MMMM y", "d MMMM y 'om' HH:mm", "HH:mm"),
    "en": ("d MMMM y", "EEEE d MMMM y", "d MMMM y 'at' HH:mm", "HH:mm"),
}
FALLBACK = ("long", "full", "long", "HH:mm")


def _pattern(index: int, locale: str) -> str:
    return PATTERNS.get(locale, FALLBACK)[index]


def datum(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return _datum(value, current_locale())


@functools.lru_cache(maxsize=8192)
def _datum(value: date | datetime, locale: str) -> str:
    return format_date(value, _pattern(0, locale))


def datum_lang(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return _datum_lang(value, current_locale())


@functools.lru_cache(maxsize=8192)
def _datum_lang(value: date | datetime, locale: str) -> str:
    return format_date(value, _pattern(1, locale))


def datumtijd(value: datetime | None) -> str:
    if value is None:
        return ""
    return _datumtijd(value, current_locale())


@functools.lru_cache(maxsize=8192)
def _datumtijd(value: datetime, locale: str) -> str:
    return format_datetime(value, _pattern(2, locale))


def tijd(value: datetime | None) -> str:
    """The time of day in Nijmegen: "19:30"."""
    if value is None:
        return ""
    return _tijd(value, current_locale())


@functools.lru_cache(maxsize=8192)
def _tijd(value: datetime, locale: str) -> str:
    return format_datetime(value, _pattern(3, locale))


def getal(value: int | float | None) -> str:
    """A number the way the page's language writes it: 50.000 in Dutch, 50,000 in English."""
    if value is None:
        return ""
    return str(format_decimal(value, format="#,##0.##"))


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
