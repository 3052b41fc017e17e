from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from open_nijmegen.accounts.models import Role, WorkArea
from open_nijmegen.core.forms import BaseForm, choices, max_length, required
from open_nijmegen.privacy.models import PURPOSES


class PurposeForm(BaseForm):
    class Meta:
        csrf = False  # a GET form: it only chooses what to show

    doel = RadioField(
        _l("Waarom bekijkt u deze gegevens?"),
        choices=choices(PURPOSES.items()),
        validators=[required(_l("Kies waarom u deze gegevens bekijkt."))],
    )


class RoleForm(BaseForm):
    role = SelectField(
        _l("Rol"),
        choices=choices(
            [
                (Role.INWONER.value, _l("Inwoner")),
                (Role.PARTICIPATIEMEDEWERKER.value, _l("Participatiemedewerker")),
                (Role.BEHEERDER.value, _l("Beheerder")),
            ]
        ),
    )
    areas = SelectMultipleField(
        _l("Werkgebieden"),
        choices=choices(
            [
                (WorkArea.IDEEEN.value, _l("Ideeën")),
                (WorkArea.UITDAAGRECHT.value, _l("Uitdaagrecht")),
                (WorkArea.INWONERSBERAAD.value, _l("Inwonersberaad")),
                (WorkArea.BEGROTEN.value, _l("Begroten")),
                (WorkArea.BIJEENKOMSTEN.value, _l("Bijeenkomsten")),
                (WorkArea.PEILINGEN.value, _l("Peilingen")),
                (WorkArea.INHOUD.value, _l("Teksten en pagina's")),
            ]
        ),
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )


class ModerationForm(BaseForm):
    besluit = RadioField(
        _l("Wat doet u met de meldingen?"),
        choices=choices([("verbergen", _l("Verbergen")), ("laten_staan", _l("Laten staan"))]),
        validators=[required(_l("Kies wat u doet."))],
    )
    reden = TextAreaField(
        _l("Reden (de schrijver krijgt deze te zien)"), validators=[max_length(2000)]
    )


class SearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Zoek op naam"), validators=[max_length(100)])
