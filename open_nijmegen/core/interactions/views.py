from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.core.forms import parse_id
from open_nijmegen.core.interactions import services
from open_nijmegen.core.interactions.forms import (
    EmptyForm,
    ReactionEditForm,
    ReactionForm,
    ReportForm,
)
from open_nijmegen.core.models import Reaction
from open_nijmegen.core.objects import FOLLOWABLE, REACTABLE, has_capability, load_object
from open_nijmegen.core.permissions import confirmed_required, custom_access
from open_nijmegen.core.ratelimits import POST_LIMIT, user_key
from open_nijmegen.extensions import csrf, db, limiter


def _target_or_404(object_type: str, object_id: int, capability: str | None = None) -> Any:
    """The object, when it exists, the user may see it and (``capability``) its type opted
    in to what the route does; else 404."""
    if capability is not None and not has_capability(object_type, capability):
        abort(404)
    target = load_object(object_type, object_id)
    if target is None or not hasattr(target, "can_view") or not target.can_view(current_user):
        abort(404)
    return target


@confirmed_required
@limiter.limit(POST_LIMIT, key_func=user_key)
def react(object_type: str, object_id: int) -> ResponseReturnValue:
    target = _target_or_404(object_type, object_id, REACTABLE)
    form = ReactionForm()
    error = None
    if form.validate_on_submit():
        try:
            raw_parent = form.parent_id.data or ""
            parent = parse_id(raw_parent)
            if raw_parent and parent is None:
                raise services.InteractionError(
                    _("De reactie waarop u antwoordt, bestaat niet meer.")
                )
            reaction = services.add_reaction(current_user, target, form.body.data, parent)
        except services.InteractionError as exc:
            error = str(exc)
        else:
            db.session.commit()
            flash(_("Uw reactie staat op de site."), "success")
            return redirect(f"{target.object_url()}#reactie-{reaction.id}")
    # Errors: a page of its own that keeps what was typed, with the error summary.
    return render_template(
        "interactions/reactie_fout.html", form=form, target=target, error=error
    ), 400


def _own_reaction(reaction_id: int) -> tuple[Reaction, Any]:
    reaction = db.session.get(Reaction, reaction_id)
    if reaction is None or reaction.author_id != current_user.id or reaction.deleted_at:
        abort(404)
    target = load_object(reaction.object_type, reaction.object_id)
    if target is None:
        abort(404)
    return reaction, target


@confirmed_required
@limiter.limit(POST_LIMIT, key_func=user_key, methods=["POST"])
def edit_reaction(reaction_id: int) -> ResponseReturnValue:
    reaction, target = _own_reaction(reaction_id)
    if not services.can_change_reaction(current_user, reaction):
        flash(
            _("U kunt deze reactie niet meer aanpassen. Dat kan alleen kort na het plaatsen."),
            "warning",
        )
        return redirect(target.object_url())
    form = ReactionEditForm(obj=reaction)
    if form.validate_on_submit():
        services.edit_reaction(current_user, reaction, form.body.data)
        db.session.commit()
        flash(_("Uw reactie is aangepast."), "success")
        return redirect(f"{target.object_url()}#reactie-{reaction.id}")
    return render_template(
        "interactions/reactie_bewerken.html", form=form, target=target, reaction=reaction
    )


@confirmed_required
def delete_reaction(reaction_id: int) -> ResponseReturnValue:
    reaction, target = _own_reaction(reaction_id)
    if not services.can_change_reaction(current_user, reaction):
        flash(
            _("U kunt deze reactie niet meer verwijderen. Dat kan alleen kort na het plaatsen."),
            "warning",
        )
        return redirect(target.object_url())
    form = EmptyForm()
    if form.validate_on_submit():
        services.delete_reaction(current_user, reaction, target)
        db.session.commit()
        flash(_("Uw reactie is verwijderd."), "success")
        return redirect(target.object_url())
    return render_template(
        "interactions/reactie_verwijderen.html", form=form, target=target, reaction=reaction
    )


@confirmed_required
@limiter.limit(POST_LIMIT, key_func=user_key, methods=["POST"])
def report(object_type: str, object_id: int) -> ResponseReturnValue:
    target = _target_or_404(object_type, object_id)
    form = ReportForm()
    if form.validate_on_submit():
        services.report(current_user, target, form.reason.data, form.explanation.data or "")
        db.session.commit()
        flash(_("Bedankt voor uw melding. Een medewerker kijkt ernaar."), "success")
        return redirect(target.object_url())
    return render_template("interactions/melden.html", form=form, target=target)


@confirmed_required
def follow(object_type: str, object_id: int) -> ResponseReturnValue:
    target = _target_or_404(object_type, object_id, FOLLOWABLE)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    active = request.form.get("volgen") == "1"
    services.set_follow(current_user, target, active)
    db.session.commit()
    if active:
        flash(_("U volgt dit nu. U krijgt mail als er iets verandert."), "success")
    else:
        flash(_("U volgt dit niet meer. U krijgt hierover geen mail meer."), "success")
    if request.form.get("terug") == "mijn":  # the button on Mijn Open Nijmegen
        return redirect(url_for("core.mijn"))
    return redirect(target.object_url())


@custom_access
@csrf.exempt
def unsubscribe(token: str) -> ResponseReturnValue:
    """One-click unsubscribe from a mail, without logging in. The signed token authorises it;
    mail programs may POST it directly (RFC 8058), so this POST needs no CSRF token."""
    row = services.follow_for_token(token)
    if row is None:
        return render_template("accounts/link_invalid.html"), 400
    target = load_object(row.object_type, row.object_id)
    if request.method == "POST":
        row.active = False
        db.session.commit()
        return render_template("interactions/gestopt.html", target=target)
    return render_template("interactions/stoppen.html", target=target, token=token)
