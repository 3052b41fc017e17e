"""Configuration: defaults in code, overridden by OPEN_NIJMEGEN_* environment variables.

Infrastructure lives in the environment. Domain rules that officers change (terms, thresholds,
texts) live in the database as typed settings (see ``core.settings``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

PREFIX = "OPEN_NIJMEGEN_"


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration is incomplete or unknown."""


def _bool(value: str) -> bool:
    if value.lower() in {"1", "true", "yes", "ja", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "nee", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _int(value: str) -> int:
    return int(value)


def _str(value: str) -> str:
    return value


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


# name -> (parser, default). Every setting the environment may give is listed here; an unknown
# OPEN_NIJMEGEN_* variable is refused so that a typo does not silently fall back to a default.
ENV_SETTINGS: dict[str, tuple[Any, Any]] = {
    "ENV": (_str, "development"),
    "DATABASE_URL": (_str, None),  # default: SQLite file in the instance folder
    "SECRET_KEY": (_str, None),  # required in production
    "BASE_URL": (_str, None),  # default: http://127.0.0.1:$PORT (5000 without PORT)
    "TRUSTED_PROXIES": (_int, 0),  # number of proxies in front of the app (X-Forwarded-*)
    "SMTP_HOST": (_str, "127.0.0.1"),
    "SMTP_PORT": (_int, 1025),
    "SMTP_USER": (_str, ""),
    "SMTP_PASSWORD": (_str, ""),
    "SMTP_STARTTLS": (_bool, False),
    "MAIL_SENDER": (_str, "Open Nijmegen <noreply@open.nijmegen.nl>"),
    "MAIL_PRINT": (
        _bool,
        None,
    ),  # print mails to the log instead of sending (default: in development)
    "REDIS_URL": (_str, ""),
    # Database connections per app process (SQLAlchemy's pool; see README "Connection pooling").
    "DB_POOL_SIZE": (_int, 5),
    "DB_MAX_OVERFLOW": (_int, 10),
    "DB_POOL_RECYCLE": (_int, 1800),  # seconds; below the server's or proxy's idle timeout
    "DB_POOL_TIMEOUT": (_int, 30),  # seconds to wait for a free connection
    # Test each pooled connection with a round trip before use. Off: a GET after a database
    # restart is retried instead (core/db_requests.py; README "Connection pooling").
    "DB_PRE_PING": (_bool, False),
    "UPLOAD_FOLDER": (_str, None),  # default: <instance>/uploads
    "MAX_UPLOAD_MB": (_int, 8),
    # Largest photo in millions of pixels (width x height), read from the file's header before
    # anything is decoded: a small file can hold a huge picture that takes memory to decode.
    "MAX_IMAGE_MEGAPIXELS": (_int, 40),
    "THEME_CLASS": (_str, "voorbeeld-theme"),
    "THEME_CSS": (_str, "css/theme.css"),
    "LOGO": (_str, "img/logo.svg"),  # relative to static/; the municipality's own logo
    "AUTOMATIC_CHECKS_FILE": (_str, ""),  # default: instance/automatische-controles.json
    "MAP_TILE_URL": (_str, ""),  # e.g. https://service.pdok.nl/brt/achtergrondkaart/wmts/...
    "LOG_LEVEL": (_str, "INFO"),
    "RATELIMIT_ENABLED": (_bool, True),
    "SESSION_HOURS": (_int, 12),
    "STAFF_SESSION_HOURS": (_int, 4),
    # OpenID Connect providers: a JSON list, checked at start (see accounts/oidc/providers.py).
    "OIDC_PROVIDERS": (_str, ""),
    # postcode;wijk for logins whose provider sends an address (postcode_claim); default: the
    # shipped EXAMPLE file accounts/data/postcode_wijk_voorbeeld.csv (not official data).
    "POSTCODE_WIJK_CSV": (_str, ""),
    # Seconds a public page is kept for visitors without a session (core/page_cache.py);
    # default 10 in production, 0 (off) in development and tests.
    "PAGE_CACHE_SECONDS": (_int, None),
}

KNOWN_ENVS = {"development", "test", "production"}


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Read OPEN_NIJMEGEN_* variables; raise ConfigError on unknown names or bad values."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, raw in environ.items():
        if not key.startswith(PREFIX):
            continue
        name = key[len(PREFIX) :]
        if name not in ENV_SETTINGS:
            problems.append(f"{key} is not a known setting")
            continue
        parser, _default = ENV_SETTINGS[name]
        try:
            values[name] = parser(raw)
        except ValueError:
            problems.append(f"{key} has an invalid value: {raw!r}")
    if problems:
        raise ConfigError("Configuration problem: " + "; ".join(sorted(problems)))
    return values


def build_config(
    instance_path: str, overrides: Mapping[str, Any] | None, environ: Mapping[str, str]
) -> dict[str, Any]:
    """Combine defaults, environment and explicit overrides into Flask config keys."""
    env = {name: default for name, (_p, default) in ENV_SETTINGS.items()}
    env.update(from_environment(environ))
    overrides = dict(overrides or {})
    # Allow tests and callers to pass the short names too (e.g. {"DATABASE_URL": ...}).
    for name in list(overrides):
        if name in ENV_SETTINGS:
            env[name] = overrides.pop(name)

    if env["ENV"] not in KNOWN_ENVS:
        raise ConfigError(
            f"{PREFIX}ENV must be one of {', '.join(sorted(KNOWN_ENVS))}, not {env['ENV']!r}"
        )
    production = env["ENV"] == "production"
    if production and not env["SECRET_KEY"]:
        raise ConfigError(f"{PREFIX}SECRET_KEY is required when {PREFIX}ENV=production")
    if production and len(env["SECRET_KEY"]) < 32:
        raise ConfigError(f"{PREFIX}SECRET_KEY must be at least 32 characters in production")

    database_url = env["DATABASE_URL"] or "sqlite:///" + str(
        Path(instance_path) / "open_nijmegen.sqlite"
    )
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]

    upload_folder = env["UPLOAD_FOLDER"] or str(Path(instance_path) / "uploads")
    mail_print = env["MAIL_PRINT"] if env["MAIL_PRINT"] is not None else env["ENV"] == "development"

    config: dict[str, Any] = {
        "OPEN_NIJMEGEN_ENV": env["ENV"],
        "TESTING": env["ENV"] == "test",
        "SECRET_KEY": env["SECRET_KEY"] or "development-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url, env),
        "BASE_URL": (env["BASE_URL"] or _local_base_url(env["ENV"], environ)).rstrip("/"),
        "TRUSTED_PROXIES": env["TRUSTED_PROXIES"],
        "SMTP_HOST": env["SMTP_HOST"],
        "SMTP_PORT": env["SMTP_PORT"],
        "SMTP_USER": env["SMTP_USER"],
        "SMTP_PASSWORD": env["SMTP_PASSWORD"],
        "SMTP_STARTTLS": env["SMTP_STARTTLS"],
        "MAIL_SENDER": env["MAIL_SENDER"],
        "MAIL_PRINT": mail_print,
        "REDIS_URL": env["REDIS_URL"],
        "UPLOAD_FOLDER": upload_folder,
        "MAX_CONTENT_LENGTH": env["MAX_UPLOAD_MB"] * 1024 * 1024 + 256 * 1024,
        "MAX_UPLOAD_BYTES": env["MAX_UPLOAD_MB"] * 1024 * 1024,
        "MAX_IMAGE_PIXELS": env["MAX_IMAGE_MEGAPIXELS"] * 1_000_000,
        "THEME_CLASS": env["THEME_CLASS"],
        "THEME_CSS": env["THEME_CSS"],
        "LOGO": env["LOGO"],
        "MAP_TILE_URL": env["MAP_TILE_URL"],
        "AUTOMATIC_CHECKS_FILE": env["AUTOMATIC_CHECKS_FILE"],
        "LOG_LEVEL": env["LOG_LEVEL"],
        "RATELIMIT_ENABLED": env["RATELIMIT_ENABLED"],
        "RATELIMIT_STORAGE_URI": env["REDIS_URL"] or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=env["SESSION_HOURS"]),
        "STAFF_SESSION_LIFETIME": timedelta(hours=env["STAFF_SESSION_HOURS"]),
        "SESSION_COOKIE_NAME": "on_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_NAME": "on_remember",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session; a long form must not expire
        "WTF_CSRF_SSL_STRICT": production,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "SHOW_DEMO_PASSWORDS": env["ENV"] == "development",
        "OIDC_PROVIDERS": env["OIDC_PROVIDERS"],
        "POSTCODE_WIJK_CSV": env["POSTCODE_WIJK_CSV"],
        "PAGE_CACHE_SECONDS": (
            env["PAGE_CACHE_SECONDS"]
            if env["PAGE_CACHE_SECONDS"] is not None
            else (10 if production else 0)
        ),
    }
    config.update(overrides)
    return config


def _local_base_url(env_name: str, environ: Mapping[str, str]) -> str:
    """The address ``make run`` serves on: ``PORT=5302 make run`` must put :5302 in mail links.
    Only in development; elsewhere the default stays fixed (set BASE_URL in production)."""
    port = environ.get("PORT", "").strip() if env_name == "development" else ""
    if not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        port = "5000"
    return f"http://127.0.0.1:{int(port)}"


def _engine_options(url: str, env: Mapping[str, Any]) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # A busy timeout lets concurrent writers wait for the lock instead of failing.
        return {"connect_args": {"timeout": 30}}
    return {
        "pool_pre_ping": env["DB_PRE_PING"],
        "pool_size": env["DB_POOL_SIZE"],
        "max_overflow": env["DB_MAX_OVERFLOW"],
        "pool_recycle": env["DB_POOL_RECYCLE"],
        "pool_timeout": env["DB_POOL_TIMEOUT"],
    }


def environment() -> Mapping[str, str]:
    return os.environ
