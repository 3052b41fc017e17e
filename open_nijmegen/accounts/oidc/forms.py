from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import ValidationError

from open_nijmegen.accounts.forms import check_display_name, check_email
from open_nijmegen.accounts.services import find_by_email
from open_nijmegen.core.forms import BaseForm, length, required


def email_not_taken(form: BaseForm, field: EmailField) -> None:
    # Never link on a matching address: the owner of that account links with the password.
    if field.data and find_by_email(field.data) is not None:
        raise ValidationError(
            _l(
                "Dit e-mailadres hoort al bij een account. Is dat uw account? "
                "Kies dan hieronder: koppelen aan mijn account."
            )
        )


class NewAccountForm(BaseForm):
    display_name = StringField(
        _l("Uw naam op de site"),
        validators=[
            required(_l("Vul de naam in die anderen zien.")),
            length(2, 40, _l("Uw naam")),
            check_display_name,
        ],
    )
    email = EmailField(_l("E-mailadres"), validators=[check_email, email_not_taken])
    accept = BooleanField(
        _l("Ik heb gelezen hoe de gemeente met mijn gegevens omgaat."),
        validators=[required(_l("Zet een vinkje om te laten zien dat u de privacyregels kent."))],
    )


class LinkForm(BaseForm):
    email = EmailField(_l("E-mailadres"), validators=[required(_l("Vul uw e-mailadres in."))])
    password = PasswordField(_l("Wachtwoord"), validators=[required(_l("Vul uw wachtwoord in."))])


class CodeForm(BaseForm):
    code = StringField(
        _l("Code"),
        validators=[required(_l("Vul de code in."))],
    )


class EnrolForm(BaseForm):
    code = StringField(
        _l("Code uit de app"),
        validators=[required(_l("Vul de code uit de app in."))],
    )
    # Required: it is asked only when already logged in; the view removes it while logging in.
    password = PasswordField(
        _l("Uw wachtwoord"), validators=[required(_l("Vul uw wachtwoord in."))]
    )


class PasswordConfirmForm(BaseForm):
    password = PasswordField(
        _l("Uw wachtwoord"), validators=[required(_l("Vul uw wachtwoord in."))]
    )
