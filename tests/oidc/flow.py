"""Drive a login through the real provider: the app with the Flask test client, the provider
with ``requests`` (its own cookies), as a browser would, step by step."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pyotp
import requests
from factories import PASSWORD
from flask.testing import FlaskClient
from helpers import csrf_token

from open_nijmegen.accounts.models import User
from open_nijmegen.accounts.oidc import totp
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db

_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S)
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


def start_login(client: FlaskClient, provider: str = "test", next: str | None = None) -> Any:
    data = {"csrf_token": csrf_token(client)}
    if next is not None:
        data["next"] = next
    return client.post(f"/account/inloggen/{provider}", data=data)


def _form(html: str, prompt: str | None = None) -> tuple[str, dict[str, str]]:
    for action, body in _FORM.findall(html):
        if prompt is None or f'value="{prompt}"' in body:
            return action, dict(_HIDDEN.findall(body))
    raise AssertionError(f"no form for {prompt!r} in provider page:\n{html[:2000]}")


def at_provider(
    browser: requests.Session, url: str, site: str, login: str = "jan", consent: bool = True
) -> str:
    """Follow the provider's pages from ``url`` until it sends the browser back to the site;
    returns that URL (the app's callback)."""
    for _step in range(20):
        if url.startswith(site):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            continue
        html = response.text
        if 'value="login"' in html:
            action, fields = _form(html, "login")
            fields.update(prompt="login", login=login, password="wat-dan-ook")
        elif 'value="consent"' in html and consent:
            action, fields = _form(html, "consent")
            fields.update(prompt="consent")
        elif "op.logoutForm" in html:
            action, fields = _form(html)
            fields.update(logout="yes")
        else:
            raise AssertionError(f"unexpected provider page {url}:\n{html[:2000]}")
        posted = browser.post(urljoin(url, action), data=fields, allow_redirects=False, timeout=10)
        assert posted.is_redirect, posted.text[:2000]
        url = urljoin(url, posted.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def provider_login(
    client: FlaskClient,
    site: str,
    login: str = "jan",
    provider: str = "test",
    next: str | None = None,
    browser: requests.Session | None = None,
) -> Any:
    """Start at the site, log in at the provider, return the app's answer to the callback."""
    started = start_login(client, provider, next)
    assert started.status_code == 302, started.get_data(as_text=True)[:500]
    callback = at_provider(browser or requests.Session(), started.headers["Location"], site, login)
    return client.get(local(callback))


def finish_first_login(client: FlaskClient, name: str, email: str = "") -> Any:
    page = client.get("/account/eerste-keer")
    assert page.status_code == 200
    return client.post(
        "/account/eerste-keer",
        data={
            "csrf_token": csrf_token(client, "/account/eerste-keer"),
            "display_name": name,
            "email": email,
            "accept": "y",
        },
    )


def give_totp(user: User) -> tuple[str, list[str]]:
    secret = pyotp.random_base32()
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    codes = totp.make_recovery_codes()
    totp.set_recovery_codes(user, codes)
    db.session.commit()
    return secret, codes


def password_login(client, email, password=PASSWORD):
    return client.post(
        "/account/inloggen",
        data={"csrf_token": csrf_token(client), "email": email, "password": password},
    )
