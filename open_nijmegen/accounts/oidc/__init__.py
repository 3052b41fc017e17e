"""Logging in through OpenID Connect providers (DigiD/eHerkenning brokers, staff single sign-on,
later EU wallets), and two-step login (TOTP) for local passwords.

``init_app`` runs after the accounts blueprint is registered. It adds this package's routes and
serves the login page ``accounts.login`` (/account/inloggen: the local form, the provider buttons
and the second step; the accounts blueprint has no login view of its own), and wraps
``accounts.logout`` so that it also ends the provider's session (RP-initiated logout).

For other modules: ``has_assurance(user, minimum)`` and ``can_with_assurance(user, action)``.
"""

from __future__ import annotations

from flask import Flask

from open_nijmegen.accounts.oidc.assurance import (  # noqa: F401  (public API)
    action_minimum,
    can_with_assurance,
    has_assurance,
)


def init_app(app: Flask) -> None:
    from open_nijmegen.accounts.oidc import views
    from open_nijmegen.accounts.oidc.blueprint import bp
    from open_nijmegen.accounts.oidc.registry import configure_providers
    from open_nijmegen.extensions import oauth

    oauth.init_app(app)
    configure_providers(app, app.config.get("OIDC_PROVIDERS"))
    app.register_blueprint(bp)
    app.add_url_rule("/account/inloggen", "accounts.login", views.login, methods=["GET", "POST"])
    app.view_functions["accounts.logout"] = views.with_provider_logout(
        app.view_functions["accounts.logout"]
    )
    app.jinja_env.globals["oidc_providers"] = views.provider_buttons
