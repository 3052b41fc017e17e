"""A resident's own registration, also without an account: the confirmation mail holds a link
with a random token; the page shows what we keep (GET) and erases it (POST, CSRF).

The token exists in plain text only in the mail: the registration keeps its SHA-256
(``BeraadAanmelding.eigen_digest``; the token has 192 random bits, so a plain hash is enough).
Someone who was chosen cannot erase here: the page asks them to call, so the municipality can
give the seat to a reserve first (``aanmelding.vervang``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date

import sqlalchemy as sa
from flask import abort, make_response, render_template, request
from flask.typing import ResponseReturnValue

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.permissions import public
from open_nijmegen.core.ratelimits import POST_LIMIT
from open_nijmegen.core.urls import MailUrl, mail_url
from open_nijmegen.extensions import db, limiter
from open_nijmegen.inwonersberaad.aanmelding_models import AanmeldStatus, BeraadAanmelding
from open_nijmegen.inwonersberaad.forms import EmptyForm

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def nieuw_token() -> tuple[str, str]:
    """A new token and its digest: the token goes into the mail, the digest into the row."""
    token = secrets.token_urlsafe(24)
    return token, digest(token)


def link(token: str) -> MailUrl:
    """The link for the mail, in the recipient's language."""
    return mail_url("inwonersberaad.eigen_aanmelding", token=token)


def voor_token(token: str) -> BeraadAanmelding | None:
    if not _TOKEN.fullmatch(token or ""):
        return None
    return db.session.scalar(
        sa.select(BeraadAanmelding).where(BeraadAanmelding.eigen_digest == digest(token))
    )


def kan_wissen(row: BeraadAanmelding) -> bool:
    return row.status != AanmeldStatus.GEKOZEN


def wis(row: BeraadAanmelding) -> None:
    """Erase the registration at the resident's request (the caller commits)."""
    record_audit(None, "werving.zelf_gewist", row.beraad, aanmelding=row.id, status=row.status)
    db.session.delete(row)
    db.session.flush()


@public
@limiter.limit(POST_LIMIT, methods=["POST"])
def eigen_aanmelding(token: str) -> ResponseReturnValue:
    row = voor_token(token)
    if row is None:
        response = make_response(render_template("inwonersberaad/eigen_ongeldig.html"), 404)
    else:
        form = EmptyForm()
        if request.method == "POST":
            if not form.validate_on_submit() or not kan_wissen(row):
                abort(400)
            vraag = row.beraad.vraag
            wis(row)
            db.session.commit()
            response = make_response(
                render_template("inwonersberaad/eigen_gewist.html", vraag=vraag)
            )
        else:
            response = make_response(
                render_template(
                    "inwonersberaad/eigen_aanmelding.html",
                    row=row,
                    beraad=row.beraad,
                    form=form,
                    token=token,
                    sessies=[date.fromisoformat(d) for d in row.beschikbaar],
                    kan_wissen=kan_wissen(row),
                )
            )
    response.headers["Cache-Control"] = "private, no-store"
    return response
