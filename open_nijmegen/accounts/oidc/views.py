"""Logging in through OpenID Connect providers, and the second step for local passwords.

Every failure ends on a B1 page with a way back and a line in the log (a reason code, never a
token or a claim). Starting a login is a POST (it changes the session); the callback is the one
GET that changes state, protected by the single-use ``state`` it must bring back.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from open_nijmegen.accounts import services as account_services
from open_nijmegen.accounts.forms import LoginForm
from open_nijmegen.accounts.models import User
from open_nijmegen.accounts.oidc import services, totp
from open_nijmegen.accounts.oidc.forms import (
    CodeForm,
    EnrolForm,
    LinkForm,
    NewAccountForm,
    PasswordConfirmForm,
)
from open_nijmegen.accounts.oidc.providers import ProviderConfig
from open_nijmegen.accounts.oidc.registry import all_providers, client_for, find_provider
from open_nijmegen.accounts.oidc.tokens import IdTokenError, validate_id_token
from open_nijmegen.accounts.passwords import verify_password
from open_nijmegen.accounts.views import LOGIN_LIMIT, REGISTER_LIMIT, start_session
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.permissions import custom_access, login_required, public
from open_nijmegen.core.refusals import RefusalKind, record_refusal
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db, limiter
from open_nijmegen.security import is_safe_next

START_LIMIT = "20 per minute"
CODE_LIMIT = "5 per minute;20 per hour"
NEXT_KEY = "oidc_next"
PROVIDER_ERRORS = (OAuthError, requests.RequestException, ValueError, KeyError, RuntimeError)


class MetadataProblem(Exception):
    pass


def _safe(target: str | None) -> str:
    return target if target and is_safe_next(target) else ""


def _after_login(user: User, next_url: str) -> str:
    if next_url and is_safe_next(next_url):
        return next_url
    return url_for("beheer.dashboard") if user.is_staff else url_for("core.home")


def _failed(
    provider: ProviderConfig | None,
    reason: str,
    message: str | None = None,
    status: int = 400,
    cancelled: bool = False,
) -> ResponseReturnValue:
    name = provider.name if provider else "-"
    if cancelled:
        current_app.logger.info("oidc login at %s cancelled by the user", name)
    else:
        current_app.logger.warning("oidc login at %s refused: %s", name, reason)
    db.session.rollback()
    return (
        render_template(
            "oidc/mislukt.html",
            provider=provider,
            message=message,
            cancelled=cancelled,
        ),
        status,
    )


def _metadata(client: Any, provider: ProviderConfig) -> dict[str, Any]:
    metadata = client.load_server_metadata()
    if metadata.get("issuer") != provider.issuer:
        raise MetadataProblem("discovery issuer differs from the configured issuer")
    methods = metadata.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        raise MetadataProblem("provider does not support PKCE S256")
    for endpoint in ("authorization_endpoint", "end_session_endpoint"):
        url = metadata.get(endpoint)
        if url and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != provider.origin:
            # The CSP form-action only allows the issuer's origin.
            raise MetadataProblem(f"{endpoint} is not on the issuer's origin")
    return dict(metadata)


def _provider_or_404(name: str) -> ProviderConfig:
    provider = find_provider(name)
    if provider is None:
        abort(404)
    return provider


# --- The login page: providers, the local form, and the second step ---------------------------


@public
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login() -> ResponseReturnValue:
    """``accounts.login``: the local form, the providers, and the second step (a code from an
    app) for accounts that use one."""
    next_url = _safe(request.args.get("next") or request.form.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("accounts.account"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = account_services.authenticate(form.email.data, form.password.data)
        if user is not None:
            remember = bool(form.remember.data)
            if user.has_totp or totp.required_for(user):
                totp.begin_pending(
                    user,
                    remember=remember,
                    next_url=next_url,
                    method="wachtwoord",
                    enrol=not user.has_totp,
                )
                db.session.commit()  # a rehashed password
                return redirect(url_for("oidc.tweestaps" if not user.has_totp else "oidc.code"))
            start_session(user, "wachtwoord", remember=remember)
            db.session.commit()
            flash(_("U bent ingelogd."), "success")
            return redirect(_after_login(user, next_url))
        failed = True
    return render_template("accounts/login.html", form=form, failed=failed, next=next_url)


# --- Provider login -------------------------------------------------------------------------


@public
@limiter.limit(START_LIMIT)
def start(provider: str) -> ResponseReturnValue:
    config = _provider_or_404(provider)
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    client = client_for(provider)
    session[NEXT_KEY] = _safe(request.form.get("next"))
    params: dict[str, Any] = {}
    if config.acr_values:
        params["acr_values"] = " ".join(config.acr_values)
    try:
        _metadata(client, config)
        return client.authorize_redirect(  # type: ignore[no-any-return]
            external_url("oidc.callback", provider=provider), **params
        )
    except (*PROVIDER_ERRORS, MetadataProblem) as error:
        return _failed(config, f"provider not reachable or misconfigured: {error!r}", status=503)


def _validated_claims(
    client: Any, config: ProviderConfig, metadata: dict[str, Any], raw: Any, nonce: str
) -> dict[str, Any]:
    jwks = client.fetch_jwk_set()
    try:
        return validate_id_token(raw, metadata, jwks, config.client_id, nonce, time.time())
    except IdTokenError as error:
        if not error.reason.startswith("signature"):
            raise
    # The provider may have rotated its keys: fetch them once more, then decide.
    jwks = client.fetch_jwk_set(force=True)
    return validate_id_token(raw, metadata, jwks, config.client_id, nonce, time.time())


@public
def callback(provider: str) -> ResponseReturnValue:
    config = _provider_or_404(provider)
    client = client_for(provider)
    state = request.args.get("state", "")
    state_key = f"_state_{client.name}_{state}"
    stored = session.get(state_key) if state else None
    state_data = client.framework.get_state_data(session, state) if state else None
    if state:
        client.framework.clear_state_data(session, state)  # single use, also when it fails
    error = request.args.get("error")
    if error == "access_denied":
        return _failed(config, "access_denied", status=200, cancelled=True)
    if error:
        return _failed(config, f"provider answered error {error[:40]!r}")
    if not state:
        return _failed(config, "missing state")
    if not isinstance(state_data, dict) or not isinstance(stored, dict):
        return _failed(config, "unknown, foreign or used state")
    if float(stored.get("exp") or 0) < time.time():
        return _failed(config, "expired state")
    code = request.args.get("code")
    if not code:
        return _failed(config, "missing code")
    try:
        metadata = _metadata(client, config)
        if metadata.get("authorization_response_iss_parameter_supported") and request.args.get(
            "iss"
        ) != metadata.get("issuer"):
            return _failed(config, "iss parameter differs (mix-up)")
        token = client.fetch_access_token(
            redirect_uri=state_data["redirect_uri"],
            code=code,
            code_verifier=state_data["code_verifier"],
        )
        raw = token.get("id_token")
        claims = _validated_claims(client, config, metadata, raw, state_data.get("nonce", ""))
        userinfo: dict[str, Any] = {}
        if metadata.get("userinfo_endpoint") and token.get("access_token"):
            userinfo = dict(client.userinfo(token=token))
            if userinfo.get("sub") != claims["sub"]:
                return _failed(config, "userinfo is about another subject")
    except IdTokenError as error:
        return _failed(config, f"id token: {error.reason}")
    except (*PROVIDER_ERRORS, MetadataProblem) as error:
        return _failed(
            config, f"token or userinfo request failed: {type(error).__name__}", status=502
        )
    next_url = _safe(session.pop(NEXT_KEY, ""))
    try:
        login_data = services.read_claims(config, claims, userinfo, raw)
        user = services.login_existing(config, login_data)
    except services.LoginRefused as refused:
        return _failed(config, refused.reason, refused.message, status=403)
    if user is None:
        services.save_pending(login_data, next_url)
        return redirect(url_for("oidc.nieuw"))
    start_session(user, f"oidc:{provider}")
    services.remember_login(user, login_data)
    db.session.commit()
    flash(_("U bent ingelogd."), "success")
    return redirect(_after_login(user, next_url))


def _pending_or_restart() -> tuple[services.ProviderLogin, str, ProviderConfig] | None:
    found = services.pending_login()
    if found is None:
        return None
    login_data, next_url = found
    config = find_provider(login_data.provider)
    if config is None:
        return None
    return login_data, next_url, config


def _restart() -> ResponseReturnValue:
    flash(_("Het inloggen duurde te lang of is al klaar. Log opnieuw in."), "info")
    return redirect(url_for("accounts.login"))


@public
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def nieuw() -> ResponseReturnValue:
    """First login: choose a display name (and, if you like, an e-mail address)."""
    found = _pending_or_restart()
    if found is None:
        return _restart()
    login_data, next_url, config = found
    form = NewAccountForm() if request.method == "POST" else NewAccountForm(email=login_data.email)
    if form.validate_on_submit():
        try:
            user = services.create_account(
                config, login_data, form.display_name.data, form.email.data or None
            )
        except services.LoginRefused as refused:
            return _failed(config, refused.reason, refused.message, status=403)
        except IntegrityError:
            return _failed(config, "identity or name created twice at the same time", status=409)
        start_session(user, f"oidc:{config.name}")
        services.remember_login(user, login_data)
        db.session.commit()
        flash(_("Uw account is gemaakt. U bent ingelogd."), "success")
        if not user.email:
            flash(_("U hebt geen e-mailadres gegeven. Daarom krijgt u geen mail van ons."), "info")
        elif user.email_confirmed_at is None:
            flash(_("Wij hebben u een mail gestuurd. Klik op de link om uw adres te bevestigen."))
        return redirect(_after_login(user, next_url))
    return render_template("oidc/nieuw.html", form=form, provider=config)


@public
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def koppelen() -> ResponseReturnValue:
    """Link the provider to an existing account: only with that account's password."""
    found = _pending_or_restart()
    if found is None:
        return _restart()
    login_data, next_url, config = found
    form = LinkForm()
    failed = False
    if form.validate_on_submit():
        user = account_services.authenticate(form.email.data, form.password.data)
        if user is None:
            failed = True
        else:
            try:
                services.check_can_link(config, login_data, user)
            except services.LoginRefused as refused:
                return _failed(config, refused.reason, refused.message, status=403)
            if user.has_totp or totp.required_for(user):
                totp.begin_pending(
                    user,
                    remember=False,
                    next_url=next_url,
                    method=f"oidc:{config.name} gekoppeld",
                    enrol=not user.has_totp,
                    link=True,
                )
                db.session.commit()
                return redirect(url_for("oidc.tweestaps" if not user.has_totp else "oidc.code"))
            return _complete_link(user, login_data, config, next_url)
    return render_template("oidc/koppelen.html", form=form, provider=config, failed=failed)


def _complete_link(
    user: User, login_data: services.ProviderLogin, config: ProviderConfig, next_url: str
) -> ResponseReturnValue:
    try:
        services.link_account(config, login_data, user)
    except services.LoginRefused as refused:
        return _failed(config, refused.reason, refused.message, status=403)
    except IntegrityError:
        return _failed(config, "identity linked twice at the same time", status=409)
    start_session(user, f"oidc:{config.name} gekoppeld")
    services.remember_login(user, login_data)
    db.session.commit()
    flash(_("%(dienst)s is nu gekoppeld aan uw account. U bent ingelogd.", dienst=config.label))
    return redirect(_after_login(user, next_url))


# --- Second step ----------------------------------------------------------------------------


def _finish_second_step(user: User, data: dict[str, Any], how: str) -> ResponseReturnValue | str:
    """Start the session after a right code; returns the next URL or a failure response."""
    if data.get("l"):
        found = _pending_or_restart()
        if found is None:
            return _restart()
        login_data, _next, config = found
        try:
            services.link_account(config, login_data, user)
        except services.LoginRefused as refused:
            return _failed(config, refused.reason, refused.message, status=403)
        start_session(user, f"{data.get('m')} + {how}")
        services.remember_login(user, login_data)
    else:
        start_session(user, f"{data.get('m')} + {how}", remember=bool(data.get("r")))
    return _after_login(user, str(data.get("n") or ""))


@custom_access  # a login that waits for its second step (checked below)
@limiter.limit(CODE_LIMIT, key_func=totp.pending_key, methods=["POST"])
def code() -> ResponseReturnValue:
    data = totp.pending()
    user = totp.pending_user()
    if data is None or user is None or not user.has_totp:
        return _restart()
    form = CodeForm()
    wrong = False
    if form.validate_on_submit():
        how = totp.check_code(user, form.code.data)
        if how is not None:
            result = _finish_second_step(user, data, how)
            if not isinstance(result, str):
                return result
            if how == "herstelcode":
                record_audit(user, "user.herstelcode_gebruikt", user)
            db.session.commit()
            flash(_("U bent ingelogd."), "success")
            if how == "herstelcode":
                left = totp.recovery_codes_left(user)
                flash(
                    _(
                        "U gebruikte een herstelcode. U hebt er nog %(n)d. "
                        "Maak nieuwe codes als u er bijna geen meer hebt.",
                        n=left,
                    ),
                    "warning",
                )
            return redirect(result)
        db.session.rollback()
        record_refusal(RefusalKind.TWO_STEP_FAILED, "wrong_code", account=user)
        wrong = True
    return render_template("oidc/code.html", form=form, wrong=wrong), (400 if wrong else 200)


@custom_access  # the logged-in user, or a login that must set up its second step first
@limiter.limit(CODE_LIMIT, key_func=totp.pending_key, methods=["POST"])
def tweestaps() -> ResponseReturnValue:
    data = totp.pending()
    if current_user.is_authenticated:
        user: User | None = current_user._get_current_object()
        enrolling_login = False
    elif data is not None and data.get("e"):
        user = totp.pending_user()
        enrolling_login = True
    else:
        flash(_("Log eerst in. Daarna kunt u verder."), "info")
        return redirect(url_for("accounts.login", next=request.path))
    if user is None:
        return _restart()
    if user.has_totp:
        return render_template(
            "oidc/tweestaps_aan.html",
            user=user,
            left=totp.recovery_codes_left(user),
            required=totp.required_for(user),
            off_form=PasswordConfirmForm(prefix="uit"),
            codes_form=PasswordConfirmForm(prefix="codes"),
        )
    if not user.password_hash:
        return render_template("oidc/tweestaps_niet_nodig.html")
    secret = session.get(totp.ENROL_KEY)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = totp.new_secret()
        session[totp.ENROL_KEY] = secret
    form = EnrolForm()
    need_password = not enrolling_login
    if not need_password:
        del form.password  # the password was just given at login
    if form.validate_on_submit():
        if need_password and not verify_password(user.password_hash, form.password.data or ""):
            form.password.errors.append(_("Uw wachtwoord klopt niet."))
        else:
            codes = totp.enable(user, secret, form.code.data)
            if codes is None:
                if enrolling_login:  # the second step of a login that must set it up first
                    record_refusal(RefusalKind.TWO_STEP_FAILED, "wrong_code", account=user)
                form.code.errors.append(
                    _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat.")
                )
            else:
                session.pop(totp.ENROL_KEY, None)
                record_audit(user, "user.tweestaps_aan", user)
                next_url = url_for("oidc.tweestaps")
                if enrolling_login:
                    assert data is not None
                    result = _finish_second_step(user, data, "tweestaps ingesteld")
                    if not isinstance(result, str):
                        return result
                    next_url = result
                db.session.commit()
                return render_template("oidc/herstelcodes.html", codes=codes, next_url=next_url)
    return render_template(
        "oidc/tweestaps.html",
        form=form,
        secret=totp.grouped(secret),
        uri=totp.provisioning_uri(user, secret),
        need_password=need_password,
        required=enrolling_login,
    )


@login_required
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def tweestaps_uit() -> ResponseReturnValue:
    form = PasswordConfirmForm(prefix="uit")
    user = current_user._get_current_object()
    if totp.required_for(user):
        flash(_("Voor medewerkers moet de extra code aan blijven."), "warning")
        return redirect(url_for("oidc.tweestaps"))
    if form.validate_on_submit() and verify_password(user.password_hash, form.password.data):
        totp.disable(user)
        record_audit(user, "user.tweestaps_uit", user)
        db.session.commit()
        flash(_("Inloggen met een extra code staat nu uit."), "success")
        return redirect(url_for("oidc.tweestaps"))
    flash(_("Uw wachtwoord klopt niet. Er is niets veranderd."), "warning")
    return redirect(url_for("oidc.tweestaps"))


@login_required
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def herstelcodes() -> ResponseReturnValue:
    form = PasswordConfirmForm(prefix="codes")
    user = current_user._get_current_object()
    if (
        user.has_totp
        and form.validate_on_submit()
        and verify_password(user.password_hash, form.password.data)
    ):
        codes = totp.make_recovery_codes()
        totp.set_recovery_codes(user, codes)
        record_audit(user, "user.herstelcodes_nieuw", user)
        db.session.commit()
        return render_template(
            "oidc/herstelcodes.html", codes=codes, next_url=url_for("oidc.tweestaps")
        )
    flash(_("Uw wachtwoord klopt niet. Er is niets veranderd."), "warning")
    return redirect(url_for("oidc.tweestaps"))


# --- Logout ---------------------------------------------------------------------------------


def with_provider_logout(view: Any) -> Any:
    """Wraps ``accounts.logout``: after the local logout, a login through a provider that offers
    an end_session_endpoint also ends the provider's session (RP-initiated logout) and comes
    back to the site's home page."""
    from functools import wraps

    @wraps(view)
    def logout() -> ResponseReturnValue:
        login = session.get("oidc") if current_user.is_authenticated else None
        response = view()
        if not isinstance(login, dict) or getattr(response, "status_code", 0) not in {302, 303}:
            return response
        config = find_provider(str(login.get("p", "")))
        if config is None:
            return response
        client = client_for(config.name)
        try:
            metadata = _metadata(client, config)
            if not metadata.get("end_session_endpoint"):
                return response
            extra = {} if login.get("idt") else {"client_id": config.client_id}
            result = client.create_logout_url(
                post_logout_redirect_uri=external_url("core.home"),
                id_token_hint=login.get("idt"),
                **extra,
            )
        except (*PROVIDER_ERRORS, MetadataProblem) as error:
            current_app.logger.warning(
                "oidc logout at %s: provider not reachable (%r); local logout only",
                config.name,
                error,
            )
            return response
        return redirect(result["url"])

    return logout


def provider_buttons() -> list[ProviderConfig]:
    return all_providers()
