"""Configuration from OPEN_NIJMEGEN_* variables: clear failures at start, normalised URLs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from open_nijmegen import create_app
from open_nijmegen.config import ConfigError, build_config, from_environment

GOOD_SECRET = "s" * 40


def _build(environ: dict[str, str], overrides: dict | None = None) -> dict:
    return build_config("/tmp/instance", overrides, environ)


def test_defaults_in_development():
    config = _build({})
    assert config["OPEN_NIJMEGEN_ENV"] == "development"
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////tmp/instance/open_nijmegen.sqlite"
    assert config["MAIL_PRINT"] is True and config["SHOW_DEMO_PASSWORDS"] is True
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_unknown_variable_fails_with_its_name():
    with pytest.raises(ConfigError, match="OPEN_NIJMEGEN_DATABASE_ULR is not a known setting"):
        _build({"OPEN_NIJMEGEN_DATABASE_ULR": "sqlite://"})


def test_unknown_variable_stops_create_app(monkeypatch):
    monkeypatch.setenv("OPEN_NIJMEGEN_SMPT_HOST", "mail.example.org")
    with pytest.raises(ConfigError, match="OPEN_NIJMEGEN_SMPT_HOST"):
        create_app({"ENV": "test", "DATABASE_URL": "sqlite://"})


def test_other_variables_are_ignored():
    assert from_environment({"PATH": "/bin", "OPEN_NIJMEGEN": "x", "FLASK_APP": "y"}) == {}


@pytest.mark.parametrize(
    ("name", "value"),
    [("SMTP_PORT", "vijfentwintig"), ("SMTP_STARTTLS", "misschien"), ("TRUSTED_PROXIES", "")],
)
def test_invalid_values_fail_clearly(name, value):
    with pytest.raises(ConfigError, match=f"OPEN_NIJMEGEN_{name} has an invalid value"):
        _build({f"OPEN_NIJMEGEN_{name}": value})


def test_all_problems_reported_at_once():
    with pytest.raises(ConfigError) as error:
        _build({"OPEN_NIJMEGEN_A": "1", "OPEN_NIJMEGEN_SMTP_PORT": "x"})
    assert "OPEN_NIJMEGEN_A" in str(error.value) and "OPEN_NIJMEGEN_SMTP_PORT" in str(error.value)


def test_production_requires_a_secret_key():
    with pytest.raises(ConfigError, match="OPEN_NIJMEGEN_SECRET_KEY is required"):
        _build({"OPEN_NIJMEGEN_ENV": "production"})
    with pytest.raises(ConfigError, match="at least 32 characters"):
        _build({"OPEN_NIJMEGEN_ENV": "production", "OPEN_NIJMEGEN_SECRET_KEY": "kort"})


def test_production_settings_are_strict():
    config = _build({"OPEN_NIJMEGEN_ENV": "production", "OPEN_NIJMEGEN_SECRET_KEY": GOOD_SECRET})
    assert config["SECRET_KEY"] == GOOD_SECRET
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["MAIL_PRINT"] is False and config["SHOW_DEMO_PASSWORDS"] is False
    assert config["WTF_CSRF_SSL_STRICT"] is True


def test_unknown_env_fails():
    with pytest.raises(ConfigError, match="OPEN_NIJMEGEN_ENV must be one of"):
        _build({"OPEN_NIJMEGEN_ENV": "productie"})


@pytest.mark.parametrize(
    "url",
    [
        "postgres://u:p@db.example:5432/open",
        "postgresql://u:p@db.example:5432/open",
        "postgresql+psycopg://u:p@db.example:5432/open",
    ],
)
def test_postgres_urls_are_normalised(url):
    config = _build({"OPEN_NIJMEGEN_DATABASE_URL": url})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example:5432/open"


def test_environment_values_are_typed():
    config = _build(
        {
            "OPEN_NIJMEGEN_SMTP_PORT": "2525",
            "OPEN_NIJMEGEN_SMTP_STARTTLS": "ja",
            "OPEN_NIJMEGEN_MAX_UPLOAD_MB": "2",
            "OPEN_NIJMEGEN_SESSION_HOURS": "3",
            "OPEN_NIJMEGEN_REDIS_URL": "redis://cache:6379/0",
            "OPEN_NIJMEGEN_BASE_URL": "https://open.nijmegen.nl/",
        }
    )
    assert config["SMTP_PORT"] == 2525 and config["SMTP_STARTTLS"] is True
    assert config["MAX_UPLOAD_BYTES"] == 2 * 1024 * 1024
    assert config["MAX_CONTENT_LENGTH"] > config["MAX_UPLOAD_BYTES"]
    assert config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=3)
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert config["BASE_URL"] == "https://open.nijmegen.nl"


def test_database_pool_settings():
    default = _build({"OPEN_NIJMEGEN_DATABASE_URL": "postgresql://db/open"})
    assert default["SQLALCHEMY_ENGINE_OPTIONS"] == {
        # No ping round trip per request; a GET after a restart is retried (db_requests).
        "pool_pre_ping": False,
        "pool_size": 5,
        "max_overflow": 10,
        "pool_recycle": 1800,
        "pool_timeout": 30,
    }
    tuned = _build(
        {
            "OPEN_NIJMEGEN_DATABASE_URL": "postgresql://db/open",
            "OPEN_NIJMEGEN_DB_POOL_SIZE": "2",
            "OPEN_NIJMEGEN_DB_MAX_OVERFLOW": "0",
            "OPEN_NIJMEGEN_DB_POOL_RECYCLE": "300",
            "OPEN_NIJMEGEN_DB_POOL_TIMEOUT": "5",
            "OPEN_NIJMEGEN_DB_PRE_PING": "ja",
        }
    )["SQLALCHEMY_ENGINE_OPTIONS"]
    assert tuned["pool_pre_ping"] is True
    assert (tuned["pool_size"], tuned["max_overflow"]) == (2, 0)
    assert (tuned["pool_recycle"], tuned["pool_timeout"]) == (300, 5)
    sqlite = _build({"OPEN_NIJMEGEN_DATABASE_URL": "sqlite:////tmp/x.sqlite"})
    assert "pool_size" not in sqlite["SQLALCHEMY_ENGINE_OPTIONS"]


def test_engine_gets_the_pool_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("OPEN_NIJMEGEN_DB_POOL_SIZE", "3")
    monkeypatch.setenv("OPEN_NIJMEGEN_DB_MAX_OVERFLOW", "1")
    app = create_app(
        {
            "ENV": "test",
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
            "SECRET_KEY": GOOD_SECRET,
        }
    )
    from open_nijmegen.extensions import db

    with app.app_context():
        pool = db.engine.pool  # made without connecting
        assert (pool.size(), pool._max_overflow) == (3, 1)


def test_rate_limits_fall_back_to_memory_when_redis_is_down():
    config = _build({"OPEN_NIJMEGEN_REDIS_URL": "redis://cache:6379/0"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
    assert config["RATELIMIT_SWALLOW_ERRORS"] is True
    assert _build({})["RATELIMIT_STORAGE_URI"] == "memory://"


def test_explicit_overrides_win():
    config = _build({"OPEN_NIJMEGEN_SMTP_PORT": "2525"}, {"SMTP_PORT": 26, "TESTING": True})
    assert config["SMTP_PORT"] == 26 and config["TESTING"] is True


def test_trusted_proxies_set_the_client_address():
    proxied = create_app(
        {
            "ENV": "test",
            "DATABASE_URL": "sqlite://",
            "SECRET_KEY": GOOD_SECRET,
            "TRUSTED_PROXIES": 1,
        }
    )
    from flask import request

    seen = []

    @proxied.route("/test-adres")
    def adres():
        seen.append(request.remote_addr)
        return "ok"

    adres.__access__ = "public"
    client = proxied.test_client()
    client.get("/test-adres", headers={"X-Forwarded-For": "203.0.113.9"})
    direct = create_app({"ENV": "test", "DATABASE_URL": "sqlite://", "SECRET_KEY": GOOD_SECRET})
    direct.route("/test-adres")(adres)
    direct.test_client().get("/test-adres", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen == ["203.0.113.9", "127.0.0.1"], "the header counts only behind a proxy"


def test_base_url_follows_port_in_development():
    # Issue 15 point 17: `PORT=5302 make run` put 127.0.0.1:5000 in every mail link.
    assert _build({})["BASE_URL"] == "http://127.0.0.1:5000"
    assert _build({"PORT": "5302"})["BASE_URL"] == "http://127.0.0.1:5302"
    assert _build({"PORT": "nonsense"})["BASE_URL"] == "http://127.0.0.1:5000"
    given = {"PORT": "5302", "OPEN_NIJMEGEN_BASE_URL": "https://open.example.nl/"}
    assert _build(given)["BASE_URL"] == "https://open.example.nl"
    # Outside development the default does not guess from PORT.
    assert _build({"PORT": "5302", "OPEN_NIJMEGEN_ENV": "test"})["BASE_URL"] == (
        "http://127.0.0.1:5000"
    )


def test_make_run_gives_port_to_the_web_server_and_the_worker():
    # The worker sends the mail, so it must see PORT too (make exports only what it is told).
    import pathlib
    import subprocess

    root = pathlib.Path(__file__).resolve().parents[2]
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=5302"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "PORT=5302 .venv/bin/flask worker" in dry
    assert "PORT=5302 .venv/bin/flask run --host 127.0.0.1 --port 5302" in dry
