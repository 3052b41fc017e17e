"""Privacy by design: the personal-data registry, see/download/erase your data, retention
purge and the processing log. ``init_app`` registers the routes, CLI and job handler."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from open_nijmegen.privacy import demo, purge  # noqa: F401  (demo state; the purge job)
    from open_nijmegen.privacy.blueprint import bp
    from open_nijmegen.privacy.cli import register_cli

    app.register_blueprint(bp)
    register_cli(app)
    configure_templates(app)
    register_dashboard()


def register_dashboard() -> None:
    from open_nijmegen.core.registry import DashboardPanel, registry
    from open_nijmegen.privacy.verzoeken import pending_requests

    registry.add_dashboard_panel(
        DashboardPanel(
            key="privacy",
            title="Privacy",
            template="privacy/_dashboard.html",
            context=lambda _user: {"requests": pending_requests()},
            beheerder_only=True,
            order=80,
        )
    )


def configure_templates(app: Flask) -> None:
    """Globals for the privacy statement (``core/privacy.html``)."""
    from open_nijmegen.privacy.models import PURPOSES
    from open_nijmegen.privacy.retention import retention_terms

    app.add_template_global(PURPOSES, "privacy_doelen")
    app.add_template_global(retention_terms, "bewaartermijnen")
