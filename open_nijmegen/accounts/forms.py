from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.validators import ValidationError

from open_nijmegen.accounts.models import (
    BlockedDisplayName,
    User,
    blocked_name_hash,
    display_name_key,
)
from open_nijmegen.core.forms import BaseForm, choices, length, required
from open_nijmegen.extensions import db

PASSWORD_MIN = 10
PASSWORD_MAX = 200
_EMAILISH = re.compile(r"@|\b[\w.-]+\.(nl|com|org|net|eu|be|de)\b", re.IGNORECASE)


def normalise_email(value: str) -> str:
    return value.strip().lower()


def check_email(form: BaseForm, field: EmailField) -> None:
    value = (field.data or "").strip()
    if not value:
        return
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(
            _l("Dit is geen goed e-mailadres. Een e-mailadres ziet er zo uit: naam@voorbeeld.nl")
        ) from None


def check_password_strength(form: BaseForm, field: PasswordField) -> None:
    value = field.data or ""
    if len(value) < PASSWORD_MIN:
        raise ValidationError(_l("Kies een wachtwoord van minstens %(n)d tekens.", n=PASSWORD_MIN))
    if len(value) > PASSWORD_MAX:
        raise ValidationError(_l("Kies een wachtwoord van hoogstens %(n)d tekens.", n=PASSWORD_MAX))
    if value.lower() in {"wachtwoord1", "welkom1234", "1234567890", "qwertyuiop", "nijmegen123"}:
        raise ValidationError(_l("Dit wachtwoord is te makkelijk te raden. Kies een ander."))


RESERVED_NAME_STARTS = (display_name_key("gemeente"), display_name_key("verwijderd"))
# Names that would let someone pose as an erased participant or as the municipality.
RESERVED_NAME_KEYS = frozenset(
    display_name_key(n)
    for n in (
        "verwijderde deelnemer",
        "beheer",
        "beheerder",
        "medewerker",
        "open nijmegen",
        "admin",
    )
)


def check_display_name(form: BaseForm, field: StringField, current: User | None = None) -> None:
    value = " ".join((field.data or "").split())
    if not value:
        return
    if _EMAILISH.search(value):
        raise ValidationError(_l("Gebruik geen e-mailadres of website als naam."))
    if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in value):
        raise ValidationError(_l("Gebruik alleen letters, cijfers en gewone tekens."))
    if not any(ch.isalnum() for ch in value):
        raise ValidationError(_l("Gebruik minstens één letter of cijfer in uw naam."))
    key = display_name_key(value)
    if key in RESERVED_NAME_KEYS or key.startswith(RESERVED_NAME_STARTS):
        raise ValidationError(_l("Deze naam kan niet. Kies een andere naam."))
    if len(key) > User.__table__.c.display_name_key.type.length:
        # Some characters grow under NFKC and the skeleton (U+FDFA becomes 18 characters).
        raise ValidationError(_l("Deze naam is te lang. Kies een kortere naam."))
    taken = db.session.scalar(sa.select(User.id).where(User.display_name_key == key))
    if taken is not None and (current is None or taken != current.id):
        raise ValidationError(_l("Deze naam is al in gebruik. Kies een andere naam."))
    if db.session.get(BlockedDisplayName, blocked_name_hash(key)) is not None:
        raise ValidationError(_l("Deze naam is al in gebruik. Kies een andere naam."))


class RegisterForm(BaseForm):
    display_name = StringField(
        _l("Uw naam op de site"),
        validators=[
            required(_l("Vul de naam in die anderen zien.")),
            length(2, 40, _l("Uw naam")),
            check_display_name,
        ],
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[required(_l("Vul uw e-mailadres in.")), check_email],
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[required(_l("Kies een wachtwoord.")), check_password_strength],
    )
    accept = BooleanField(
        _l("Ik heb gelezen hoe de gemeente met mijn gegevens omgaat."),
        validators=[required(_l("Zet een vinkje om te laten zien dat u de privacyregels kent."))],
    )


class LoginForm(BaseForm):
    email = EmailField(_l("E-mailadres"), validators=[required(_l("Vul uw e-mailadres in."))])
    password = PasswordField(_l("Wachtwoord"), validators=[required(_l("Vul uw wachtwoord in."))])
    remember = BooleanField(_l("Ingelogd blijven op deze computer"))


class EmailOnlyForm(BaseForm):
    email = EmailField(
        _l("E-mailadres"), validators=[required(_l("Vul uw e-mailadres in.")), check_email]
    )


class ConfirmForm(BaseForm):
    """An empty form: a button that confirms with a POST (no state change on GET)."""


class NewPasswordForm(BaseForm):
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[required(_l("Kies een nieuw wachtwoord.")), check_password_strength],
    )


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Uw huidige wachtwoord"),
        validators=[required(_l("Vul uw huidige wachtwoord in."))],
    )
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[required(_l("Kies een nieuw wachtwoord.")), check_password_strength],
    )


class ChangeEmailForm(BaseForm):
    current_password = PasswordField(
        _l("Uw wachtwoord"),
        validators=[required(_l("Vul uw wachtwoord in."))],
    )
    email = EmailField(
        _l("Nieuw e-mailadres"),
        validators=[required(_l("Vul uw nieuwe e-mailadres in.")), check_email],
    )


_MAIL_CHOICES = [
    ("direct", _l("Meteen, bij elke reactie")),
    ("dagelijks", _l("Eén keer per dag, alles in één mail")),
    ("uit", _l("Geen mail")),
]


class PreferencesForm(BaseForm):
    digest_mode = RadioField(
        _l("Wanneer wilt u mail over wat u volgt?"),
        choices=choices(
            [
                ("direct", _l("Meteen, bij elke verandering")),
                ("dagelijks", _l("Eén keer per dag, alles in één mail")),
            ]
        ),
        validators=[required(_l("Kies wanneer u mail wilt krijgen."))],
    )
    # One field per kind of notifications.preferences.KINDS, named "mail_<kind>".
    mail_reactie = RadioField(
        _l("Mail als iemand reageert op uw idee"),
        choices=choices(_MAIL_CHOICES),
        validators=[required(_l("Kies of u mail wilt over reacties op uw idee."))],
    )
    mail_antwoord = RadioField(
        _l("Mail als iemand antwoordt op uw reactie"),
        choices=choices(_MAIL_CHOICES),
        validators=[required(_l("Kies of u mail wilt over antwoorden op uw reacties."))],
    )
