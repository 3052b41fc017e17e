"""Forms for erasing an account (by the person, or by an officer on their behalf)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField

from open_nijmegen.core.forms import BaseForm, length, required

# The words someone without a password types to erase their account, in the page's language.
# The Dutch words always work too (a translated page, a Dutch letter from the municipality).
CONFIRM_PHRASE_NL = "account wissen"
CONFIRM_PHRASE = _l("account wissen")


def _phrases() -> set[str]:
    return {CONFIRM_PHRASE_NL, " ".join(str(CONFIRM_PHRASE).casefold().split())}


class EraseWithPasswordForm(BaseForm):
    password = PasswordField(
        _l("Uw wachtwoord"),
        validators=[required(_l("Vul uw wachtwoord in. Zo weten wij dat u het echt bent."))],
    )
    begrepen = BooleanField(
        _l("Ik begrijp dat mijn account weg is en niet terug kan komen."),
        validators=[required(_l("Zet een vinkje als u begrijpt wat er gebeurt."))],
    )


class EraseWithPhraseForm(BaseForm):
    """For accounts without a password (login through DigiD or another service only)."""

    zin = StringField(
        _l("Typ: %(zin)s", zin=CONFIRM_PHRASE),
        validators=[required(_l("Typ de woorden: %(zin)s.", zin=CONFIRM_PHRASE))],
    )
    begrepen = BooleanField(
        _l("Ik begrijp dat mijn account weg is en niet terug kan komen."),
        validators=[required(_l("Zet een vinkje als u begrijpt wat er gebeurt."))],
    )

    def validate_zin(self, field: StringField) -> None:
        from wtforms.validators import ValidationError

        if " ".join((field.data or "").casefold().split()) not in _phrases():
            raise ValidationError(_l("Typ precies deze woorden: %(zin)s.", zin=CONFIRM_PHRASE))


class OfficerEraseForm(BaseForm):
    kenmerk = StringField(
        _l("Kenmerk van het verzoek"),
        validators=[
            required(_l("Vul het kenmerk van het verzoek in.")),
            length(3, 60, _l("Het kenmerk")),
        ],
    )
    bevestig = BooleanField(
        _l("Ik heb gecontroleerd dat het verzoek van deze persoon komt."),
        validators=[required(_l("Zet een vinkje als u dit hebt gecontroleerd."))],
    )

    def validate_kenmerk(self, field: StringField) -> None:
        from wtforms.validators import ValidationError

        if any(not ch.isprintable() for ch in field.data or ""):
            raise ValidationError(_l("Gebruik alleen letters, cijfers en gewone tekens."))


class ConfirmEraseForm(BaseForm):
    """The second beheerder confirms a recorded request."""

    bevestig = BooleanField(
        _l("Ik heb het verzoek gelezen. Het account mag gewist worden."),
        validators=[required(_l("Zet een vinkje als u het wissen bevestigt."))],
    )
