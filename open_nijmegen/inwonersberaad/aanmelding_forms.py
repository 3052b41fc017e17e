"""Forms of the registration (stage 2) and of its officer pages. The questions are made per
beraad from its quotas file (``aanmelding.vragen``), so a form class is built per request."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    validators,
)
from wtforms.widgets import CheckboxInput, ListWidget

from open_nijmegen.core.dates import datum_lang
from open_nijmegen.core.forms import BaseForm, NeededFor, choices, max_length, required
from open_nijmegen.inwonersberaad.aanmelding import Vraag, adres
from open_nijmegen.inwonersberaad.forms import _heel_getal


class CodeForm(BaseForm):
    code = StringField(
        _l("Uw code"),
        validators=[required(_l("Vul de code uit de brief in."))],
    )


class _Keuze:
    """The answer must be one of the choices (a forged value gets a B1 message, not WTForms'
    English one)."""

    def __call__(self, form: Any, field: Any) -> None:
        if field.data not in {c[0] for c in field.iter_choices_values()}:
            raise validators.StopValidation(_l("Kies een antwoord uit de lijst."))


class _KeuzeRadio(RadioField):
    def iter_choices_values(self) -> list[tuple[str, Any]]:
        return [(c.value, c.label) for c in self.choices]  # type: ignore[union-attr]


class _Dagen(SelectMultipleField):
    def pre_validate(self, form: Any) -> None:
        gekozen = set(self.data or [])
        if not gekozen <= {c.value for c in self.choices}:  # type: ignore[union-attr]
            raise ValidationError(_l("Kies alleen dagen uit de lijst."))


class _GegevensBasis(BaseForm):
    naam = StringField(_l("Uw naam"), validators=[required(_l("Vul uw naam in.")), max_length(120)])
    email = EmailField(
        _l("Uw e-mailadres"),
        validators=[
            NeededFor(_l("of uw telefoonnummer")),  # one of the two, not "(niet verplicht)"
            validators.Optional(),
            validators.Email(message=_l("Vul een goed e-mailadres in, zoals naam@voorbeeld.nl.")),
            max_length(254),
        ],
    )
    telefoon = StringField(
        _l("Uw telefoonnummer"),
        validators=[
            NeededFor(_l("of uw e-mailadres")),
            validators.Optional(),
            validators.Regexp(
                r"^[0-9+() -]{6,30}$",
                message=_l("Vul een telefoonnummer in met alleen cijfers, zoals 024 123 45 67."),
            ),
        ],
    )
    postcode = StringField(
        _l("Postcode"), validators=[required(_l("Vul uw postcode in.")), max_length(7)]
    )
    huisnummer = StringField(
        _l("Huisnummer"), validators=[required(_l("Vul uw huisnummer in.")), max_length(12)]
    )
    toegankelijkheid = TextAreaField(
        _l("Heeft u iets nodig om mee te doen? Bijvoorbeeld een rolstoelplek of grote letters."),
        validators=[validators.Optional(), max_length(1000)],
    )
    kinderopvang = BooleanField(_l("Ik heb kinderopvang nodig"))
    tolk = StringField(
        _l("Heeft u een tolk nodig? Schrijf dan welke taal."),
        validators=[validators.Optional(), max_length(80)],
    )
    toestemming = BooleanField(
        _l(
            "Ik geef toestemming. De gemeente mag mijn gegevens gebruiken voor de loting en om "
            "mij te bereiken over dit inwonersberaad."
        ),
        validators=[validators.InputRequired(message=_l("Zet een vinkje bij toestemming."))],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        goed = super().validate(extra_validators)
        if not (self.email.data or "").strip() and not (self.telefoon.data or "").strip():
            self.telefoon.errors = [_l("Vul een e-mailadres of een telefoonnummer in.")]
            return False
        return goed

    def validate_huisnummer(self, field: Any) -> None:
        if self.postcode.data and field.data and adres(self.postcode.data, field.data) is None:
            raise ValidationError(
                _l("Vul een goede postcode en een goed huisnummer in, zoals 6511 AB en 12.")
            )

    def kenmerk_velden(self) -> list[tuple[Vraag, Any]]:
        return [(vraag, self[naam]) for naam, vraag in self._vragen]

    def kenmerken(self) -> dict[str, str]:
        return {vraag.kenmerk: self[naam].data for naam, vraag in self._vragen}


def gegevens_form(
    vragen: list[Vraag], sessies: list[str], *, met_code: bool = False, namens: bool = False
) -> type[_GegevensBasis]:
    """The form class for one beraad: a question per feature (radio buttons), the session
    dates as check boxes; with ``met_code`` the code too (an officer on the phone)."""
    attrs: dict[str, Any] = {"_vragen": []}
    for i, vraag in enumerate(vragen):
        naam = f"kenmerk_{i}"
        attrs[naam] = _KeuzeRadio(
            vraag.tekst,
            choices=choices((w, w) for w in vraag.waarden),
            validate_choice=False,
            validators=[required(_l("Kies een antwoord.")), _Keuze()],
        )
        attrs["_vragen"].append((naam, vraag))
    if met_code:
        attrs["code"] = StringField(
            _l("De code uit de brief"),
            validators=[required(_l("Vul de code uit de brief in."))],
        )
    if namens:
        attrs["naam"] = StringField(
            _l("Naam van de inwoner"),
            validators=[required(_l("Vul de naam in.")), max_length(120)],
        )
        attrs["email"] = EmailField(
            _l("E-mailadres van de inwoner"),
            validators=[
                NeededFor(_l("of het telefoonnummer")),
                validators.Optional(),
                validators.Email(
                    message=_l("Vul een goed e-mailadres in, zoals naam@voorbeeld.nl.")
                ),
                max_length(254),
            ],
        )
        attrs["telefoon"] = StringField(
            _l("Telefoonnummer van de inwoner"),
            validators=[
                NeededFor(_l("of het e-mailadres")),
                validators.Optional(),
                validators.Regexp(
                    r"^[0-9+() -]{6,30}$",
                    message=_l(
                        "Vul een telefoonnummer in met alleen cijfers, zoals 024 123 45 67."
                    ),
                ),
            ],
        )
        attrs["toestemming"] = BooleanField(
            _l("De inwoner geeft aan de telefoon toestemming voor het gebruik van de gegevens."),
            validators=[validators.InputRequired(message=_l("Zet een vinkje bij toestemming."))],
        )
    attrs["beschikbaar"] = _Dagen(
        _l("Op welke dagen kunt u komen?"),
        coerce=str,
        choices=choices((d, datum_lang(date.fromisoformat(d))) for d in sessies),
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[validators.Optional()],
    )
    return type("GegevensForm", (_GegevensBasis,), attrs)


class OpzetForm(BaseForm):
    quota = TextAreaField(
        _l("Vragen en quota"),
        validators=[required(_l("Vul de vragen en de quota in.")), max_length(20000)],
    )
    sessies = TextAreaField(
        _l("Datums van de bijeenkomsten"), validators=[validators.Optional(), max_length(2000)]
    )
    reserves = StringField(
        _l("Aantal reserves"), validators=_heel_getal(_l("Vul het aantal reserves in."))
    )
