"""Forms: B1 messages, keep what was typed. Forms never save themselves."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    validators,
)
from wtforms.widgets import CheckboxInput, ListWidget

from open_nijmegen.begroten.models import (
    GEBIED_LABELS,
    MAX_BUDGET,
    STEMWIJZE_LABELS,
    TELMETHODE_LABELS,
    UITVOERING_LABELS,
    PlanStatus,
)
from open_nijmegen.core.forms import (
    BaseForm,
    NeededFor,
    WholeNumberField,
    choices,
    length,
    max_length,
    optional_float,
    required,
)
from open_nijmegen.core.paper import paper_number_field


def _euros(label: Any, message: Any, maximum: int = MAX_BUDGET) -> WholeNumberField:
    return WholeNumberField(
        label,
        validators=[
            required(message),
            validators.NumberRange(
                min=1,
                max=maximum,
                message=_l(
                    "Vul een bedrag in van 1 tot en met %(max)s euro.",
                    max=f"{maximum:,}".replace(",", "."),
                ),
            ),
        ],
    )


_DATE_NEEDED = required(_l("Vul een datum en tijd in."))


class PlanForm(BaseForm):
    titel = StringField(
        _l("Titel van uw plan"),
        validators=[required(_l("Geef uw plan een titel.")), length(5, 120, _l("De titel"))],
    )
    tekst = TextAreaField(
        _l("Uw plan"),
        validators=[required(_l("Beschrijf uw plan.")), length(20, 10000, _l("De beschrijving"))],
    )
    wijk_id = SelectField(
        _l("Wijk"), coerce=str, validators=[required(_l("Kies de wijk van uw plan."))]
    )
    geschatte_kosten = _euros(
        _l("Wat kost uw plan ongeveer? (in hele euro's)"),
        _l("Schrijf op wat uw plan ongeveer kost."),
    )
    adres = StringField(_l("Adres of plek"), validators=[validators.Optional(), max_length(200)])
    lat = HiddenField(filters=[optional_float])
    lon = HiddenField(filters=[optional_float])
    foto = FileField(_l("Foto"))
    upload_id = HiddenField()

    def set_choices(self, wijken: list[Any]) -> None:
        self.wijk_id.choices = [("", _l("Kies een wijk"))] + [(str(w.id), w.naam) for w in wijken]

    def validate_wijk_id(self, field: Any) -> None:
        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(_l("Kies een wijk die bij deze begroting hoort."))


class StemForm(BaseForm):
    """The declarations on the ballot; the plans themselves are checkboxes named ``plan``
    (checked in ballots.parse_choice / check_choice)."""

    # validate_wijk_id checks the choice with a B1 message (WTForms' own "Ongeldige keuze"
    # would come on top of it).
    wijk_id = SelectField(
        _l("In welke wijk woont u?"),
        coerce=str,
        validate_choice=False,
        validators=[required(_l("Kies de wijk waar u woont."))],
    )
    leeftijd = BooleanField(_l("Ik ben oud genoeg om mee te stemmen"))

    def set_choices(self, wijken: list[Any], minimum_leeftijd: int) -> None:
        self.wijk_id.choices = [("", _l("Kies uw wijk"))] + [(str(w.id), w.naam) for w in wijken]
        self.leeftijd.label.text = _l(
            "Ik ben %(n)s jaar of ouder en woon in de wijk die ik koos", n=minimum_leeftijd
        )

    def validate_wijk_id(self, field: Any) -> None:
        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(
                _l("U kunt alleen meestemmen als u in een van deze wijken woont.")
            )

    def validate_leeftijd(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("Zet een vinkje als dit klopt. Anders kunt u niet stemmen."))


class PapierForm(BaseForm):
    nummer = paper_number_field()


class BegrotingForm(BaseForm):
    titel = StringField(
        _l("Titel"),
        validators=[required(_l("Geef de begroting een titel.")), length(5, 120, _l("De titel"))],
    )
    vraag = TextAreaField(
        _l("De vraag aan inwoners"),
        validators=[required(_l("Schrijf de vraag op.")), length(10, 5000, _l("De vraag"))],
    )
    budget = _euros(_l("Budget (in hele euro's)"), _l("Vul het budget in."))
    gebied = RadioField(
        _l("Voor welk gebied?"),
        choices=choices([(k.value, v) for k, v in GEBIED_LABELS.items()]),
        validators=[required(_l("Kies het gebied."))],
    )
    stadsdeel = SelectField(
        _l("Stadsdeel"),
        coerce=str,
        validators=[validators.Optional(), NeededFor(_l("nodig als het gebied een stadsdeel is"))],
    )
    wijken = SelectMultipleField(
        _l("Wijken"),
        coerce=str,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[validators.Optional(), NeededFor(_l("nodig als het gebied wijken zijn"))],
    )
    stemwijze = RadioField(
        _l("Hoe stemmen inwoners?"),
        choices=choices([(k.value, v) for k, v in STEMWIJZE_LABELS.items()]),
        validators=[required(_l("Kies hoe inwoners stemmen."))],
    )
    max_keuzes = WholeNumberField(
        _l("Hoeveel plannen mag iemand kiezen?"),
        validators=[
            validators.Optional(),
            NeededFor(_l("nodig bij 'Kies een aantal plannen'")),
            validators.NumberRange(
                min=1, max=100, message=_l("Vul een aantal in van 1 tot en met 100.")
            ),
        ],
    )
    telmethode = RadioField(
        _l("Hoe worden de stemmen geteld?"),
        choices=choices([(k.value, v) for k, v in TELMETHODE_LABELS.items()]),
        validators=[required(_l("Kies hoe de stemmen worden geteld."))],
    )
    minimum_leeftijd = WholeNumberField(
        _l("Vanaf welke leeftijd mag iemand stemmen?"),
        validators=[
            required(_l("Vul de leeftijd in.")),
            validators.NumberRange(
                min=0, max=120, message=_l("Vul een leeftijd in van 0 tot en met 120.")
            ),
        ],
    )
    # Every date is needed (see validate): marked required, never "(niet verplicht)".
    plannen_vanaf = DateTimeLocalField(
        _l("Plannen insturen vanaf"), format="%Y-%m-%dT%H:%M", validators=[_DATE_NEEDED]
    )
    haalbaarheid_vanaf = DateTimeLocalField(
        _l("Plannen bekijken vanaf"), format="%Y-%m-%dT%H:%M", validators=[_DATE_NEEDED]
    )
    stemmen_vanaf = DateTimeLocalField(
        _l("Stemmen vanaf"), format="%Y-%m-%dT%H:%M", validators=[_DATE_NEEDED]
    )
    uitslag_vanaf = DateTimeLocalField(
        _l("Stemmen sluit en uitslag vanaf"), format="%Y-%m-%dT%H:%M", validators=[_DATE_NEEDED]
    )
    uitvoering_vanaf = DateTimeLocalField(
        _l("Uitvoering vanaf"), format="%Y-%m-%dT%H:%M", validators=[_DATE_NEEDED]
    )

    DATES = (
        "plannen_vanaf",
        "haalbaarheid_vanaf",
        "stemmen_vanaf",
        "uitslag_vanaf",
        "uitvoering_vanaf",
    )

    def set_choices(self, stadsdelen: list[str], wijken: list[Any]) -> None:
        self.stadsdeel.choices = [("", _l("Kies een stadsdeel"))] + [(s, s) for s in stadsdelen]
        self.wijken.choices = [(str(w.id), w.naam) for w in wijken]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        for name in self.DATES:
            field = getattr(self, name)
            if field.data is None and not field.errors:
                field.errors.append(_l("Vul een datum en tijd in."))
                ok = False
        dates = [getattr(self, n).data for n in self.DATES]
        if all(dates) and not (dates[0] <= dates[1] <= dates[2] < dates[3] <= dates[4]):
            self.uitslag_vanaf.errors.append(
                _l("Zet de data op volgorde: insturen, bekijken, stemmen, uitslag, uitvoering.")
            )
            ok = False
        if self.gebied.data == "stadsdeel" and not self.stadsdeel.data:
            self.stadsdeel.errors.append(_l("Kies het stadsdeel."))
            ok = False
        if self.gebied.data == "wijken" and not self.wijken.data:
            self.wijken.errors.append(_l("Kies een of meer wijken."))
            ok = False
        if self.stemwijze.data == "maximaal" and not self.max_keuzes.data:
            self.max_keuzes.errors.append(_l("Vul in hoeveel plannen iemand mag kiezen."))
            ok = False
        return ok


class BeoordelingForm(BaseForm):
    status = RadioField(
        _l("Wat is uw besluit?"),
        choices=choices(
            [
                (PlanStatus.HAALBAAR.value, _l("Haalbaar: het plan komt op de stemlijst")),
                (PlanStatus.NIET_HAALBAAR.value, _l("Niet haalbaar")),
                (PlanStatus.SAMENGEVOEGD.value, _l("Samenvoegen met een ander plan")),
            ]
        ),
        validators=[required(_l("Kies een besluit."))],
    )
    kosten = WholeNumberField(
        _l("Kosten volgens de gemeente (in hele euro's)"),
        validators=[
            validators.Optional(),
            validators.NumberRange(
                min=1, max=MAX_BUDGET, message=_l("Vul een bedrag in van 1 euro of meer.")
            ),
        ],
    )
    kosten_reden = TextAreaField(
        _l("Hoe komt de gemeente aan deze kosten?"), validators=[max_length(5000)]
    )
    samenvoegen_met = SelectField(
        _l("Samenvoegen met"), coerce=str, validators=[validators.Optional()]
    )
    reden = TextAreaField(_l("Reden (iedereen kan die lezen)"), validators=[max_length(5000)])


class VoortgangForm(BaseForm):
    status = RadioField(
        _l("Hoe staat het plan ervoor?"),
        choices=choices([(k.value, v) for k, v in UITVOERING_LABELS.items()]),
        validators=[required(_l("Kies hoe het plan ervoor staat."))],
    )
    tekst = TextAreaField(
        _l("Wat is er gebeurd?"),
        validators=[
            required(_l("Schrijf op wat er is gebeurd.")),
            length(10, 5000, _l("De tekst")),
        ],
    )
