"""A real OpenID Connect provider (oidc-provider on Node, tools/oidc-provider) on loopback, and
the app served in a thread so the provider can send the browser back to it."""

from __future__ import annotations

import logging
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from helpers import free_port
from werkzeug.serving import make_server

from open_nijmegen.accounts.oidc.registry import configure_providers

TOOL = Path(__file__).resolve().parents[2] / "tools" / "oidc-provider"
CLIENT_ID = "open-nijmegen"
CLIENT_SECRET = "test-geheim-voor-de-testdienst"
PROVIDERS = ("test", "personeel")


@dataclass
class RealProvider:
    issuer: str
    site: str  # the app, served in a thread

    def config(self, name: str = "test", **extra: Any) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "name": name,
            "label": "Testdienst",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "scopes": ["openid", "email", "groups"],
            "hint": "Met een test-login. Wij bewaren geen BSN.",
        }
        if name == "personeel":
            entry.update(
                label="Gemeente-account",
                staff_only=True,
                group_claim="groups",
                group_roles={"participatie": "participatiemedewerker"},
                hint="",
            )
        entry.update(extra)
        return entry


@pytest.fixture(scope="session")
def site(app: Any) -> Iterator[str]:
    """The app served on loopback (BASE_URL is pointed at it per test, by ``provider``)."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def provider_process(site: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealProvider]:
    if not (TOOL / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("oidc-provider is not installed: (cd tools/oidc-provider && npm ci)")
    port = free_port()
    env = dict(os.environ)
    env.update(
        PORT=str(port),
        CLIENT_ID=CLIENT_ID,
        CLIENT_SECRET=CLIENT_SECRET,
        REDIRECT_URIS=",".join(f"{site}/account/inloggen/{p}/terug" for p in PROVIDERS),
        POST_LOGOUT_REDIRECT_URIS=f"{site}/",
    )
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    log = log_path.open("w")
    process = subprocess.Popen(["node", "provider.mjs"], cwd=TOOL, env=env, stdout=log, stderr=log)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the OpenID Connect provider did not start: {log_path}")
            time.sleep(0.1)
        yield RealProvider(issuer=issuer, site=site)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture()
def provider(app: Any, provider_process: RealProvider) -> Iterator[RealProvider]:
    """The app configured with the real provider twice: as residents' login ("test") and as
    staff single sign-on ("personeel")."""
    old, old_base = app.config["OIDC_PROVIDERS"], app.config["BASE_URL"]
    app.config["BASE_URL"] = provider_process.site  # redirect URIs are built from BASE_URL
    configure_providers(
        app, [provider_process.config("test"), provider_process.config("personeel")]
    )
    try:
        yield provider_process
    finally:
        configure_providers(app, old)
        app.config["BASE_URL"] = old_base
