from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, TextAreaField

from open_nijmegen.core.forms import BaseForm, choices, max_length, required
from open_nijmegen.moderation.models import REPORT_REASONS


class ReactionForm(BaseForm):
    body = TextAreaField(
        _l("Uw reactie"),
        validators=[required(_l("Schrijf eerst uw reactie.")), max_length(5000)],
    )
    parent_id = HiddenField()


class ReactionEditForm(BaseForm):
    body = TextAreaField(
        _l("Uw reactie"),
        validators=[required(_l("Schrijf eerst uw reactie.")), max_length(5000)],
    )


class ReportForm(BaseForm):
    reason = RadioField(
        _l("Wat is er mis?"),
        choices=choices(REPORT_REASONS.items()),
        validators=[required(_l("Kies wat er mis is."))],
    )
    explanation = TextAreaField(_l("Uitleg"), validators=[max_length(2000)])


class EmptyForm(BaseForm):
    pass
