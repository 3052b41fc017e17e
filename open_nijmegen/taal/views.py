from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from open_nijmegen.core.permissions import public
from open_nijmegen.extensions import limiter
from open_nijmegen.taal.checker import check_text
from open_nijmegen.taal.web import MAX_CHECK_CHARS


@public
@limiter.limit("30 per minute;600 per day")
def check() -> ResponseReturnValue:
    """Live check for JavaScript: JSON in, JSON report out. CSRF token in X-CSRFToken."""
    data = request.get_json(silent=True) if request.is_json else None
    text = data.get("text") if isinstance(data, dict) else request.form.get("text")
    if not isinstance(text, str):
        return jsonify(error=_("Stuur een tekst mee.")), 400
    report = check_text(text[:MAX_CHECK_CHARS])
    return jsonify(report.to_dict())
