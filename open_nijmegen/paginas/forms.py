from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField, ValidationError

from open_nijmegen.core.forms import BaseForm, length, max_length, required
from open_nijmegen.paginas.models import MAX_TEKST

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class PaginaForm(BaseForm):
    titel = StringField(
        _l("Titel"),
        validators=[required(_l("Vul de titel van de pagina in.")), length(2, 120, _l("De titel"))],
    )
    tekst = TextAreaField(
        _l("Tekst"),
        validators=[required(_l("Schrijf de tekst van de pagina.")), max_length(MAX_TEKST)],
    )


class NieuwePaginaForm(PaginaForm):
    slug = StringField(
        _l("Adres van de pagina"),
        validators=[required(_l("Kies een adres voor de pagina.")), length(2, 60, _l("Het adres"))],
    )

    field_order = ("titel", "slug", "tekst")

    def validate_slug(self, field: Any) -> None:
        from open_nijmegen.paginas.services import GERESERVEERD, find

        value = (field.data or "").strip()
        if not SLUG.fullmatch(value):
            raise ValidationError(
                _l("Gebruik alleen kleine letters, cijfers en streepjes. Bijvoorbeeld: wijkfeest.")
            )
        if value in GERESERVEERD or find(value) is not None:
            raise ValidationError(_l("Dit adres bestaat al. Kies een ander adres."))
