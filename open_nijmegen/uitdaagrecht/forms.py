"""Forms of the uitdaagrecht: the steps of the challenge form, the challenger's answers and the
officer's transition forms. B1 messages; forms never save themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
    validators,
)

from open_nijmegen.core.forms import BaseForm, NeededFor, choices, max_length, required
from open_nijmegen.privacy.models import PURPOSES
from open_nijmegen.uitdaagrecht.models import (
    OORDEEL_LABELS,
    RECHTSVORM_LABELS,
    Oordeel,
    UitdagerSoort,
)
from open_nijmegen.uitdaagrecht.workflow import Veld, VeldSoort

TEKST_MAX = 5000
KVK = re.compile(r"^[0-9]{8}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DatumField(DateField):
    """A date field with a B1 message for a date that cannot be read."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = date.fromisoformat(str(valuelist[0]).strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Vul een geldige datum in, bijvoorbeeld 2026-05-12.")) from None


def _text(label: Any, message: Any, maximum: int = TEKST_MAX) -> TextAreaField:
    return TextAreaField(label, validators=[required(message), max_length(maximum)])


# -- the steps of the challenge form ------------------------------------------------------------


class WieForm(BaseForm):
    soort_uitdager = RadioField(
        _l("Wie daagt de gemeente uit?"),
        choices=choices(
            [
                (UitdagerSoort.ORGANISATIE.value, _l("Een organisatie of groep bewoners")),
                (UitdagerSoort.PERSOON.value, _l("Ikzelf, als inwoner")),
            ]
        ),
        validators=[required(_l("Kies wie de gemeente uitdaagt."))],
    )
    organisatie_naam = StringField(
        _l("Naam van de organisatie of groep"), validators=[validators.Optional(), max_length(200)]
    )
    rechtsvorm = SelectField(
        _l("Soort organisatie"),
        choices=choices(
            [("", _l("Kies een soort"))]
            + [(key.value, _l(label)) for key, label in RECHTSVORM_LABELS.items()]
        ),
        validators=[validators.Optional()],
    )
    kvk_nummer = StringField(_l("KvK-nummer"), validators=[validators.Optional(), max_length(20)])
    contact_naam = StringField(
        _l("Naam van de contactpersoon"),
        validators=[required(_l("Vul de naam van de contactpersoon in.")), max_length(120)],
    )
    contact_email = StringField(
        _l("E-mailadres van de contactpersoon"),
        validators=[validators.Optional(), max_length(254)],
    )
    contact_telefoon = StringField(
        _l("Telefoonnummer"), validators=[validators.Optional(), max_length(40)]
    )

    def validate_contact_email(self, field: Any) -> None:
        if field.data and not EMAIL.match(field.data):
            raise ValidationError(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."))

    def validate_organisatie_naam(self, field: Any) -> None:
        if self.soort_uitdager.data == UitdagerSoort.ORGANISATIE.value and not field.data:
            raise ValidationError(_l("Vul de naam van de organisatie of groep in."))

    def validate_rechtsvorm(self, field: Any) -> None:
        if self.soort_uitdager.data == UitdagerSoort.ORGANISATIE.value and not field.data:
            raise ValidationError(_l("Kies de soort organisatie."))

    def validate_kvk_nummer(self, field: Any) -> None:
        if field.data:
            field.data = field.data.replace(" ", "").replace(".", "")
            if not KVK.match(field.data):
                raise ValidationError(_l("Een KvK-nummer heeft 8 cijfers. Bijvoorbeeld 12345678."))


class TaakForm(BaseForm):
    taak = StringField(
        _l("Welke taak wilt u overnemen?"),
        validators=[required(_l("Schrijf op welke taak u wilt overnemen.")), max_length(200)],
    )
    taak_omschrijving = _text(
        _l("Beschrijf de taak"), _l("Beschrijf de taak. Waar en hoe vaak gebeurt het?")
    )


class BeterForm(BaseForm):
    waarom_beter = _text(
        _l("Waarom kunt u het beter of goedkoper?"),
        _l("Schrijf op waarom u het beter of goedkoper kunt."),
    )


class ErvaringForm(BaseForm):
    ervaring = _text(
        _l("Wat is uw kennis en ervaring?"), _l("Schrijf op wat uw kennis en ervaring is.")
    )


class DraagvlakForm(BaseForm):
    draagvlak = _text(
        _l("Wie steunen uw plan?"), _l("Schrijf op wie uw plan steunen en hoe u dat weet.")
    )


class KostenForm(BaseForm):
    kosten = _text(_l("Wat kost het ongeveer?"), _l("Schrijf op wat het ongeveer kost, per jaar."))
    budget_gevraagd = RadioField(
        _l("Vraagt u het geld dat de gemeente nu aan de taak uitgeeft?"),
        choices=choices([("ja", _l("Ja")), ("nee", _l("Nee"))]),
        validators=[required(_l("Kies of u het geld van de gemeente vraagt."))],
    )
    budget_bedrag = IntegerField(
        _l("Hoeveel geld vraagt u per jaar? (in hele euro's)"),
        validators=[
            validators.Optional(),
            validators.NumberRange(
                min=0, max=100_000_000, message=_l("Vul een bedrag in van 0 euro of meer.")
            ),
        ],
    )

    def validate_budget_bedrag(self, field: Any) -> None:
        if field.raw_data and field.raw_data[0].strip() and field.data is None:
            raise ValidationError(_l("Vul een heel bedrag in euro's in, zonder punt of komma."))


class HulpForm(BaseForm):
    hulp_gemeente = _text(
        _l("Welke hulp wilt u van de gemeente?"),
        _l("Schrijf op welke hulp u van de gemeente wilt. Geen hulp nodig? Schrijf dat op."),
    )


class KwaliteitForm(BaseForm):
    kwaliteit = _text(
        _l("Hoe zorgt u dat het goed blijft gaan?"),
        _l("Schrijf op hoe u zorgt dat de taak goed en lang genoeg wordt gedaan."),
    )


class BijlagenForm(BaseForm):
    bijlage = FileField(_l("Bijlage toevoegen"))
    opmerkingen = TextAreaField(
        _l("Wilt u nog iets vertellen?"), validators=[validators.Optional(), max_length(TEKST_MAX)]
    )


@dataclass(frozen=True)
class Stap:
    nummer: int
    slug: str
    titel: str
    uitleg: str
    form: type[BaseForm]
    velden: tuple[str, ...]


STAPPEN: tuple[Stap, ...] = (
    Stap(
        1,
        "wie",
        _l("Wie daagt de gemeente uit?"),
        _l("Vertel wie de taak wil overnemen. Dat kan een organisatie zijn, of uzelf."),
        WieForm,
        (
            "soort_uitdager",
            "organisatie_naam",
            "rechtsvorm",
            "kvk_nummer",
            "contact_naam",
            "contact_email",
            "contact_telefoon",
        ),
    ),
    Stap(
        2,
        "taak",
        _l("De taak"),
        _l("Welke taak van de gemeente wilt u zelf doen? Bijvoorbeeld het groen in uw buurt."),
        TaakForm,
        ("taak", "taak_omschrijving"),
    ),
    Stap(
        3,
        "beter",
        _l("Beter of goedkoper"),
        _l("Leg uit waarom u de taak beter, goedkoper of dichter bij de buurt kunt doen."),
        BeterForm,
        ("waarom_beter",),
    ),
    Stap(
        4,
        "ervaring",
        _l("Kennis en ervaring"),
        _l("Vertel wat u al weet en kunt. Heeft u zoiets al eerder gedaan?"),
        ErvaringForm,
        ("ervaring",),
    ),
    Stap(
        5,
        "draagvlak",
        _l("Steun uit de buurt"),
        _l("Vertel wie uw plan steunen. Bijvoorbeeld buren, een school of een winkel."),
        DraagvlakForm,
        ("draagvlak",),
    ),
    Stap(
        6,
        "kosten",
        _l("Kosten en geld"),
        _l("Schat wat de taak kost. En vertel of u geld van de gemeente vraagt."),
        KostenForm,
        ("kosten", "budget_gevraagd", "budget_bedrag"),
    ),
    Stap(
        7,
        "hulp",
        _l("Hulp van de gemeente"),
        _l("Vertel hoe u wilt samenwerken met de gemeente. En welke hulp u daarbij nodig heeft."),
        HulpForm,
        ("hulp_gemeente",),
    ),
    Stap(
        8,
        "kwaliteit",
        _l("Kwaliteit en continuïteit"),
        _l("Vertel hoe u zorgt dat het werk goed gebeurt. Ook als iemand stopt of ziek wordt."),
        KwaliteitForm,
        ("kwaliteit",),
    ),
    Stap(
        9,
        "bijlagen",
        _l("Bijlagen"),
        _l(
            "Voeg bestanden toe als u wilt. Bijvoorbeeld een begroting, een lijst met "
            "handtekeningen of foto's. Dit is niet verplicht."
        ),
        BijlagenForm,
        ("opmerkingen",),
    ),
)

AANTAL_STAPPEN = len(STAPPEN)


def stap(nummer: int) -> Stap | None:
    return STAPPEN[nummer - 1] if 1 <= nummer <= AANTAL_STAPPEN else None


# -- the challenger's forms on the status page ------------------------------------------------


class AanvullingForm(BaseForm):
    aanvulling = _text(_l("De gevraagde informatie"), _l("Vul de gevraagde informatie in."))
    bijlage = FileField(_l("Bijlage toevoegen"))


class VoortgangForm(BaseForm):
    voortgang = _text(_l("Hoe gaat het met de taak?"), _l("Schrijf op hoe het gaat."))


class BezwaarForm(BaseForm):
    gronden = _text(
        _l("Waarom bent u het niet eens met het besluit?"),
        _l("Schrijf op waarom u het niet eens bent met het besluit."),
    )


class EmptyForm(BaseForm):
    """Only the CSRF token: for buttons."""


# -- officer forms ------------------------------------------------------------------------------


class PurposeForm(BaseForm):
    class Meta:
        csrf = False  # a GET form: it only chooses what to show

    doel = RadioField(
        _l("Waarom bekijkt u deze zaak?"),
        choices=choices(PURPOSES.items()),
        validators=[required(_l("Kies waarom u deze zaak bekijkt."))],
    )


class FilterForm(BaseForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validators=[validators.Optional()])
    termijn = SelectField(
        _l("Termijn"),
        choices=choices(
            [
                ("", _l("Alle zaken")),
                ("te_laat", _l("Termijn voorbij")),
                ("binnen_14", _l("Nog 14 dagen of minder")),
                ("stil", _l("Termijn staat stil")),
            ]
        ),
        validators=[validators.Optional()],
    )
    open = SelectField(
        _l("Open of gesloten"),
        choices=choices([("open", _l("Alleen open zaken")), ("alle", _l("Alle zaken"))]),
        default="open",
        validators=[validators.Optional()],
    )


class BeoordelingForm(BaseForm):
    """The criteria checklist: one verdict and one note per criterion (fields added per list)."""


class PubliekForm(BaseForm):
    publieke_samenvatting = TextAreaField(
        _l("Samenvatting voor het openbare register"),
        validators=[validators.Optional(), max_length(2000)],
    )


def beoordeling_form(criteria: dict[str, str], prefill: dict[str, Any] | None = None) -> BaseForm:
    """A checklist form with ``oordeel_<code>`` and ``toelichting_<code>`` per criterion."""

    class _Form(BeoordelingForm):
        pass

    for code, label in criteria.items():
        setattr(
            _Form,
            f"oordeel_{code}",
            RadioField(
                _l(label),
                choices=choices([(o.value, _l(t)) for o, t in OORDEEL_LABELS.items()]),
                validators=[validators.Optional()],
            ),
        )
        setattr(
            _Form,
            f"toelichting_{code}",
            TextAreaField(
                _l("Uitleg bij: %(label)s", label=_l(label)),
                # Not needed to save the checklist, but every decision needs it.
                validators=[
                    NeededFor(_l("nodig voor het besluit")),
                    validators.Optional(),
                    max_length(TEKST_MAX),
                ],
            ),
        )
    return _Form(data=prefill or {})


def transition_form(
    actie: str, velden: tuple[Veld, ...], data: dict[str, Any] | None = None, **kwargs: Any
) -> BaseForm:
    """A form with one field per required field of a transition (criteria come from the
    checklist, not from this form). The prefix keeps ids unique when many forms share a page."""

    class _Form(BaseForm):
        pass

    for veld in velden:
        if veld.soort is VeldSoort.CRITERIA:
            continue
        if veld.soort is VeldSoort.DATUM:
            field: Any = DatumField(
                _l(veld.label), validators=[validators.InputRequired(_l(veld.foutmelding))]
            )
        else:
            field = TextAreaField(
                _l(veld.label), validators=[required(_l(veld.foutmelding)), max_length(TEKST_MAX)]
            )
        setattr(_Form, veld.value, field)
    return _Form(prefix=actie, data=data or {}, **kwargs)


def oordeel_waarde(raw: str | None) -> Oordeel | None:
    return Oordeel(raw) if raw in {o.value for o in Oordeel} else None
