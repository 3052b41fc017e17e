"""Forms for erasing an account (by the person, or by an officer on their behalf)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField

from open_nijmegen.core.forms import BaseForm, length, required

CONFIRM_PHRASE = "account wissen"


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
        _l("Typ: account wissen"),
        validators=[required(_l("Typ de woorden: account wissen."))],
    )
    begrepen = BooleanField(
        _l("Ik begrijp dat mijn account weg is en niet terug kan komen."),
        validators=[required(_l("Zet een vinkje als u begrijpt wat er gebeurt."))],
    )

    def validate_zin(self, field: StringField) -> None:
        from wtforms.validators import ValidationError

        if " ".join((field.data or "").casefold().split()) != CONFIRM_PHRASE:
            raise ValidationError(_l("Typ precies deze woorden: account wissen."))


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
