"""Forms: B1 messages, keep what was typed. Forms never save themselves.

Dates and times are typed as text (``type="date"``/``"time"`` in the browser) and read here,
so every mistake gets a B1 message of our own: "31-02-2026", the year 9999, an end before the
start, a deadline that has passed. Times are Europe/Amsterdam; they are stored in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField, validators

from open_nijmegen.core.forms import BaseForm, NeededFor, length, max_length, required

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_CAPACITY = 100000

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_date(text: str | None) -> date | str | None:
    """A date, None when empty, or a B1 message."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DATE_ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DATE_NL.match(text)
        if not match:
            return str(_l("Schrijf de datum zo: 25-03-2027."))
        day, month, year = (int(g) for g in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return str(_l("Kies een jaar tussen %(a)d en %(b)d.", a=FIRST_YEAR, b=LAST_YEAR))
    try:
        return date(year, month, day)
    except ValueError:
        return str(_l("Deze datum bestaat niet. Kijk de dag en de maand na."))


def parse_time(text: str | None) -> time | str | None:
    text = (text or "").strip()
    if not text:
        return None
    match = _TIME.match(text)
    if not match:
        return str(_l("Schrijf de tijd zo: 19:30."))
    hour, minute = (int(g) for g in match.groups())
    if hour > 23 or minute > 59:
        return str(_l("Deze tijd bestaat niet. Kies een tijd tussen 00:00 en 23:59."))
    return time(hour, minute)


def to_utc(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=AMSTERDAM).astimezone(UTC)


def local_date(value: datetime | None) -> str:
    return value.astimezone(AMSTERDAM).strftime("%Y-%m-%d") if value else ""


def local_time(value: datetime | None) -> str:
    return value.astimezone(AMSTERDAM).strftime("%H:%M") if value else ""


def _number(text: str | None) -> int | str | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 7:
        return str(_l("Vul een heel getal in, zonder punt of komma."))
    return int(text)


class BijeenkomstForm(BaseForm):
    titel = StringField(
        _l("Titel"),
        validators=[required(_l("Geef de bijeenkomst een titel.")), length(5, 120, _l("De titel"))],
    )
    tekst = TextAreaField(
        _l("Wat gaat er gebeuren?"),
        validators=[
            required(_l("Schrijf wat er gaat gebeuren.")),
            length(20, 10000, _l("De uitleg")),
        ],
    )
    datum = StringField(_l("Datum"), validators=[required(_l("Vul de datum in."))])
    begintijd = StringField(_l("Begintijd"), validators=[required(_l("Vul de begintijd in."))])
    einddatum = StringField(_l("Einddatum"))
    eindtijd = StringField(_l("Eindtijd"), validators=[required(_l("Vul de eindtijd in."))])
    online = BooleanField(_l("Deze bijeenkomst is online"))
    online_link = StringField(_l("Link naar de online bijeenkomst"), validators=[max_length(500)])
    adres = StringField(
        _l("Adres"),
        validators=[NeededFor(_l("nodig als de bijeenkomst niet online is")), max_length(200)],
    )
    zaal = StringField(_l("Zaal of ruimte"), validators=[max_length(120)])
    drempelvrij = BooleanField(_l("Zonder drempels of trappen te bereiken"))
    ringleiding = BooleanField(_l("Er is een ringleiding"))
    stille_ruimte = BooleanField(_l("Er is een stille ruimte"))
    gebarentolk = BooleanField(_l("Er is een tolk gebarentaal"))
    aanmelden_nodig = BooleanField(_l("Mensen moeten zich aanmelden"), default=True)
    capaciteit = StringField(_l("Aantal plaatsen"))
    aanmelden_tot_datum = StringField(_l("Aanmelden kan tot en met (datum)"))
    aanmelden_tot_tijd = StringField(_l("Aanmelden kan tot (tijd)"))
    hoort_bij = SelectField(_l("Hoort bij"), coerce=str, validate_choice=False)

    # Filled by validate(): the values in UTC.
    begint_op: datetime | None = None
    eindigt_op: datetime | None = None
    aanmelden_tot: datetime | None = None
    capaciteit_getal: int | None = None

    def __init__(self, *args: Any, existing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing = existing

    def fill_from(self, item: Any) -> None:
        self.datum.data = local_date(item.begint_op)
        self.begintijd.data = local_time(item.begint_op)
        end_day = local_date(item.eindigt_op)
        self.einddatum.data = end_day if end_day != self.datum.data else ""
        self.eindtijd.data = local_time(item.eindigt_op)
        self.capaciteit.data = str(item.capaciteit) if item.capaciteit else ""
        self.aanmelden_tot_datum.data = local_date(item.aanmelden_tot)
        self.aanmelden_tot_tijd.data = local_time(item.aanmelden_tot)
        self.hoort_bij.data = (
            f"{item.hoort_bij_type}:{item.hoort_bij_id}" if item.hoort_bij_type else ""
        )

    def _fail(self, field: Any, message: Any) -> bool:
        field.errors = [*field.errors, str(message)]
        return False

    def validate(self, extra_validators: Any = None) -> bool:  # noqa: C901 - one rule per field
        ok = super().validate(extra_validators)
        day = parse_date(self.datum.data) if not self.datum.errors else None
        start = parse_time(self.begintijd.data) if not self.begintijd.errors else None
        end_time = parse_time(self.eindtijd.data) if not self.eindtijd.errors else None
        end_day = parse_date(self.einddatum.data)
        for field, value in (
            (self.datum, day),
            (self.begintijd, start),
            (self.eindtijd, end_time),
            (self.einddatum, end_day),
        ):
            if isinstance(value, str):
                ok = self._fail(field, value)
        if isinstance(day, date) and isinstance(start, time):
            self.begint_op = to_utc(day, start)
        if isinstance(day, date) and isinstance(end_time, time) and not isinstance(end_day, str):
            self.eindigt_op = to_utc(end_day or day, end_time)
        if self.begint_op and self.eindigt_op and self.eindigt_op <= self.begint_op:
            ok = self._fail(self.eindtijd, _l("Het einde moet na het begin liggen."))
        if self.begint_op and self.eindigt_op and (self.eindigt_op - self.begint_op).days > 14:
            ok = self._fail(self.einddatum, _l("Een bijeenkomst duurt hoogstens twee weken."))
        if self.online.data:
            link = (self.online_link.data or "").strip()
            if link and not re.match(r"^https://[^\s<>\"']+$", link):
                ok = self._fail(self.online_link, _l("Een link begint met https://"))
        elif not (self.adres.data or "").strip():
            ok = self._fail(self.adres, _l("Vul het adres in, of kies voor online."))
        number = _number(self.capaciteit.data)
        if isinstance(number, str):
            ok = self._fail(self.capaciteit, number)
        elif number is not None and not 1 <= number <= MAX_CAPACITY:
            ok = self._fail(self.capaciteit, _l("Kies 1 tot 100.000 plaatsen, of laat het leeg."))
        else:
            self.capaciteit_getal = number
        if self.aanmelden_nodig.data:
            ok = self._validate_deadline() and ok
        choices = {value for value, _label in self.hoort_bij.choices or []}
        if self.hoort_bij.data and self.hoort_bij.data not in choices:
            ok = self._fail(self.hoort_bij, _l("Kies iets uit de lijst."))
        return ok

    def _validate_deadline(self) -> bool:
        deadline_day = parse_date(self.aanmelden_tot_datum.data)
        deadline_time = parse_time(self.aanmelden_tot_tijd.data)
        if isinstance(deadline_day, str):
            return self._fail(self.aanmelden_tot_datum, deadline_day)
        if isinstance(deadline_time, str):
            return self._fail(self.aanmelden_tot_tijd, deadline_time)
        if deadline_day is None:
            if deadline_time is not None:
                return self._fail(self.aanmelden_tot_datum, _l("Vul ook de datum in."))
            return True
        self.aanmelden_tot = to_utc(deadline_day, deadline_time or time(23, 59))
        if self.begint_op and self.aanmelden_tot > self.begint_op:
            return self._fail(
                self.aanmelden_tot_datum, _l("Aanmelden moet stoppen voor de bijeenkomst begint.")
            )
        unchanged = self.existing is not None and self.existing.aanmelden_tot == self.aanmelden_tot
        from open_nijmegen.core.db import utcnow

        if not unchanged and self.aanmelden_tot < utcnow():
            return self._fail(
                self.aanmelden_tot_datum, _l("Deze datum is al voorbij. Kies een latere datum.")
            )
        return True


class AanmeldForm(BaseForm):
    """Sign up. Name and e-mail only without an account (the view removes them otherwise)."""

    naam = StringField(
        _l("Uw naam"),
        validators=[required(_l("Vul uw naam in.")), length(2, 80, _l("Uw naam"))],
    )
    email = EmailField(
        _l("Uw e-mailadres"),
        validators=[
            required(_l("Vul uw e-mailadres in.")),
            max_length(254),
            validators.Email(message=_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")),
        ],
    )
    tolk = BooleanField(_l("Ik heb een tolk nodig"))
    kinderopvang = BooleanField(_l("Ik heb kinderopvang nodig"))
    hulp = TextAreaField(
        _l("Heeft u iets anders nodig om mee te doen?"), validators=[max_length(500)]
    )


class ReasonForm(BaseForm):
    reden = TextAreaField(
        _l("Waarom gaat de bijeenkomst niet door?"),
        validators=[
            required(_l("Schrijf op waarom de bijeenkomst niet doorgaat.")),
            max_length(2000),
        ],
    )


class BerichtForm(BaseForm):
    onderwerp = StringField(
        _l("Onderwerp"),
        validators=[required(_l("Vul een onderwerp in.")), length(3, 150, _l("Het onderwerp"))],
    )
    tekst = TextAreaField(
        _l("Bericht"),
        validators=[required(_l("Schrijf een bericht.")), length(10, 5000, _l("Het bericht"))],
    )
    wachtlijst = BooleanField(_l("Stuur het ook naar de mensen op de wachtlijst"))


class VerslagForm(BaseForm):
    verslag = TextAreaField(
        _l("Verslag"),
        validators=[required(_l("Schrijf een verslag.")), length(20, 20000, _l("Het verslag"))],
    )
    aanwezig = StringField(_l("Aantal mensen dat er was"))
    foto = FileField(_l("Foto"))
    aanwezig_getal: int | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        number = _number(self.aanwezig.data)
        if isinstance(number, str):
            self.aanwezig.errors = [*self.aanwezig.errors, number]
            return False
        if number is not None and number > MAX_CAPACITY:
            self.aanwezig.errors = [*self.aanwezig.errors, str(_l("Dit getal is te groot."))]
            return False
        self.aanwezig_getal = number
        return ok


class EmptyForm(BaseForm):
    pass
