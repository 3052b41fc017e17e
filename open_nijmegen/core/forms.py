"""Form helpers shared by every module: B1 messages and stripped input."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Response, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, validators
from wtforms.fields.choices import SelectChoice

from open_nijmegen.core.text import clean_plain
from open_nijmegen.taal.web import handle_taal_check

# Ids are stored in 64-bit signed columns (also on SQLite): the largest value any id can have.
MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")  # ASCII digits only: str.isdigit() also accepts "²" and "١"


def parse_id(raw: Any) -> int | None:
    """The id in a query string or form value: ASCII digits, 1 up to ``MAX_ID``; else None.
    The one parser for ids that arrive as text (paths use the ``int`` converter of
    ``core.urls``, which has the same bounds)."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw.strip()):
        return None
    value = int(raw.strip())
    return value if 1 <= value <= MAX_ID else None


def optional_float(value: Any) -> Any:
    """A form filter for an optional number such as a map coordinate: None when empty, a
    float (a decimal comma is fine), or the text "fout" for the field's validator to refuse."""
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return "fout"


class _IdNumber:
    """A form field that holds an id (a number typed by an officer): ``parse_id`` must read it."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if field.data and parse_id(field.data) is None:
            raise validators.ValidationError(self.message)


def id_number(message: str) -> _IdNumber:
    return _IdNumber(message)


def strip_filter(value: Any) -> Any:
    # NUL is never valid text: HTML cannot show it and PostgreSQL refuses it in a query.
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


def plain_filter(value: Any) -> Any:
    return clean_plain(value) if isinstance(value, str) else value


class BaseForm(FlaskForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Several forms on one page must not repeat id="csrf_token" (invalid HTML).
        if "csrf_token" in self._fields:
            self._fields["csrf_token"].id = False

    def validate_on_submit(self, extra_validators: Any = None) -> bool:
        """False when "Controleer mijn tekst" sent the form (without JavaScript, or with a
        blocked script): the check never triggers the form's action. The view renders the form
        again as it does after an error, with the report and everything typed; see taal/web.py.
        Every form's view goes through here, so no view can forget it."""
        if handle_taal_check(self):
            return False
        return bool(super().validate_on_submit(extra_validators))

    class Meta:
        def bind_field(self, form, unbound_field, options):  # type: ignore[no-untyped-def]
            filters = list(unbound_field.kwargs.get("filters", []))
            if unbound_field.field_class.__name__ in {"StringField", "EmailField"}:
                filters.append(strip_filter)
            if unbound_field.field_class.__name__ == "TextAreaField":
                filters.append(plain_filter)
            return unbound_field.bind(form=form, filters=filters, **options)


def errors_answer_400(response: Response) -> Response:
    """A form sent back with an error summary answers 400, whichever view rendered it (some
    answered 200, the uitdaagrecht steps 422): one rule for every form, in one place. The
    summary (core/_forms.html ``error_summary``, and the settings page) carries
    ``data-error-summary``."""
    if (
        request.method == "POST"
        and response.status_code in (200, 422)
        and response.mimetype == "text/html"
        and not response.is_streamed
        and b"data-error-summary" in response.get_data()
    ):
        response.status_code = 400
    return response


class _Required(validators.InputRequired):
    """Input is required, and text that is only spaces (after the field's filters) is none."""

    def __call__(self, form: Any, field: Any) -> None:
        super().__call__(form, field)
        if isinstance(field.data, str) and not field.data.strip():
            field.errors[:] = []
            raise validators.StopValidation(self.message)


class NeededFor:
    """A field that may stay empty now but is needed for a later step: it is not marked
    "(niet verplicht)" (that would mislead); the label says what it is needed for instead."""

    def __init__(self, what: str) -> None:
        self.field_flags = {"needed_for": what}

    def __call__(self, form: Any, field: Any) -> None:
        return None


def required(message: str) -> validators.InputRequired:
    return _Required(message=message)


def max_length(n: int) -> validators.Length:
    return validators.Length(max=n, message=_l("Gebruik niet meer dan %(max)d tekens.", max=n))


def length(minimum: int, maximum: int, what: str) -> validators.Length:
    return validators.Length(
        min=minimum,
        max=maximum,
        message=_l(
            "%(what)s moet %(min)d tot %(max)d tekens lang zijn.",
            what=what,
            min=minimum,
            max=maximum,
        ),
    )


def choices(items: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """Choices for SelectField/RadioField in the WTForms 3.3+ shape."""
    return [SelectChoice(value, label) for value, label in items]


class WholeNumberField(IntegerField):
    """A whole number (an amount in euros, a form number) with a B1 message for text that is
    not one ("12,50", "twaalf", "1e9"), instead of WTForms' English one. Empty stays None, so
    ``required``/``Optional`` decide."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        raw = str(valuelist[0]).strip().replace(" ", "")
        if raw.startswith("€"):
            raw = raw[1:]
        if re.fullmatch(r"-?[0-9]{1,15}", raw) is None:
            self.data = None
            raise ValueError(_l("Vul een heel getal in, zonder punt of komma."))
        self.data = int(raw)
