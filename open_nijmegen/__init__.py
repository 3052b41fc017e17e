"""Open Nijmegen: the participation website of the municipality of Nijmegen."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from open_nijmegen.config import build_config


def project_root() -> str:
    """The folder with ``static/`` and ``migrations/``: next to the package in a checkout, or
    the working directory when the package is installed (the container image)."""
    beside = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if os.path.isdir(os.path.join(beside, "static")):
        return beside
    return os.getcwd()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: config -> extensions -> blueprints -> cli -> security."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=os.path.join(project_root(), "static"),
        static_url_path="/static",
    )
    app.config.update(build_config(app.instance_path, config, os.environ))
    os.makedirs(app.instance_path, exist_ok=True)
    configure_logging(app)
    from open_nijmegen.core.urls import init_app as init_urls

    init_urls(app)  # the bounded ``int`` converter, before any route is added
    configure_extensions(app)
    configure_blueprints(app)
    configure_templates(app)
    configure_cli(app)
    configure_errors(app)
    from open_nijmegen.security import configure_security

    configure_security(app)
    from open_nijmegen.core.db_requests import init_app as init_db_requests

    init_db_requests(app)  # its before_request hook must run first
    from open_nijmegen.core.page_cache import init_app as init_page_cache

    init_page_cache(app)  # last: looks up after every check, keeps before every other hook
    return app


def configure_logging(app: Flask) -> None:
    level = getattr(logging, str(app.config["LOG_LEVEL"]).upper(), logging.INFO)
    app.logger.setLevel(level)


def configure_extensions(app: Flask) -> None:
    from open_nijmegen.accounts.sessions import configure_login
    from open_nijmegen.core.i18n import configure_babel
    from open_nijmegen.extensions import COMPRESSED_TYPES, compress, csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(project_root(), "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)
    app.after_request(_read_file_before_compressing)  # runs before Compress's own hook
    configure_login(app)
    configure_babel(app)
    # Import every model so metadata is complete for migrations and create_all.
    import open_nijmegen.models  # noqa: F401


def configure_blueprints(app: Flask) -> None:
    from open_nijmegen.accounts.blueprint import bp as accounts_bp
    from open_nijmegen.api.blueprint import bp as api_bp
    from open_nijmegen.beheer.blueprint import bp as beheer_bp
    from open_nijmegen.core.blueprint import bp as core_bp
    from open_nijmegen.core.interactions import bp as interactions_bp
    from open_nijmegen.core.permissions import enforce_declared_access
    from open_nijmegen.ideeen.blueprint import beheer_bp as ideeen_beheer_bp
    from open_nijmegen.ideeen.blueprint import bp as ideeen_bp
    from open_nijmegen.ideeen.blueprint import projecten_bp
    from open_nijmegen.taal.blueprint import bp as taal_bp
    from open_nijmegen.uitdaagrecht.blueprint import beheer_bp as uitdaagrecht_beheer_bp
    from open_nijmegen.uitdaagrecht.blueprint import bp as uitdaagrecht_bp

    for bp in (
        core_bp,
        accounts_bp,
        interactions_bp,
        beheer_bp,
        taal_bp,
        ideeen_bp,
        ideeen_beheer_bp,
        projecten_bp,
        uitdaagrecht_bp,
        uitdaagrecht_beheer_bp,
        api_bp,
    ):
        app.register_blueprint(bp)
    from open_nijmegen.privacy import init_app as init_privacy

    init_privacy(app)  # routes, the "privacy" CLI group and the purge job
    from open_nijmegen.accounts.oidc import init_app as init_oidc

    init_oidc(app)  # provider login, two-step login; extends accounts.login and .logout
    from open_nijmegen.inwonersberaad import init_app as init_inwonersberaad

    init_inwonersberaad(app)  # public pages, members' area, officer pages, "loting" CLI
    from open_nijmegen.begroten import init_app as init_begroten

    init_begroten(app)  # public pages, voting, officer pages, "begroten verify" CLI
    from open_nijmegen.bijeenkomsten import init_app as init_bijeenkomsten

    init_bijeenkomsten(app)  # agenda, registration, officer pages, calendars, reminder job
    from open_nijmegen.peilingen import init_app as init_peilingen

    init_peilingen(app)  # questionnaires, answering, panel codes, officer pages, results
    from open_nijmegen.paginas import init_app as init_paginas

    init_paginas(app)  # pages officers edit: /p/<slug>, /beheer/paginas
    app.before_request(enforce_declared_access)


def configure_templates(app: Flask) -> None:
    from open_nijmegen.core.templating import register_template_helpers

    register_template_helpers(app)


def configure_cli(app: Flask) -> None:
    from open_nijmegen.cli import register_cli

    register_cli(app)


def configure_errors(app: Flask) -> None:
    from open_nijmegen.core.errors import register_error_handlers

    register_error_handlers(app)


def _read_file_before_compressing(response: Any) -> Any:
    """A static file is sent from an open file; Flask-Compress reads it but does not close it
    (a file handle left to the garbage collector per request). Read and close it here, for the
    types that get compressed, so Compress gets bytes."""
    from open_nijmegen.extensions import COMPRESSED_TYPES

    if response.direct_passthrough and response.mimetype in COMPRESSED_TYPES:
        body = response.response
        try:
            data = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        response.direct_passthrough = False
        response.set_data(data)
    return response
