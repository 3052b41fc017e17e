"""Assurance levels (``acr``): how sure the login is of who someone is.

A login through a provider records the ``acr`` it reported. Some actions need a minimum level
(for example filing an uitdaging with DigiD Midden): they ask ``has_assurance(user, minimum)``.
The level belongs to the *current login*, not to the account: a person who logged in with a
password today has no assurance, even if they used DigiD Substantieel last week.

Levels, from low to high: ``basis`` < ``midden`` < ``substantieel`` < ``hoog``. The acr values
of eToegang (DigiD, eHerkenning) and eIDAS are known; a provider can add its own values with
``acr_levels`` in its configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import has_request_context, session

LEVELS = ("basis", "midden", "substantieel", "hoog")

KNOWN_ACR: dict[str, str] = {
    # eToegang (DigiD, eHerkenning): Afsprakenstelsel Elektronische Toegangsdiensten.
    "urn:etoegang:core:assurance-class:loa1": "basis",
    "urn:etoegang:core:assurance-class:loa2": "basis",
    "urn:etoegang:core:assurance-class:loa2plus": "midden",
    "urn:etoegang:core:assurance-class:loa3": "substantieel",
    "urn:etoegang:core:assurance-class:loa4": "hoog",
    # eIDAS (EU identity wallets and notified schemes).
    "http://eidas.europa.eu/LoA/low": "basis",
    "http://eidas.europa.eu/LoA/substantial": "substantieel",
    "http://eidas.europa.eu/LoA/high": "hoog",
}

SESSION_KEY = "oidc"


def level_rank(level_or_acr: str, extra: Mapping[str, str] | None = None) -> int:
    """1..4 for a level name or a known acr value; ValueError when unknown."""
    if level_or_acr in LEVELS:
        return LEVELS.index(level_or_acr) + 1
    name = (extra or {}).get(level_or_acr) or KNOWN_ACR.get(level_or_acr)
    if name is None or name not in LEVELS:
        raise ValueError(f"unknown assurance level {level_or_acr!r}")
    return LEVELS.index(name) + 1


def acr_rank(acr: str | None, extra: Mapping[str, str] | None = None) -> int:
    """The rank of a reported acr; 0 when absent or unknown (an unknown value proves nothing)."""
    if not acr:
        return 0
    try:
        return level_rank(acr, extra)
    except ValueError:
        return 0


def current_login() -> dict[str, Any] | None:
    """What this session's provider login recorded (provider, acr), or None."""
    if not has_request_context():
        return None
    data = session.get(SESSION_KEY)
    return data if isinstance(data, dict) else None


def has_assurance(user: Any, minimum: str | None) -> bool:
    """True when ``user`` is logged in, in this session, through a provider at ``minimum`` or
    higher. ``minimum`` is a level name or an acr value; None or "" means "no requirement"."""
    if not minimum:
        return True
    from open_nijmegen.accounts.oidc.registry import find_provider

    login = current_login() or {}
    provider = find_provider(str(login.get("p", "")))
    extra = provider.acr_levels if provider is not None else None
    required = level_rank(minimum, extra)  # an unknown level is a programming error
    if user is None or provider is None or login.get("u") != getattr(user, "id", None):
        return False
    return acr_rank(login.get("acr"), extra) >= required


def action_minimum(action: str, default: str | None = None) -> str | None:
    """The minimum level for ``action``: the current login's provider may ask more (``min_acr``
    in its configuration) than the site-wide ``default`` (for example a module's setting)."""
    login = current_login()
    if login is None:
        return default
    from open_nijmegen.accounts.oidc.registry import find_provider

    provider = find_provider(str(login.get("p", "")))
    if provider is None:
        return default
    minimum = provider.min_acr.get(action)
    extra = provider.acr_levels
    if minimum and (not default or level_rank(minimum, extra) > level_rank(default, extra)):
        return minimum
    return default


def can_with_assurance(user: Any, action: str, default: str | None = None) -> bool:
    """For modules: may ``user`` do ``action`` with the assurance of this login?"""
    return has_assurance(user, action_minimum(action, default))
