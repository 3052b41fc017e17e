"""Account pages: register, confirm, log out, forgotten password, account settings (the login
page is served by accounts.oidc: the local form, the provider buttons and the second step)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from open_nijmegen.accounts import services, sessions
from open_nijmegen.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    EmailOnlyForm,
    NewPasswordForm,
    PreferencesForm,
    RegisterForm,
)
from open_nijmegen.accounts.models import User
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.permissions import custom_access, login_required, public
from open_nijmegen.extensions import csrf, db, limiter
from open_nijmegen.notifications import preferences

LOGIN_LIMIT = "10 per minute;40 per hour"
REGISTER_LIMIT = "5 per hour;20 per day"
MAIL_LIMIT = "5 per hour"


def start_session(user: User, method: str, remember: bool = False) -> None:
    """Log in with a fresh session (no data carried over from before the login)."""
    session.clear()
    remember = remember and not user.is_staff
    login_user(user, remember=remember)
    # The cookies carry the new server-side login instead of the bare user id.
    session["_user_id"] = sessions.open_login_session(user, remember)
    session.permanent = True
    session["login_at"] = utcnow().isoformat()
    services.record_login(user, method)


@public
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if form.validate_on_submit():
        services.register_user(form.display_name.data, form.email.data, form.password.data)
        db.session.commit()
        return redirect(url_for("accounts.register_done"))
    return render_template("accounts/register.html", form=form)


@public
def register_done() -> ResponseReturnValue:
    return render_template("accounts/register_done.html")


@public
def bevestigen(token: str) -> ResponseReturnValue:
    """A mail link is a GET; the confirmation itself is a POST from this page."""
    user = services.user_for_confirmation(token)
    form = ConfirmForm()
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    if request.method == "POST" and form.validate_on_submit():
        services.confirm_email(user)
        db.session.commit()
        flash(_("Uw e-mailadres is bevestigd. U kunt nu meedoen."), "success")
        if current_user.is_authenticated:
            return redirect(url_for("accounts.account"))
        return redirect(url_for("accounts.login"))
    return render_template("accounts/bevestigen.html", form=form, user=user)


@login_required
@limiter.limit(MAIL_LIMIT, methods=["POST"])
def bevestig_opnieuw() -> ResponseReturnValue:
    form = ConfirmForm()
    if current_user.is_confirmed:
        return redirect(url_for("accounts.account"))
    if form.validate_on_submit():
        services.send_confirmation(current_user)
        db.session.commit()
        flash(_("Wij hebben een nieuwe link gestuurd. Kijk in uw mail."), "success")
        return redirect(url_for("accounts.bevestig_opnieuw"))
    return render_template("accounts/bevestig_opnieuw.html", form=form)


@login_required
def logout() -> ResponseReturnValue:
    sessions.end_current_session()
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "success")
    return redirect(url_for("core.home"))


@public
@limiter.limit(MAIL_LIMIT, methods=["POST"])
def wachtwoord_vergeten() -> ResponseReturnValue:
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/wachtwoord_vergeten_verstuurd.html")
    return render_template("accounts/wachtwoord_vergeten.html", form=form)


@public
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def wachtwoord_herstellen(token: str) -> ResponseReturnValue:
    user = services.user_for_reset(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        if user.email and user.email_confirmed_at is None:
            services.confirm_email(user)  # the link proves the address
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Uw nieuwe wachtwoord is opgeslagen. Log in met uw nieuwe wachtwoord."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/wachtwoord_herstellen.html", form=form)


@login_required
def account() -> ResponseReturnValue:
    return render_template(
        "accounts/account.html",
        end_form=ConfirmForm(),
        logins=sessions.user_sessions(current_user),
        current_login=sessions.current_session_id(),
    )


@login_required
def apparaat_uitloggen(session_id: int) -> ResponseReturnValue:
    """ "Log dit apparaat uit": ends one of your own logins (another person's: 404)."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.account"))
    this_device = session_id == sessions.current_session_id()
    if not sessions.end_login_session(current_user, session_id):
        abort(404)
    db.session.commit()
    if this_device:
        logout_user()
        session.clear()
        flash(_("U bent uitgelogd."), "success")
        return redirect(url_for("core.home"))
    flash(_("Dat apparaat is nu uitgelogd."), "success")
    return redirect(url_for("accounts.account"))


@login_required
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def wachtwoord_wijzigen() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except services.AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            db.session.commit()
            start_session(current_user._get_current_object(), "wachtwoord gewijzigd")
            db.session.commit()
            flash(
                _("Uw wachtwoord is veranderd. Op andere apparaten bent u nu uitgelogd."), "success"
            )
            return redirect(url_for("accounts.account"))
    return render_template("accounts/wachtwoord_wijzigen.html", form=form)


@login_required
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def email_wijzigen() -> ResponseReturnValue:
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user, form.current_password.data, form.email.data)
        except services.AccountError as error:
            field = form.current_password if "wachtwoord" in str(error) else form.email
            field.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _("Wij hebben een link gestuurd naar uw nieuwe e-mailadres. Klik op die link."),
                "success",
            )
            return redirect(url_for("accounts.account"))
    return render_template("accounts/email_wijzigen.html", form=form)


@public
def email_bevestigen(token: str) -> ResponseReturnValue:
    found = services.user_for_email_change(token)
    if found is None:
        return render_template("accounts/link_invalid.html"), 400
    user, new_email = found
    form = ConfirmForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.apply_email_change(user, new_email)
        except services.AccountError as exc:
            error = str(exc)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Uw nieuwe e-mailadres is opgeslagen. Log opnieuw in."), "success")
            return redirect(url_for("accounts.login"))
    return render_template(
        "accounts/email_bevestigen.html", form=form, new_email=new_email, error=error
    )


@login_required
def overal_uitloggen() -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.account"))
    services.end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("U bent nu overal uitgelogd."), "success")
    return redirect(url_for("accounts.login"))


@login_required
def instellingen() -> ResponseReturnValue:
    form = PreferencesForm(obj=current_user)
    if request.method == "GET":
        for kind in preferences.KINDS:
            form[f"mail_{kind}"].data = preferences.mode_for(current_user, kind)
    if form.validate_on_submit():
        current_user.digest_mode = form.digest_mode.data
        for kind in preferences.KINDS:
            preferences.set_mode(current_user, kind, form[f"mail_{kind}"].data)
        db.session.commit()
        flash(_("Uw keuze is opgeslagen."), "success")
        return redirect(url_for("accounts.account"))
    return render_template("accounts/instellingen.html", form=form), 400 if form.errors else 200


@custom_access
@csrf.exempt
def mail_uit(token: str) -> ResponseReturnValue:
    """The one-click "Geen mail meer" link of a mail, without logging in: the signed token
    authorises it. Mail programs may POST it directly (RFC 8058), so the POST needs no CSRF
    token; a GET only shows the button (a link checker must not turn mail off)."""
    found = preferences.read_off_token(token)
    user = db.session.get(User, found[0]) if found is not None else None
    if found is None or user is None or user.erased_at is not None:
        return render_template("accounts/link_invalid.html"), 400
    kind = preferences.KINDS[found[1]]
    if request.method == "POST":
        preferences.set_mode(user, kind.key, preferences.UIT)
        db.session.commit()
        return render_template("accounts/mail_uit_klaar.html", kind=kind)
    return render_template("accounts/mail_uit.html", kind=kind, token=token)
