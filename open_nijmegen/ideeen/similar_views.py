"""Routes of the similar-ideas list: the read-only fragment the title field asks while the
resident types, and "Steun dit idee" from inside the idea form (the draft travels in the same
POST, so nothing typed is lost)."""

from __future__ import annotations

from flask import make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.core.db_requests import read_only
from open_nijmegen.core.permissions import public
from open_nijmegen.core.refusals import RefusalKind, record_refusal
from open_nijmegen.extensions import db, limiter
from open_nijmegen.ideeen import permissions, queries, services
from open_nijmegen.ideeen.similar import similar_ideas

FRAGMENT_LIMIT = "60 per minute;1500 per day"


@public
@read_only
@limiter.limit(FRAGMENT_LIMIT)
def lijkt_op() -> ResponseReturnValue:
    """GET, read only: the list of similar public ideas as an HTML fragment for the live
    region under the title field. Empty when there is nothing alike."""
    ideas = similar_ideas(
        current_user, request.args.get("titel", "")[:200], request.args.get("tekst", "")[:2000]
    )
    response = make_response(render_template("ideeen/_gelijkend.html", gelijkend=ideas, live=True))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def support_from_draft(idee_id: int) -> tuple[str, str]:
    """Support a similar public idea from the idea form (the caller checked the CSRF token).
    Returns (message, kind) to show above the list; the draft itself is not touched."""
    idee = queries.idea_for_page(idee_id)  # public only
    if idee is None:
        return _("Dit idee kunt u niet steunen. Het staat niet meer op de site."), "warning"
    try:
        added = services.support(current_user, idee)
    except services.IdeeError as error:
        db.session.rollback()
        record_refusal(
            RefusalKind.SUPPORT_REFUSED, permissions.support_refusal_reason(current_user, idee)
        )
        return str(error), "warning"
    db.session.commit()
    if not added:
        return _("U steunde dit idee al. Uw eigen idee is nog niet geplaatst."), "success"
    return (
        _(
            "Bedankt voor uw steun aan '%(titel)s'. U volgt dit idee nu. "
            "Uw eigen idee is nog niet geplaatst. Alles wat u schreef, staat er nog.",
            titel=idee.titel,
        ),
        "success",
    )
