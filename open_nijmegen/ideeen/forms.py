"""Forms: B1 messages, keep what was typed. Forms never save themselves."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
    validators,
)

from open_nijmegen.core.forms import (
    BaseForm,
    choices,
    id_number,
    length,
    max_length,
    optional_float,
    required,
)
from open_nijmegen.ideeen.models import STATUS_LABELS, IdeeStatus


class IdeeForm(BaseForm):
    titel = StringField(
        _l("Titel van uw idee"),
        validators=[required(_l("Geef uw idee een titel.")), length(5, 120, _l("De titel"))],
    )
    tekst = TextAreaField(
        _l("Uw idee"),
        validators=[
            required(_l("Beschrijf uw idee.")),
            length(20, 10000, _l("De beschrijving")),
        ],
    )
    wijk_id = SelectField(
        _l("Wijk"), coerce=str, validators=[required(_l("Kies de wijk van uw idee."))]
    )
    thema_id = SelectField(
        _l("Thema"), coerce=str, validators=[required(_l("Kies een thema voor uw idee."))]
    )
    adres = StringField(_l("Adres of plek"), validators=[validators.Optional(), max_length(200)])
    lat = HiddenField(filters=[optional_float])
    lon = HiddenField(filters=[optional_float])
    foto = FileField(_l("Foto"))
    upload_id = HiddenField()
    foto_weghalen = BooleanField(_l("Haal de foto weg"))

    def set_choices(self, wijken: list[Any], themas: list[Any]) -> None:
        self.wijk_id.choices = [("", _l("Kies een wijk"))] + [
            (str(w.id), f"{w.naam} ({w.extra})") for w in wijken
        ]
        self.thema_id.choices = [("", _l("Kies een thema"))] + [(str(t.id), t.naam) for t in themas]

    def validate_wijk_id(self, field: Any) -> None:
        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(_l("Kies de wijk van uw idee."))

    def validate_thema_id(self, field: Any) -> None:
        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(_l("Kies een thema voor uw idee."))

    def validate_lat(self, field: Any) -> None:
        other = self.lon.data
        if field.data == "fout" or other == "fout" or (field.data is None) != (other is None):
            field.data, self.lon.data = None, None
            return
        # Roughly the municipality of Nijmegen and its surroundings.
        if field.data is not None and not (51.7 <= field.data <= 52.0 and 5.6 <= other <= 6.1):
            field.data, self.lon.data = None, None


class StatusForm(BaseForm):
    status = RadioField(
        _l("Nieuwe status"),
        choices=choices((s.value, STATUS_LABELS[s]) for s in IdeeStatus if s != IdeeStatus.OPEN),
        validators=[required(_l("Kies een status."))],
    )
    toelichting = TextAreaField(
        _l("Officieel antwoord"),
        validators=[required(_l("Schrijf een antwoord.")), max_length(5000)],
    )


class ReasonForm(BaseForm):
    reden = TextAreaField(
        _l("Reden"),
        validators=[required(_l("Schrijf de reden op.")), max_length(2000)],
    )


class MergeForm(BaseForm):
    doel_id = StringField(
        _l("Nummer van het idee dat blijft"),
        validators=[
            required(_l("Vul het nummer in van het idee dat blijft.")),
            id_number(_l("Vul alleen het nummer in, met de cijfers 0 tot en met 9.")),
        ],
    )


class WijkForm(BaseForm):
    naam = StringField(
        _l("Naam van de wijk"),
        validators=[required(_l("Vul de naam van de wijk in.")), length(2, 80, _l("De naam"))],
    )
    stadsdeel = StringField(
        _l("Stadsdeel"),
        validators=[required(_l("Vul het stadsdeel in.")), length(2, 80, _l("Het stadsdeel"))],
    )
    actief = BooleanField(_l("Inwoners kunnen deze wijk kiezen"), default=True)


class ThemaForm(BaseForm):
    naam = StringField(
        _l("Naam van het thema"),
        validators=[required(_l("Vul de naam van het thema in.")), length(2, 80, _l("De naam"))],
    )
    actief = BooleanField(_l("Inwoners kunnen dit thema kiezen"), default=True)


class EmptyForm(BaseForm):
    pass


PHASE_FIELDS = ("ideeen", "steunen", "beantwoorden", "resultaten", "gesloten")


class TrajectForm(BaseForm):
    titel = StringField(
        _l("Naam van het project"),
        validators=[required(_l("Vul de naam van het project in.")), length(3, 120, _l("De naam"))],
    )
    samenvatting = StringField(
        _l("Eén zin over het project"), validators=[validators.Optional(), max_length(200)]
    )
    beschrijving = TextAreaField(
        _l("Korte uitleg"), validators=[validators.Optional(), max_length(2000)]
    )
    afbeelding = FileField(_l("Foto bij het project"))
    afbeelding_weghalen = BooleanField(_l("Haal de foto weg"))
    ideeen = DateField(_l("Ideeën insturen vanaf"), validators=[validators.Optional()])
    steunen = DateField(_l("Alleen steunen vanaf"), validators=[validators.Optional()])
    beantwoorden = DateField(_l("Gemeente antwoordt vanaf"), validators=[validators.Optional()])
    resultaten = DateField(_l("Resultaten vanaf"), validators=[validators.Optional()])
    gesloten = DateField(_l("Gesloten vanaf"), validators=[validators.Optional()])

    needs_phases = True  # False for the standing traject, which has no phases

    def validate_ideeen(self, field: Any) -> None:
        if self.needs_phases and field.data is None:
            raise ValidationError(_l("Kies de datum waarop het insturen begint."))

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        previous = None
        for name in PHASE_FIELDS:
            field = getattr(self, name)
            if field.data is None or field.errors:
                continue
            if previous is not None and field.data <= previous:
                field.errors = [*field.errors, _l("Kies een datum na de vorige fase.")]
                ok = False
            previous = field.data
        return ok
