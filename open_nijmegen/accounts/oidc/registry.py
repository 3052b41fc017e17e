"""The configured providers of this app and their authlib clients.

Each provider becomes a client in the shared ``oauth`` registry (authlib's Flask client) with
PKCE S256 and discovery. The app keeps its own map from provider name to client in
``app.extensions``, so two apps in one process (tests) never share a client by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from open_nijmegen.accounts.oidc.providers import ProviderConfig, parse_providers
from open_nijmegen.extensions import oauth

EXTENSION = "open_nijmegen.oidc"


@dataclass
class Registry:
    providers: dict[str, ProviderConfig] = field(default_factory=dict)
    clients: dict[str, Any] = field(default_factory=dict)


def configure_providers(app: Flask, raw: Any) -> list[ProviderConfig]:
    """Parse (raises ConfigError), register a client per provider and allow their origins as
    form targets in the CSP. Called at start; tests call it again to point at their provider."""
    providers = parse_providers(raw)
    registry = Registry()
    for provider in providers:
        # A new registration must not reuse a client cached under the same name.
        oauth._clients.pop(provider.client_name, None)
        client = oauth.register(
            provider.client_name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": " ".join(provider.scopes),
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "client_secret_basic",
                "default_timeout": 10,
            },
        )
        registry.providers[provider.name] = provider
        registry.clients[provider.name] = client
    app.extensions[EXTENSION] = registry
    # Starting a login (and RP-initiated logout) is a form POST that the site answers with a
    # redirect to the provider; Chromium applies form-action to that redirect.
    app.config["CSP_FORM_ACTION_ORIGINS"] = sorted({p.origin for p in providers})
    return providers


def _registry() -> Registry:
    found = current_app.extensions.get(EXTENSION)
    return found if isinstance(found, Registry) else Registry()


def all_providers() -> list[ProviderConfig]:
    return list(_registry().providers.values())


def find_provider(name: str) -> ProviderConfig | None:
    return _registry().providers.get(name)


def client_for(name: str) -> Any:
    return _registry().clients[name]
