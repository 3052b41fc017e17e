"""Officer forms of the questionnaire builder: B1 messages, keep what was typed. The answers
of residents are not a WTForms form (their fields depend on the questions): see antwoorden.py."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
    validators,
)

from open_nijmegen.core.codes import MAX_PER_BATCH
from open_nijmegen.core.forms import (
    BaseForm,
    NeededFor,
    WholeNumberField,
    choices,
    length,
    max_length,
    required,
)
from open_nijmegen.core.paper import paper_number_field
from open_nijmegen.peilingen.models import (
    DOELGROEP_LABELS,
    GETAL_GRENS,
    MAX_OPTIES,
    MET_OPTIES,
    SOORT_LABELS,
    Beoordeling,
    Soort,
)

_DATE = required(_l("Vul een datum en tijd in."))


class PeilingForm(BaseForm):
    titel = StringField(
        _l("Titel"),
        validators=[required(_l("Geef de peiling een titel.")), length(5, 120, _l("De titel"))],
    )
    intro = TextAreaField(
        _l("Uitleg aan het begin"),
        validators=[
            required(_l("Schrijf kort waar de peiling over gaat.")),
            length(10, 5000, _l("De uitleg")),
        ],
    )
    doelgroep = RadioField(
        _l("Wie mag meedoen?"),
        choices=choices([(k.value, v) for k, v in DOELGROEP_LABELS.items()]),
        validators=[required(_l("Kies wie mag meedoen."))],
        validate_choice=False,
    )
    opent_op = DateTimeLocalField(_l("Open vanaf"), format="%Y-%m-%dT%H:%M", validators=[_DATE])
    sluit_op = DateTimeLocalField(_l("Sluit op"), format="%Y-%m-%dT%H:%M", validators=[_DATE])
    wegen = BooleanField(
        _l("Weeg de uitslag naar de bevolking (vraagt aan het eind naar wijk en leeftijd)")
    )
    uitslag_live = BooleanField(_l("Laat de uitslag al zien terwijl de peiling open is"))
    uitsplitsen = BooleanField(_l("Laat de uitslag ook per wijk en per leeftijdsgroep zien"))
    snel_home = BooleanField(_l("Zet deze vraag op de homepage (snelle vraag)"))
    snel_traject = SelectField(
        _l("Zet deze vraag op de pagina van een project"), coerce=str, validate_choice=False
    )

    def snel(self) -> bool:
        return bool(self.snel_home.data or self.snel_traject.data)

    def validate_snel_traject(self, field: Any) -> None:
        if field.data and field.data not in {value for value, _label in field.choices or []}:
            raise ValidationError(_l("Kies een project uit de lijst."))

    def validate_uitsplitsen(self, field: Any) -> None:
        if field.data and not self.wegen.data:
            raise ValidationError(
                _l(
                    "Per wijk en leeftijd kan alleen als u de uitslag weegt. De peiling vraagt "
                    "dan ook naar wijk en leeftijd."
                )
            )

    def validate_wegen(self, field: Any) -> None:
        if field.data and self.snel():
            raise ValidationError(
                _l("Een snelle vraag kan niet gewogen worden. Zet het wegen uit.")
            )

    def validate_doelgroep(self, field: Any) -> None:
        if field.data not in {k.value for k in DOELGROEP_LABELS}:
            raise ValidationError(_l("Kies wie mag meedoen."))
        if field.data != "accounts" and self.snel():
            raise ValidationError(
                _l("Een snelle vraag is voor iedereen met een account, niet voor een panel.")
            )

    def validate_sluit_op(self, field: Any) -> None:
        if self.opent_op.data and field.data and field.data <= self.opent_op.data:
            raise ValidationError(_l("De peiling moet sluiten na het begin."))


class BevolkingForm(BaseForm):
    bestand = FileField(
        _l("Bestand met bevolkingscijfers (CSV)"),
        validators=[FileRequired(_l("Kies een CSV-bestand."))],
    )


class SectieForm(BaseForm):
    titel = StringField(
        _l("Titel van de pagina"),
        validators=[required(_l("Geef de pagina een titel.")), length(2, 120, _l("De titel"))],
    )
    uitleg = TextAreaField(
        _l("Uitleg bovenaan de pagina"),
        validators=[validators.Optional(), max_length(2000)],
    )


def _lines(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class VraagForm(BaseForm):
    sectie_id = SelectField(
        _l("Op welke pagina?"),
        coerce=str,
        validate_choice=False,
        validators=[required(_l("Kies de pagina van de vraag."))],
    )
    soort = RadioField(
        _l("Soort vraag"),
        choices=choices([(k.value, v) for k, v in SOORT_LABELS.items()]),
        validators=[required(_l("Kies de soort vraag."))],
        validate_choice=False,
    )
    tekst = TextAreaField(
        _l("De vraag"),
        validators=[required(_l("Schrijf de vraag op.")), length(3, 500, _l("De vraag"))],
    )
    uitleg = TextAreaField(
        _l("Uitleg bij de vraag"), validators=[validators.Optional(), max_length(1000)]
    )
    verplicht = BooleanField(_l("Iedereen moet deze vraag beantwoorden"))
    opties = TextAreaField(
        _l("Antwoorden om uit te kiezen (één per regel)"),
        validators=[
            validators.Optional(),
            NeededFor(_l("nodig bij een keuzevraag of een rangorde")),
            max_length(MAX_OPTIES * 201),
        ],
    )
    max_keuzes = WholeNumberField(
        _l("Hoeveel antwoorden mag iemand kiezen? (bij meer antwoorden kiezen)"),
        validators=[
            validators.Optional(),
            validators.NumberRange(
                min=1, max=MAX_OPTIES, message=_l("Vul een aantal in van 1 tot en met 30.")
            ),
        ],
    )
    schaal_max = RadioField(
        _l("Schaal (bij een cijfer op een schaal)"),
        choices=choices([("5", _l("Van 1 tot en met 5")), ("10", _l("Van 1 tot en met 10"))]),
        validate_choice=False,
    )
    label_laag = StringField(
        _l("Wat betekent 1? Bijvoorbeeld: helemaal niet tevreden"),
        validators=[validators.Optional(), max_length(80)],
    )
    label_hoog = StringField(
        _l("Wat betekent het hoogste cijfer? Bijvoorbeeld: heel tevreden"),
        validators=[validators.Optional(), max_length(80)],
    )
    getal_min = WholeNumberField(
        _l("Kleinste getal (bij een getal)"),
        validators=[
            validators.Optional(),
            validators.NumberRange(
                min=-GETAL_GRENS, max=GETAL_GRENS, message=_l("Dit getal is te groot.")
            ),
        ],
    )
    getal_max = WholeNumberField(
        _l("Grootste getal (bij een getal)"),
        validators=[
            validators.Optional(),
            validators.NumberRange(
                min=-GETAL_GRENS, max=GETAL_GRENS, message=_l("Dit getal is te groot.")
            ),
        ],
    )
    toon_als = SelectField(
        _l("Alleen laten zien als een eerdere vraag dit antwoord heeft"),
        coerce=str,
        validate_choice=False,
    )

    def optie_regels(self) -> list[str]:
        return _lines(self.opties.data)

    def validate_soort(self, field: Any) -> None:
        if field.data not in {s.value for s in Soort}:
            raise ValidationError(_l("Kies de soort vraag."))

    def validate_opties(self, field: Any) -> None:
        if self.soort.data not in {s.value for s in MET_OPTIES}:
            return
        lines = self.optie_regels()
        if len(lines) < 2:
            raise ValidationError(
                _l("Schrijf minstens twee antwoorden op, elk op een eigen regel.")
            )
        if len(lines) > MAX_OPTIES:
            raise ValidationError(_l("Gebruik niet meer dan 30 antwoorden."))
        if any(len(line) > 200 for line in lines):
            raise ValidationError(_l("Een antwoord mag niet langer zijn dan 200 tekens."))
        if len({line.casefold() for line in lines}) != len(lines):
            raise ValidationError(_l("Elk antwoord mag maar één keer in de lijst staan."))

    def validate_max_keuzes(self, field: Any) -> None:
        if (
            self.soort.data == Soort.MEER.value
            and field.data
            and field.data > len(self.optie_regels())
        ):
            raise ValidationError(_l("Dat zijn meer antwoorden dan er in de lijst staan."))

    def validate_schaal_max(self, field: Any) -> None:
        if self.soort.data == Soort.SCHAAL.value and field.data not in ("5", "10"):
            field.data = None
            raise ValidationError(_l("Kies de schaal."))

    def validate_getal_max(self, field: Any) -> None:
        if (
            self.getal_min.data is not None
            and field.data is not None
            and field.data < self.getal_min.data
        ):
            raise ValidationError(_l("Het grootste getal moet groter zijn dan het kleinste."))

    def validate_toon_als(self, field: Any) -> None:
        if field.data and field.data not in {v for v, _l in field.choices if v}:
            raise ValidationError(_l("Kies een vraag en antwoord uit de lijst."))


class CorrectieForm(BaseForm):
    """After the first answer: only typos in the texts, with a reason (logged)."""

    tekst = TextAreaField(
        _l("De vraag"),
        validators=[required(_l("Schrijf de vraag op.")), length(3, 500, _l("De vraag"))],
    )
    uitleg = TextAreaField(
        _l("Uitleg bij de vraag"), validators=[validators.Optional(), max_length(1000)]
    )
    opties = TextAreaField(
        _l("Antwoorden om uit te kiezen (één per regel, zelfde volgorde)"),
        validators=[
            validators.Optional(),
            NeededFor(_l("nodig als de vraag antwoorden heeft")),
            max_length(MAX_OPTIES * 201),
        ],
    )
    label_laag = StringField(
        _l("Wat betekent 1?"), validators=[validators.Optional(), max_length(80)]
    )
    label_hoog = StringField(
        _l("Wat betekent het hoogste cijfer?"), validators=[validators.Optional(), max_length(80)]
    )
    reden = StringField(
        _l("Wat verbetert u?"),
        validators=[
            required(_l("Schrijf kort op wat u verbetert.")),
            length(5, 200, _l("De reden")),
        ],
    )

    def optie_regels(self) -> list[str]:
        return _lines(self.opties.data)


class CodesForm(BaseForm):
    aantal = WholeNumberField(
        _l("Hoeveel codes?"),
        validators=[
            required(_l("Vul in hoeveel codes u nodig heeft.")),
            validators.NumberRange(
                min=1,
                max=MAX_PER_BATCH,
                message=_l("Vul een aantal in van 1 tot en met %(max)s.", max=MAX_PER_BATCH),
            ),
        ],
    )


class BeoordeelForm(BaseForm):
    beoordeling = RadioField(
        _l("Mag dit antwoord op de site?"),
        choices=choices(
            [
                (Beoordeling.GOED.value, _l("Ja, het mag op de site")),
                (Beoordeling.AFGEKEURD.value, _l("Nee, niet op de site")),
            ]
        ),
        validators=[required(_l("Kies ja of nee."))],
        validate_choice=False,
    )

    def validate_beoordeling(self, field: Any) -> None:
        if field.data not in (Beoordeling.GOED.value, Beoordeling.AFGEKEURD.value):
            raise ValidationError(_l("Kies ja of nee."))


class PapierForm(BaseForm):
    """The number printed on a paper questionnaire; the answers are the question fields."""

    nummer = paper_number_field()
