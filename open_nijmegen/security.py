"""Security headers, CSP and the client address behind trusted proxies."""

from __future__ import annotations

import functools
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix


def content_security_policy(map_tile_url: str, form_action_origins: tuple[str, ...] = ()) -> str:
    img_src = "'self' data:"
    if map_tile_url:
        parts = urlsplit(map_tile_url.replace("{", "").replace("}", ""))
        if parts.scheme == "https" and parts.hostname:
            img_src += f" https://{parts.hostname}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {img_src}",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            " ".join(["form-action 'self'", *form_action_origins]),
        ]
    )


PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def configure_security(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    # Login providers (accounts/oidc) answer a form POST with a redirect to their origin, which
    # Chromium checks against form-action; tests may point the providers elsewhere at run time.
    csp_for = functools.lru_cache(maxsize=8)(content_security_policy)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        # A view may set a stricter policy of its own (uploads: "default-src 'none'; sandbox").
        origins = tuple(app.config.get("CSP_FORM_ACTION_ORIGINS") or ())
        csp = csp_for(app.config["MAP_TILE_URL"], origins)
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["OPEN_NIJMEGEN_ENV"] == "production":
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        personal = current_user.is_authenticated if _user_loaded() else False
        if personal or request.path.startswith(("/beheer", "/account")):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Vary"] = "Cookie"
        elif request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
            response.headers["Vary"] = "Cookie"
        return response


def _user_loaded() -> bool:
    # Avoid loading the user (a query) for static files.
    return request.endpoint != "static"


def is_safe_next(target: str | None) -> bool:
    """Only local paths are allowed as ``next=`` redirect targets."""
    if not target or not isinstance(target, str):
        return False
    # Checked as given and once decoded, so "/%2F%2Fevil" or "/%5Cevil" cannot turn into
    # another host after a proxy or browser decodes the path.
    for candidate in (target, unquote(target)):
        if any(ch in candidate for ch in "\\\r\n\t\x00") or not candidate.startswith("/"):
            return False
        if candidate.startswith("//"):
            return False
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return False
    return True
