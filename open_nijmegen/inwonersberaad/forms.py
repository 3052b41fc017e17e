"""Forms: B1 messages, keep what was typed. Forms never save themselves."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
    validators,
)

from open_nijmegen.core.forms import BaseForm, choices, length, max_length, required
from open_nijmegen.inwonersberaad.models import (
    AANBEVELING_LABELS,
    BESLUITEN,
    FASE_LABELS,
    AanbevelingStatus,
    Fase,
)

_GETAL = r"^[0-9]{1,6}$"  # ASCII digits: "\d" also takes "١٢"


def getal(field: Any) -> int | None:
    """The whole number typed in a number field (validated by ``_heel_getal``), or None."""
    raw = (field.data or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _heel_getal(bericht: Any, optional: bool = False) -> list[Any]:
    rules: list[Any] = [validators.Optional()] if optional else [required(bericht)]
    rules.append(validators.Regexp(_GETAL, message=_l("Vul een heel getal in, alleen cijfers.")))
    return rules


class BeraadForm(BaseForm):
    vraag = StringField(
        _l("De vraag aan het beraad"),
        validators=[required(_l("Vul de vraag in.")), length(5, 200, _l("De vraag"))],
    )
    opdrachtgever = StringField(
        _l("Wie stelt de vraag?"),
        validators=[required(_l("Vul in wie de vraag stelt.")), max_length(200)],
    )
    opdracht = TextAreaField(
        _l("De opdracht"),
        validators=[required(_l("Beschrijf de opdracht.")), max_length(10000)],
    )
    omvang = StringField(
        _l("Aantal leden"), validators=_heel_getal(_l("Vul het aantal leden in."), optional=True)
    )
    selectiemethode = TextAreaField(
        _l("Hoe kiezen we de leden?"), validators=[validators.Optional(), max_length(5000)]
    )
    openbaar = BooleanField(_l("Laat dit beraad op de site zien"))

    def validate_omvang(self, field: Any) -> None:
        if getal(field) == 0:
            raise ValidationError(_l("Vul een getal groter dan 0 in."))


class FaseForm(BaseForm):
    fase = RadioField(
        _l("Nieuwe fase"), validators=[required(_l("Kies de nieuwe fase."))], validate_choice=False
    )
    toelichting = TextAreaField(
        _l("Uitleg voor de site"), validators=[validators.Optional(), max_length(2000)]
    )

    def set_choices(self, toegestaan: list[Fase]) -> None:
        self.fase.choices = choices((f.value, FASE_LABELS[f]) for f in toegestaan)


class UitnodigingForm(BaseForm):
    email = EmailField(
        _l("E-mailadres van het lid"),
        validators=[
            required(_l("Vul het e-mailadres in.")),
            validators.Email(message=_l("Vul een goed e-mailadres in.")),
            max_length(254),
        ],
    )


class StukForm(BaseForm):
    titel = StringField(
        _l("Titel"), validators=[required(_l("Vul een titel in.")), length(3, 200, _l("De titel"))]
    )
    sessie = StringField(
        _l("Nummer van de bijeenkomst"),
        validators=_heel_getal(_l("Vul het nummer van de bijeenkomst in.")),
    )
    sessie_naam = StringField(
        _l("Naam van de bijeenkomst"), validators=[validators.Optional(), max_length(120)]
    )
    tekst = TextAreaField(_l("Tekst"), validators=[validators.Optional(), max_length(50000)])
    pdf = FileField(_l("PDF-bestand"))

    def validate_sessie(self, field: Any) -> None:
        if getal(field) == 0:
            raise ValidationError(_l("Vul een getal groter dan 0 in."))


class NotitieForm(BaseForm):
    tekst = TextAreaField(
        _l("Uw notitie (alleen u ziet deze)"), validators=[validators.Optional(), max_length(10000)]
    )


class VraagForm(BaseForm):
    vraag = TextAreaField(
        _l("Uw vraag aan de deskundigen"),
        validators=[required(_l("Schrijf uw vraag.")), length(5, 3000, _l("De vraag"))],
    )
    stuk_id = SelectField(
        _l("Over welk stuk gaat uw vraag?"),
        validators=[validators.Optional()],
        validate_choice=False,
    )


class AntwoordForm(BaseForm):
    antwoord = TextAreaField(
        _l("Antwoord"), validators=[required(_l("Schrijf het antwoord.")), max_length(10000)]
    )
    expert = StringField(
        _l("Wie geeft het antwoord?"),
        validators=[required(_l("Vul in wie het antwoord geeft.")), max_length(200)],
    )


class AdviesForm(BaseForm):
    samenvatting = TextAreaField(
        _l("Samenvatting van het advies"),
        validators=[required(_l("Schrijf een samenvatting.")), max_length(10000)],
    )
    stemmers = StringField(
        _l("Aantal leden dat stemde"),
        validators=_heel_getal(_l("Vul het aantal in."), optional=True),
    )


class AanbevelingForm(BaseForm):
    nummer = StringField(_l("Nummer"), validators=_heel_getal(_l("Vul het nummer in.")))
    titel = StringField(
        _l("Titel"), validators=[required(_l("Vul een titel in.")), length(3, 200, _l("De titel"))]
    )
    tekst = TextAreaField(
        _l("Tekst in de woorden van de leden"),
        validators=[required(_l("Schrijf de tekst van de aanbeveling.")), max_length(10000)],
    )
    steun_procent = StringField(
        _l("Steun bij de stemming (procent)"),
        validators=_heel_getal(_l("Vul het percentage in."), optional=True),
    )

    def validate_nummer(self, field: Any) -> None:
        if getal(field) == 0:
            raise ValidationError(_l("Vul een getal groter dan 0 in."))

    def validate_steun_procent(self, field: Any) -> None:
        value = getal(field)
        if value is not None and value > 100:
            raise ValidationError(_l("Vul een getal van 0 tot en met 100 in."))


class ReactieForm(BaseForm):
    besluit = RadioField(
        _l("Reactie van de gemeente"),
        choices=choices((s.value, AANBEVELING_LABELS[s]) for s in BESLUITEN),
        validators=[required(_l("Kies de reactie."))],
        validate_choice=False,
    )
    reden = TextAreaField(
        _l("Reden (in eenvoudige taal)"),
        validators=[required(_l("Schrijf de reden.")), max_length(5000)],
    )
    verantwoordelijke = StringField(
        _l("Wie is verantwoordelijk?"),
        validators=[required(_l("Vul in wie verantwoordelijk is.")), max_length(200)],
    )


class VoortgangForm(BaseForm):
    tekst = TextAreaField(
        _l("Wat is er gebeurd?"),
        validators=[required(_l("Schrijf wat er is gebeurd.")), max_length(5000)],
    )
    status_na = SelectField(
        _l("Nieuwe status"), validators=[validators.Optional()], validate_choice=False
    )

    def set_choices(self, toegestaan: list[AanbevelingStatus]) -> None:
        self.status_na.choices = choices(
            [("", _l("Status blijft hetzelfde"))]
            + [(s.value, AANBEVELING_LABELS[s]) for s in toegestaan]
        )


def _methode_veld() -> RadioField:
    """The method of the lottery (the lottery form with files and the draw from the
    registrations)."""
    return RadioField(
        _l("Manier van rekenen"),
        choices=choices(
            [
                ("maximin", _l("Maximin: de kleinste kans zo groot mogelijk")),
                ("leximin", _l("Leximin: daarna ook de kans van de volgende zo groot mogelijk")),
            ]
        ),
        default="maximin",  # a form without the field (an older page) keeps maximin
        validate_choice=False,
    )


def _uniform_veld() -> StringField:
    """M of the uniform final step (empty: no uniform step)."""
    return StringField(
        _l("Aantal groepen met gelijke kans"),
        validators=[
            validators.Optional(),
            validators.Regexp(
                r"^[0-9]{1,5}$",
                message=_l("Vul een heel getal in van 2 tot 10.000. Of laat het leeg."),
            ),
        ],
    )


def _controleer_methode(field: Any) -> None:
    if field.data not in ("maximin", "leximin"):
        raise ValidationError(_l("Kies een manier van rekenen."))


def _controleer_uniform(field: Any) -> None:
    if re.fullmatch(r"[0-9]{1,5}", field.data or "") and not 2 <= int(field.data) <= 10_000:
        raise ValidationError(_l("Vul een heel getal in van 2 tot 10.000. Of laat het leeg."))


class LotingForm(BaseForm):
    personen = FileField(
        _l("Bestand met aanmeldingen (CSV)"),
        validators=[FileRequired(_l("Kies het bestand met aanmeldingen."))],
    )
    quota = FileField(
        _l("Quotabestand (CSV)"), validators=[FileRequired(_l("Kies het quotabestand."))]
    )
    panelgrootte = StringField(
        _l("Aantal leden van de groep"), validators=_heel_getal(_l("Vul het aantal leden in."))
    )
    reserves = StringField(
        _l("Aantal reserves"), validators=_heel_getal(_l("Vul het aantal reserves in."))
    )
    methode = _methode_veld()
    uniform = _uniform_veld()

    def validate_panelgrootte(self, field: Any) -> None:
        if getal(field) == 0:
            raise ValidationError(_l("Vul een getal groter dan 0 in."))

    def validate_methode(self, field: Any) -> None:
        _controleer_methode(field)

    def validate_uniform(self, field: Any) -> None:
        _controleer_uniform(field)


class WervingLotingForm(BaseForm):
    """The draw straight from the registrations: the same choice of method and uniform final
    step as the lottery form with files (``LotingForm``) and ``flask loting trek``."""

    methode = _methode_veld()
    uniform = _uniform_veld()

    def validate_methode(self, field: Any) -> None:
        _controleer_methode(field)

    def validate_uniform(self, field: Any) -> None:
        _controleer_uniform(field)


class EmptyForm(BaseForm):
    pass


class AdresTrekkingForm(BaseForm):
    """Stage 1 of the recruitment: draw addresses from the BRP extract (see ``werving.py``)."""

    adressen = FileField(
        _l("Bestand met adressen uit de BRP (CSV)"),
        validators=[FileRequired(_l("Kies het bestand met adressen."))],
    )
    aantal = StringField(
        _l("Aantal adressen dat een brief krijgt"),
        validators=_heel_getal(_l("Vul het aantal adressen in.")),
    )
    methode = RadioField(
        _l("Hoe trekken we de adressen?"),
        choices=choices(
            [
                ("uniform", _l("Uit alle adressen samen")),
                ("per_wijk", _l("Per wijk, naar verhouding van het aantal adressen in de wijk")),
            ]
        ),
        default="uniform",
        validators=[required(_l("Kies hoe we de adressen trekken."))],
        validate_choice=False,
    )
    startgetal = StringField(
        _l("Startgetal (mag leeg blijven)"),
        validators=[
            validators.Optional(),
            validators.Regexp(
                r"^[0-9]{1,15}$", message=_l("Vul een heel getal in, hoogstens 15 cijfers.")
            ),
        ],
    )

    def validate_aantal(self, field: Any) -> None:
        if getal(field) == 0:
            raise ValidationError(_l("Vul een getal groter dan 0 in."))

    def validate_methode(self, field: Any) -> None:
        if field.data not in ("uniform", "per_wijk"):
            raise ValidationError(_l("Kies een van de twee manieren van trekken."))


class BriefForm(BaseForm):
    tekst = TextAreaField(
        _l("Tekst van de brief"),
        validators=[required(_l("Schrijf de tekst van de brief.")), max_length(5000)],
    )
